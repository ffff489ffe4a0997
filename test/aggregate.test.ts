/** `aggregate` against an independent reference (aggregate-reference.ts) on random tables with ties, gaps and missing days. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate/aggregate.js';
import { daysInMonth, periodDayList, periodMonths, previousYearMonth, type Period } from '../src/dataset/period.js';
import { referenceDataset, type RawRow } from './aggregate-reference.js';

const PERIODS: { id: string; period: Period }[] = [
  { id: '2021-q4', period: { year: 2021, quarter: 4 } },
  { id: '2020-q1', period: { year: 2020, quarter: 1 } },
];
const PROTOCOLS = ['TCP', 'udp', 'ICMP', 'GRE'];
const HEADER = 'day,sensor,protocol,port,packets,source_country,category,source_addresses';

const csvOf = (rows: RawRow[]): string =>
  `${[HEADER, ...rows.map((r) => [r.day, r.sensor, r.protocol, r.port ?? '', r.packets, r.sourceCountry ?? '', r.category ?? '', r.sourceAddresses ?? ''].join(','))].join('\n')}\n`;

const earlierDaysOf = (period: Period): string[] =>
  periodMonths(period)
    .map(previousYearMonth)
    .flatMap((month) => Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`));

const table = fc
  .record({
    periodIndex: fc.integer({ min: 0, max: PERIODS.length - 1 }),
    regions: fc.array(fc.constantFrom('domestic' as const, 'overseas' as const), { minLength: 1, maxLength: 4 }),
    upSpans: fc.array(fc.tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 20 })), { maxLength: 4 }),
    rows: fc.array(
      fc.record({
        earlier: fc.boolean(),
        day: fc.integer({ min: 0, max: 89 }),
        sensor: fc.integer({ min: 0, max: 3 }),
        protocol: fc.integer({ min: 0, max: 3 }),
        port: fc.integer({ min: 0, max: 4 }),
        packets: fc.integer({ min: 0, max: 12 }),
        country: fc.constantFrom(undefined, 'JP', 'US', 'cn'),
        category: fc.constantFrom(undefined, 'mirai', 'scan-x'),
        sources: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 60 },
    ),
    top: fc.integer({ min: 1, max: 6 }),
    country: fc.constantFrom(undefined, 'JP', 'US'),
    declare: fc.boolean(),
  })
  .map((t) => {
    const { id, period } = PERIODS[t.periodIndex]!;
    const days = periodDayList(period);
    const earlier = earlierDaysOf(period);
    // The first sensor of each region is up all along (so every month has a daily average); the others now and then.
    const sensors = t.regions.map((region, i) => {
      const first = t.regions.indexOf(region) === i;
      const spans = t.upSpans
        .filter((_, j) => j % t.regions.length === i)
        .map(([start, length]) => `${days[Math.min(start, days.length - 1)]}/${days[Math.min(start + length, days.length - 1)]}`);
      return { id: `s${i}`, region, ...(first ? { up: [`${days[0]}/${days.at(-1)}`] } : spans.length > 0 ? { up: spans } : {}) };
    });
    const rows: RawRow[] = t.rows.map((r) => {
      const protocol = PROTOCOLS[r.protocol]!;
      return {
        day: r.earlier ? earlier[r.day % earlier.length]! : days[r.day % days.length]!,
        sensor: `s${r.sensor % sensors.length}`,
        protocol,
        ...(['TCP', 'udp'].includes(protocol) ? { port: r.port } : {}),
        packets: r.packets,
        ...(r.country ? { sourceCountry: r.country } : {}),
        ...(r.category ? { category: r.category } : {}),
        ...(r.sources === undefined ? {} : { sourceAddresses: r.sources }),
      };
    });
    const categories = t.declare
      ? {
          mirai: { label: { en: 'Mirai-type', ja: 'Mirai型' } },
          'scan-x': { label: { en: 'Scanner X' } },
          unused: { label: { en: 'Unused' } },
        }
      : undefined;
    return { id, period, days, earlier, sensors, rows, top: t.top, country: t.country, categories };
  });

describe('aggregate', () => {
  it('gives the dataset the plain-TypeScript reference gives, on random tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregate-property-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        run++;
        const csv = join(dir, `observations-${run}.csv`);
        const sensorsFile = join(dir, `sensors-${run}.json`);
        const out = join(dir, `dataset-${run}.json`);
        writeFileSync(csv, csvOf(t.rows));
        writeFileSync(sensorsFile, JSON.stringify(t.sensors));
        let categoriesFile: string | undefined;
        if (t.categories) writeFileSync((categoriesFile = join(dir, `categories-${run}.json`)), JSON.stringify(t.categories));
        await aggregate({
          observations: csv,
          period: t.id,
          sensors: sensorsFile,
          out,
          top: t.top,
          ...(t.country ? { country: t.country } : {}),
          ...(categoriesFile ? { categories: categoriesFile } : {}),
        });
        const { $schema: _, ...written } = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
        const expected = referenceDataset({
          rows: t.rows,
          sensors: t.sensors,
          periodDays: t.days,
          earlierDays: t.earlier,
          period: t.period as Record<string, number>,
          top: t.top,
          ...(t.country ? { country: t.country } : {}),
          ...(t.categories ? { categories: t.categories } : {}),
        });
        expect(written).toEqual(expected);
      }),
      { numRuns: 40, seed: 19, endOnFailure: true },
    );
  }, 120_000);
});
