import { readFile, readdir } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseDataset, checkDataset } from '../src/dataset/index.js';
import { notTextFault } from '../src/plain-text.js';
import { renderSchema, SCHEMA_FILE } from '../src/dataset/write-schema.js';
import { DatasetError, type Problem } from '../src/messages.js';

const fixture = (name: string) => new URL(`./fixtures/datasets/${name}`, import.meta.url).pathname;
const EXAMPLE = new URL('../examples/2021-q4/dataset.json', import.meta.url).pathname;

async function problemsOf(file: string): Promise<Problem[]> {
  try {
    await loadDataset(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return [...(error as DatasetError).problems];
  }
  throw new Error(`${file} was accepted`);
}

describe('loading a valid dataset', () => {
  it('loads the example and normalizes protocols to upper case', async () => {
    const dataset = await loadDataset(EXAMPLE);
    expect(dataset.sensors.map((s) => s.id)).toEqual(['dom-1', 'dom-2', 'dom-3', 'ovs-1', 'ovs-2', 'ovs-3']);
    const minimal = await loadDataset(fixture('valid-minimal.json'));
    expect(minimal.sourceCountryTop?.entries.map((e) => e.protocol)).toEqual(['TCP', 'GRE', 'UDP', 'ICMP']);
  });

  it('accepts a byte-order mark', () => {
    const text = `\uFEFF${JSON.stringify({
      schemaVersion: 1,
      period: { year: 2023, quarter: 1 },
      sensors: [{ id: 'a', region: 'domestic' }],
      sensorTop: { a: [] },
      dailyAverages: ['2023-01', '2023-02', '2023-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    })}`;
    expect(parseDataset(text).sensors).toHaveLength(1);
  });

  it('checks a value built in memory, naming paths without positions', () => {
    expect(() => checkDataset({ schemaVersion: 1 })).toThrow(DatasetError);
    try {
      checkDataset({ schemaVersion: 1 }, 'build-script');
    } catch (error) {
      const problems = (error as DatasetError).problems;
      expect(problems.map((p) => p.jsonPath)).toEqual(['dailyAverages', 'period', 'sensors', 'sensorTop']);
      expect(problems.every((p) => p.line === undefined && p.file === 'build-script')).toBe(true);
    }
  });
});

describe('labels are one line of text', () => {
  it('names the first character that is not, with its code point and place', () => {
    expect(notTextFault('Sensor A \u2028 שלום \u202E')).toBeUndefined();
    expect(notTextFault('a\tb')).toBe('a tab (U+0009) at character 2');
    expect(notTextFault('😀\n')).toBe('a line feed (U+000A) at character 2');
    expect(notTextFault('x\u0085')).toBe('the control character U+0085 at character 2');
    expect(notTextFault('\u{10FFFF}')).toBe('the noncharacter U+10FFFF at character 1');
    expect(notTextFault('ok\uDBFF')).toBe('half of a surrogate pair on its own (U+DBFF) at character 3');
  });
});

describe('the shipped JSON Schema', () => {
  it('is generated from the zod schema and up to date (run `npm run schema` after changing it)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(renderSchema());
  });

  it('accepts the example and rejects structurally bad files', async () => {
    // strictRequired would demand `port` be redeclared inside the if/then branch; the schema is valid without it.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const validate = ajv.compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
    expect(validate(JSON.parse(await readFile(EXAMPLE, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    const structural = [
      'missing-schema-version',
      'schema-version-3',
      'quarter-5',
      'year-as-string',
      'no-sensors',
      'bad-region',
      'unknown-field-typo',
      'port-out-of-range',
      'port-as-string',
      'port-on-gre',
      'tcp-without-port',
      'negative-packets',
      'packets-as-string',
      'country-lowercase',
      'month-bad-format',
      'daily-averages-missing',
      'top-level-array',
    ];
    for (const name of structural) {
      const data = JSON.parse(await readFile(fixture(`invalid/${name}.json`), 'utf8'));
      expect(validate(data), `${name} passed the JSON Schema`).toBe(false);
    }
  });
});

describe('invalid datasets', async () => {
  const expected: Record<string, { path?: string; rule: string; line?: number; column?: number }[]> = JSON.parse(
    await readFile(fixture('invalid/expected.json'), 'utf8'),
  );
  const files = (await readdir(fixture('invalid'))).filter((f) => f !== 'expected.json');

  it('has an expectation for every fixture, and at least 25 of them', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, wanted] of Object.entries(expected)) {
    it(`reports ${name}`, async () => {
      const file = fixture(`invalid/${name}.json`);
      const problems = await problemsOf(file);
      const got = problems.map((p) => ({
        ...(wanted.some((w) => w.path !== undefined) ? { path: p.jsonPath } : {}),
        rule: p.ruleId,
        ...(wanted.some((w) => w.line !== undefined) ? { line: p.line, column: p.column } : {}),
      }));
      expect(got).toEqual(wanted);
      for (const p of problems) {
        expect(p.file).toBe(file);
        expect(p.line, `${p.reason} has no position`).toBeTypeOf('number');
        expect(p.reason).toMatch(/expected .+, found .+/);
      }
    });
  }
});

describe('unreadable files', () => {
  it('names a missing file', async () => {
    const [problem] = await problemsOf(fixture('no-such-file.json'));
    expect(problem!.ruleId).toBe('unreadable');
    expect(problem!.reason).toBe('cannot read the dataset: no such file');
  });
  it('refuses a directory', async () => {
    const [problem] = await problemsOf(fixture('invalid'));
    expect([problem!.reason, problem!.ruleId]).toEqual(['expected a regular file, found a directory', 'not-a-file']);
  });
});

describe('messages as a terminal shows them', () => {
  it('write direction overrides, line separators and controls quoted from the input as code points', async () => {
    const { formatProblem, problem } = await import('../src/messages.js');
    expect(
      formatProblem(
        problem({ file: 'q.json', ruleId: 'x', reason: 'expected a name, found "\u202Eevil\u2028two"', place: { line: 1, column: 2 } }),
      ),
    ).toBe('q.json:1:2  error  expected a name, found "\\u{202E}evil\\u{2028}two"  x');
  });
});
