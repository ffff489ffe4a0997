/**
 * The dataset contract, defined once.
 *
 * The TypeScript types below are inferred from this zod schema, and the JSON
 * Schema shipped as `dataset.schema.json` is generated from it
 * (`npm run schema`; a test fails when the committed file is stale). Rules
 * that JSON Schema cannot say (unique ids, keys that must name a sensor,
 * months inside the quarter) live in `rules.ts`.
 */
import { z } from 'zod';

/** The newest version of the contract; every version listed in {@link SCHEMA_VERSIONS} is read. */
export const SCHEMA_VERSION = 2;
export const SCHEMA_VERSIONS = [1, 2] as const;

/** Limits that keep a hostile or broken file from exhausting memory or flooding a post. */
export const LIMITS = {
  sensors: 10_000,
  entriesPerList: 100_000,
  idLength: 64,
  labelLength: 200,
  protocolLength: 32,
  rankings: 100,
  rank: 1_000_000,
  series: 50,
  pointsPerSeries: 100_000,
  groupLength: 64,
} as const;

/** Sensor ids: a letter or digit first (so never `__proto__`), then letters, digits and `_ . : @ / + -`. */
export const SENSOR_ID = /^[A-Za-z0-9][\w.:@/+-]*$/;

/** Protocols whose entries carry a port number. */
export const PORTED_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

const caseInsensitive = (word: string): string =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

const protocolField = z
  .string()
  .min(1)
  .max(LIMITS.protocolLength)
  .describe('IANA protocol keyword (TCP, UDP, SCTP, ICMP, GRE, ESP, …), any letter case.');
const portField = z
  .int()
  .min(0)
  .max(65535)
  .optional()
  .describe('Destination port, 0-65535. Required for TCP, UDP and SCTP; forbidden for other protocols.');
const packetsField = z.number().min(0);
const rankField = z.int().min(1).max(LIMITS.rank);
// JSON Schema's way of saying the port rule, so that editors flag it too.
const portRule = {
  if: { properties: { protocol: { type: 'string', pattern: `^(${PORTED_PROTOCOLS.map(caseInsensitive).join('|')})$` } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, data for the schema, never awaited.
  then: { required: ['port'] },
  else: { not: { required: ['port'] } },
};

/** A version 1 entry: always counted. */
export const entrySchemaV1 = z
  .strictObject({
    protocol: protocolField,
    port: portField,
    packets: packetsField.describe('Packets received for this protocol/port in the quarter (non-negative).'),
  })
  .meta(portRule);

/** What a version 2 entry says of its place: counted, or ranked only, and where it stood before. */
const standing = {
  packets: packetsField.optional().describe('Packets in the quarter. Give packets for every entry of a list, or rank for every entry.'),
  rank: rankField.optional().describe('Competition rank (1, 2, 2, 4), for a list published without counts.'),
  previousRank: z
    .union([rankField, z.null()])
    .optional()
    .describe('Rank in the previous period, or null when the entry was outside the previous list; absent when not known.'),
  categories: z
    .record(z.string(), z.number().min(0))
    .optional()
    .describe(
      'Packets of this entry per category declared in the top-level categories (id → count, at most packets); the share is computed, never given. Only on counted entries of sourceCountryTop and rankings.',
    ),
};

export const entrySchema = z.strictObject({ protocol: protocolField, port: portField, ...standing }).meta(portRule);

export const regionEntrySchema = z.strictObject({
  region: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .describe('ISO 3166-1 alpha-2 code of the source country or region.'),
  ...standing,
});

export const regionSchema = z.enum(['domestic', 'overseas']).describe('Relative to the publisher’s country.');

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/);
/** A name per language: sensors and series share the rules (rules.ts checks the text itself). */
const labelField = z.record(languageTag, z.string().min(1).max(LIMITS.labelLength).regex(/\S/));
/** Ids that templates name (rankings, series): lower-case words joined by hyphens. */
const namedId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(LIMITS.idLength);

/** Category ids: lower-case words joined by hyphens; `all` is reserved by templates (`breakdown=all`). */
export const CATEGORY_ID = /^(?!all$)[a-z0-9]+(-[a-z0-9]+)*$/;
export const categorySchema = z.strictObject({
  label: labelField.describe('Display name per language (BCP 47 tag → text), one line, as sensor labels.'),
});

export const sensorSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(LIMITS.idLength)
    .regex(SENSOR_ID)
    .describe('Unique sensor id, used as a key of sensorTop: a letter or digit, then letters, digits and _ . : @ / + -.'),
  region: regionSchema,
  label: labelField
    .optional()
    .describe(
      'Display name per language (BCP 47 tag → text), trimmed, one line: no control characters (tab and line feed included) or noncharacters. Without one, sensors are named by region and number.',
    ),
});

