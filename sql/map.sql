-- The map step: raw observations -> partial sums (telescope-report aggregate, README "Aggregating").
--
-- Reads a relation named `observations` in the long format, with these columns and types:
--   day DATE, sensor VARCHAR, protocol VARCHAR, port INTEGER (NULL for protocols without ports),
--   packets DOUBLE, source_country VARCHAR, category VARCHAR, source_addresses DOUBLE
-- (an optional column the data lacks given as NULL). One SELECT in plain SQL that DuckDB,
-- Spark SQL and Trino all run unchanged: no engine's own syntax, no parameters, no period.
--
-- It writes two grains into one table, told apart by `grain`:
--   'sensor_day_port'  day, sensor, protocol, port
--                      (per-sensor lists, port rankings, daily averages, daily series)
--   'country_port'     year, month, source_country, protocol, port, category
--                      (the source country's list, source countries, breakdowns by category)
-- Every measure is a count, a sum or a minimum: the partials of separate runs (one per
-- partition, per day, per machine) combine by grouping again, which the final step does.
-- A negative minimum marks a value that was missing or broken in the raw rows (the local
-- reader maps those to -1), so the checks see it although a sum would hide it.
SELECT
  'sensor_day_port' AS grain,
  day,
  NULL AS year,
  NULL AS month,
  sensor,
  upper(protocol) AS protocol,
  port,
  NULL AS source_country,
  NULL AS category,
  COUNT(*) AS observations,
  SUM(packets) AS packets,
  MIN(packets) AS min_packets,
  SUM(source_addresses) AS source_addresses,
  MIN(source_addresses) AS min_source_addresses
FROM observations
GROUP BY day, sensor, upper(protocol), port
UNION ALL
SELECT
  'country_port' AS grain,
  NULL AS day,
  year(day) AS year,
  month(day) AS month,
  NULL AS sensor,
  upper(protocol) AS protocol,
  port,
  upper(NULLIF(source_country, '')) AS source_country,
  NULLIF(category, '') AS category,
  COUNT(*) AS observations,
  SUM(packets) AS packets,
  MIN(packets) AS min_packets,
  NULL AS source_addresses,
  NULL AS min_source_addresses
FROM observations
GROUP BY year(day), month(day), upper(protocol), port, upper(NULLIF(source_country, '')), NULLIF(category, '')
