/**
 * Custom blocks: facts, tables and charts a build script registers beside
 * the shipped ones. A template uses them as it uses the shipped blocks
 * (`::fact{name=…}`, `::table{#id data=… caption=…}`, `::chart{#id data=…
 * caption=…}`); their words are locale keys, in a locales folder that comes
 * with them, which `locales check` audits like every other. A registration is
 * checked whole before any template is read, and each block's output before
 * the localize stage trusts it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Facts } from '../analysis/index.js';
import type { Dataset } from '../dataset/schema.js';
import { problem, ProblemsError, type Problem } from '../messages.js';
import { asFactDefinition } from './block-output.js';
import { describe, errorText, isRecord } from './block-values.js';
import { isDataNeed, type DataNeed } from './directives.js';
import { FACTS } from './fact-library.js';
import type { FactDefinition } from './fact-types.js';
import type { Message, Value } from './nodes.js';

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
  /** Copies of the registered tables and charts, taken when the registration was first read. */
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
/** The data names of the shipped tables and charts: `data=rankings` must keep meaning the shipped table. */
const SHIPPED_DATA = ['sourceCountryTop', 'sensorTop', 'rankings', 'dailyAverages', 'series'];
/**
 * Attributes a block cannot take for its own: those every fact, table or chart has, and those the shipped
 * machinery reads off any table or chart (a `ranking=` is looked for in the dataset, a `limit=` sets the analysis').
 */
const RESERVED: Record<Kind, readonly string[]> = {
  fact: ['name', 'id'],
  table: ['id', 'data', 'caption', 'ranking', 'limit', 'names', 'share', 'breakdown', 'region', 'view'],
  chart: ['id', 'data', 'caption', 'ranking', 'limit', 'names', 'share', 'breakdown', 'region', 'view'],
};
const PARTS = ['locales', 'facts', 'tables', 'charts'];
const METHOD = { fact: 'sentence', table: 'table', chart: 'chart' } as const;
type Kind = keyof typeof METHOD;

let registries = 0;
const known = new WeakMap<object, BlockRegistry>();

/** Plain data: an object literal, not a Map, a promise or an instance whose fields would be read as nothing. */
const isPlain = (x: unknown): x is Record<string, unknown> => isRecord(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x));
const plainFound = (x: unknown): string => {
  const name =
    isRecord(x) && !isPlain(x) && describe(x) === 'an object' ? (x as { constructor?: { name?: string } }).constructor?.name : undefined;
  return name ? `an instance of ${name}` : describe(x);
};

/**
 * A registration, checked: every problem at once, each with the path in it, as `ProblemsError`. What it holds
 * is copied when first read (later changes to the object are not seen: register a new object instead).
 */
export function blockRegistry(blocks: Blocks | undefined, source = '<blocks>'): BlockRegistry {
  if (blocks === undefined) return SHIPPED_BLOCKS;
  const cached = isRecord(blocks) ? known.get(blocks) : undefined;
  if (cached) return cached;
  const problems: Problem[] = [];
  const fail = (reason: string) => problems.push(problem({ file: source, ruleId: 'invalid-block', reason }));
  let registry: BlockRegistry | undefined;
  try {
    registry = readRegistration(blocks, source, fail);
  } catch (error) {
    // A getter that throws, a Proxy's trap: the registration is code that failed while it was read.
    fail(`expected the blocks as plain data, found an error while reading them: ${errorText(error)}`);
  }
  if (problems.length > 0 || !registry) throw new ProblemsError('blocks', problems);
  known.set(blocks, registry);
  return registry;
}

function readRegistration(blocks: unknown, source: string, fail: (reason: string) => void): BlockRegistry | undefined {
  if (!isPlain(blocks)) {
    const hint = describe(blocks) === 'a promise' ? ' (export the blocks themselves, not a promise of them)' : '';
    fail(`expected the blocks as a plain object ({ facts, tables, charts, locales }), found ${plainFound(blocks)}${hint}`);
    return undefined;
  }
  for (const part of Object.keys(blocks))
    if (!PARTS.includes(part)) fail(`expected only ${PARTS.join(', ')} in the blocks, found "${part}"`);
  const declared: BlockRegistry['declared'][number][] = [];
  const facts: Record<string, FactDefinition> = { ...FACTS };
  const tables: Record<string, CustomTable> = {};
  const charts: Record<string, CustomChart> = {};
  for (const [part, kind] of [
    ['facts', 'fact'],
    ['tables', 'table'],
    ['charts', 'chart'],
  ] as const) {
    const group = blocks[part];
    if (group === undefined) continue;
    if (!isPlain(group)) {
      fail(`expected ${part} to be a plain object of blocks by name, found ${plainFound(group)}`);
      continue;
    }
    for (const [name, block] of Object.entries(group)) {
      const at = `${part}["${name}"]`;
      if (!NAME.test(name)) fail(`expected ${at} to be named in lower-case words joined by hyphens (busiest-sensor), found "${name}"`);
      else if (kind === 'fact' && Object.hasOwn(FACTS, name))
        fail(`expected ${at} to have a name of its own, found the shipped fact "${name}"`);
      else if (kind !== 'fact' && SHIPPED_DATA.includes(name))
        fail(`expected ${at} to have a name of its own, found the shipped data name "${name}"`);
      const copy = readBlock(block, kind, at, fail);
      if (!copy || !NAME.test(name) || Object.hasOwn(FACTS, name) || SHIPPED_DATA.includes(name)) continue;
      declared.push({ kind, name, keys: copy.keys });
      if (kind === 'fact') facts[name] = asFactDefinition(name, copy as unknown as CustomFact);
      else if (kind === 'table') tables[name] = copy as unknown as CustomTable;
      else charts[name] = copy as unknown as CustomChart;
    }
  }
  const locales = blocks.locales;
  let localesDir: string | undefined;
  if (locales !== undefined) {
    if (locales instanceof URL && locales.protocol === 'file:') localesDir = decodeURIComponent(locales.pathname);
    else if (typeof locales === 'string' && locales !== '') localesDir = locales;
    else
      fail(
        `expected locales to be a folder (a path or a file: URL), found ${locales instanceof URL ? `the URL ${locales.href}` : describe(locales)}`,
      );
  }
  return { facts, tables, charts, declared, source, id: ++registries, ...(localesDir ? { localesDir } : {}) };
}

