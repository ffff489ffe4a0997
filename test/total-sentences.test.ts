/**
 * The total and share sentences, true of their data: over random totals,
 * previous totals and rankings (ties, ranks only, lists known in part,
 * scopes), an oracle written here from the raw numbers alone (exact decimal
 * arithmetic on integers, not the code's) says what the English sentence must
 * be; the Japanese one must carry the same figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { readPost } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const word = (n: number) => WORDS[n - 1] ?? String(n);
const grouped = (n: number) => n.toLocaleString('en');

/** part / whole as a percentage rounded half up to one decimal, in integers: no float can tip it. */
function tenths(part: number, whole: number): number {
  const scaled = BigInt(part) * 2000n;
  return Number((scaled / BigInt(whole) + 1n) / 2n);
}
const percentText = (t: number) => `${grouped(Math.floor(t / 10))}.${t % 10}%`;
/** What a share must read: exact, or bounded where rounding would claim none or all. */
function shareText(part: number, whole: number): string {
  if (whole === 0) return '0.0%';
  const t = tenths(part, whole);
  if (t === 0 && part > 0) return 'less than 0.1%';
  if (t === 1000 && part < whole) return 'over 99.9%';
  return percentText(t);
}

const scenario = fc.record({
  packets: fc.array(fc.constantFrom(0, 1, 5, 5, 40, 999, 1000, 123_456), { minLength: 1, maxLength: 13 }),
  extra: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })),
  previous: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000_000 })), { nil: undefined }),
  // Now and then a previous total a hair away from the current one: the change must not claim a direction it rounds away.
  nearPrevious: fc.boolean(),
  top: fc.integer({ min: 1, max: 12 }),
  complete: fc.boolean(),
  scoped: fc.boolean(),
  rankOnly: fc.boolean(),
  subject: fc.constantFrom('port', 'region'),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
const REGIONS = ['US', 'CN', 'NL', 'RU', 'BR', 'DE', 'KR', 'IN', 'TW', 'VN', 'FR', 'JP', 'SG'];
const REGION_NAMES: Record<string, string> = {
  US: 'the United States',
  CN: 'China',
  NL: 'the Netherlands',
  RU: 'Russia',
  BR: 'Brazil',
  DE: 'Germany',
  KR: 'South Korea',
  IN: 'India',
  TW: 'Taiwan',
  VN: 'Vietnam',
  FR: 'France',
  JP: 'Japan',
  SG: 'Singapore',
};

function build(s: Scenario) {
  const sum = s.packets.reduce((a: number, b) => a + b, 0);
  const total = sum + s.extra;
  const previous = s.previous === undefined ? undefined : s.nearPrevious && total > 0 ? total + (s.previous % 3) - 1 : s.previous;
  const ranks = s.packets.map((p) => 1 + s.packets.filter((o) => o > p).length);
  const entries = s.packets.map((p, i) => ({
    ...(s.subject === 'port' ? { protocol: 'TCP', port: 1000 + i } : { region: REGIONS[i]! }),
    ...(s.rankOnly ? { rank: ranks[i]! } : { packets: p }),
  }));
  const dataset = checkDataset({
    schemaVersion: 2,
    period: { fiscalYear: 2024, startMonth: 4 },
    ...(s.scoped ? { sensors: [{ id: 'd1', region: 'domestic' }], sensorTop: { d1: [] } } : {}),
    total: { packets: total, ...(previous === undefined ? {} : { previousPackets: previous }) },
    rankings: [
      {
        id: 'destination-ports',
        subject: s.subject,
        complete: s.complete,
        ...(s.scoped ? { scope: { region: 'domestic' } } : {}),
        entries,
      },
    ],
  });
  const template = `---\ntitle: yearly:title\nseries: t\n---\n\n::fact{name=period-total}\n\n::fact{name=top-share ranking=destination-ports top=${s.top}}\n`;
  return { dataset, template, total, previous, ranks };
}

