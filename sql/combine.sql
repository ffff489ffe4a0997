-- Partials of separate map runs (or of one) grouped once more: each group once.
CREATE OR REPLACE TEMP TABLE combined AS
SELECT
  grain, day, year, month, sensor, protocol, port, source_country, category,
  SUM(observations) AS observations,
  SUM(packets) AS packets,
  MIN(min_packets) AS min_packets,
  SUM(source_addresses) AS source_addresses,
  MIN(min_source_addresses) AS min_source_addresses
FROM partials
GROUP BY grain, day, year, month, sensor, protocol, port, source_country, category;
