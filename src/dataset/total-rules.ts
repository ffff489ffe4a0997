/**
 * The rule a dataset's `total` brings: a ranking over all sensors cannot count
 * more packets than all the sensors received, or every share taken of the
 * total would be over 100 %.
 */
import { isObject, type Raw, type RuleFinding } from './ranked-lists.js';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Number formatting for messages: exact and grouped, as every message of the tool. */
const grouped = (value: number): string => value.toLocaleString('en', { maximumFractionDigits: 4 });

export function checkTotal(data: Raw, findings: RuleFinding[]): void {
  if (!isObject(data.total) || !isCount(data.total.packets) || !Array.isArray(data.rankings)) return;
  const total = data.total.packets;
  data.rankings.forEach((ranking, index) => {
    // A scoped ranking counts a part (one region, one sensor, one source country): nothing to hold against the whole.
    if (!isObject(ranking) || ranking.scope !== undefined || !Array.isArray(ranking.entries)) return;
    const counts = ranking.entries.map((entry) => (isObject(entry) ? entry.packets : undefined));
    if (counts.length === 0 || !counts.every(isCount)) return;
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum <= total) return;
    findings.push({
      path: ['rankings', index, 'entries'],
      ruleId: 'share-over-total',
      expected: `packets that sum to at most total.packets (${grouped(total)}), as the ranking counts packets of all sensors`,
      found: `${grouped(sum)} packets in the ${counts.length} ${counts.length === 1 ? 'entry' : 'entries'} of ranking ${typeof ranking.id === 'string' ? `"${ranking.id}"` : index}`,
    });
  });
}
