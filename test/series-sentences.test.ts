/**
 * Every series fact, true of its data: over random series (daily or monthly,
 * a quarter or a year, gaps, zeros, ties, no group, one, two or three
 * groups, one point or many), an oracle written here from the raw points
 * says what is true; each English claim is read back and checked against it,
 * and the Japanese sentences must be as many and carry the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const TEMPLATES = new URL('./fixtures/series/templates', import.meta.url).pathname;
const THRESHOLD = 100;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countOf = (word: string) => (WORDS.includes(word) ? WORDS.indexOf(word) : Number(word.replace(/,/g, '')));

type Pattern = 'random' | 'rising' | 'falling' | 'zero' | 'single';
const groupArb = fc.record({
  pattern: fc.constantFrom<Pattern>('random', 'random', 'rising', 'falling', 'zero', 'single'),
  observed: fc.constantFrom(1, 0.9, 0.6, 0.2),
  seed: fc.integer({ min: 0, max: 1e6 }),
});
const seriesArb = fc.record({
  daily: fc.boolean(),
  groups: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  patterns: fc.array(groupArb, { minLength: 3, maxLength: 3 }),
});
const scenarioArb = fc.record({
  year: fc.boolean(),
  quarter: fc.integer({ min: 1, max: 4 }),
  series: fc.array(seriesArb, { minLength: 1, maxLength: 2 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const VALUES = [0, 1, 5, 5, 100, 150, 300, 300];
/** A small deterministic generator, so that a pattern's values follow from its seed. */
const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

function timesOf(s: Scenario, daily: boolean): string[] {
  const months = Array.from(
    { length: s.year ? 12 : 3 },
    (_, i) => `2022-${String((s.year ? 0 : (s.quarter - 1) * 3) + i + 1).padStart(2, '0')}`,
  );
  if (!daily) return months;
  return months.flatMap((m) =>
    Array.from(
      { length: new Date(Date.UTC(2022, Number(m.slice(5)), 0)).getUTCDate() },
      (_, d) => `${m}-${String(d + 1).padStart(2, '0')}`,
    ),
  );
}

interface Point {
  time: string;
  group?: string;
  value: number;
}
function build(s: Scenario) {
  return s.series.map((series, index) => {
    const times = timesOf(s, series.daily);
    const names = series.groups === 0 ? [undefined] : Array.from({ length: series.groups }, (_, i) => `g${i + 1}`);
    const points: Point[] = names.flatMap((group, g) => {
      const { pattern, observed, seed } = series.patterns[g]!;
      const next = random(seed);
      const cut = Math.floor(next() * times.length);
      if (pattern === 'single')
        return [{ time: times[cut]!, value: VALUES[Math.floor(next() * VALUES.length)]!, ...(group ? { group } : {}) }];
      return times.flatMap((time, i): Point[] => {
        if (next() > observed) return [];
        const value =
          pattern === 'zero'
            ? 0
            : pattern === 'rising' && i < cut
              ? 0
              : pattern === 'falling' && i > cut
                ? 0
                : VALUES[Math.floor(next() * VALUES.length)]!;
        return [{ time, value, ...(group ? { group } : {}) }];
      });
    });
    // A group without points does not exist in the data.
    return {
      id: `s${index + 1}`,
      label: `Series ${index + 1}`,
      daily: series.daily,
      times,
      names: names.filter((n) => points.some((p) => p.group === n)),
      points,
    };
  });
}
type Built = ReturnType<typeof build>[number];

/** What is true of one group, from the points alone. */
function oracle(series: Built, group: string | undefined) {
  const points = series.points.filter((p) => p.group === group).sort((a, b) => a.time.localeCompare(b.time));
  const observed = new Map(points.map((p) => [p.time, p.value]));
  const max = Math.max(...points.map((p) => p.value));
  const monthOf = (m: string) => points.filter((p) => p.time.startsWith(m));
  const [first, last] = [monthOf(series.times[0]!.slice(0, 7)), monthOf(series.times.at(-1)!.slice(0, 7))];
  const mean = (list: Point[]) => list.reduce((a, p) => a + p.value, 0) / list.length;
  const edge = (times: string[]) => {
    const i = times.findIndex((t) => observed.get(t) !== 0);
    return i > 0 && (observed.get(times[i]!) ?? 0) > 0 ? times[i] : undefined;
  };
  return {
    points,
    peak: { value: max, times: points.filter((p) => p.value === max).map((p) => p.time) },
    change: first.length > 0 && last.length > 0 ? { first: mean(first), last: mean(last) } : undefined,
    above: points.filter((p) => p.value > THRESHOLD).length,
    unobserved: series.times.length - points.length,
    start: edge(series.times),
    stop: edge([...series.times].reverse()),
  };
}

