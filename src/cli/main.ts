import { EXIT, reportError, UsageError } from './io.js';
import { validateCommand } from './validate.js';

const HELP = `Usage: telescope-report <command> [options]

Commands:
  validate <dataset.json>   Check a dataset against the contract; exit 0 when valid, 2 when not.

Options:
  -h, --help                Show this help.
`;

type Command = (args: string[]) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  try {
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command(rest);
  } catch (error) {
    return reportError(error);
  }
}
