/**
 * Which fonts chart text is measured in (text-metrics.ts), without loading
 * them: for checking a locale's font stack.
 */

/** Families whose advance widths are Arimo's: the fonts were drawn to be metric-compatible. */
export const METRIC_FONT_FAMILIES = ['Arimo', 'Liberation Sans', 'Arial', 'Helvetica'] as const;
const METRIC_FAMILY_NAMES = new Set(METRIC_FONT_FAMILIES.map((family) => family.toLowerCase()));

/** The families of a CSS font stack, unquoted, in order. */
export function fontFamilies(stack: string): string[] {
  const families: string[] = [];
  for (const match of stack.matchAll(/\s*("([^"]*)"|'([^']*)'|[^,]+)\s*(?:,|$)/g)) {
    const family = (match[2] ?? match[3] ?? match[1] ?? '').trim();
    if (family !== '') families.push(family);
  }
  return families;
}

/** True when the stack names first a family whose widths chart text is measured with. */
export function hasKnownMetrics(stack: string): boolean {
  const first = fontFamilies(stack)[0];
  return first !== undefined && METRIC_FAMILY_NAMES.has(first.toLowerCase());
}
