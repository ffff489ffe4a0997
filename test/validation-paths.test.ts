/**
 * The fast path of validation (JSON.parse, zod on all but the lists, the
 * lists checked by hand, the same rules) against the thorough path (the
 * position-keeping reader, zod on everything, the rules): on every fixture,
 * on random valid datasets of both versions, and on random damage to them
 * (values, keys, repeated keys, escapes, a byte-order mark, numbers out of
 * range). The fast path never accepts what the thorough path refuses; what
 * both accept comes out the same, key order included; every message is the
 * thorough path's, byte for byte.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankSensors } from '../src/analysis/index.js';
import { checkList, Tally, type ListKind } from '../src/dataset/fast-lists.js';
import { fastParse } from '../src/dataset/fast-path.js';
import { parseDataset, parseThoroughly } from '../src/dataset/load.js';
import { entrySchema, entrySchemaV1, regionEntrySchema, seriesPointSchema, type Dataset } from '../src/dataset/schema.js';
import { DatasetError } from '../src/messages.js';
import { damage, damaged, datasetV1, datasetV2, itemOf } from './dataset-arbitraries.js';
import { root } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

/** Both paths over one text: 'valid' or 'invalid', after checking that they agree. */
function compare(text: string): { verdict: 'valid' | 'invalid'; fast: boolean } {
  let thorough: Dataset | undefined;
  let refusal: unknown;
  try {
    thorough = parseThoroughly(text, 'dataset.json');
  } catch (error) {
    refusal = error;
  }
  const fast = fastParse(text);
  if (refusal !== undefined) {
    expect(refusal).toBeInstanceOf(DatasetError);
    expect(fast, 'the fast path accepted a dataset the thorough path refuses').toBeUndefined();
    let message: string | undefined;
    try {
      parseDataset(text, 'dataset.json');
    } catch (error) {
      message = (error as DatasetError).message;
    }
    expect(message).toBe((refusal as DatasetError).message);
    return { verdict: 'invalid', fast: false };
  }
  expect(difference(parseDataset(text, 'dataset.json'), thorough)).toBeUndefined();
  return { verdict: 'valid', fast: fast !== undefined };
}

/**
 * Where two values differ: prototypes, own keys and their order (it decides the order of every
 * later iteration over the dataset), and every value by Object.is. (toStrictEqual would take an own
 * key `constructor`, a sensor's id, for the class of the object.)
 */
function difference(a: unknown, b: unknown, path = '(root)'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} against ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: another prototype`;
  const keys = Reflect.ownKeys(a);
  if (keys.join() !== Reflect.ownKeys(b).join()) return `${path}: keys ${keys.join()} against ${Reflect.ownKeys(b).join()}`;
  for (const key of keys) {
    const found = difference((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`);
    if (found) return found;
  }
  return undefined;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

