/**
 * Axis tick labels in the words of one language: compact where the language
 * has a compact form that states the tick exactly (800K, 1M; 80万, 100万),
 * grouped digits otherwise.
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
 * One label per tick value. A compact label is used only when rounding to three significant
 * digits loses nothing (2.5M, never a 1.25M shown as 1.3M) and it is shorter than the digits.
 */
export function tickLabels(lang: string, values: readonly number[]): string[] {
  const { compact, exactCompact, full } = formatsOf(lang);
  return values.map((value) => {
    const short = compact.format(value);
    const digits = full.format(value);
    return short === exactCompact.format(value) && short.length < digits.length ? short : digits;
  });
}
