export { checkDataset, isCheckedDataset, loadDataset, MAX_DATASET_BYTES, parseDataset } from './load.js';
export { formatPath, readJson, JsonSyntaxError, type JsonSource, type JsonValue, type PathSegment } from '../json-source.js';
export { earlierPeriod, monthNumber, previousYearMonth, periodMonths, type MonthId, type Period } from './period.js';
export { entryKey, isKnownProtocol, normalizeProtocol, protocolHasPort } from './protocols.js';
export {
  datasetJsonSchema,
  datasetSchema,
  datasetSchemaV1,
  datasetSchemaV2,
  rankingSchema,
  PORTED_PROTOCOLS,
  REGIONS,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type DailyAverage,
  type Dataset,
  type DatasetInput,
  type Ranking,
  type RegionEntry,
  type SensorList,
  type Entry,
  type Region,
  type Sensor,
} from './schema.js';
