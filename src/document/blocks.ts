/**
 * Custom blocks: facts, tables and charts a build script registers beside
 * the shipped ones. A template uses them as it uses the shipped blocks
 * (`::fact{name=…}`, `::table{#id data=… caption=…}`, `::chart{#id data=…
 * caption=…}`); their words are locale keys, in a locales folder that comes
 * with them, which `locales check` audits like every other. A registration is
 * checked whole before any template is read, and each block's output before
 * the localize stage trusts it.
 */
import type { Position } from 'unist';
import type { TopLevelSpec } from 'vega-lite';
import type { Facts } from '../analysis/index.js';
import type { Dataset } from '../dataset/schema.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { messageProblem, valueProblem } from './block-values.js';
import { isDataNeed, type AttributeSpec, type DataNeed } from './directives.js';
import { FACTS } from './fact-library.js';
import { row, type FactDefinition } from './fact-types.js';
import type { ChartFigure, DataTable, Message, Value } from './nodes.js';

/** What a block is computed from. */
export interface BlockModel {
  /** The dataset, checked. */
  dataset: Dataset;
  /** What the analysis found in it (the facts the shipped blocks are written from). */
  facts: Facts;
  /** The directive's attributes in the template. */
  attributes: Readonly<Record<string, string>>;
}

/** An attribute a block takes in the template, beside the ones every block of its directive takes. */
export interface BlockAttribute {
  required?: boolean;
  /** The values allowed; any value when absent. */
  values?: readonly string[];
  /** `int`: a whole number from 1 to 50; `key`: a locale key; `id`: lower-case letters, digits and hyphens. */
  type?: 'int' | 'key' | 'id';
}

interface BlockBase {
  /** One line: what the block shows (README tables, messages). */
  summary: string;
  /** Every locale key the block's output may use, `namespace:dotted.key`: `locales check` wants each in every language. */
  keys: readonly string[];
  attributes?: Readonly<Record<string, BlockAttribute>>;
  /** The data the block needs (as a section's `needs`): absent data leaves it out. */
  needs?: readonly DataNeed[];
}

export interface CustomFact extends BlockBase {
  /** The sentence, or none where the data supports none; `evidence` is what `draft --explain` prints. */
  sentence(model: BlockModel): { message?: Message; evidence?: readonly { label: string; value: string }[] };
}

export interface CustomTable extends BlockBase {
  /** The table's columns and rows; the caption is the template's `caption=` key, given `captionValues`. */
  table(model: BlockModel): {
    columns: readonly { header: Message; align?: 'left' | 'right' | 'center' }[];
    /** One value a column; `undefined` is an empty cell. */
    rows: readonly (readonly (Value | undefined)[])[];
    captionValues?: Readonly<Record<string, Value>>;
  };
}

type WithoutData<T> = T extends unknown ? Omit<T, 'data' | '$schema' | 'title' | 'description'> : never;
/** A Vega-Lite view without its data, title and description, which the tool supplies. */
export type CustomChartView = WithoutData<TopLevelSpec>;

export interface CustomChart extends BlockBase {
  chart(model: BlockModel): {
    /** What the chart shows, for readers who cannot see it (its alt text). */
    description: Message;
    /** The chart's data: numbers and counts stay numbers, every other value becomes its words. */
    rows: readonly Readonly<Record<string, Value | undefined>>[];
    /** Titles of the view's encoding channels (`x`, `y`, `color`…), in each language. */
    titles?: Readonly<Record<string, Message>>;
    view: CustomChartView;
  };
}

/** What a build script registers: `draft(dataset, { blocks })`, or a module the CLI's `--blocks` names. */
export interface Blocks {
  /** A folder of locales (`<lang>/<namespace>.json`) with the blocks' words, layered between the shipped ones and `--locales`. */
  locales?: string | URL;
  facts?: Readonly<Record<string, CustomFact>>;
  tables?: Readonly<Record<string, CustomTable>>;
  charts?: Readonly<Record<string, CustomChart>>;
}

/** Types a registration without changing it (as vite's defineConfig does). */
export const defineBlocks = <const B extends Blocks>(blocks: B): B => blocks;

/** The blocks a template may use: the shipped ones and those registered. */
export interface BlockRegistry {
  facts: Readonly<Record<string, FactDefinition>>;
  tables: Readonly<Record<string, CustomTable>>;
  charts: Readonly<Record<string, CustomChart>>;
  /** Every custom block with the keys it declared, for `locales check`. */
  declared: readonly { kind: 'fact' | 'table' | 'chart'; name: string; keys: readonly string[] }[];
  /** The blocks' locales folder, absolute. */
  localesDir?: string;
  /** Where the registration came from, for messages. */
  source: string;
  /** Tells registries apart in caches. */
  id: number;
}

