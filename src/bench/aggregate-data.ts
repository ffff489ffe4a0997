/**
 * The benchmark's observations, made by DuckDB itself (never committed): `rows` rows of October-
 * December 2021 in the long format, as Parquet and, with `--csv`, the same rows as CSV.
 * 10 sensors (dom-0…4, ovs-0…4) × 1,007 protocol/port slots × 36 source countries × 3 categories
 * a day: every row is a day × sensor × protocol × port × country × category, the finest grain the
 * long format allows, with packets falling off along the slots so that a few ports lead.
 *
 * Usage: node dist/bench/aggregate-data.js <dir> <rows> [--csv]
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [dir, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:', { memory_limit: '3GB', preserve_insertion_order: 'false' });
const c = await db.connect();
const countries = [
  'US',
  'CN',
  'JP',
  'RU',
  'DE',
  'NL',
  'BR',
  'IN',
  'KR',
  'GB',
  'FR',
  'VN',
  'TW',
  'ID',
  'SG',
  'HK',
  'IT',
  'ES',
  'CA',
  'AU',
  'PL',
  'UA',
  'TR',
  'TH',
  'MX',
  'AR',
  'ZA',
  'SE',
  'CH',
  'BG',
  'RO',
  'IR',
  'PK',
  'EG',
  'NG',
  'KZ',
];
await c.run(`CREATE VIEW generated AS
  SELECT DATE '2021-10-01' + CAST(i * 92 // ${rows} AS INTEGER) AS day,
    CASE WHEN i % 10 < 5 THEN 'dom-' ELSE 'ovs-' END || CAST(i % 5 AS VARCHAR) AS sensor,
    CASE WHEN s % 10 < 7 THEN 'TCP' WHEN s % 10 < 9 THEN 'UDP' ELSE 'ICMP' END AS protocol,
    CASE WHEN s % 10 < 9 THEN CAST(hash(s) % 65536 AS INTEGER) END AS port,
    CAST(1 + (hash(i) % 100000) // (1 + s) AS BIGINT) AS packets,
    ([${countries.map((code) => `'${code}'`).join(', ')}])[1 + CAST((i // 10) % 36 AS INTEGER)] AS source_country,
    (['mirai', 'scanner', NULL])[1 + CAST((i // 360) % 3 AS INTEGER)] AS category,
    CAST(1 + hash(i + 1) % 50 AS BIGINT) AS source_addresses
  FROM (SELECT i, (i // 1080) % 1007 AS s FROM range(${rows}) AS t(i))`);
await c.run(`COPY generated TO '${join(dir!, 'observations.parquet')}' (FORMAT parquet)`);
if (process.argv.includes('--csv'))
  await c.run(
    `COPY (SELECT * FROM read_parquet('${join(dir!, 'observations.parquet')}')) TO '${join(dir!, 'observations.csv')}' (FORMAT csv, HEADER true)`,
  );
c.closeSync();
db.closeSync();
