import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
export function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('telescope-report validate', () => {
  it('prints a one-line summary and exits 0 for a valid dataset', () => {
    const run = cli('validate', 'examples/2021-q4/dataset.json');
    expect(run).toEqual({
      code: 0,
      stdout:
        'examples/2021-q4/dataset.json: valid — 2021 Q4, 6 sensors (3 domestic, 3 overseas), 84 sensor entries, source country JP, 6 year-earlier averages\n',
      stderr: '',
    });
  });

  it('prints every problem with file:line:column, path, expected and found, and exits 2', () => {
    const run = cli('validate', 'test/fixtures/datasets/invalid/unknown-field-typo.json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'test/fixtures/datasets/invalid/unknown-field-typo.json:46:7  error  sensorTop.d1[0].packets: expected packets (a number), found no such field  missing-field\n' +
        'test/fixtures/datasets/invalid/unknown-field-typo.json:49:9  error  sensorTop.d1[0].packet: expected only the fields protocol, port, packets (did you mean packets?), found "packet"  unknown-field\n' +
        '✖ 2 dataset problems\n',
    );
  });

  it('reports a JSON syntax error with its position and no stack trace', () => {
    const run = cli('validate', 'test/fixtures/datasets/invalid/trailing-comma.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('trailing-comma.json:3:43  error  expected another property after `,`, found `}` (JSON allows no trailing comma)  json-syntax');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects usage errors with exit 2', () => {
    expect(cli('validate').code).toBe(2);
    expect(cli('frobnicate').stderr).toContain('unknown command "frobnicate"');
  });
});
