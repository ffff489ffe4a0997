/**
 * The `breakdown` of a table: beside each entry, its packets and, for each
 * category shown, the count and the share of those packets. A count the data
 * does not give is an empty cell (unknown), never 0.
 */
import { categoriesCarried, categoryCount, categoryShare, shareOf, type Ranked } from '../analysis/index.js';
import type { Category } from '../dataset/schema.js';
import type { DataTable, TableColumn, Value } from './nodes.js';
import { shareValue } from './total-facts.js';

const message = (key: string, values: Record<string, Value> = {}): Value => ({ kind: 'message', message: { key, values } });

/** A category's name in the post: its label in the language, else its id. */
export const categoryName = (id: string, category: Category | undefined): Value => ({
  kind: 'label',
  texts: category?.label ?? {},
  fallback: id,
});

/** The categories a table shows: every declared one the entries carry (`all`), or the one named if the dataset declares it. */
export function shownCategories(
  breakdown: string | undefined,
  entries: readonly Ranked[],
  categories: Readonly<Record<string, Category>>,
): string[] {
  if (breakdown === undefined) return [];
  if (breakdown === 'all') return categoriesCarried(entries, Object.keys(categories));
  return Object.hasOwn(categories, breakdown) ? [breakdown] : [];
}

/** The table with the breakdown columns added; the table itself when no category is shown or the list has no packets. */
export function withBreakdown(
  table: DataTable,
  entries: readonly Ranked[],
  categories: Readonly<Record<string, Category>>,
  breakdown: string | undefined,
): DataTable {
  const shown = shownCategories(breakdown, entries, categories);
  if (shown.length === 0 || entries.some((entry) => entry.packets === undefined)) return table;
  const columns: TableColumn[] = [
    { header: message('breakdowns:tables.packets'), align: 'right' },
    ...shown.flatMap((id): TableColumn[] => [
      { header: categoryName(id, categories[id]), align: 'right' },
      { header: message('breakdowns:tables.share'), align: 'right' },
    ]),
  ];
  const rows = entries.map((entry, i) => [
    ...table.rows[i]!,
    // Counts as given, fractions too: a share of 80.0% stands beside the 2.4 of 3 it was taken of.
    { kind: 'number', value: entry.packets!, style: 'exact' } as Value,
    ...shown.flatMap((id): (Value | undefined)[] => {
      const count = categoryCount(entry, id);
      if (count === undefined) return [undefined, undefined];
      const share = categoryShare(entry, id);
      return [
        { kind: 'number', value: count, style: 'exact' },
        // The same rule as the share of all packets: "less than 0.1%" rather than a 0.1% that overstates 0.0001%.
        share === undefined ? undefined : shareValue(shareOf(count, entry.packets!)),
      ];
    }),
  ]);
  return { ...table, columns: [...table.columns, ...columns], rows };
}
