/**
 * Reading a dataset: bytes → text → JSON with positions → structural and
 * semantic checks → a normalized {@link Dataset}. Every problem found is
 * reported at once, in a {@link DatasetError}.
 */
import { DatasetError, problem, type Problem } from '../messages.js';
import { formatPath, JsonSyntaxError, readJson, type JsonSource, type PathSegment } from '../json-source.js';
import { normalizeProtocol } from './protocols.js';
import { decodeUtf8, isProblem, readRegularFile } from '../text-file.js';
import { checkRules, type RuleFinding } from './rules.js';
import type { Dataset } from './schema.js';
import { checkStructure } from './structure.js';
import { fastParse } from './fast-path.js';

/** Datasets this module returned: already checked, so later stages need not check them again. */
const checked = new WeakSet<object>();

/** Whether a value is a dataset returned by {@link loadDataset}, {@link parseDataset} or {@link checkDataset}. */
export const isCheckedDataset = (value: unknown): value is Dataset => typeof value === 'object' && value !== null && checked.has(value);

/** Files larger than this are refused before they are read. */
export const MAX_DATASET_BYTES = 200 * 1024 * 1024;

/** Reads, checks and normalizes a dataset file. Throws {@link DatasetError}. */
export async function loadDataset(file: string): Promise<Dataset> {
  return parseDataset(await readDatasetText(file), file);
}

/** A dataset file's text, as `loadDataset` reads it (the checks are `parseDataset`'s). Throws {@link DatasetError}. */
export async function readDatasetText(file: string): Promise<string> {
  // Only a regular file is read, and the limit holds while reading: /dev/zero reports a size of 0.
  const read = await readRegularFile(file, { maxBytes: MAX_DATASET_BYTES, what: 'a dataset' });
  if (read === undefined)
    throw new DatasetError([problem({ file, ruleId: 'unreadable', reason: 'cannot read the dataset: no such file' })]);
  if (isProblem(read)) throw new DatasetError([read]);
  const text = decodeUtf8(read.bytes, file);
  if (isProblem(text)) throw new DatasetError([text]);
  return text;
}

/** Checks dataset JSON text. `file` names it in messages. Throws {@link DatasetError}. */
export function parseDataset(text: string, file = '<dataset>'): Dataset {
  // A valid text passes at about the cost of JSON.parse; any other is read again, keeping positions.
  const valid = fastParse(text);
  return valid ? accept(valid) : parseThoroughly(text, file);
}

/**
 * The reference path: every value read with its position, checked by zod and
 * the rules, each problem located. {@link parseDataset} takes it whenever the
 * fast path cannot vouch for a text; the differential test compares the two.
 */
export function parseThoroughly(text: string, file = '<dataset>'): Dataset {
  let source: JsonSource;
  try {
    source = readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new DatasetError([
      problem({ file, ruleId: error.rule, reason: error.reason, place: error.point, jsonPath: formatPath(error.path) }),
    ]);
  }
  return checkDataset(source.value, file, source);
}

/**
 * Checks a dataset given as a value (for example built by a script).
 * Messages carry JSON paths; positions only when `source` is given.
 */
export function checkDataset(value: unknown, file = '<dataset>', source?: JsonSource): Dataset {
  const structure = checkStructure(value);
  const findings = [...structure.findings, ...checkRules(value)];
  // Never refuse without saying why: an issue no description knows still gets a finding at the top.
  if (!structure.dataset && findings.length === 0)
    findings.push({
      path: [],
      ruleId: 'invalid-value',
      expected: 'a dataset of the contract',
      found: 'a value the schema refused for a reason this release cannot describe',
    });
  if (findings.length > 0 || !structure.dataset) throw new DatasetError(toProblems(findings, file, source));
  return accept(structure.dataset);
}

function accept(valid: Dataset): Dataset {
  const dataset = normalize(valid);
  checked.add(dataset);
  return dataset;
}

function toProblems(findings: RuleFinding[], file: string, source?: JsonSource): Problem[] {
  // A missing value has no place of its own: it points at its nearest ancestor. Every path is
  // located in one pass over the text, however many problems there are.
  const located = source?.locate(findings.map((finding) => finding.path)) ?? [];
  return findings.map((finding, index) => {
    const here = located[index];
    const place = (finding.atKey ? (here?.key ?? here?.value) : here?.value) ?? here?.nearest;
    const jsonPath = formatPath(finding.path);
    return problem({
      file,
      ruleId: finding.ruleId,
      reason: `${jsonPath}: expected ${finding.expected}, found ${finding.found}`,
      place,
      jsonPath,
      expected: finding.expected,
      found: finding.found,
    });
  });
}

/** The entries with protocols in upper case: the same list when they are already (most files write them so), not a million copies. */
function normalizeEntries<T extends { protocol: string }>(entries: T[]): T[] {
  let out: T[] | undefined;
  // The protocol of the entry before, and its spelling in upper case: neighbours often share one.
  let last = '';
  let upper = '';
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.protocol !== last) upper = normalizeProtocol((last = entry.protocol));
    if (upper !== last) (out ??= entries.slice())[index] = { ...entry, protocol: upper };
  }
  return out ?? entries;
}

/** Upper-cases protocols, trims labels (a table cell could not keep their outer spaces) and writes series groups in NFC. */
function normalize(dataset: Dataset): Dataset {
  const sensors = dataset.sensors.map((sensor) =>
    sensor.label
      ? { ...sensor, label: Object.fromEntries(Object.entries(sensor.label).map(([lang, text]) => [lang, text.trim()])) }
      : sensor,
  );
  // In sensor order, each sensor that has a list: a version 2 file may leave the lists out altogether
  // (and a sensor named `constructor` then has none of its own, only Object's).
  const sensorTop: Dataset['sensorTop'] = {};
  for (const sensor of dataset.sensors) {
    if (!Object.hasOwn(dataset.sensorTop, sensor.id)) continue;
    const list = dataset.sensorTop[sensor.id]!;
    sensorTop[sensor.id] = { ...list, entries: normalizeEntries(list.entries) };
  }
  return {
    ...dataset,
    sensors,
    ...(dataset.sourceCountryTop
      ? { sourceCountryTop: { ...dataset.sourceCountryTop, entries: normalizeEntries(dataset.sourceCountryTop.entries) } }
      : {}),
    sensorTop,
    rankings: dataset.rankings.map((ranking) =>
      ranking.subject === 'port' ? { ...ranking, entries: normalizeEntries(ranking.entries) } : ranking,
    ),
    // Canonically equivalent spellings of a group are one group, written in NFC.
    series: dataset.series.map((series) => ({
      ...series,
      points: series.points.map((point) => (point.group === undefined ? point : { ...point, group: point.group.normalize('NFC') })),
    })),
  };
}

export type { PathSegment };