/** A block read into a copy of its own: its parts checked, each list and attribute copied. */
function readBlock(
  block: unknown,
  kind: Kind,
  at: string,
  fail: (reason: string) => void,
): (BlockBase & Record<string, unknown>) | undefined {
  if (!isPlain(block)) {
    fail(`expected ${at} to be a block ({ summary, keys, ${METHOD[kind]} }), found ${plainFound(block)}`);
    return undefined;
  }
  let ok = true;
  const wrong = (reason: string) => {
    ok = false;
    fail(reason);
  };
  const allowed = ['summary', 'keys', 'attributes', 'needs', METHOD[kind]];
  for (const name of Object.keys(block))
    if (!allowed.includes(name)) wrong(`expected only ${allowed.join(', ')} in ${at}, found "${name}"`);
  const { summary, keys, needs, attributes } = block;
  const method = block[METHOD[kind]];
  if (typeof summary !== 'string' || summary.trim() === '' || /[\r\n]/.test(summary))
    wrong(`expected ${at}.summary to be one line saying what the block shows, found ${describe(summary)}`);
  if (typeof method !== 'function') wrong(`expected ${at}.${METHOD[kind]} to be a function of the model, found ${describe(method)}`);
  const keyList: string[] = [];
  if (!Array.isArray(keys)) wrong(`expected ${at}.keys to list the locale keys the block uses, found ${describe(keys)}`);
  // An index at a time: a hole in the list is a missing key, not one to skip.
  else
    for (let i = 0; i < keys.length; i++) {
      const key: unknown = keys[i];
      if (typeof key !== 'string' || !KEY.test(key))
        wrong(`expected ${at}.keys[${i}] to be a locale key with its namespace (custom:busiest.sentence), found ${describe(key)}`);
      else keyList.push(key);
    }
  const needList: DataNeed[] = [];
  if (needs !== undefined && !Array.isArray(needs)) wrong(`expected ${at}.needs to be a list of data names, found ${describe(needs)}`);
  else if (Array.isArray(needs))
    for (let i = 0; i < needs.length; i++) {
      const need: unknown = needs[i];
      if (typeof need !== 'string' || !isDataNeed(need))
        wrong(`expected ${at}.needs[${i}] to be a data name (sensorTop, total, ranking:<id>…), found ${describe(need)}`);
      else needList.push(need);
    }
  const specs = readAttributes(attributes, kind, at, wrong);
  if (!ok) return undefined;
  return { summary: summary as string, keys: keyList, needs: needList, attributes: specs, [METHOD[kind]]: method };
}

function readAttributes(attributes: unknown, kind: Kind, at: string, wrong: (reason: string) => void): Record<string, BlockAttribute> {
  const specs: Record<string, BlockAttribute> = {};
  if (attributes === undefined) return specs;
  if (!isPlain(attributes)) {
    wrong(`expected ${at}.attributes to be a plain object of attributes by name, found ${plainFound(attributes)}`);
    return specs;
  }
  for (const [name, spec] of Object.entries(attributes)) {
    const where = `${at}.attributes.${name}`;
    if (!/^[a-z][A-Za-z0-9]*$/.test(name) || RESERVED[kind].includes(name))
      wrong(`expected ${where} to be an attribute name of letters and digits, not ${RESERVED[kind].join(', ')}, found "${name}"`);
    if (!isPlain(spec)) {
      wrong(`expected ${where} to be { required?, values?, type? }, found ${plainFound(spec)}`);
      continue;
    }
    for (const field of Object.keys(spec))
      if (!['required', 'values', 'type'].includes(field)) wrong(`expected only required, values and type in ${where}, found "${field}"`);
    const { required, values, type } = spec;
    if (required !== undefined && typeof required !== 'boolean')
      wrong(`expected ${where}.required to be true or false, found ${describe(required)}`);
    if (values !== undefined && !(Array.isArray(values) && values.length > 0 && Array.from(values).every((v) => typeof v === 'string')))
      wrong(`expected ${where}.values to be a list of strings, found ${describe(values)}`);
    if (type !== undefined && !['int', 'key', 'id'].includes(type as string))
      wrong(`expected ${where}.type to be int, key or id, found ${describe(type)}`);
    specs[name] = {
      ...(required === true ? { required } : {}),
      ...(Array.isArray(values) ? { values: [...(values as string[])] } : {}),
      ...(type === undefined ? {} : { type: type as BlockAttribute['type'] }),
    };
  }
  return specs;
}
