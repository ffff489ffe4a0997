/**
 * Rules of categories that JSON Schema cannot say: an entry's categories are
 * declared ones, count no more than the entry's packets, and stand only on
 * counted entries (a share needs a total); labels are one line of text.
 */
import type { PathSegment } from '../json-source.js';
import { textFinding } from './text-rules.js';
import { CATEGORY_ID } from './schema.js';
import { isObject, type Raw, type RuleFinding } from './ranked-lists.js';

/** The lists whose entries may carry categories: the source country's and every ranking's. */
function categorizedLists(data: Raw): { entries: unknown; at: PathSegment[] }[] {
  const lists: { entries: unknown; at: PathSegment[] }[] = [];
  if (isObject(data.sourceCountryTop)) lists.push({ entries: data.sourceCountryTop.entries, at: ['sourceCountryTop', 'entries'] });
  if (Array.isArray(data.rankings))
    data.rankings.forEach(
      (ranking, index) => isObject(ranking) && lists.push({ entries: ranking.entries, at: ['rankings', index, 'entries'] }),
    );
  return lists;
}

export function checkCategories(data: Raw, findings: RuleFinding[]): void {
  const declared = isObject(data.categories) ? Object.keys(data.categories) : [];
  for (const id of declared) {
    const category = (data.categories as Raw)[id];
    if (!isObject(category) || !isObject(category.label)) continue;
    for (const [lang, text] of Object.entries(category.label)) {
      const finding = textFinding(['categories', id, 'label', lang], text);
      if (finding) findings.push(finding);
    }
  }
  const listed = declared.filter((id) => CATEGORY_ID.test(id));
  const known = listed.length > 0 ? listed.join(', ') : 'none declared: add a top-level categories object';
  for (const { entries, at } of categorizedLists(data)) {
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (!isObject(entry) || !isObject(entry.categories)) return;
      const here: PathSegment[] = [...at, index, 'categories'];
      // A list of ranks only has no total to take a share of.
      if (entry.packets === undefined) {
        findings.push({
          path: here,
          ruleId: 'category-without-packets',
          expected: 'categories only on entries that give packets (a share needs a total)',
          found: 'categories on an entry without packets',
        });
        return;
      }
      for (const [id, count] of Object.entries(entry.categories)) {
        if (!declared.includes(id)) {
          findings.push({
            path: [...here, id],
            ruleId: 'unknown-category',
            expected: `a category declared in categories (${known})`,
            found: JSON.stringify(id),
            atKey: true,
          });
        } else if (typeof count === 'number' && typeof entry.packets === 'number' && count > entry.packets) {
          findings.push({
            path: [...here, id],
            ruleId: 'category-over-total',
            expected: `at most the entry's packets (${entry.packets})`,
            found: String(count),
          });
        }
      }
    });
  }
  // Per-sensor lists have no breakdown: a count there would be read by nothing.
  if (!isObject(data.sensorTop)) return;
  for (const [sensor, list] of Object.entries(data.sensorTop)) {
    const [entries, at]: [unknown, PathSegment[]] = isObject(list)
      ? [list.entries, ['sensorTop', sensor, 'entries']]
      : [list, ['sensorTop', sensor]];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (isObject(entry) && entry.categories !== undefined) {
        findings.push({
          path: [...at, index, 'categories'],
          ruleId: 'unknown-field',
          expected: 'only protocol, port and packets or rank here: categories belong to the entries of sourceCountryTop and rankings',
          found: '"categories"',
          atKey: true,
        });
      }
    });
  }
}