describe('the fast path and the thorough path agree', () => {
  it('on every dataset fixture and example, accepting each valid one at once', async () => {
    const files = [
      ...(await jsonFiles(join(root, 'test/fixtures/datasets'))),
      ...(await jsonFiles(join(root, 'test/fixtures/hostile/datasets'))),
      join(root, 'test/fixtures/hostile/datasets-no-source.json'),
      join(root, 'test/fixtures/series/two-groups.json'),
      ...['2021-q4', '2021-q4-quarterly', '2022-q2-topics', 'fy2024-yearly'].map((name) => join(root, 'examples', name, 'dataset.json')),
    ];
    const verdicts = { valid: 0, invalid: 0 };
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const { verdict, fast } = compare(text);
      if (verdict === 'valid') expect(fast, `${file} was valid but not accepted at once`).toBe(true);
      verdicts[verdict]++;
    }
    expect(verdicts).toEqual({ valid: expect.any(Number), invalid: expect.any(Number) });
    expect(Math.min(verdicts.valid, verdicts.invalid / 10)).toBeGreaterThanOrEqual(5);
  });

  it('on random valid datasets of version 1 and 2, all accepted at once', () => {
    fc.assert(
      fc.property(fc.oneof(datasetV1, datasetV2), fc.constantFrom(undefined, 1, 2), (value, space) => {
        expect(compare(JSON.stringify(value, null, space))).toEqual({ verdict: 'valid', fast: true });
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('on random damage to them: values, keys, order, repeated keys, escapes, a byte-order mark, huge numbers', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.oneof(datasetV1, datasetV2), damage, (value, damages) => {
        seen[compare(damaged(value, damages)).verdict]++;
      }),
      { numRuns: RUNS * 25 },
    );
    // Both verdicts come up: the damage is neither always fatal nor always harmless.
    expect(Math.min(seen.valid, seen.invalid)).toBeGreaterThan(RUNS);
  });
});

describe('the checks of the lists say what zod says of each item', () => {
  const schemas: Record<ListKind, { safeParse: (value: unknown) => { success: boolean; data?: unknown } }> = {
    'entry-v1': entrySchemaV1,
    entry: entrySchema,
    region: regionEntrySchema,
    point: seriesPointSchema,
  };
  it.each(Object.keys(schemas) as ListKind[])('%s', (kind) => {
    const accepted = { yes: 0, no: 0 };
    fc.assert(
      fc.property(itemOf(Object.keys((schemas[kind] as unknown as { shape: object }).shape)), (raw) => {
        const parsed: unknown = JSON.parse(JSON.stringify(raw));
        const zod = schemas[kind].safeParse(parsed);
        const ours = checkList(kind, [parsed], new Tally());
        expect(ours !== undefined, JSON.stringify(raw)).toBe(zod.success);
        if (ours) expect(difference(ours[0], zod.data)).toBeUndefined();
        accepted[zod.success ? 'yes' : 'no']++;
      }),
      { numRuns: RUNS * 25 },
    );
    expect(Math.min(accepted.yes, accepted.no)).toBeGreaterThan(RUNS);
  });
});

describe('what JSON.parse lets pass and the thorough reader does not', () => {
  const base = (extra = ''): string =>
    `{"schemaVersion":1,"period":{"year":2023,"quarter":1},"sensors":[{"id":"a:1","region":"domestic","label":{"en":"A: one"}}],` +
    `"sensorTop":{"a:1":[{"protocol":"TCP","port":23,"packets":5}${extra}]},` +
    `"dailyAverages":[{"month":"2023-01","region":"domestic","packets":1},{"month":"2023-02","region":"domestic","packets":1},{"month":"2023-03","region":"domestic","packets":1}]}`;

  it('accepts the base text at once', () => {
    expect(compare(base())).toEqual({ verdict: 'valid', fast: true });
  });

  // The place of a repeated key is where it is written the second time.
  const second = (text: string, needle: string): string => `1:${text.indexOf(needle, text.indexOf(needle) + 1) + 1}`;
  it.each([
    ['in an entry', base().replace('"packets":5', '"packets":5,"packets":6'), '"packets":'],
    ['in a label, the value replaced holding colons', base().replace('"en":"A: one"', '"en":"A: one","en":"B"'), '"en":'],
    ['of a sensor list', base().replace('"sensorTop":{', '"sensorTop":{"a:1":[],'), '"a:1":['],
    ['at the top', base().replace('{"schemaVersion":1', '{"schemaVersion":1,"schemaVersion":1'), '"schemaVersion"'],
  ])('a key written twice %s is refused at its place', (_, text, needle) => {
    expect(fastParse(text)).toBeUndefined();
    expect(() => parseDataset(text, 'd.json')).toThrow(`d.json:${second(text, needle)}  error  expected each key once per object`);
    compare(text);
  });

  it('a colon written as an escape is left to the thorough path, which accepts it', () => {
    const text = base().replaceAll('a:1', 'a\\u003a1');
    expect(fastParse(text)).toBeUndefined();
    expect(parseDataset(text).sensors[0]!.id).toBe('a:1');
  });

  it('a number past the range of a double is refused at its place', () => {
    const text = base().replace('"packets":5', '"packets":1e400');
    expect(fastParse(text)).toBeUndefined();
    expect(() => parseDataset(text, 'd.json')).toThrow(
      `d.json:1:${text.indexOf('1e400') + 1}  error  expected a number within the range of a double, found \`1e400\``,
    );
  });

  it('a byte-order mark, spaces before colons and keys out of order are accepted at once', () => {
    const text = `\uFEFF${base(',{"packets":7,"protocol":"udp","port":53}').replaceAll('":', '" :')}`;
    const { sensorTop } = parseDataset(text);
    expect(compare(text)).toEqual({ verdict: 'valid', fast: true });
    expect(sensorTop['a:1']!.entries.map((entry) => Object.keys(entry).join())).toEqual(['protocol,port,packets', 'protocol,port,packets']);
  });
});

it('entries are one entry when their keys (entryKey) are, however the rules find it', () => {
  const base = {
    schemaVersion: 1,
    period: { year: 2023, quarter: 1 },
    sensors: [{ id: 'a', region: 'domestic' }],
    dailyAverages: ['2023-01', '2023-02', '2023-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
  };
  const problems = (...list: object[]): string[] => {
    try {
      parseDataset(JSON.stringify({ ...base, sensorTop: { a: list.map((entry) => ({ ...entry, packets: 1 })) } }));
    } catch (error) {
      return (error as DatasetError).problems.map((p) => `${p.jsonPath} ${p.ruleId}`);
    }
    return [];
  };
  expect(problems({ protocol: 'TCP', port: 23 }, { protocol: '23/tcp' })).toEqual([
    'sensorTop.a[1] duplicate-entry',
    'sensorTop.a[1].protocol unknown-protocol',
  ]);
  expect(problems({ protocol: '23/udp' }, { protocol: 'UDP', port: 23 })).toEqual([
    'sensorTop.a[0].protocol unknown-protocol',
    'sensorTop.a[1] duplicate-entry',
  ]);
  expect(problems({ protocol: 'tcp', port: -1 }, { protocol: '-1/TCP' })).toContain('sensorTop.a[1] duplicate-entry');
  expect(problems({ protocol: 'tcp', port: 1.5 }, { protocol: 'TCP', port: 1.5 })).toContain('sensorTop.a[1] duplicate-entry');
  expect(problems({ protocol: 'tcp', port: 0 }, { protocol: 'TCP', port: 0 }, { protocol: 'gre' }, { protocol: 'GRE' })).toEqual([
    'sensorTop.a[1] duplicate-entry',
    'sensorTop.a[3] duplicate-entry',
  ]);
  expect(problems({ protocol: '023/tcp' }, { protocol: 'TCP', port: 23 })).toEqual(['sensorTop.a[0].protocol unknown-protocol']);
});

it('a version 2 sensor named constructor without a list has none (not Object’s)', () => {
  const text = JSON.stringify({
    schemaVersion: 2,
    period: { year: 2021, quarter: 4 },
    sensors: [{ id: 'constructor', region: 'domestic' }],
    dailyAverages: ['2021-10', '2021-11', '2021-12'].map((month) => ({ month, region: 'domestic', packets: 1 })),
  });
  const dataset = parseDataset(text);
  expect(dataset.sensorTop).toEqual({});
  expect(rankSensors(dataset, 5)).toMatchObject([{ sensor: { id: 'constructor' }, top: [], complete: true }]);
});
