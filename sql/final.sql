-- The final step, run locally on the combined partials (DuckDB). Reads `combined`
-- (combine.sql) and the tables telescope-report fills in first:
--   period_days(day DATE, month_id VARCHAR, in_period BOOLEAN)  the period's days and the same months a year earlier
--   sensor_list(id VARCHAR, region VARCHAR)                      the sensors and their regions
--   sensor_up(sensor VARCHAR, day DATE)                          days the sensor list says a sensor was up
--   settings(country VARCHAR, top_n INTEGER, series_ports INTEGER)
-- and writes the result_* tables the dataset is assembled from. Ranks are competition ranks
-- (RANK(): 1, 2, 2, 4), and a list keeps every entry ranked top_n or better, so a tie at the
-- limit is never cut in half; `listed` says how many entries there were before the cut.

CREATE OR REPLACE TEMP TABLE in_period AS
SELECT c.* FROM combined AS c JOIN period_days AS d ON c.day = d.day AND d.in_period
WHERE c.grain = 'sensor_day_port';

CREATE OR REPLACE TEMP TABLE country_in_period AS
SELECT c.* FROM combined AS c
WHERE c.grain = 'country_port'
  AND printf('%04d-%02d', c.year, c.month) IN (SELECT month_id FROM period_days WHERE in_period);

CREATE OR REPLACE TEMP TABLE result_total AS
SELECT COALESCE(SUM(packets), 0) AS packets FROM in_period;

CREATE OR REPLACE TEMP TABLE result_sensor_totals AS
SELECT s.id AS sensor, COALESCE(SUM(p.packets), 0) AS packets
FROM sensor_list AS s LEFT JOIN in_period AS p ON p.sensor = s.id
GROUP BY s.id;

CREATE OR REPLACE TEMP TABLE result_sensor_top AS
WITH totals AS (
  SELECT sensor, protocol, port, SUM(packets) AS packets FROM in_period GROUP BY sensor, protocol, port
), ranked AS (
  SELECT *, RANK() OVER (PARTITION BY sensor ORDER BY packets DESC) AS rank, COUNT(*) OVER (PARTITION BY sensor) AS listed
  FROM totals
)
SELECT * FROM ranked WHERE rank <= (SELECT top_n FROM settings);

-- Destination ports: of all sensors ('all'), and of each region's sensors.
CREATE OR REPLACE TEMP TABLE result_port_rankings AS
WITH totals AS (
  SELECT 'all' AS scope, protocol, port, SUM(packets) AS packets FROM in_period GROUP BY protocol, port
  UNION ALL
  SELECT s.region AS scope, p.protocol, p.port, SUM(p.packets) AS packets
  FROM in_period AS p JOIN sensor_list AS s ON s.id = p.sensor
  GROUP BY s.region, p.protocol, p.port
), ranked AS (
  SELECT *, RANK() OVER (PARTITION BY scope ORDER BY packets DESC) AS rank, COUNT(*) OVER (PARTITION BY scope) AS listed
  FROM totals
)
SELECT * FROM ranked WHERE rank <= (SELECT top_n FROM settings);

CREATE OR REPLACE TEMP TABLE result_port_categories AS
SELECT c.protocol, c.port, c.category, SUM(c.packets) AS packets
FROM country_in_period AS c
JOIN result_port_rankings AS r ON r.scope = 'all' AND r.protocol = c.protocol AND r.port IS NOT DISTINCT FROM c.port
WHERE c.category IS NOT NULL
GROUP BY c.protocol, c.port, c.category;

-- What sources in the publisher's country sent (sourceCountryTop).
CREATE OR REPLACE TEMP TABLE result_country_top AS
WITH totals AS (
  SELECT protocol, port, SUM(packets) AS packets FROM country_in_period
  WHERE source_country = (SELECT country FROM settings)
  GROUP BY protocol, port
), ranked AS (
  SELECT *, RANK() OVER (ORDER BY packets DESC) AS rank, COUNT(*) OVER () AS listed FROM totals
)
SELECT * FROM ranked WHERE rank <= (SELECT top_n FROM settings);

