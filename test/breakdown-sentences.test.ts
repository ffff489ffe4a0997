/**
 * The category sentences, true of their data in both languages: over random
 * lists (counts per category given or not, packets of zero, whole lists or
 * lists known in part, tables of one to five places) and random thresholds,
 * each English claim is read back and checked against an oracle written here
 * from the raw entries alone; the Japanese sentences must name the same entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftWith, plain, rankingDataset, sentences } from './breakdown-helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const PORTS = [23, 2323, 22, 445, 80, 8080, 5555];
const _LABELS: Record<string, string> = { mirai: 'Mirai-type', gafgyt: 'Gafgyt-type' };
const ID_OF: Record<string, string> = { 'Mirai-type': 'mirai', 'Gafgyt-type': 'gafgyt' };
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five'];
const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh'];

interface Item {
  port: number;
  packets: number;
  counts: Record<string, number | undefined>;
}

/** A count as a fraction of the packets, often on or near a threshold. */
const fraction = fc.option(fc.constantFrom(0, 0.2, 0.5, 0.8, 0.81, 0.79, 1), { nil: undefined });
const item = (port: number) =>
  fc.record({ packets: fc.constantFrom(0, 10, 20, 20, 50, 100), mirai: fraction, gafgyt: fraction }).map(
    ({ packets, mirai, gafgyt }): Item => ({
      port,
      packets,
      counts: {
        mirai: mirai === undefined ? undefined : Math.round(mirai * packets),
        gafgyt: gafgyt === undefined ? undefined : Math.round(gafgyt * packets),
      },
    }),
  );
