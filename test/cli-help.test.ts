/** `--version`, and each command's `--help`: made from the option definitions the parser uses (src/cli/options.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, commandHelp } from '../src/cli/options.js';
import { cli, noStackTrace, root } from './helpers.js';

const words = (name: string) => name.split(' ');

describe('telescope-report --version', () => {
  it('prints the version in package.json, with -v too', () => {
    const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(cli('-v')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('<command> --help', () => {
  it.each(COMMAND_SPECS.map((spec) => [spec.name, spec] as const))('%s --help and -h print its usage and exit 0', (name, spec) => {
    const help = cli(...words(name), '--help');
    expect(help).toEqual({ code: 0, stdout: commandHelp(spec), stderr: '' });
    expect(cli(...words(name), '-h')).toEqual(help);
    // Asked for anywhere among the arguments, even after a mistake.
    expect(cli(...words(name), 'some-file', '--no-such-option', '--help')).toEqual(help);
  });

  it('lists every option the command accepts, and the command refuses any other', () => {
    for (const spec of COMMAND_SPECS) {
      const listed = [...cli(...words(spec.name), '--help').stdout.matchAll(/^ {2}(?:-\w, )?--([\w-]+)( \S+)?/gm)].map(
        (m) => [m[1]!, m[2] !== undefined] as const,
      );
      expect(listed.map(([option]) => option).sort()).toEqual([...Object.keys(spec.options), 'help'].sort());
      for (const [option, takesValue] of listed.filter(([option]) => option !== 'help')) {
        // No file argument: each run stops at a usage error after parsing, never drafting or watching.
        const run = cli(...words(spec.name), `--${option}`, ...(takesValue ? ['value'] : []));
        expect(run.stderr, `${spec.name} --${option}`).not.toContain('has no option');
      }
      expect(cli(...words(spec.name), '--no-such-option').stderr).toContain('has no option "--no-such-option"');
    }
  });

  it('shows both locales subcommands for `locales --help`', () => {
    const run = cli('locales', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: telescope-report locales check');
    expect(run.stdout).toContain('Usage: telescope-report locales status');
  });

  it('is listed, with every command and option, in the top-level help', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    for (const spec of COMMAND_SPECS) {
      expect(top.stdout).toContain(`  ${spec.name}`);
      for (const name of Object.keys(spec.options)) expect(top.stdout).toContain(`--${name}`);
    }
    expect(top.stdout).toContain('-v, --version');
  });
});

describe('a mistake in the options', () => {
  it('is a usage error in our words that points to the command’s help, exit 2', () => {
    expect(cli('draft', 'x.json', '--bogus')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'telescope-report: draft has no option "--bogus"\nRun `telescope-report draft --help` for usage.\n',
    });
    expect(cli('locales', 'status', '--template', 'x')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'telescope-report: locales status has no option "--template"\nRun `telescope-report locales status --help` for usage.\n',
    });
    expect(cli('draft', 'x.json', '--no-svg=yes').stderr).toBe(
      'telescope-report: --no-svg takes no value, found "--no-svg=yes"\nRun `telescope-report draft --help` for usage.\n',
    );
    expect(cli('draft', 'x.json', '--out').stderr).toBe(
      'telescope-report: --out needs a value: -o, --out <dir>\nRun `telescope-report draft --help` for usage.\n',
    );
    expect(cli('check', '-z').stderr).toBe('telescope-report: check has no option "-z"\nRun `telescope-report check --help` for usage.\n');
    expect(cli('validate').stderr).toBe(
      'telescope-report: validate takes exactly one dataset file\nRun `telescope-report validate --help` for usage.\n',
    );
  });

  it('never shows node:util’s own wording (its `-- "--x` lacks a closing quote)', () => {
    for (const args of [
      ['draft', 'x.json', '--bogus'],
      ['preview', '-q'],
      ['draft', 'x.json', '--out', '--force'],
      ['validate', '--format'],
    ]) {
      const run = cli(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/-- "|To specify|ambiguous|\\u\{/);
      noStackTrace(run.stderr);
    }
    expect(cli('draft', 'x.json', '--out', '--force').stderr).toContain(
      '--out needs a value (-o, --out <dir>), found the option-like "--force"',
    );
  });
});