CREATE OR REPLACE TEMP TABLE result_country_top_categories AS
SELECT c.protocol, c.port, c.category, SUM(c.packets) AS packets
FROM country_in_period AS c
JOIN result_country_top AS r ON r.protocol = c.protocol AND r.port IS NOT DISTINCT FROM c.port
WHERE c.source_country = (SELECT country FROM settings) AND c.category IS NOT NULL
GROUP BY c.protocol, c.port, c.category;

-- Source countries: rows without one count in no country.
CREATE OR REPLACE TEMP TABLE result_source_regions AS
WITH totals AS (
  SELECT source_country AS region, SUM(packets) AS packets FROM country_in_period
  WHERE source_country IS NOT NULL GROUP BY source_country
), ranked AS (
  SELECT *, RANK() OVER (ORDER BY packets DESC) AS rank, COUNT(*) OVER () AS listed FROM totals
)
SELECT * FROM ranked WHERE rank <= (SELECT top_n FROM settings);

CREATE OR REPLACE TEMP TABLE result_source_region_categories AS
SELECT c.source_country AS region, c.category, SUM(c.packets) AS packets
FROM country_in_period AS c JOIN result_source_regions AS r ON r.region = c.source_country
WHERE c.category IS NOT NULL
GROUP BY c.source_country, c.category;

-- Daily averages per sensor, per month and region. A sensor-day counts when the sensor has data
-- that day, or when the sensor list says it was up (then the day without data counts as zero).
CREATE OR REPLACE TEMP TABLE result_daily_averages AS
WITH sensor_days AS (
  SELECT sensor, day, SUM(packets) AS packets FROM combined
  WHERE grain = 'sensor_day_port' GROUP BY sensor, day
), counted AS (
  SELECT s.region, d.month_id, d.in_period, sd.sensor IS NOT NULL AS has_data, COALESCE(sd.packets, 0) AS packets
  FROM sensor_list AS s CROSS JOIN period_days AS d
  LEFT JOIN sensor_days AS sd ON sd.sensor = s.id AND sd.day = d.day
  LEFT JOIN sensor_up AS u ON u.sensor = s.id AND u.day = d.day
  WHERE sd.sensor IS NOT NULL OR u.sensor IS NOT NULL
)
SELECT month_id AS month, region, bool_or(in_period) AS in_period, bool_or(has_data) AS has_data,
  SUM(packets) AS packets, COUNT(*) AS sensor_days, SUM(packets) / COUNT(*) AS average
FROM counted GROUP BY month_id, region;

-- Daily series of the leading destination ports: packets (all sensors) and source addresses
-- (the most any one sensor saw that day: a source seen by two sensors is never counted twice).
-- A day of the period is observed when some sensor has data or was up; other days are gaps.
CREATE OR REPLACE TEMP TABLE observed_days AS
SELECT d.day FROM period_days AS d
WHERE d.in_period AND (d.day IN (SELECT day FROM in_period) OR d.day IN (SELECT day FROM sensor_up));

CREATE OR REPLACE TEMP TABLE series_ports AS
SELECT protocol, port FROM (
  SELECT protocol, port, ROW_NUMBER() OVER (ORDER BY packets DESC, protocol, port NULLS FIRST) AS place
  FROM result_port_rankings WHERE scope = 'all'
) WHERE place <= (SELECT series_ports FROM settings);

CREATE OR REPLACE TEMP TABLE result_series AS
WITH per_sensor AS (
  SELECT p.day, p.protocol, p.port, p.sensor, SUM(p.packets) AS packets, SUM(p.source_addresses) AS sources
  FROM in_period AS p JOIN series_ports AS s ON s.protocol = p.protocol AND s.port IS NOT DISTINCT FROM p.port
  GROUP BY p.day, p.protocol, p.port, p.sensor
), per_day AS (
  SELECT day, protocol, port, SUM(packets) AS packets, MAX(sources) AS sources FROM per_sensor GROUP BY day, protocol, port
)
SELECT o.day, s.protocol, s.port, COALESCE(d.packets, 0) AS packets,
  CASE WHEN d.day IS NULL THEN 0 ELSE d.sources END AS sources
FROM observed_days AS o CROSS JOIN series_ports AS s
LEFT JOIN per_day AS d ON d.day = o.day AND d.protocol = s.protocol AND d.port IS NOT DISTINCT FROM s.port;