export const SHIPPED_BLOCKS: BlockRegistry = { facts: FACTS, tables: {}, charts: {}, declared: [], source: '<shipped>', id: 0 };

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const KEY = /^[A-Za-z][\w-]*:[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*$/;
/** The attributes every fact, table or chart has, which a block cannot take for its own. */
const RESERVED: Record<'fact' | 'table' | 'chart', readonly string[]> = { fact: ['name', 'id'], table: ['id', 'data', 'caption'], chart: ['id', 'data', 'caption'] };
const PARTS = ['locales', 'facts', 'tables', 'charts'];
const METHOD = { fact: 'sentence', table: 'table', chart: 'chart' } as const;

let registries = 0;
const known = new WeakMap<Blocks, BlockRegistry>();

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A registration, checked: every problem at once, each with the path in it, as `ProblemsError`. */
export function blockRegistry(blocks: Blocks | undefined, source = '<blocks>'): BlockRegistry {
  if (blocks === undefined) return SHIPPED_BLOCKS;
  const cached = isRecord(blocks) ? known.get(blocks) : undefined;
  if (cached) return cached;
  const problems: Problem[] = [];
  const fail = (reason: string) => problems.push(problem({ file: source, ruleId: 'invalid-block', reason }));
  if (!isRecord(blocks)) {
    fail(`expected the blocks as an object ({ facts, tables, charts, locales }), found ${Array.isArray(blocks) ? 'an array' : typeof blocks}`);
    throw new ProblemsError('blocks', problems);
  }
  for (const part of Object.keys(blocks)) if (!PARTS.includes(part)) fail(`expected only ${PARTS.join(', ')} in the blocks, found "${part}"`);
  const declared: BlockRegistry['declared'][number][] = [];
  const facts: Record<string, FactDefinition> = { ...FACTS };
  const tables: Record<string, CustomTable> = {};
  const charts: Record<string, CustomChart> = {};
  for (const [part, kind] of [['facts', 'fact'], ['tables', 'table'], ['charts', 'chart']] as const) {
    const group = blocks[part];
    if (group === undefined) continue;
    if (!isRecord(group)) {
      fail(`expected ${part} to be an object of blocks by name, found ${Array.isArray(group) ? 'an array' : typeof group}`);
      continue;
    }
    for (const [name, block] of Object.entries(group)) {
      const at = `${part}["${name}"]`;
      const before = problems.length;
      if (!NAME.test(name)) fail(`expected ${at} to be named in lower-case words joined by hyphens (busiest-sensor), found "${name}"`);
      else if (kind === 'fact' && Object.hasOwn(FACTS, name)) fail(`expected ${at} to have a name of its own, found the shipped fact "${name}"`);
      if (!isRecord(block)) {
        fail(`expected ${at} to be a block ({ summary, keys, ${METHOD[kind]} }), found ${typeof block}`);
        continue;
      }
      checkBlock(block, kind, at, fail);
      if (problems.length > before) continue;
      declared.push({ kind, name, keys: [...(block.keys as string[])] });
      if (kind === 'fact') facts[name] = asFactDefinition(name, block as unknown as CustomFact);
      else if (kind === 'table') tables[name] = block as unknown as CustomTable;
      else charts[name] = block as unknown as CustomChart;
    }
  }
  let localesDir: string | undefined;
  if (blocks.locales !== undefined) {
    if (blocks.locales instanceof URL && blocks.locales.protocol === 'file:') localesDir = decodeURIComponent(blocks.locales.pathname);
    else if (typeof blocks.locales === 'string' && blocks.locales !== '') localesDir = blocks.locales;
    else fail(`expected locales to be a folder (a path or a file: URL), found ${typeof blocks.locales === 'string' ? 'an empty string' : String(blocks.locales)}`);
  }
  if (problems.length > 0) throw new ProblemsError('blocks', problems);
  const registry: BlockRegistry = { facts, tables, charts, declared, source, id: ++registries, ...(localesDir ? { localesDir } : {}) };
  known.set(blocks, registry);
  return registry;
}

function checkBlock(block: Record<string, unknown>, kind: 'fact' | 'table' | 'chart', at: string, fail: (reason: string) => void): void {
  const allowed = ['summary', 'keys', 'attributes', 'needs', METHOD[kind]];
  for (const name of Object.keys(block)) if (!allowed.includes(name)) fail(`expected only ${allowed.join(', ')} in ${at}, found "${name}"`);
  if (typeof block.summary !== 'string' || block.summary.trim() === '') fail(`expected ${at}.summary to be one line saying what the block shows, found ${JSON.stringify(block.summary) ?? 'nothing'}`);
  if (typeof block[METHOD[kind]] !== 'function') fail(`expected ${at}.${METHOD[kind]} to be a function of the model, found ${typeof block[METHOD[kind]]}`);
  if (!Array.isArray(block.keys)) fail(`expected ${at}.keys to list the locale keys the block uses, found ${typeof block.keys}`);
  else block.keys.forEach((key, i) => {
    if (typeof key !== 'string' || !KEY.test(key)) fail(`expected ${at}.keys[${i}] to be a locale key with its namespace (custom:busiest.sentence), found ${JSON.stringify(key)}`);
  });
  if (block.needs !== undefined) {
    if (!Array.isArray(block.needs)) fail(`expected ${at}.needs to be a list of data names, found ${typeof block.needs}`);
    else block.needs.forEach((need, i) => {
      if (typeof need !== 'string' || !isDataNeed(need)) fail(`expected ${at}.needs[${i}] to be a data name (sensorTop, total, ranking:<id>…), found ${JSON.stringify(need)}`);
    });
  }
  if (block.attributes === undefined) return;
  if (!isRecord(block.attributes)) {
    fail(`expected ${at}.attributes to be an object of attributes by name, found ${typeof block.attributes}`);
    return;
  }
  for (const [name, spec] of Object.entries(block.attributes)) {
    const where = `${at}.attributes.${name}`;
    if (!/^[a-z][A-Za-z0-9]*$/.test(name) || RESERVED[kind].includes(name)) fail(`expected ${where} to be an attribute name of letters and digits, not ${RESERVED[kind].join(', ')}, found "${name}"`);
    if (!isRecord(spec)) {
      fail(`expected ${where} to be { required?, values?, type? }, found ${typeof spec}`);
      continue;
    }
    for (const field of Object.keys(spec)) if (!['required', 'values', 'type'].includes(field)) fail(`expected only required, values and type in ${where}, found "${field}"`);
    if (spec.required !== undefined && typeof spec.required !== 'boolean') fail(`expected ${where}.required to be true or false, found ${JSON.stringify(spec.required)}`);
    if (spec.values !== undefined && !(Array.isArray(spec.values) && spec.values.length > 0 && spec.values.every((v) => typeof v === 'string'))) fail(`expected ${where}.values to be a list of strings, found ${JSON.stringify(spec.values)}`);
    if (spec.type !== undefined && !['int', 'key', 'id'].includes(spec.type as string)) fail(`expected ${where}.type to be int, key or id, found ${JSON.stringify(spec.type)}`);
  }
}

/** A failure of a block's own code, or output of the wrong shape, reported where the template uses it. */
export class BlockError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Runs a block's function: what it throws becomes a reason, not a crash. */
function run<T>(kind: string, name: string, compute: () => T): T {
  let result: T;
  try {
    result = compute();
  } catch (error) {
    if (error instanceof BlockError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    throw new BlockError(`expected the ${kind} "${name}" to compute its output, found an error: ${text.split('\n')[0]}`);
  }
  // The document is built in one synchronous pass: what a block needs must be in the model already.
  if (typeof (result as { then?: unknown } | null)?.then === 'function') throw new BlockError(`expected the ${kind} "${name}" to return its output, found a promise (an async function): blocks compute from the model, synchronously`);
  return result;
}

function asFactDefinition(name: string, block: CustomFact): FactDefinition {
  const attributes: Record<string, AttributeSpec> = { ...(block.attributes ?? {}) };
  return {
    attributes,
    summary: block.summary,
    needs: () => [...(block.needs ?? [])],
    explain: (facts, given, refs, context) => {
      const result = run('fact', name, () => block.sentence({ dataset: structuredClone(context.dataset), facts: structuredClone(facts), attributes: { ...given } }));
      if (!isRecord(result)) throw new BlockError(`expected the fact "${name}" to return { message?, evidence? }, found ${typeof result}`);
      const wrong = result.message === undefined ? undefined : messageProblem(result.message, 'message');
      if (wrong) throw new BlockError(`expected the fact "${name}" to return a message: ${wrong}`);
      const evidence = result.evidence ?? [];
      if (!Array.isArray(evidence) || !evidence.every((e) => isRecord(e) && typeof e.label === 'string' && typeof e.value === 'string')) {
        throw new BlockError(`expected the fact "${name}" to return evidence as [{ label, value }] strings, found ${JSON.stringify(evidence)?.slice(0, 80)}`);
      }
      const message = result.message ? { ...result.message, values: { ...refs, ...result.message.values } } : undefined;
      return { ...(message ? { message } : {}), evidence: evidence.length > 0 ? evidence.map((e) => row(e.label, e.value)) : message ? [] : [row('sentence', 'none: the block found nothing to say')] };
    },
  };
}

/** A custom table's node, its output checked. */
export function customTable(name: string, block: CustomTable, model: BlockModel, id: string, number: number, caption: string, position?: Position): DataTable {
  const result = run('table', name, () => block.table(model));
  const fail = (reason: string) => {
    throw new BlockError(`expected the table "${name}" to return ${reason}`);
  };
  if (!isRecord(result) || !Array.isArray(result.columns) || !Array.isArray(result.rows)) return fail(`{ columns, rows }, found ${typeof result}`);
  if (result.columns.length === 0) fail('at least one column, found none');
  result.columns.forEach((column, i) => {
    const wrong = isRecord(column) ? messageProblem(column.header, `columns[${i}].header`) : `a column at columns[${i}], found ${typeof column}`;
    if (wrong) fail(wrong);
    if (column.align !== undefined && !['left', 'right', 'center'].includes(column.align)) fail(`left, right or center at columns[${i}].align, found ${JSON.stringify(column.align)}`);
  });
  result.rows.forEach((cells, r) => {
    if (!Array.isArray(cells) || cells.length !== result.columns.length) fail(`${result.columns.length} cells a row, as many as columns, found ${Array.isArray(cells) ? cells.length : typeof cells} at rows[${r}]`);
    cells.forEach((cell: unknown, c: number) => {
      const wrong = cell === undefined ? undefined : valueProblem(cell, `rows[${r}][${c}]`);
      if (wrong) fail(wrong);
    });
  });
  for (const [key, v] of Object.entries(result.captionValues ?? {})) {
    const wrong = valueProblem(v, `captionValues.${key}`);
    if (wrong) fail(wrong);
  }
  return {
    type: 'dataTable',
    id,
    number,
    caption: { key: caption, values: { ...(result.captionValues ?? {}) } },
    columns: result.columns.map((column) => ({ header: { kind: 'message', message: column.header }, ...(column.align ? { align: column.align } : {}) })),
    rows: result.rows.map((cells) => [...cells]),
    ...(position ? { position } : {}),
  };
}

/** A custom chart's node, its output checked. */
export function customChart(name: string, block: CustomChart, model: BlockModel, id: string, number: number, caption: string, position?: Position): ChartFigure {
  const result = run('chart', name, () => block.chart(model));
  const fail = (reason: string) => {
    throw new BlockError(`expected the chart "${name}" to return ${reason}`);
  };
  if (!isRecord(result) || !Array.isArray(result.rows) || !isRecord(result.view)) return fail(`{ description, rows, view }, found ${typeof result}`);
  const wrongDescription = messageProblem(result.description, 'description');
  if (wrongDescription) fail(wrongDescription);
  for (const field of ['data', '$schema', 'title', 'description']) if (Object.hasOwn(result.view, field)) fail(`a view without "${field}", which the tool supplies, found one at view.${field}`);
  result.rows.forEach((cells, r) => {
    if (!isRecord(cells)) fail(`rows as objects of values, found ${typeof cells} at rows[${r}]`);
    for (const [field, cell] of Object.entries(cells)) {
      const wrong = cell === undefined ? undefined : valueProblem(cell, `rows[${r}].${field}`);
      if (wrong) fail(wrong);
    }
  });
  for (const [channel, title] of Object.entries(result.titles ?? {})) {
    const wrong = messageProblem(title, `titles.${channel}`);
    if (wrong) fail(wrong);
  }
  let view: Record<string, unknown>;
  try {
    // The view is data for vega-lite: a copy, so the block can neither see nor change what is drawn later.
    view = structuredClone(result.view) as Record<string, unknown>;
  } catch {
    return fail('a view of plain data (no functions), found something structuredClone refuses');
  }
  return {
    type: 'chartFigure',
    id,
    number,
    caption: { key: caption, values: {} },
    description: result.description,
    chart: { kind: 'custom', block: name, rows: result.rows.map((cells) => ({ ...cells })), titles: { ...(result.titles ?? {}) }, view },
    ...(position ? { position } : {}),
  };
}
