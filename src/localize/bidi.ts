/**
 * Data text set among the words of a sentence or the cells of a table row is
 * isolated (Unicode bidi, UAX #9): a label with right-to-left letters or with
 * its own direction overrides then orders only itself, never the row around it.
 */
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';
const ISOLATE_INITIATORS = new Set(['\u2066', '\u2067', '\u2068']);

/**
 * The text between FSI and PDI, balanced: a PDI of the text's own that closes
 * nothing in it would end the isolate early, so it is left out (it has no
 * other effect on display); an isolate the text opens and leaves open is
 * closed before the end, or the closing PDI would close it instead of ours.
 * Overrides and embeddings left open end at a PDI by themselves.
 */
export function isolate(text: string): string {
  let open = 0;
  let inner = '';
  for (const char of text) {
    if (ISOLATE_INITIATORS.has(char)) open++;
    else if (char === POP_DIRECTIONAL_ISOLATE) {
      if (open === 0) continue;
      open--;
    }
    inner += char;
  }
  return `${FIRST_STRONG_ISOLATE}${inner}${POP_DIRECTIONAL_ISOLATE.repeat(open)}${POP_DIRECTIONAL_ISOLATE}`;
}