/** "April 20" → 2022-04-20, "June" → 2022-06 */
const timeOf = (text: string): string => {
  const [month, day] = text.split(' ');
  const m = `2022-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}`;
  return day ? `${m}-${day.padStart(2, '0')}` : m;
};
const timesIn = (text: string) => text.split(/, and |, | and /).map(timeOf);
const amountOf = (text: string) => Number(text.replace(/,/g, ''));
const UNIT = '(?:packets?|hosts?)';

/** Checks one English sentence about one group against the oracle; returns the fact it spoke of. */
function checkSentence(fact: string, sentence: string, series: Built, truth: ReturnType<typeof oracle>): void {
  let m: RegExpExecArray | null;
  let text = sentence;
  const where = `${fact}: ${sentence}`;
  const unit = series.daily ? 'day' : 'month';
  if (fact === 'series-peak') {
    if ((m = /^.+ was zero (?:on every day|in every month) observed\.$/.exec(text))) return void expect(truth.peak.value, where).toBe(0);
    // A gap could hide a higher day: the peak is said of the days observed, and the gap counted.
    const gaps = / \(([\w,]+) (?:days?|months?) of the (?:quarter|year) (?:was|were) not observed\)\.$/.exec(text);
    expect(gaps ? countOf(gaps[1]!) : 0, `${where}: the days not observed`).toBe(truth.unobserved);
    if (gaps) {
      text = `${text.slice(0, gaps.index)}.`;
      const over = /^Over the ([\w,]+) (?:days|months) observed, /.exec(text);
      if (over) {
        expect(countOf(over[1]!), where).toBe(truth.points.length);
        text = text.slice(over[0].length);
      } else if ((m = /^(.+) was observed (?:on one day|in one month) alone, at /.exec(text))) {
        expect(truth.points.length, where).toBe(1);
        text = `${m[1]} peaked at ${text.slice(m[0].length)}`;
      } else throw new Error(`no pattern knows ${where}`);
    }
    m = new RegExp(`^.+ peaked at ([\\d,.]+) ${UNIT} (?:on|in) (.+)\\.$`).exec(text);
    expect(m, where).not.toBeNull();
    expect(amountOf(m![1]!), where).toBe(truth.peak.value);
    const many = /^(\w+) (?:days|months), the first being (.+)$/.exec(m![2]!);
    if (many) {
      expect(countOf(many[1]!), where).toBe(truth.peak.times.length);
      expect(timeOf(many[2]!), where).toBe(truth.peak.times[0]);
    } else expect(timesIn(m![2]!), where).toEqual(truth.peak.times);
  } else if (fact === 'series-change') {
    m =
      /^(?:Averaged over the days observed, )?.+ (showed no net change|rose by about ([\d,]+)%|fell by about ([\d,]+)%|rose by less than 1%|fell by less than 1%|rose from zero|fell to zero) from (\w+) to (\w+)\.$/.exec(
        text,
      );
    expect(m, where).not.toBeNull();
    const { first, last } = truth.change!;
    const exact = first === 0 ? Infinity : ((last - first) / first) * 100;
    const said = m![1]!;
    if (said === 'showed no net change') expect(last, where).toBe(first);
    else if (said === 'rose from zero') expect([first, last > 0], where).toEqual([0, true]);
    else if (said === 'fell to zero') expect([first > 0, last], where).toEqual([true, 0]);
    else if (said.includes('less than'))
      expect(Math.abs(exact) < 1 && exact !== 0 && exact > 0 === said.startsWith('rose'), where).toBe(true);
    else {
      const percent = amountOf(m![2] ?? m![3]!);
      const signed = m![2] ? percent : -percent;
      expect(Math.abs(signed - exact) <= 0.5 || (signed === -99 && exact < -99), where).toBe(true);
      expect(last > 0, where).toBe(true);
    }
    expect(timeOf(m![4]!), where).toBe(series.times[0]!.slice(0, 7));
    expect(timeOf(m![5]!), where).toBe(series.times.at(-1)!.slice(0, 7));
  } else if (fact === 'series-threshold') {
    const gaps = /\(([\w,]+) (?:days?|months?) of the (?:quarter|year) (?:was|were) not observed\)\.$/.exec(text);
    expect(gaps ? countOf(gaps[1]!) : 0, where).toBe(truth.unobserved);
    expect(text, where).toContain(`above ${THRESHOLD} `);
    expect(text, `${where}: "all two" or "none of the two"`).not.toMatch(/\ball two\b|none of the two\b/);
    const observed = truth.points.length;
    if (/on no day|in no month|not above .* the only|in none of|on none of|neither of the two/.test(text)) {
      expect(truth.above, where).toBe(0);
      const total = /(?:none|neither) of the ([\w,]+)/.exec(text);
      if (total) expect(countOf(total[1]!), where).toBe(observed);
    } else if ((m = /(?:on|in) ([\w,]+) of the ([\w,]+) (?:days|months)/.exec(text))) {
      expect([countOf(m[1]!), countOf(m[2]!)], where).toEqual([truth.above, observed]);
      expect(truth.above > 0 && truth.above < observed, where).toBe(true);
    } else if (/every (?:day|month) of the|the only (?:day|month) observed|on all|in all|on both|in both/.test(text)) {
      if (/on both|in both/.test(text)) expect(observed, where).toBe(2);
      expect(truth.above, where).toBe(observed);
    } else throw new Error(`no pattern knows ${where}`);
  } else if (fact === 'series-span') {
    const t = series.daily ? '(\\w+ \\d+)' : '(\\w+)';
    const [start, stop] = [truth.start, truth.stop];
    if ((m = new RegExp(`^.+ was above zero (?:on|in) ${t} alone: every other ${unit}`).exec(text)))
      expect([timeOf(m[1]!), timeOf(m[1]!)], where).toEqual([start, stop]);
    else if ((m = new RegExp(`^.+ started (?:on|in) ${t} and stopped after ${t}:`).exec(text)))
      expect([timeOf(m[1]!), timeOf(m[2]!)], where).toEqual([start, stop]);
    else if ((m = new RegExp(`^.+ started (?:on|in) ${t}:`).exec(text))) expect([timeOf(m[1]!), stop], where).toEqual([start, undefined]);
    else if ((m = new RegExp(`^.+ stopped after ${t}:`).exec(text))) expect([start, timeOf(m[1]!)], where).toEqual([undefined, stop]);
    else throw new Error(`no pattern knows ${where}`);
  }
}

