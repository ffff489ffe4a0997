/**
 * The `breakdown` of a table: beside each entry, its packets and, for each
 * category shown, the count and the share of those packets. A count the data
 * does not give is an empty cell (unknown), never 0.
 */
import { categoriesCarried, categoryCount, categoryShare, type Ranked } from '../analysis/index.js';
import type { Category } from '../dataset/schema.js';
import type { DataTable, TableColumn, Value } from './nodes.js';

const message = (key: string, values: Record<string, Value> = {}): Value => ({ kind: 'message', message: { key, values } });

/** A category's name in the post: its label in the language, else its id. */
export const categoryName = (id: string, category: Category | undefined): Value => ({ kind: 'label', texts: category?.label ?? {}, fallback: id });

/** The categories a table shows: every declared one the entries carry (`all`), or the one named if the dataset declares it. */
export function shownCategories(breakdown: string | undefined, entries: readonly Ranked[], categories: Readonly<Record<string, Category>>): string[] {
  if (breakdown === undefined) return [];
  if (breakdown === 'all') return categoriesCarried(entries, Object.keys(categories));
  return Object.hasOwn(categories, breakdown) ? [breakdown] : [];
}

/**
 * A share to one decimal, kept off 100.0% while some packet was of another
 * kind and off 0.0% while some was of this one: the cell never says "all" or
 * "none" that the counts deny.
 */
export function displayShare(count: number, packets: number): number {
  const share = Math.round((count / packets) * 1000) / 10;
  if (count < packets && share >= 100) return 99.9;
  if (count > 0 && share <= 0) return 0.1;
  return share;
}

/** The table with the breakdown columns added; the table itself when no category is shown or the list has no packets. */
export function withBreakdown(table: DataTable, entries: readonly Ranked[], categories: Readonly<Record<string, Category>>, breakdown: string | undefined): DataTable {
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
    { kind: 'number', value: entry.packets! } as Value,
    ...shown.flatMap((id): (Value | undefined)[] => {
      const count = categoryCount(entry, id);
      if (count === undefined) return [undefined, undefined];
      const share = categoryShare(entry, id);
      return [
        { kind: 'number', value: count },
        share === undefined ? undefined : message('breakdowns:tables.shareCell', { share: { kind: 'number', value: displayShare(count, entry.packets!), style: 'ratio' } }),
      ];
    }),
  ]);
  return { ...table, columns: [...table.columns, ...columns], rows };
}
