/**
 * What the command line prints on success is escaped like its error lines:
 * a path or a template value holding ESC, BEL, C1 controls or a direction
 * override reaches the terminal as code points, never as a sequence it runs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatExplanations } from '../src/cli/explain.js';
import { cli, EXAMPLE_DATASET } from './helpers.js';

const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('success lines', () => {
  it('escape the attribute values in the header of --explain', () => {
    const text = formatExplanations(
      [
        {
          fact: 'series-peak',
          attributes: { name: 'series-peak', group: '\u001B[2J\u001B[31mRED\u0007\u202E\u009B' },
          file: 't.md',
          line: 3,
          column: 1,
          sentences: {},
          evidence: [],
        },
      ],
      ['en'],
    );
    expect(text.split('\n')[0]).toBe('t.md:3:1 fact series-peak group=\\u{001B}[2J\\u{001B}[31mRED\\u{0007}\\u{202E}\\u{009B}');
    expect(text).not.toMatch(CONTROLS);
  });
  it('escape the paths validate and draft print', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terminal-'));
    mkdirSync(join(dir, 'ds'));
    const file = join(dir, 'ds', '\u001B[31mred\u001B]0;pwn\u0007.json');
    copyFileSync(EXAMPLE_DATASET, file);
    const validate = cli('validate', file);
    expect(validate.code).toBe(0);
    expect(validate.stdout).not.toMatch(CONTROLS);
    expect(validate.stdout).toContain('\\u{001B}[31mred\\u{001B}]0;pwn\\u{0007}.json: valid');
    const out = join(dir, 'out', '\u001B[31mo');
    const run = cli('draft', file, '--out', out, '--no-svg');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(CONTROLS);
    expect(run.stdout).toContain('out/\\u{001B}[31mo (en, ja)');
  });
});

describe('--previous', () => {
  it('is not said to change nothing when its total is what the period total is compared with', () => {
    const dir = mkdtempSync(join(tmpdir(), 'previous-'));
    writeFileSync(join(dir, 'now.json'), JSON.stringify({ schemaVersion: 2, period: { year: 2024 }, total: { packets: 1200 } }));
    writeFileSync(join(dir, 'before.json'), JSON.stringify({ schemaVersion: 2, period: { year: 2023 }, total: { packets: 1000 } }));
    const run = cli(
      'draft',
      join(dir, 'now.json'),
      '--template',
      'yearly',
      '--previous',
      join(dir, 'before.json'),
      '--out',
      join(dir, 'out'),
      '--no-svg',
      '--explain',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('previous-unmatched');
    expect(run.stdout).toContain('20.0% more than in 2023');
    writeFileSync(join(dir, 'bare.json'), JSON.stringify({ schemaVersion: 2, period: { year: 2023 } }));
    const bare = cli(
      'draft',
      join(dir, 'now.json'),
      '--template',
      'yearly',
      '--previous',
      join(dir, 'bare.json'),
      '--out',
      join(dir, 'out2'),
      '--no-svg',
    );
    expect(bare.stderr).toContain('--previous changes nothing');
  });
});
