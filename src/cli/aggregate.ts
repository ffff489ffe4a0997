/** `aggregate`: raw observations → a dataset (aggregate/aggregate.ts), on DuckDB, loaded only by this command. */
import { printable } from '../messages.js';
import { parsePeriod, PERIOD_FORMS } from '../scaffold.js';
import { EXIT, parseCommandArgs, UsageError } from './io.js';
import { AGGREGATE } from './options.js';

export async function aggregateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, AGGREGATE);
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'aggregate needs the observations: a file, a glob or a folder'
        : `aggregate takes one input (quote a glob), found ${positionals.length}`,
    );
  if (values.period === undefined) throw new UsageError('aggregate needs --period');
  if (!parsePeriod(values.period)) throw new UsageError(`--period takes ${PERIOD_FORMS}, found ${JSON.stringify(values.period)}`);
  if (values.sensors === undefined && values.region === undefined)
    throw new UsageError("aggregate needs --sensors <sensors.json> or --region <rules> to know each sensor's region");
  if (values.top !== undefined && !/^[1-9]\d{0,6}$/.test(values.top))
    throw new UsageError(`--top takes a whole number from 1, found ${JSON.stringify(values.top)}`);
  const { aggregate } = await import('../aggregate/aggregate.js');
  const result = await aggregate({
    observations: positionals[0]!,
    period: values.period,
    ...(values.out !== undefined ? { out: values.out } : {}),
    force: values.force ?? false,
    ...(values.sensors !== undefined ? { sensors: values.sensors } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.country !== undefined ? { country: values.country } : {}),
    ...(values.categories !== undefined ? { categories: values.categories } : {}),
    ...(values.top !== undefined ? { top: Number(values.top) } : {}),
    fromPartials: values['from-partials'] ?? false,
    progress: true,
  });
  for (const warning of result.warnings) process.stderr.write(`${printable(`⚠ ${warning}`)}\n`);
  const { dataset } = result;
  process.stdout.write(
    `${printable(`${result.file}: written — ${dataset.sensors.length} sensors, ${dataset.total?.packets.toLocaleString('en')} packets, ${dataset.rankings.length} rankings, ${dataset.series.length} series`)}\n`,
  );
  return EXIT.ok;
}