export const dailyAverageSchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .describe('YYYY-MM: a month of the quarter, or the same month one year earlier.'),
  region: regionSchema,
  packets: z.number().min(0).describe('Average packets one sensor of the region received per day in that month.'),
});

const schemaUrl = z.string().optional().describe('Path or URL of this JSON Schema, for editors.');
const quarterPeriod = z
  .strictObject({
    year: z.int().min(1970).max(9999),
    quarter: z.int().min(1).max(4).describe('Calendar quarter: 1 = January-March, …, 4 = October-December.'),
  })
  .describe('A calendar quarter.');
export const periodSchema = z
  .union([
    quarterPeriod,
    z.strictObject({ year: z.int().min(1970).max(9999).describe('A calendar year, January to December.') }).describe('A calendar year.'),
    z
      .strictObject({
        fiscalYear: z
          .int()
          .min(1970)
          .max(9999)
          .describe('The calendar year the fiscal year starts in: FY2024 from April starts in April 2024.'),
        startMonth: z.int().min(1).max(12).describe('The month the fiscal year starts in (4 = April, as in Japan).'),
      })
      .describe('A fiscal year of twelve months.'),
  ])
  .describe(
    'The period the observations cover: a calendar quarter { year, quarter }, a calendar year { year }, or a fiscal year { fiscalYear, startMonth }.',
  );
const publishedOn = z.iso.date().optional().describe('Publication date (YYYY-MM-DD).');
const sensorsOf = <S extends z.ZodType>(sensor: S) =>
  z.array(sensor).min(1).max(LIMITS.sensors).describe('Sensors, numbered per region in the order given.');
const sensorsField = sensorsOf(sensorSchema);
/** Version 2 sensors may say how many packets they received in all, for comparing sensors. */
export const sensorSchemaV2 = sensorSchema.extend({
  packets: packetsField.optional().describe('Total packets the sensor received over the period (non-negative); optional.'),
});
const sensorsFieldV2 = sensorsOf(sensorSchemaV2);
const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO 3166-1 alpha-2 code of the source country.');
const dailyAveragesField = z.array(dailyAverageSchema).max(100).describe('Per month and region: average packets per sensor per day.');
const complete = z
  .boolean()
  .describe('false when the list is cut off or known only in part: facts then claim nothing the missing part could change.');

/** What every version begins with: the schema, the version, the period. */
const header = <V extends number, P extends z.ZodType>(version: V, period: P) => ({
  $schema: schemaUrl,
  schemaVersion: z.literal(version).describe('Version of the dataset contract.'),
  period,
  publishedOn,
});

export const datasetSchemaV1 = z
  .strictObject({
    // Version 1 knew quarters only.
    ...header(1, quarterPeriod.describe('The calendar quarter the observations cover.')),
    sensors: sensorsField,
    sourceCountryTop: z
      .strictObject({
        country: countryCode,
        entries: z
          .array(entrySchemaV1)
          .max(LIMITS.entriesPerList)
          .describe('Packets from sources in that country, by protocol/port; any order.'),
      })
      .optional()
      .describe('Optional: what sources in one country sent.'),
    sensorTop: z
      .record(z.string(), z.array(entrySchemaV1).max(LIMITS.entriesPerList))
      .describe('Per sensor id: packets received, by protocol/port; any order.'),
    dailyAverages: dailyAveragesField,
  })
  .meta({ title: 'telescope-report dataset, version 1' });

const entries = z.array(entrySchema).max(LIMITS.entriesPerList);

/** A per-sensor list: plain, or `{ entries, complete: false }` when only part of it is known. */
const sensorListSchema = z
  .union([entries, z.strictObject({ entries, complete })])
  .transform((list) => (Array.isArray(list) ? { entries: list, complete: true } : list));

export const rankingScopeSchema = z
  .strictObject({
    region: regionSchema.optional().describe('Only the sensors of this region.'),
    sensor: z.string().optional().describe('Only this sensor (its id).'),
    sourceCountry: countryCode.optional().describe('Only packets from sources in this country.'),
  })
  .describe('What the ranking counts: all sensors when absent; at most one of region, sensor, sourceCountry.');

const rankingBase = {
  id: namedId.describe('Names the ranking in templates and matches it with the previous period’s: lower-case words joined by hyphens.'),
  scope: rankingScopeSchema.optional(),
  complete: complete.default(true),
  previousTop: rankField
    .optional()
    .describe('How many entries the previous period’s list held: an entry outside it is “outside the top N”.'),
};

export const rankingSchema = z.discriminatedUnion('subject', [
  z.strictObject({
    ...rankingBase,
    subject: z.literal('port').describe('Entries are protocols and ports.'),
    entries: z.array(entrySchema).max(LIMITS.entriesPerList),
  }),
  z.strictObject({
    ...rankingBase,
    subject: z.literal('region').describe('Entries are source countries or regions.'),
    entries: z.array(regionEntrySchema).max(LIMITS.entriesPerList),
  }),
]);

