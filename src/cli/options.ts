/**
 * Every command's options, defined once: the argument parser (io.ts), each
 * command's `--help`, the top-level help and the README's table of options
 * (test/readme.test.ts) are all made from these definitions.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** A one-letter alias, as in `-o`. */
  readonly short?: string;
  /** What a string option's value is, as shown in usage: `<dir>`. */
  readonly arg?: string;
  readonly default?: string;
  /** One line. */
  readonly description: string;
}

export interface CommandSpec {
  /** As typed: `draft`, `locales check`. */
  readonly name: string;
  /** The arguments after the name, as shown in usage. */
  readonly args: string;
  /** One line. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

/** Every command accepts it; listed last in each usage. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Print this help.' };

const LOCALES: OptionSpec = { type: 'string', arg: '<dir>', description: 'Locales layered over the shipped ones, key by key.' };
const TEMPLATES: OptionSpec = { type: 'string', arg: '<dir>', description: 'Templates looked up before the shipped ones, file by file.' };
const BLOCKS: OptionSpec = {
  type: 'string',
  arg: '<module>',
  description: 'A module of custom blocks (facts, tables, charts) the templates use, and their locales.',
};
const FORMAT: OptionSpec = {
  type: 'string',
  arg: 'text|json',
  default: 'text',
  description: 'Print as text (the default) or as JSON rows.',
};

const spec = <const O extends Record<string, OptionSpec>>(command: { name: string; args: string; summary: string; options: O }) => command;

export const VALIDATE = spec({
  name: 'validate',
  args: '<dataset.json>',
  summary: 'Check a dataset against the contract; exit 0 valid, 2 invalid.',
  options: {
    format: {
      ...FORMAT,
      description: 'Print the summary, or the problems (text: the first 100), as text or as JSON (every problem a row).',
    },
  },
});

export const DRAFT = spec({
  name: 'draft',
  args: '<dataset.json> --out <dir>',
  summary: 'Write the post in every language as a Hugo page bundle, with its charts.',
  options: {
    out: { type: 'string', short: 'o', arg: '<dir>', description: 'The bundle folder to write (required).' },
    lang: { type: 'string', arg: '<en,ja>', description: 'Languages to write, separated by commas (default: en,ja).' },
    template: {
      type: 'string',
      arg: '<name>',
      description: 'Template to draft with (default: overflow, or the one the bundle was drafted with).',
    },
    templates: TEMPLATES,
    locales: LOCALES,
    blocks: BLOCKS,
    'no-svg': { type: 'boolean', description: 'Write the Vega-Lite specs only, no SVG.' },
    previous: {
      type: 'string',
      arg: '<dataset.json>',
      description: "The previous period's dataset: rank changes and the total compared with.",
    },
    'previous-label': {
      type: 'string',
      arg: '<label>',
      description: 'What --previous is: previous-period (default; or previous-quarter) or year-earlier.',
    },
    explain: { type: 'boolean', description: 'After writing, print each computed sentence with the numbers it rests on.' },
    verbose: { type: 'boolean', description: 'List each key taken from English, not one line per language.' },
    format: { ...FORMAT, description: 'Print what was written (or the problems) as text (the default) or as JSON.' },
    watch: { type: 'boolean', short: 'w', description: 'Draft again whenever the dataset, a locale or a template changes.' },
    'conflict-markers': { type: 'boolean', description: 'Write conflicting edits between <<<<<<< / >>>>>>> markers instead of refusing.' },
    force: { type: 'boolean', description: 'Let the new draft win over conflicts, after backing up each replaced post.' },
  },
});

export const CHECK = spec({
  name: 'check',
  args: '<dir|file>',
  summary: 'List what keeps a draft (a bundle, a folder of bundles or a post) from being ready.',
  options: {
    format: { ...FORMAT, description: 'Print the findings as text (the default) or as JSON rows.' },
    template: {
      type: 'string',
      arg: '<name>',
      description: 'The template the draft was made with (default: the one its bundle remembers).',
    },
    templates: TEMPLATES,
    locales: LOCALES,
    blocks: { ...BLOCKS, description: 'The module of custom blocks the template uses (it cannot be read without them).' },
  },
});

export const PREVIEW = spec({
  name: 'preview',
  args: '<dir>',
  summary: 'Write an HTML preview of a bundle: the languages side by side, unfinished slots highlighted.',
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'Where to write it (default: <dir>/.telescope-report/preview.html); new or a preview.',
    },
    locales: { ...LOCALES, description: 'Locales layered over the shipped ones (for the slot prompts).' },
    format: { ...FORMAT, description: 'Print the file written with what it shows (or the problems) as text (the default) or as JSON.' },
    watch: {
      type: 'boolean',
      short: 'w',
      description: 'Serve the preview on 127.0.0.1 instead, and reload it whenever the bundle or a locale changes.',
    },
    port: { type: 'string', arg: '<port>', description: 'The port --watch serves on (default: 1314; 0 for any free one).' },
  },
});

export const LOCALES_CHECK = spec({
  name: 'locales check',
  args: '',
  summary: 'Audit the locales against English and the templates; exit 0 clean, 1 findings, 2 unreadable.',
  options: {
    locales: { ...LOCALES, description: 'Audit a folder layered over the shipped locales.' },
    format: { ...FORMAT, description: 'Print the findings as text (the default) or as JSON rows.' },
    template: { type: 'string', arg: '<name>', description: 'Check only this template (default: every shipped one and yours).' },
    templates: TEMPLATES,
    blocks: {
      ...BLOCKS,
      description: 'A module of custom blocks: their locales audited too, each key they declare wanted in every language.',
    },
  },
});

export const LOCALES_STATUS = spec({
  name: 'locales status',
  args: '',
  summary: 'Per language: keys, translated, missing, identical to English.',
  options: {
    locales: { ...LOCALES, description: 'Count a folder layered over the shipped locales.' },
    blocks: { ...BLOCKS, description: 'A module of custom blocks: their locales counted too.' },
    verbose: { type: 'boolean', description: 'After the table, each key still to translate: its English and what it is for.' },
    format: { ...FORMAT, description: 'Print the table as text (the default) or as JSON rows.' },
  },
});

export const INIT = spec({
  name: 'init',
  args: '--period <period>',
  summary: 'Write a dataset skeleton for a period: every part of the contract, placeholder values, valid.',
  options: {
    period: {
      type: 'string',
      arg: '<period>',
      description: 'The period (required): 2025-q1, 2025, fy2024 (from April) or fy2024-10 (from October).',
    },
    out: { type: 'string', short: 'o', arg: '<file>', description: 'Where to write it (default: dataset.json); a new file.' },
    force: { type: 'boolean', description: 'Replace the file if it exists.' },
  },
});

export const LOCALES_ADD = spec({
  name: 'locales add',
  args: '<lang>',
  summary: 'Start a language: every English key, in the plural forms it needs, its text still English.',
  options: {
    locales: { ...LOCALES, description: 'The folder to write <dir>/<lang>/ in (default: ./locales).' },
    force: { type: 'boolean', description: "Rewrite the language's files from English if its folder exists." },
  },
});

export const AGGREGATE = spec({
  name: 'aggregate',
  args: '<observations> --period <period>',
  summary: 'Compute a dataset from raw observations (Parquet, CSV or a DuckDB database) with DuckDB.',
  options: {
    period: {
      type: 'string',
      arg: '<period>',
      description: 'The period (required): 2025-q1, 2025, fy2024 (from April) or fy2024-10 (from October).',
    },
    out: { type: 'string', short: 'o', arg: '<file>', description: 'Where to write the dataset (default: dataset.json); a new file.' },
    force: { type: 'boolean', description: 'Replace the file if it exists.' },
    sensors: {
      type: 'string',
      arg: '<sensors.json>',
      description: "The dataset's sensors list (id, region, label), each with the days it was up (up).",
    },
    region: {
      type: 'string',
      arg: '<rules>',
      description: 'Without --sensors: domestic, overseas, or pattern=region rules (dom-*=domestic,*=overseas).',
    },
    country: { type: 'string', arg: '<CC>', description: "The publisher's country: its sources' packets become sourceCountryTop." },
    categories: {
      type: 'string',
      arg: '<categories.json>',
      description: "The dataset's categories with their labels (default: each category found, labelled by its id).",
    },
    top: { type: 'string', arg: '<n>', description: 'Entries kept per list: every one ranked n or better (default: 100).' },
    'from-partials': {
      type: 'boolean',
      description: 'The input is partial sums from sql/map.sql (the cluster recipe), not raw observations.',
    },
  },
});

export const COMMAND_SPECS: readonly CommandSpec[] = [
  INIT,
  AGGREGATE,
  VALIDATE,
  DRAFT,
  CHECK,
  PREVIEW,
  LOCALES_CHECK,
  LOCALES_STATUS,
  LOCALES_ADD,
];

/** `--out <dir>`, `-o, --out <dir>`. */
export function optionLabel(name: string, option: OptionSpec): string {
  const long = `--${name}${option.arg ? ` ${option.arg}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : long;
}

const withHelp = (command: CommandSpec): [string, OptionSpec][] => [...Object.entries(command.options), ['help', HELP_OPTION]];

const usageLine = (command: CommandSpec): string => `telescope-report ${command.name}${command.args ? ` ${command.args}` : ''} [options]`;

const columns = (rows: [string, string][], indent: string): string => {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}${right}\n`).join('');
};

/** What `<command> --help` prints. */
export function commandHelp(command: CommandSpec): string {
  return `Usage: ${usageLine(command)}\n\n${command.summary}\n\nOptions:\n${columns(
    withHelp(command).map(([name, option]) => [optionLabel(name, option), option.description]),
    '  ',
  )}`;
}

/** Labels separated by commas, in lines of at most 100 characters. */
function wrap(labels: string[], indent: string): string {
  const lines: string[] = [];
  for (const label of labels) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + label.length + 2 <= 100) lines[last] += `, ${label}`;
    else lines.push(`${indent}${label}`);
  }
  return lines.map((line, i) => `${line}${i < lines.length - 1 ? ',' : ''}\n`).join('');
}

/** What `telescope-report --help` prints. */
export function topLevelHelp(): string {
  const commands = COMMAND_SPECS.map((command) => {
    const options = wrap(
      Object.entries(command.options).map(([name, option]) => optionLabel(name, option)),
      '      ',
    );
    return `  ${command.name}${command.args ? ` ${command.args}` : ''}\n      ${command.summary}\n${options}`;
  }).join('');
  return `Usage: telescope-report <command> [options]

Commands:
${commands}
Every command takes -h, --help: its usage and every option, each explained.

Options:
  -h, --help     Print this help.
  -v, --version  Print the version.
`;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** The README's table of options (test/readme.test.ts finds it there verbatim). */
export function optionsTable(): string {
  const rows = COMMAND_SPECS.flatMap((command) =>
    Object.entries(command.options).map(
      ([name, option]) =>
        `| \`${command.name}\` | \`${cell(optionLabel(name, option))}\` | ${cell(option.description).replaceAll('<', '\\<')} |`,
    ),
  );
  return [
    '| command | option | what it does |',
    '| --- | --- | --- |',
    ...rows,
    `| every command | \`${optionLabel('help', HELP_OPTION)}\` | Print the command's usage: every option it takes. |`,
    '| (none) | `-v, --version` | Print the version. |',
  ].join('\n');
}
