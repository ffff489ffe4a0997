/**
 * Counts in the words of one language, for axis ticks and sentences: compact
 * where the language has a compact form that states the count exactly (800K,
 * 1M; 80万, 100万), grouped digits otherwise.
 */

const formats = new Map<string, { compact: Intl.NumberFormat; exactCompact: Intl.NumberFormat; full: Intl.NumberFormat }>();

function formatsOf(lang: string) {
  let found = formats.get(lang);
  if (!found) {
    found = {
      compact: new Intl.NumberFormat(lang, { notation: 'compact', maximumSignificantDigits: 3 }),
      exactCompact: new Intl.NumberFormat(lang, { notation: 'compact', maximumSignificantDigits: 21 }),
      full: new Intl.NumberFormat(lang, { maximumFractionDigits: 20 }),
    };
    formats.set(lang, found);
  }
  return found;
}

/**
 * A count as the language writes it compactly (80万, 1.25M) when that states it exactly and is
 * shorter than its digits; otherwise its digits. A sentence or a tick never rounds a count:
 * 999,999 is never "100万".
 */
export function exactCompact(lang: string, value: number): string {
  const { compact, exactCompact: exact, full } = formatsOf(lang);
  const short = compact.format(value);
  const digits = full.format(value);
  return short === exact.format(value) && short.length < digits.length ? short : digits;
}

/** One label per tick value (see {@link exactCompact}). */
export const tickLabels = (lang: string, values: readonly number[]): string[] => values.map((value) => exactCompact(lang, value));
