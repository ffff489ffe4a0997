/**
 * Rules of the time series that JSON Schema cannot say: unique ids, one
 * granularity a series, every point inside the period and each day (month)
 * and group once, and one-line text in labels and groups.
 */
import type { PathSegment } from '../json-source.js';
import { periodDays, periodMonths } from './period.js';
import { periodSchema } from './schema.js';
import { isObject, isString, type Raw, type RuleFinding } from './ranked-lists.js';
import { checkTexts } from './text-rules.js';

/**
 * A real calendar day: the schema reports the others (invalid-format). Checked by its numbers,
 * never through a Date that could be invalid (month 13, day 00): these rules run on input the
 * schema has refused, and must not throw on it.
 */
export function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function checkSeries(data: Raw, findings: RuleFinding[]): void {
  const list = data.series;
  if (!Array.isArray(list)) return;
  const period = periodSchema.safeParse(data.period);
  const bounds = period.success ? { days: periodDays(period.data), months: periodMonths(period.data) } : undefined;
  const firstIndex = new Map<string, number>();
  list.forEach((series, index) => {
    if (!isObject(series)) return;
    const here: PathSegment[] = ['series', index];
    if (isString(series.id)) {
      const earlier = firstIndex.get(series.id);
      if (earlier !== undefined)
        findings.push({
          path: [...here, 'id'],
          ruleId: 'duplicate-series',
          expected: 'an id that no other series has',
          found: `${JSON.stringify(series.id)}, already the id of series[${earlier}]`,
        });
      else firstIndex.set(series.id, index);
    }
    if (isObject(series.label))
      checkTexts(
        Object.entries(series.label).map(([lang, text]) => [[...here, 'label', lang], text]),
        findings,
      );
    if (Array.isArray(series.points)) checkPoints(series.points, [...here, 'points'], bounds, findings);
  });
}

function checkPoints(
  points: unknown[],
  at: PathSegment[],
  bounds: { days: { first: string; last: string }; months: string[] } | undefined,
  findings: RuleFinding[],
): void {
  let granularity: { kind: 'date' | 'month'; index: number } | undefined;
  let grouped: { has: boolean; index: number } | undefined;
  const seen = new Map<string, number>();
  points.forEach((point, index) => {
    if (!isObject(point)) return;
    const here = [...at, index];
    if (point.group !== undefined) checkGroup(point.group, [...here, 'group'], findings);
    const hasGroup = point.group !== undefined;
    if (!grouped) grouped = { has: hasGroup, index };
    else if (grouped.has !== hasGroup) {
      findings.push({
        path: here,
        ruleId: 'mixed-groups',
        expected: `${grouped.has ? 'a group' : 'no group'}, as at [${grouped.index}]: a group on every point of a series or on none`,
        found: hasGroup ? `group ${JSON.stringify(point.group)}` : 'no group',
      });
    }
    const hasDate = point.date !== undefined;
    const hasMonth = point.month !== undefined;
    if (hasDate === hasMonth) {
      findings.push({
        path: here,
        ruleId: 'point-time',
        expected: 'exactly one of date (YYYY-MM-DD) or month (YYYY-MM)',
        found: hasDate ? 'both' : 'neither',
      });
      return;
    }
    const kind = hasDate ? 'date' : 'month';
    const time = point[kind];
    if (!isString(time) || !(kind === 'date' ? isDay(time) : MONTH.test(time))) return;
    if (!granularity) granularity = { kind, index };
    else if (granularity.kind !== kind) {
      findings.push({
        path: [...here, kind],
        ruleId: 'mixed-granularity',
        expected: `a ${granularity.kind}, as at [${granularity.index}]: one series is daily or monthly throughout`,
        found: `a ${kind}`,
      });
      return;
    }
    if (bounds) {
      const outside = kind === 'date' ? time < bounds.days.first || time > bounds.days.last : !bounds.months.includes(time);
      if (outside) {
        const [first, last] = kind === 'date' ? [bounds.days.first, bounds.days.last] : [bounds.months[0]!, bounds.months.at(-1)!];
        findings.push({
          path: [...here, kind],
          ruleId: 'point-outside-period',
          expected: `a ${kind === 'date' ? 'day' : 'month'} of the period, ${first} to ${last}`,
          found: JSON.stringify(time),
        });
        return;
      }
    }
    // Groups that are canonically equivalent (NFC) are one group: "é" and "e\u0301" look the same in every sentence.
    const group = isString(point.group) ? point.group : '';
    const key = `${time}\u0000${group.normalize('NFC')}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const first = points[earlier] as Raw;
      const spelling =
        isString(first.group) && first.group !== group
          ? ` (the same group as ${JSON.stringify(first.group)}, ${codePoints(first.group)}, written ${codePoints(group)})`
          : '';
      findings.push({
        path: here,
        ruleId: 'duplicate-point',
        expected: 'one point per day (month) and group',
        found: `${time}${isString(point.group) ? ` ${JSON.stringify(point.group)}` : ''} again${spelling}, first at [${earlier}]`,
      });
    } else seen.set(key, index);
  });
}

const codePoints = (text: string): string =>
  [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/** A group is one line of text without white space at either end: `"a"` and `" a "` would be two groups that read the same. */
function checkGroup(group: unknown, path: PathSegment[], findings: RuleFinding[]): void {
  const before = findings.length;
  checkTexts([[path, group]], findings);
  if (findings.length > before || !isString(group) || group.trim() === group || group.trim() === '') return;
  findings.push({ path, ruleId: 'invalid-text', expected: 'a group without white space at either end', found: JSON.stringify(group) });
}