export const totalSchema = z
  .strictObject({
    packets: packetsField.describe('All packets the sensors received over the period (non-negative).'),
    previousPackets: packetsField
      .optional()
      .describe('All packets of the period before, when known (a --previous dataset’s total takes its place).'),
  })
  .describe('Optional: the period’s total of packets, which shares of all packets are taken of.');
export const seriesPointSchema = z.strictObject({
  date: z.iso
    .date()
    .optional()
    .describe('YYYY-MM-DD, a day of the period. Give date or month, never both; one series uses one of them throughout.'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('YYYY-MM, a month of the period.'),
  group: z
    .string()
    .min(1)
    .max(LIMITS.groupLength)
    .regex(/\S/)
    .optional()
    .describe(
      'What the point counts within the series (a port, a region, a category): one line of text; every point of a series has one, or none has.',
    ),
  value: z.number().min(0).describe('The value observed. A day or month without a point was not observed (never read as zero).'),
});

export const seriesSchema = z.strictObject({
  id: namedId.describe('Names the series in templates (data=series.<id>, series=<id>): lower-case words joined by hyphens.'),
  unit: z.enum(['packets', 'sources', 'hosts']).describe('What the values count: packets, source addresses or hosts.'),
  label: labelField
    .optional()
    .describe('Name per language (BCP 47 tag → one line of text); without one in a language, the English one, then the id.'),
  points: z.array(seriesPointSchema).max(LIMITS.pointsPerSeries).describe('Observations, daily or monthly, any order.'),
});

export const datasetSchemaV2 = z
  .strictObject({
    ...header(2, periodSchema),
    sensors: sensorsFieldV2.default([]),
    sourceCountryTop: z
      .strictObject({
        country: countryCode,
        entries: entries.describe('Packets from sources in that country, by protocol/port; any order.'),
        complete: complete.default(true),
      })
      .optional()
      .describe('Optional: what sources in one country sent.'),
    sensorTop: z
      .record(z.string(), sensorListSchema)
      .default({})
      .describe(
        'Per sensor id: packets received, by protocol/port; any order. A list known only in part is written { "entries": [...], "complete": false }.',
      ),
    dailyAverages: dailyAveragesField.default([]),
    rankings: z
      .array(rankingSchema)
      .max(LIMITS.rankings)
      .default([])
      .describe('Named ranked lists: ports or source regions, each with its scope.'),
    total: totalSchema.optional(),
    categories: z
      .record(z.string().regex(CATEGORY_ID).max(LIMITS.idLength), categorySchema)
      .optional()
      .describe(
        'Optional: categories of packets (Mirai-type, …) that entries break their packets down into, by id: lower-case words joined by hyphens, not "all".',
      ),
    series: z
      .array(seriesSchema)
      .max(LIMITS.series)
      .default([])
      .describe('Named time series, daily or monthly, one line per group in their charts.'),
  })
  .meta({ title: 'telescope-report dataset, version 2' });

/** Every version, for the JSON Schema shipped to editors. */
export const datasetSchema = z.union([datasetSchemaV1, datasetSchemaV2]).meta({
  title: 'telescope-report dataset',
  description: 'One quarter of aggregated network-telescope observations (schemaVersion 1 or 2).',
});

/** The dataset as every later stage sees it, whichever version the file was: version 2, defaults filled in. */
export type Dataset = z.output<typeof datasetSchemaV2>;
/** What a file or a build script may give: either version. */
export type DatasetInput = z.input<typeof datasetSchemaV1> | z.input<typeof datasetSchemaV2>;
export type Ranking = z.output<typeof rankingSchema>;
export type Series = z.output<typeof seriesSchema>;
export type SeriesPoint = z.output<typeof seriesPointSchema>;
export type RegionEntry = z.output<typeof regionEntrySchema>;
export type SensorList = Dataset['sensorTop'][string];
export type Entry = z.infer<typeof entrySchema>;
export type Sensor = z.infer<typeof sensorSchemaV2>;
export type Region = z.infer<typeof regionSchema>;
export type DailyAverage = z.infer<typeof dailyAverageSchema>;
export type Category = z.infer<typeof categorySchema>;

export const REGIONS: readonly Region[] = regionSchema.options;

/** The JSON Schema document shipped with the package. */
export function datasetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(datasetSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown> & { anyOf?: unknown[] };
  // The version picks the branch, so that an editor reports a version 2 file's errors, not version 1's too.
  const [v1, v2] = schema.anyOf!;
  const { anyOf: _, ...rest } = schema;
  return {
    ...rest,
    type: 'object',
    if: { type: 'object', properties: { schemaVersion: { const: 1 } }, required: ['schemaVersion'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, data for the schema, never awaited.
    then: v1,
    else: v2,
  };
}