/** The oracle's sentences, from the numbers alone. */
function expected(s: Scenario, total: number, previous: number | undefined, ranks: number[]): { total: string; share?: string } {
  const noun = total === 1 ? 'packet' : 'packets';
  const head = `Over FY2024, the sensors received ${grouped(total)} ${noun} in all`;
  let totalSentence = `${head}.`;
  if (previous !== undefined) {
    if (previous === total) totalSentence = `${head}, exactly as many as in FY2023.`;
    else if (previous === 0) totalSentence = `${head}, against none in FY2023.`;
    else {
      const t = tenths(Math.abs(total - previous), previous);
      totalSentence =
        t === 0
          ? `${head}, about as many as in FY2023 (${grouped(previous)}).`
          : `${head}, ${percentText(t)} ${total > previous ? 'more' : 'fewer'} than in FY2023.`;
    }
  }
  // A total of none has no share of it.
  if (s.scoped || s.rankOnly || !s.complete || total === 0) return { total: totalSentence };
  const inTop = s.packets.map((p, i) => ({ p, i, rank: ranks[i]! })).filter((e) => e.rank <= s.top);
  // Tied entries stand in the order of their names: ports by number, regions by code.
  const leaders = inTop
    .filter((e) => e.rank === 1)
    .sort((a, b) => (s.subject === 'port' ? a.i - b.i : REGIONS[a.i]! < REGIONS[b.i]! ? -1 : 1));
  const name = (i: number) => (s.subject === 'port' ? `${1000 + i}/TCP` : REGION_NAMES[REGIONS[i]!]!);
  const names = leaders.map((e) => name(e.i));
  const list = names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`;
  const what = s.subject === 'port' ? 'destination ports' : 'source regions';
  const together = shareText(
    inTop.reduce((a, e) => a + e.p, 0),
    total,
  );
  const each = shareText(leaders[0]!.p, total);
  if (inTop.length === leaders.length) {
    return {
      total: totalSentence,
      share:
        leaders.length === 1
          ? `The top ${what.slice(0, -1)}, ${list}, accounted for ${each} of all packets.`
          : `Tied for first among the ${what}, ${list} accounted for ${each} of all packets each, ${together} together.`,
    };
  }
  const places = Math.min(s.top, inTop.length);
  const top =
    inTop.length > places
      ? `The top ${word(places)} places, held by ${inTop.length > 10 ? inTop.length : word(inTop.length)} ${what} because of a tie, accounted for ${together} of all packets`
      : `The top ${word(places)} ${what} accounted for ${together} of all packets`;
  const leader = leaders.length === 1 ? `${list} alone accounted for ${each}` : `${list}, tied for first, accounted for ${each} each`;
  return { total: totalSentence, share: `${top}; ${leader}.` };
}

describe('total and share sentences over random data', () => {
  it('say in English exactly what the numbers give, and the same figures in Japanese', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/total-sentences-`);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { dataset, template, total, previous, ranks } = build(s);
        const name = `t${n++}`;
        await writeFile(`${dir}/${name}.md`, template);
        const { posts } = await draft(dataset, { template: name, templatesDir: dir, svg: false });
        const [en, ja] = posts.map((p) => readPost(p.markdown).paragraphs);
        const want = expected(s, total, previous, ranks);
        expect(en).toEqual([want.total, ...(want.share ? [want.share] : [])]);
        // Japanese: the same number of sentences, and every figure of the English one in it.
        expect(ja).toHaveLength(en!.length);
        en!.forEach((sentence, i) => {
          for (const figure of sentence.match(/\d+(?:,\d{3})*(?:\.\d)?%?/g) ?? [])
            expect(ja![i], `${figure} in ${ja![i]}`).toContain(figure);
          expect(ja![i]).toMatch(/。$/);
        });
        if (want.total.includes('more than')) expect(ja![0]).toContain('増えました');
        if (want.total.includes('fewer than')) expect(ja![0]).toContain('減りました');
        if (want.total.includes('about as many')) expect(ja![0]).toContain('ほぼ同じ');
      }),
      { numRuns: RUNS * 3 },
    );
  }, 120_000);

  it('the oracle is not blind: it tells a rounded-away change and shares at the edges apart', () => {
    expect(tenths(1, 3)).toBe(333);
    expect(tenths(1, 2000)).toBe(1);
    expect(shareText(1, 20_001)).toBe('less than 0.1%');
    expect(shareText(19_999, 20_000)).toBe('over 99.9%');
    expect(shareText(1, 2000)).toBe('0.1%');
    expect(tenths(1, 1_000_001)).toBe(0);
  });
});