/** Which groups a fact speaks of: the oracle's answer to "is there anything to say?". */
const speaks = (fact: string, truth: ReturnType<typeof oracle>): boolean =>
  fact === 'series-change'
    ? truth.change !== undefined
    : fact === 'series-span'
      ? truth.start !== undefined || truth.stop !== undefined
      : true;

const sentencesOf = (text: string) => text.split(/(?<=\.) (?=\S)/);

describe('series facts are true of random series', () => {
  it('in English claim by claim, and in Japanese sentence for sentence with the same numbers', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const built = build(s).filter((series) => series.points.length > 0);
        fc.pre(built.length > 0);
        const dataset = checkDataset({
          schemaVersion: 2,
          period: s.year ? { year: 2022 } : { year: 2022, quarter: s.quarter },
          series: built.map((b) => ({
            id: b.id,
            unit: b.id === 's1' ? 'packets' : 'hosts',
            label: { en: b.label },
            points: b.points.map((p) => ({ [b.daily ? 'date' : 'month']: p.time, value: p.value, ...(p.group ? { group: p.group } : {}) })),
          })),
        });
        const result = await draft(dataset, { template: 'series-all', templatesDir: TEMPLATES, svg: false });
        for (const fact of ['series-peak', 'series-change', 'series-threshold', 'series-span']) {
          const explanation = result.explanations.find((e) => e.fact === fact)!;
          const en = (explanation.sentences.en ?? '').replace(/[\u2068\u2069]/g, '');
          const ja = (explanation.sentences.ja ?? '').replace(/[\u2068\u2069]/g, '');
          // Each series' sentences, under its label when it has groups.
          const expected = built.flatMap((series) =>
            series.names.map((group) => ({ series, group, truth: oracle(series, group) })).filter((x) => speaks(fact, x.truth)),
          );
          const sentences = en === '' ? [] : sentencesOf(en);
          expect(sentences.length, `${fact}: ${en}`).toBe(expected.length);
          sentences.forEach((sentence, i) => {
            const { series, group, truth } = expected[i]!;
            const body = group === undefined ? sentence : sentence.replace(new RegExp(`^${series.label}: `), '');
            expect(
              body
                .replace(/^(?:Averaged over the days observed|Over the [\w,]+ (?:days|months) observed), /, '')
                .startsWith(group ?? series.label),
              `${fact}: ${sentence} should speak of ${group ?? series.label}`,
            ).toBe(true);
            checkSentence(fact, body, series, truth);
          });
          expect(ja === '' ? 0 : ja.split('。').length - 1, `${fact} ja: ${ja}`).toBe(expected.length);
          for (const number of en.match(/\d[\d,.]*\d|\d/g) ?? []) expect(ja, `${fact}: ${number} of "${en}" in "${ja}"`).toContain(number);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
