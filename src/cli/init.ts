/** `init`: a dataset skeleton for a period (scaffold.ts), every part of the contract present and valid, every value a placeholder. */
import { printable } from '../messages.js';
import { initDataset, parsePeriod, PERIOD_FORMS } from '../scaffold.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { INIT } from './options.js';

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, INIT);
  if (positionals.length > 0) throw new UsageError(`init takes no arguments, found ${JSON.stringify(positionals[0])}`);
  if (values.period === undefined) throw new UsageError('init needs --period');
  // A period the option cannot take is a usage error, with the command's help.
  if (!parsePeriod(values.period)) throw new UsageError(`--period takes ${PERIOD_FORMS}, found ${JSON.stringify(values.period)}`);
  const { file } = await initDataset({
    period: values.period,
    ...(values.out !== undefined ? { out: values.out } : {}),
    force: values.force ?? false,
  });
  process.stdout.write(
    `${printable(`${file}: written — a skeleton for ${values.period}; replace every example value before drafting for real`)}\n`,
  );
  return EXIT.ok;
}
