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

export const SCHEMA_VERSION = 1;

/** Limits that keep a hostile or broken file from exhausting memory or flooding a post. */
export const LIMITS = { sensors: 10_000, entriesPerList: 100_000, idLength: 64, labelLength: 200, protocolLength: 32 } as const;

/** Sensor ids: a letter or digit first (so never `__proto__`), then letters, digits and `_ . : @ / + -`. */
export const SENSOR_ID = /^[A-Za-z0-9][\w.:@/+-]*$/;

/** Protocols whose entries carry a port number. */
export const PORTED_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

const caseInsensitive = (word: string): string =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

export const entrySchema = z
  .strictObject({
    protocol: z
      .string()
      .min(1)
      .max(LIMITS.protocolLength)
      .describe('IANA protocol keyword (TCP, UDP, SCTP, ICMP, GRE, ESP, …), any letter case.'),
    port: z
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe('Destination port, 0-65535. Required for TCP, UDP and SCTP; forbidden for other protocols.'),
    packets: z.number().min(0).describe('Packets received for this protocol/port in the quarter (non-negative).'),
  })
  .meta({
    // JSON Schema's way of saying the port rule, so that editors flag it too.
    if: { properties: { protocol: { type: 'string', pattern: `^(${PORTED_PROTOCOLS.map(caseInsensitive).join('|')})$` } } },
    then: { required: ['port'] },
    else: { not: { required: ['port'] } },
  });

export const regionSchema = z.enum(['domestic', 'overseas']).describe('Relative to the publisher’s country.');

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/);

export const sensorSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(LIMITS.idLength)
    .regex(SENSOR_ID)
    .describe('Unique sensor id, used as a key of sensorTop: a letter or digit, then letters, digits and _ . : @ / + -.'),
  region: regionSchema,
  label: z
    .record(languageTag, z.string().min(1).max(LIMITS.labelLength).regex(/\S/))
    .optional()
    .describe('Display name per language (BCP 47 tag → text), trimmed, one line: no control characters (tab and line feed included) or noncharacters. Without one, sensors are named by region and number.'),
});

export const dailyAverageSchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .describe('YYYY-MM: a month of the quarter, or the same month one year earlier.'),
  region: regionSchema,
  packets: z.number().min(0).describe('Average packets one sensor of the region received per day in that month.'),
});

export const datasetSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of the dataset contract.'),
    period: z
      .strictObject({
        year: z.int().min(1970).max(9999),
        quarter: z.int().min(1).max(4).describe('Calendar quarter: 1 = January-March, …, 4 = October-December.'),
      })
      .describe('The calendar quarter the observations cover.'),
    publishedOn: z.iso.date().optional().describe('Publication date (YYYY-MM-DD).'),
    sensors: z.array(sensorSchema).min(1).max(LIMITS.sensors).describe('Sensors, numbered per region in the order given.'),
    sourceCountryTop: z
      .strictObject({
        country: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .describe('ISO 3166-1 alpha-2 code of the source country.'),
        entries: z.array(entrySchema).max(LIMITS.entriesPerList).describe('Packets from sources in that country, by protocol/port; any order.'),
      })
      .optional()
      .describe('Optional: what sources in one country sent.'),
    sensorTop: z
      .record(z.string(), z.array(entrySchema).max(LIMITS.entriesPerList))
      .describe('Per sensor id: packets received, by protocol/port; any order.'),
    dailyAverages: z.array(dailyAverageSchema).max(100).describe('Per month and region: average packets per sensor per day.'),
  })
  .meta({
    title: 'telescope-report dataset',
    description: 'One quarter of aggregated network-telescope observations (schemaVersion 1).',
  });

export type Dataset = z.infer<typeof datasetSchema>;
export type Entry = z.infer<typeof entrySchema>;
export type Sensor = z.infer<typeof sensorSchema>;
export type Region = z.infer<typeof regionSchema>;
export type DailyAverage = z.infer<typeof dailyAverageSchema>;

export const REGIONS: readonly Region[] = regionSchema.options;

/** The JSON Schema document shipped with the package. */
export function datasetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(datasetSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
