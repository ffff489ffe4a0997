/**
 * The rank-change sentence and the previous-rank column of the quarterly
 * report, true of their data in both languages: over random rankings (counted
 * or ranks only, complete or not, ties) and their previous standing (another
 * period's list, complete or not, or previous ranks the dataset gives), each
 * claim is read back and checked against what an oracle written here from
 * the data alone says; what the data cannot decide must go unsaid.
 */
import fc from 'fast-check';
import type { Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { checkDataset, type Dataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const reader = unified().use(remarkParse).use(remarkGfm);
const LIMIT = 5;

interface Item {
  port: number;
  packets: number;
}
const PORTS = [23, 22, 445, 80, 443, 6379, 5555, 8080, 3389];
const counts = fc.constantFrom(10, 20, 20, 30, 40, 50);
const items = fc
  .subarray(PORTS)
  .chain((ports) => fc.tuple(...ports.map(() => counts)).map((packets) => ports.map((port, i): Item => ({ port, packets: packets[i]! }))));

/** Competition ranks, from the counts alone. */
const ranksOf = (list: readonly Item[]) => new Map(list.map((e) => [e.port, 1 + list.filter((o) => o.packets > e.packets).length]));

const scenarioParts = fc.record({
  current: items,
  rankOnly: fc.boolean(),
  complete: fc.boolean(),
  mode: fc.constantFrom('dataset', 'dataset', 'data', 'none'),
  previous: items,
  // Now and then the same list twice: nothing moved.
  same: fc.boolean(),
  previousComplete: fc.boolean(),
  given: fc.array(fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 1, max: 12 })), {
    minLength: PORTS.length,
    maxLength: PORTS.length,
  }),
  previousTop: fc.option(fc.integer({ min: 1, max: 12 })),
});
const scenario = scenarioParts.map(({ same, ...s }) => {
  // Given previous ranks are a competition ranking of random scores (1, 1, 3: never fewer), and those
  // past the previous list's length are "outside" it, as the contract asks.
  const scores = s.given;
  const given = scores.map((g) => {
    if (typeof g !== 'number') return g;
    const rank = 1 + scores.filter((o) => typeof o === 'number' && o < g).length;
    return s.previousTop && rank > s.previousTop ? null : rank;
  });
  return same ? { ...s, given, previous: s.current, previousComplete: s.complete } : { ...s, given };
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function datasets(s: Scenario): { current: Dataset; previous?: Dataset } {
  const ranks = ranksOf(s.current);
  const entries = s.current.map((e, i) => ({
    protocol: 'TCP',
    port: e.port,
    ...(s.rankOnly ? { rank: ranks.get(e.port)! } : { packets: e.packets }),
    ...(s.mode === 'data' && s.given[i] !== undefined ? { previousRank: s.given[i] } : {}),
  }));
  const ranking = {
    id: 'destination-ports',
    subject: 'port',
    complete: s.complete,
    entries,
    ...(s.mode === 'data' && s.previousTop ? { previousTop: s.previousTop } : {}),
  };
  const current = checkDataset({ schemaVersion: 2, period: { year: 2022, quarter: 2 }, rankings: [ranking] });
  if (s.mode !== 'dataset') return { current };
  const previous = checkDataset({
    schemaVersion: 2,
    period: { year: 2022, quarter: 1 },
    rankings: [
      {
        id: 'destination-ports',
        subject: 'port',
        complete: s.previousComplete,
        entries: s.previous.map((e) => ({ protocol: 'TCP', port: e.port, packets: e.packets })),
      },
    ],
  });
  return { current, previous };
}

/** Where the data puts each entry before: a rank, 'outside' (with how deep that list went), or undefined when it cannot tell. */
function oracle(s: Scenario) {
  const now = ranksOf(s.current);
  const before = ranksOf(s.previous);
  const previousOf = (port: number): { rank: number } | { outside: number | undefined } | undefined => {
    // A counted list known only in part decides no rank: what it lacks may have stood ahead.
    if (s.mode === 'dataset')
      return !s.previousComplete ? undefined : before.has(port) ? { rank: before.get(port)! } : { outside: undefined };
    if (s.mode === 'data') {
      const given = s.given[s.current.findIndex((e) => e.port === port)];
      return given === undefined ? undefined : given === null ? { outside: s.previousTop ?? undefined } : { rank: given };
    }
    return undefined;
  };
  const anyPrevious = s.mode === 'dataset' || (s.mode === 'data' && s.current.some((_, i) => s.given[i] !== undefined));
  return { now, before, previousOf, anyPrevious };
}

const EN_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinalEn = (word: string) =>
  EN_ORDINALS.includes(word) ? EN_ORDINALS.indexOf(word) + 1 : Number(/^(\d+)(st|nd|rd|th)$/.exec(word)![1]);
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countEn = (word: string) => (NUMBER_WORDS.includes(word) ? NUMBER_WORDS.indexOf(word) : Number(word));
/** `Telnet (23/TCP)`, `Telnet（23/TCP）` or `5555/TCP` → 5555 */
const portOf = (name: string) => Number(/(\d+)\/TCP/.exec(name)![1]);

type Claim = { kind: 'rose' | 'fell' | 'kept' | 'entered' | 'left'; port: number; from?: number; to?: number; top?: number };

function claims(lang: 'en' | 'ja', text: string): Claim[] | 'unchanged' | undefined {
  if (lang === 'en') {
    if (
      /^The top (\w+) is the same as in the previous quarter, place for place\.$|^The top entry is the same as in the previous quarter\.$/.test(
        text,
      )
    )
      return 'unchanged';
    const body = /^Compared with the previous quarter, (.+)\.$/.exec(text)?.[1];
    if (!body) return undefined;
    return body.split(/, and |, | and (?=[A-Z\d])/).map((clause): Claim => {
      let m: RegExpExecArray | null;
      if ((m = /^(.+) rose from outside the top (\w+) to (\w+)$/.exec(clause)))
        return { kind: 'entered', port: portOf(m[1]!), top: countEn(m[2]!), to: ordinalEn(m[3]!) };
      if ((m = /^(.+) rose to (\w+)$/.exec(clause))) return { kind: 'entered', port: portOf(m[1]!), top: 1, to: ordinalEn(m[2]!) };
      if ((m = /^(.+) (rose|fell) from (\w+) to (\w+)$/.exec(clause)))
        return { kind: m[2] as 'rose', port: portOf(m[1]!), from: ordinalEn(m[3]!), to: ordinalEn(m[4]!) };
      if ((m = /^(.+) stayed (\w+)$/.exec(clause)))
        return { kind: 'kept', port: portOf(m[1]!), from: ordinalEn(m[2]!), to: ordinalEn(m[2]!) };
      if ((m = /^(.+) entered the ranking in (\w+) place$/.exec(clause)))
        return { kind: 'entered', port: portOf(m[1]!), to: ordinalEn(m[2]!) };
      if ((m = /^(.+) dropped out of the ranking from (\w+) place$/.exec(clause)))
        return { kind: 'left', port: portOf(m[1]!), from: ordinalEn(m[2]!) };
      throw new Error(`a rank change no pattern knows: ${clause}`);
    });
  }
  if (/^上位\d+位の項目と順位は前四半期と同じでした。$/.test(text)) return 'unchanged';
  const body = /^前四半期と比べると、(.+)しました。$/.exec(text)?.[1];
  if (!body) return undefined;
  return body.split('、').map((clause): Claim => {
    let m: RegExpExecArray | null;
    if ((m = /^(.+)が(\d+)位から(\d+)位に(上昇|下降)$/.exec(clause)))
      return { kind: m[4] === '上昇' ? 'rose' : 'fell', port: portOf(m[1]!), from: Number(m[2]), to: Number(m[3]) };
    if ((m = /^(.+)が(\d+)位を維持$/.exec(clause))) return { kind: 'kept', port: portOf(m[1]!), from: Number(m[2]), to: Number(m[2]) };
    if ((m = /^(.+)が圏外から(\d+)位に上昇$/.exec(clause))) return { kind: 'entered', port: portOf(m[1]!), to: Number(m[2]) };
    if ((m = /^(.+)が上位(\d+)位圏外から(\d+)位に上昇$/.exec(clause)))
      return { kind: 'entered', port: portOf(m[1]!), top: Number(m[2]), to: Number(m[3]) };
    if ((m = /^(.+)が(\d+)位から圏外に後退$/.exec(clause))) return { kind: 'left', port: portOf(m[1]!), from: Number(m[2]) };
    throw new Error(`a rank change no pattern knows: ${clause}`);
  });
}

function verify(lang: 'en' | 'ja', markdown: string, s: Scenario): 'claims' | 'unchanged' | 'silent' {
  const o = oracle(s);
  const tree = reader.parse(markdown) as Root;
  const paragraphs = tree.children.filter((n) => n.type === 'paragraph').map((p) => toString(p));
  const found = paragraphs.map((p) => claims(lang, p)).filter((c) => c !== undefined);
  const shown = s.current.filter((e) => o.now.get(e.port)! <= LIMIT);
  // Every entry shown whose previous place the data decides, once; then the previous top that is no row now.
  // An entry outside a previous top N that ranks below N now may have stood where it stands: undecided.
  const decides = (e: Item) => {
    const before = o.previousOf(e.port);
    return before !== undefined && !('outside' in before && before.outside !== undefined && o.now.get(e.port)! > before.outside);
  };
  const decidable = shown.filter(decides).map((e) => e.port);
  // The previous top that is no row now: from the previous list, or from the previous ranks the data gives.
  const gone =
    s.mode === 'dataset' && s.previousComplete
      ? s.previous
          .filter((e) => o.before.get(e.port)! <= LIMIT && !shown.some((c) => c.port === e.port) && (o.now.has(e.port) || s.complete))
          .map((e) => e.port)
      : s.mode === 'data'
        ? s.current
            .filter((e, i) => o.now.get(e.port)! > LIMIT && typeof s.given[i] === 'number' && s.given[i]! <= LIMIT)
            .map((e) => e.port)
        : [];
  // An empty ranking has no section: nothing to show, nothing to compare.
  if (s.current.length === 0) {
    expect(found).toEqual([]);
    expect(tree.children.some((n) => n.type === 'table')).toBe(false);
    return 'silent';
  }
  // Nor does this quarter's list, counted and known only in part.
  const undecided = !s.complete && !s.rankOnly;
  if (decidable.length + gone.length === 0 || !o.anyPrevious || undecided) {
    expect(found, 'a rank-change sentence without anything to compare').toEqual([]);
  } else {
    expect(found).toHaveLength(1);
  }
  // The previous-rank column: a rank, "not ranked", "outside the top N", or a dash where the data does not tell.
  const table = tree.children.find((n): n is Table => n.type === 'table');
  if (table) {
    const rows = table.children.map((row) => row.children.map((cell) => toString(cell)));
    const withColumn = rows[0]!.length === 3;
    expect(withColumn, 'a previous-rank column exactly when there is something to put in it').toBe(o.anyPrevious);
    for (const row of rows.slice(1).filter(() => withColumn)) {
      const before = o.previousOf(portOf(row[1]!));
      const expected =
        before === undefined
          ? '—'
          : 'rank' in before
            ? String(before.rank)
            : before.outside === undefined
              ? lang === 'en'
                ? 'not ranked'
                : '圏外'
              : lang === 'en'
                ? before.outside === 1
                  ? 'below first'
                  : `outside the top ${before.outside}`
                : `上位${before.outside}位圏外`;
      expect(row[2], `previous rank of ${row[1]}`).toBe(expected);
    }
  }
  if (found.length === 0) return 'silent';
  const said = found[0]!;
  if (said === 'unchanged') {
    // Only two whole lists can be the same place for place.
    expect([s.mode, s.complete, s.previousComplete]).toEqual(['dataset', true, true]);
    const before = s.previous
      .filter((e) => o.before.get(e.port)! <= LIMIT)
      .map((e) => `${e.port} ${o.before.get(e.port)}`)
      .sort();
    expect(shown.map((e) => `${e.port} ${o.now.get(e.port)}`).sort()).toEqual(before);
    return 'unchanged';
  }
  for (const claim of said) {
    const now = o.now.get(claim.port);
    const before = o.previousOf(claim.port);
    if (claim.kind === 'left') {
      expect([o.before.get(claim.port), now, s.complete, s.mode]).toEqual([claim.from, undefined, true, 'dataset']);
      continue;
    }
    expect(now, `current rank of ${claim.port}`).toBe(claim.to);
    if (claim.kind === 'entered') {
      expect(before && 'outside' in before ? before.outside : 'not outside').toBe(claim.top);
      continue;
    }
    const from =
      s.mode === 'dataset' && !shown.some((e) => e.port === claim.port)
        ? o.before.get(claim.port)
        : before && 'rank' in before
          ? before.rank
          : undefined;
    if (!shown.some((e) => e.port === claim.port)) expect(from!, `${claim.port} was in the previous top`).toBeLessThanOrEqual(LIMIT);
    expect(from, `previous rank of ${claim.port}`).toBe(claim.from);
    expect(claim.kind).toBe(claim.from! > claim.to! ? 'rose' : claim.from! < claim.to! ? 'fell' : 'kept');
  }
  // Nothing the data decides is left out, and nothing it does not decide is said.
  expect(said.map((c) => c.port).sort()).toEqual([...decidable, ...gone].sort());
  return 'claims';
}

describe('rank-change sentences and the previous-rank column', () => {
  it('are true of their data in English and Japanese, and silent where it does not decide', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { current, previous } = datasets(s);
        const { posts } = await draft(current, { svg: false, template: 'quarterly', ...(previous ? { previous } : {}) });
        for (const post of posts) seen.add(`${post.lang} ${verify(post.lang as 'en' | 'ja', post.markdown, s)}`);
      }),
      { numRuns: RUNS * 2 },
    );
    expect([...seen].sort()).toEqual(['en claims', 'en silent', 'en unchanged', 'ja claims', 'ja silent', 'ja unchanged']);
  }, 120_000);

  it('catches a false claim: the oracle disagrees with a tampered sentence', async () => {
    const s: Scenario = {
      current: [
        { port: 23, packets: 50 },
        { port: 22, packets: 40 },
      ],
      rankOnly: false,
      complete: true,
      mode: 'dataset',
      previous: [
        { port: 22, packets: 9 },
        { port: 23, packets: 5 },
      ],
      previousComplete: true,
      given: [],
      previousTop: null,
    };
    const { current, previous } = datasets(s);
    const { posts } = await draft(current, { svg: false, template: 'quarterly', previous });
    expect(verify('en', posts[0]!.markdown, s)).toBe('claims');
    expect(posts[0]!.markdown).toContain(
      'Compared with the previous quarter, Telnet (23/TCP) rose from second to first and SSH (22/TCP) fell from first to second.',
    );
    expect(() => verify('en', posts[0]!.markdown.replace('rose from second to first', 'rose from third to first'), s)).toThrow();
    expect(() => verify('ja', posts[1]!.markdown.replace('2位から1位に上昇', '2位を維持'), s)).toThrow();
  });
});
