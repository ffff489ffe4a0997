/** The locale keys of time series that the code asks for (base names of plural keys), for `CODE_KEYS`. */
const each = (prefix: string, names: readonly string[]) => names.map((name) => `${prefix}.${name}`);
const KINDS = ['days', 'months'] as const;
const UNITS = ['packets', 'sources', 'hosts'] as const;

export const SERIES_KEYS: readonly string[] = [
  ...each('series:units', UNITS),
  'series:join',
  'series:grouped',
  ...each('series:when.list', KINDS),
  ...each('series:when.many', KINDS),
  'series:peak.sentence',
  ...each('series:peak.sentenceGaps', KINDS),
  ...each('series:peak.zero', KINDS),
  ...each('series:change', [
    'perDay',
    'perMonth',
    'unknown',
    'same',
    'rose',
    'fell',
    'roseLittle',
    'fellLittle',
    'roseFromZero',
    'fellToZero',
  ]),
  ...each('series:gaps', KINDS),
  ...KINDS.flatMap((kind) =>
    each(`series:above.${kind}`, ['some', 'someGaps', 'none', 'noneGaps', 'noneGapsNeither', 'all', 'allGaps', 'allGapsBoth']),
  ),
  ...KINDS.flatMap((kind) => each(`series:span.${kind}`, ['started', 'stopped', 'both', 'once'])),
  ...each('series:chart.description', KINDS),
  ...each('series:chart.x', KINDS),
  ...each('series:chart.y', UNITS),
  'series:chart.legend',
  ...each('series:chart.format', KINDS),
];
