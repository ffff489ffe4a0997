/** Version 2 of the dataset contract: named rankings, rank-only and incomplete lists, optional parts. */
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkDataset, loadDataset, parseDataset } from '../src/dataset/index.js';
import { SCHEMA_FILE } from '../src/dataset/write-schema.js';
import { draft } from '../src/draft.js';
import { DatasetError } from '../src/messages.js';
import { EXAMPLE_DATASET } from './helpers.js';

const fixture = (name: string) => new URL(`./fixtures/datasets/v2/${name}`, import.meta.url).pathname;

describe('a version 2 dataset', () => {
  it('holds rankings of ports and regions, with defaults filled in and protocols in upper case', async () => {
    const dataset = await loadDataset(fixture('rankings-valid.json'));
    expect(dataset.sensors).toEqual([]);
    expect(dataset.sensorTop).toEqual({});
    expect(dataset.dailyAverages).toEqual([]);
    expect(dataset.rankings.map((r) => [r.id, r.subject, r.complete, r.entries.length])).toEqual([
      ['destination-ports', 'port', true, 5],
      ['source-regions', 'region', false, 3],
    ]);
    expect(dataset.rankings[0]!.entries[4]).toEqual({ protocol: 'TCP', port: 80, rank: 5 });
    expect(dataset.rankings[0]!.entries[3]).toEqual({ protocol: 'TCP', port: 6379, rank: 4, previousRank: null });
  });

  it('reports every broken ranking rule at its place', async () => {
    const error = await loadDataset(fixture('rankings-invalid.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).problems.map((p) => [`${p.line}:${p.column}`, p.jsonPath, p.ruleId])).toEqual([
      ['5:87', 'sensorTop.d1.entries[1]', 'mixed-standing'],
      ['12:69', 'rankings[0].entries[0].previousRank', 'out-of-range'],
      ['13:50', 'rankings[0].entries[1].rank', 'inconsistent-rank'],
      ['14:9', 'rankings[0].entries[2]', 'missing-field'],
      ['17:13', 'rankings[1].id', 'duplicate-ranking'],
      ['17:64', 'rankings[1].scope', 'invalid-scope'],
      ['17:98', 'rankings[1].scope.sensor', 'unknown-sensor'],
      ['17:130', 'rankings[1].entries[0].region', 'unknown-country'],
      ['17:186', 'rankings[1].entries[2]', 'duplicate-entry'],
      ['18:34', 'rankings[2].subject', 'invalid-value'],
      ['19:77', 'rankings[3].complete', 'wrong-type'],
    ]);
    expect((error as DatasetError).problems[2]!.reason).toBe(
      'rankings[0].entries[1].rank: expected rank 2: one more than the 1 entry ranked ahead of it (ties share a rank, and the next rank skips: 1, 2, 2, 4), found 3',
    );
  });

  it('accepts ties in given ranks and refuses a rank that skips too little or too much', () => {
    const ranked = (ranks: number[]) => ({
      schemaVersion: 2,
      period: { year: 2022, quarter: 1 },
      rankings: [{ id: 'r', subject: 'port', entries: ranks.map((rank, i) => ({ protocol: 'TCP', port: i, rank })) }],
    });
    expect(() => checkDataset(ranked([1, 2, 2, 4]))).not.toThrow();
    expect(() => checkDataset(ranked([1, 1, 1]))).not.toThrow();
    for (const bad of [[1, 2, 2, 3], [2], [1, 3], [1, 1, 2]]) expect(() => checkDataset(ranked(bad)), String(bad)).toThrow(DatasetError);
  });

  it('reads version 1 as the same model: the example drafts byte for byte as its version 2 spelling', async () => {
    const v1 = JSON.parse(await readFile(EXAMPLE_DATASET, 'utf8'));
    const v2 = {
      ...v1,
      schemaVersion: 2,
      sensorTop: Object.fromEntries(Object.entries(v1.sensorTop).map(([id, entries]) => [id, { entries, complete: true }])),
    };
    const [a, b] = await Promise.all([draft(checkDataset(v1), { svg: false }), draft(checkDataset(v2), { svg: false })]);
    expect([...b.files]).toEqual([...a.files]);
    expect(checkDataset(v1)).toEqual(checkDataset(v2));
  });

  it('is re-checked unchanged: the model is itself a valid version 2 dataset', async () => {
    const model = await loadDataset(EXAMPLE_DATASET);
    expect(checkDataset(structuredClone(model))).toEqual(model);
  });

  it('is described by the shipped JSON Schema, like version 1', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const validate = ajv.compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
    expect(validate(JSON.parse(await readFile(fixture('rankings-valid.json'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(await readFile(fixture('rankings-invalid.json'), 'utf8')))).toBe(false);
    expect(() => parseDataset('{"schemaVersion": 2, "period": {"year": 2022, "quarter": 1}}')).not.toThrow();
  });
});

describe('region codes and partial rank lists', () => {
  const regions = (codes: string[]) => ({
    schemaVersion: 2,
    period: { year: 2022, quarter: 1 },
    rankings: [{ id: 'r', subject: 'region', entries: codes.map((region, i) => ({ region, packets: 10 - i })) }],
  });
  it('accept assigned ISO 3166-1 codes only: no aliases, pseudo-regions or groupings', () => {
    expect(() => checkDataset(regions(['JP', 'US', 'TW', 'HK', 'XK']))).not.toThrow();
    for (const code of ['DD', 'SU', 'UK', 'YU', 'ZR', 'XA', 'XB', 'ZZ', 'EU', 'EZ', 'UN', 'QO', 'IC', 'AC'])
      expect(() => checkDataset(regions([code])), code).toThrow(DatasetError);
  });

  it('let a list known only in part skip ranks, never give fewer', () => {
    const ranked = (ranks: number[], complete: boolean) => ({
      schemaVersion: 2,
      period: { year: 2022, quarter: 1 },
      rankings: [{ id: 'r', subject: 'port', complete, entries: ranks.map((rank, i) => ({ protocol: 'TCP', port: i, rank })) }],
    });
    expect(() => checkDataset(ranked([1, 2, 4], false))).not.toThrow();
    expect(() => checkDataset(ranked([1, 2, 4], true))).toThrow(DatasetError);
    expect(() => checkDataset(ranked([1, 1, 2], false))).toThrow(DatasetError);
  });
});

describe('previous ranks given in the data', () => {
  it('may leave ranks free after a tie (1, 1, 3), never fewer (1, 1, 2)', () => {
    const given = (previous: number[]) => ({
      schemaVersion: 2,
      period: { year: 2022, quarter: 1 },
      rankings: [
        {
          id: 'r',
          subject: 'port',
          entries: previous.map((previousRank, i) => ({ protocol: 'TCP', port: i, packets: 10 - i, previousRank })),
        },
      ],
    });
    expect(() => checkDataset(given([1, 1, 3]))).not.toThrow();
    expect(() => checkDataset(given([2, 7, 4]))).not.toThrow();
    expect(() => checkDataset(given([1, 1, 2]))).toThrow(DatasetError);
  });
});