const scenario = fc.record({
  items: fc.subarray(PORTS, { minLength: 1 }).chain((ports) => fc.tuple(...ports.map(item))),
  complete: fc.boolean(),
  limit: fc.integer({ min: 1, max: 5 }),
  category: fc.constantFrom(undefined, 'mirai', 'gafgyt'),
  test: fc.oneof(
    fc.record({ kind: fc.constantFrom('over' as const, 'under' as const), percent: fc.constantFrom(0, 20, 50, 79.5, 80, 100) }),
    fc.record({ kind: fc.constantFrom('all' as const, 'none' as const) }),
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function dataset(s: Scenario) {
  const entries = s.items.map((e) => {
    const categories = Object.fromEntries(Object.entries(e.counts).filter((pair): pair is [string, number] => pair[1] !== undefined));
    return { port: e.port, packets: e.packets, ...(Object.keys(categories).length > 0 ? { categories } : {}) };
  });
  const data = rankingDataset(entries);
  (data.rankings[0] as Record<string, unknown>).complete = s.complete;
  return data;
}

function template(s: Scenario): string {
  const category = s.category ? ` category=${s.category}` : '';
  const threshold = s.test.kind === 'over' || s.test.kind === 'under' ? `${s.test.kind}=${s.test.percent}` : `share=${s.test.kind}`;
  return `${[
    `::table{#t data=rankings ranking=ports limit=${s.limit} breakdown=all caption=quarterly.ports.caption}`,
    `::fact{name=category-share data=rankings ranking=ports${category} ${threshold}}`,
    `::fact{name=category-rank-changes data=rankings ranking=ports${category}}`,
  ].join('\n\n')}\n`;
}

/** What the raw data says, computed without the library. */
function oracle(s: Scenario) {
  const rank = (e: Item) => 1 + s.items.filter((o) => o.packets > e.packets).length;
  const shown = s.items.filter((e) => rank(e) <= s.limit).sort((a, b) => rank(a) - rank(b) || a.port - b.port);
  const places = Math.min(s.limit, shown.length);
  const hasShare = (e: Item, c: string) => e.counts[c] !== undefined && e.packets > 0;
  const meets = (e: Item, c: string): boolean => {
    const n = e.counts[c]!;
    const t = s.test;
    return t.kind === 'over'
      ? n / e.packets > t.percent / 100
      : t.kind === 'under'
        ? n / e.packets < t.percent / 100
        : t.kind === 'all'
          ? n === e.packets
          : n === 0;
  };
  /** Rank by the category alone, when no entry without a count could stand ahead. */
  const rankBy = (e: Item, c: string): number | undefined => {
    const n = e.counts[c];
    if (!s.complete || n === undefined) return undefined;
    if (s.items.some((o) => o.counts[c] === undefined && o.packets > n)) return undefined;
    return 1 + s.items.filter((o) => o.counts[c] !== undefined && o.counts[c]! > n).length;
  };
  const categories = s.category ? [s.category] : ['mirai', 'gafgyt'].filter((c) => shown.some((e) => e.counts[c] !== undefined));
  return { rank, shown, places, hasShare, meets, rankBy, categories };
}

const portsIn = (text: string): number[] => [...text.matchAll(/(\d+)\/TCP/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
const sorted = (items: Item[]) => items.map((e) => e.port).sort((a, b) => a - b);
const countWord = (word: string) => (NUMBER_WORDS.includes(word) ? NUMBER_WORDS.indexOf(word) : Number(word));
/** English sentences of a paragraph: each ends with a full stop before a capital, a digit or the end. */
const split = (paragraph: string) => paragraph.split(/(?<=\.) (?=[A-Z\d])/);

function verify(s: Scenario, en: string[], ja: string[]): string {
  const o = oracle(s);
  const seen: string[] = [];
  const shareSaid = new Map<string, string[]>();
  const rankSaid = new Map<string, string[]>();
  for (const sentence of en.flatMap(split)) {
    const label = /(Mirai-type|Gafgyt-type)/.exec(sentence)?.[1];
    expect(label, sentence).toBeDefined();
    const c = ID_OF[label!]!;
    const bucket = sentence.startsWith('Ranked by') ? rankSaid : / left out: /.test(sentence) ? undefined : shareSaid;
    if (bucket) bucket.set(c, [...(bucket.get(c) ?? []), sentence]);
    const known = o.shown.filter((e) => o.hasShare(e, c));
    const left = o.shown.filter((e) => !o.hasShare(e, c));
    let m: RegExpExecArray | null;
    if ((m = /^(.+) (?:is|are) left out: (?:its|their) .+ shares? (?:is|are) not given\.$/.exec(sentence))) {
      expect(portsIn(m[1]!), sentence).toEqual(sorted(o.shown.filter((e) => !o.hasShare(e, c))));
      seen.push('missing');
    } else if ((m = /^(.+) (?:is|are) left out: (?:its|their) .+ counts? (?:is|are) not given\.$/.exec(sentence))) {
      // Said after a rank change, of the entries shown that the data gives no count for.
      expect(portsIn(m[1]!), sentence).toEqual(sorted(o.shown.filter((e) => e.counts[c] === undefined)));
      seen.push('missingCount');
    } else if (/^Ranked by/.test(sentence)) {
      const moves = [...sentence.matchAll(/(\d+)\/TCP would move from (\w+) to (\w+)/g)].map((x) => ({
        port: Number(x[1]),
        from: ORDINALS.indexOf(x[2]!),
        to: ORDINALS.indexOf(x[3]!),
      }));
      const decided = o.shown.map((e) => ({ e, to: o.rankBy(e, c) }));
      const moved = decided.filter((d) => d.to !== undefined && d.to !== o.rank(d.e));
      if (/would keep/.test(sentence)) {
        expect(
          decided.every((d) => d.to === o.rank(d.e)),
          sentence,
        ).toBe(true);
        seen.push('kept');
      } else {
        expect(moves, sentence).toEqual(moved.map((d) => ({ port: d.e.port, from: o.rank(d.e), to: d.to })));
        seen.push('moved');
      }
    } else {
      const threshold = s.test.kind === 'over' || s.test.kind === 'under' ? `${s.test.percent}%` : '';
      if (threshold) expect(sentence, 'the threshold as given').toContain(` ${threshold} `);
      const matching = known.filter((e) => o.meets(e, c));
      const whole = (m = /^(?:For (?:every|both) entr(?:y|ies)|For no entry|Every entry) (?:of the top (\w+)|in first place)/.exec(
        sentence,
      ));
      if (whole) {
        // Of the whole top: every shown entry judged, of a whole list.
        expect([left.length, s.complete], sentence).toEqual([0, true]);
        expect(m![1] === undefined ? 1 : countWord(m![1]!), sentence).toBe(o.places);
        const none = /^For no entry|^Every entry/.test(sentence);
        expect(matching.length, sentence).toBe(none ? 0 : known.length);
        if (/both/.test(sentence)) expect(known.length).toBe(2);
        seen.push(none ? 'none' : 'all');
      } else {
        const negated = /no more than|no less than|not all of|some of the packets/.test(sentence);
        expect(portsIn(sentence), sentence).toEqual(sorted(negated ? known : matching));
        if (negated) expect(matching, sentence).toEqual([]);
        seen.push(negated ? 'notMatch' : 'match');
      }
    }
  }
  // Nothing left unsaid that the data decides: a share sentence per category with a known share, a rank sentence where one is decided.
  for (const c of o.categories) {
    expect(shareSaid.get(c)?.length ?? 0, `share sentences on ${c}`).toBe(o.shown.some((e) => o.hasShare(e, c)) ? 1 : 0);
    const decided = o.shown.map((e) => o.rankBy(e, c));
    const anyMove = o.shown.some((e, i) => decided[i] !== undefined && decided[i] !== o.rank(e));
    const allKept = decided.every((d, i) => d === o.rank(o.shown[i]!));
    expect(rankSaid.get(c)?.length ?? 0, `rank sentences on ${c}`).toBe(anyMove || allKept ? 1 : 0);
  }
  // Japanese: as many sentences, each naming the same entries as its English counterpart.
  const enSentences = en.flatMap(split);
  const jaSentences = ja.flatMap((p) => p.split(/(?<=。)/).filter(Boolean));
  expect(jaSentences.map(portsIn)).toEqual(enSentences.map(portsIn));
  for (const [i, sentence] of jaSentences.entries()) {
    expect(sentence).toMatch(/。$/);
    expect(sentence.includes('Mirai型')).toBe(enSentences[i]!.includes('Mirai-type'));
    if (/^上位(\d+)位/.test(sentence)) expect(Number(/^上位(\d+)位/.exec(sentence)![1])).toBe(o.places);
  }
  return seen.join(' ');
}

describe('category sentences', () => {
  it('are true of their data in English, and name the same entries in Japanese', async () => {
    const seen = new Set<string>();
    const forms = ['all', 'kept', 'match', 'missing', 'missingCount', 'moved', 'none', 'notMatch'];
    // Batches until every form came up (rare ones may need more than one), so no claim goes unchecked.
    for (let batch = 0; batch < 6 && !forms.every((form) => seen.has(form)); batch++) {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const { en, ja } = await draftWith(dataset(s), template(s));
          for (const kind of verify(s, sentences(en), sentences(ja)).split(' ').filter(Boolean)) seen.add(kind);
        }),
        { numRuns: RUNS * 5 },
      );
    }
    expect([...seen].sort()).toEqual(forms);
  }, 120_000);

  it('catches a false claim: the oracle disagrees with a tampered sentence', async () => {
    const s: Scenario = {
      items: [
        { port: 23, packets: 100, counts: { mirai: 90, gafgyt: undefined } },
        { port: 22, packets: 50, counts: { mirai: 10, gafgyt: undefined } },
        { port: 80, packets: 20, counts: { mirai: undefined, gafgyt: undefined } },
      ],
      complete: true,
      limit: 3,
      category: 'mirai',
      test: { kind: 'over', percent: 80 },
    };
    const { en, ja } = await draftWith(dataset(s), template(s));
    const [share, ranks] = [sentences(en), sentences(ja)];
    expect(share[0]).toBe(
      'For 23/TCP, Mirai-type packets made up over 80% of the total. 80/TCP is left out: its Mirai-type share is not given.',
    );
    expect(verify(s, share, ranks)).toBe('match missing');
    expect(() => verify(s, [share[0]!.replace('For 23/TCP', 'For 23/TCP and 22/TCP')], ranks)).toThrow();
    expect(() => verify(s, [share[0]!.replace('80/TCP is', '22/TCP is')], ranks)).toThrow();
    expect(() => verify(s, share, [ranks[0]!.replace('23/TCPでは', '22/TCPでは')])).toThrow();
    expect(plain(share[0]!)).toBe(share[0]);
  });
});
