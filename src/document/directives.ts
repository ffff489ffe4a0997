/**
 * The template language: which directives exist, where they may stand and
 * which attributes they take. The README's "Templates" section documents it.
 */
import type { BlockRegistry } from './blocks.js';
import { FACT_NAMES } from './fact-library.js';

export type DirectiveKind = 'textDirective' | 'leafDirective' | 'containerDirective';

/** Data a section (or a directive) can need; absent data drops it. */
export const DATA_NEEDS = [
  'sourceCountryTop',
  'sourceCountryPackets',
  'sourceCountryCategories',
  'sensorTop',
  'dailyAverages',
  'domestic',
  'overseas',
  'bothRegions',
  'previousYear',
  'manySensors',
  'total',
  'previousTotal',
  'series',
] as const;

/**
 * Above this many sensors, a heat map of ranks (a column a sensor) is no longer
 * readable as a figure in a post: `manySensors` holds, and a template shows the
 * entries' spread instead.
 */
export const HEATMAP_MAX_SENSORS = 30;
/**
 * A named ranking of the dataset is needed as `ranking:<id>`; its bars, which
 * need packets rather than ranks only, as `rankingPackets:<id>`; its share column (a ranking of all
 * sensors that counts packets, in a dataset with a total), as `rankingShare:<id>`.
 */
export type DataNeed =
  | (typeof DATA_NEEDS)[number]
  | `ranking:${string}`
  | `rankingPackets:${string}`
  | `rankingShare:${string}`
  | `series:${string}`;
export const RANKING_NEED = /^(ranking|rankingPackets|rankingShare|series):[a-z0-9]+(-[a-z0-9]+)*$/;
export const isDataNeed = (need: string): need is DataNeed => (DATA_NEEDS as readonly string[]).includes(need) || RANKING_NEED.test(need);
/** `data=series.<id>` on a chart: one series of the dataset. */
export const SERIES_DATA = /^series\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface AttributeSpec {
  required?: boolean;
  /** Allowed values; a free value when absent. */
  values?: readonly string[];
  /** Values of a family allowed beside `values` (`series.<id>`), with how to write them. */
  pattern?: { test: RegExp; shown: string };
  /** `key`: a locale key; `int`: a whole number from 1 to 50; `ids`: ids of tables and figures; `needs`: data names. */
  type?: 'key' | 'int' | 'ids' | 'needs' | 'id';
}

export interface DirectiveSpec {
  kind: DirectiveKind;
  /** What the `[label]` holds. */
  label: 'none' | 'key' | 'ids';
  attributes: Record<string, AttributeSpec>;
  /** Other attributes are interpolation values naming tables and figures (`table=source-top`). */
  refAttributes?: boolean;
  /** Whether the directive defines a numbered element that others can refer to. */
  numbered?: 'table' | 'figure';
  summary: string;
}

const id: AttributeSpec = { required: true, type: 'id' };
const key: AttributeSpec = { required: true, type: 'key' };

export const DIRECTIVES: Record<string, DirectiveSpec> = {
  t: {
    kind: 'textDirective',
    label: 'key',
    attributes: {},
    refAttributes: true,
    summary: ':t[key]{name=element-id …} — text from the locales',
  },
  ref: { kind: 'textDirective', label: 'ids', attributes: {}, summary: ':ref[element-id …] — "Table 2", "Figures 2 and 3"' },
  table: {
    kind: 'leafDirective',
    label: 'none',
    attributes: {
      id,
      data: { required: true, values: ['sourceCountryTop', 'sensorTop', 'rankings'] },
      ranking: { type: 'id' },
      names: { values: ['service'] },
      share: { values: ['total'] },
      limit: { type: 'int' },
      breakdown: {},
      caption: key,
    },
    numbered: 'table',
    summary:
      '::table{#id data=sourceCountryTop|sensorTop limit=N breakdown=all|<category> caption=key}, ::table{#id data=rankings ranking=<id> limit=N names=service share=total breakdown=all|<category> caption=key}',
  },
  chart: {
    kind: 'leafDirective',
    label: 'none',
    attributes: {
      id,
      data: {
        required: true,
        values: ['dailyAverages', 'sourceCountryTop', 'sensorTop', 'rankings', 'series'],
        pattern: { test: SERIES_DATA, shown: 'series.<id>' },
      },
      region: { values: ['domestic', 'overseas'] },
      view: { values: ['ranks', 'spread'] },
      ranking: { type: 'id' },
      caption: key,
    },
    numbered: 'figure',
    summary:
      '::chart{#id data=dailyAverages region=domestic|overseas caption=key}, ::chart{#id data=sourceCountryTop caption=key}, ::chart{#id data=sensorTop view=ranks|spread caption=key}, ::chart{#id data=rankings ranking=<id> caption=key}, ::chart{#id data=series|series.<id> caption=key}',
  },
  figure: {
    kind: 'leafDirective',
    label: 'none',
    attributes: { id, caption: key, prompt: key },
    numbered: 'figure',
    summary: '::figure{#id caption=key prompt=key} — an image the editor supplies',
  },
  fact: {
    kind: 'leafDirective',
    label: 'none',
    // Each fact adds its own attributes (fact-library.ts).
    attributes: { name: { required: true, values: FACT_NAMES } },
    refAttributes: true,
    summary:
      '::fact{name=… name=element-id …} — a sentence computed from the data (the facts and their attributes are listed in the README)',
  },
  section: {
    kind: 'containerDirective',
    label: 'none',
    attributes: { id: { type: 'id' }, needs: { required: true, type: 'needs' } },
    summary: ':::section{needs="data … !data …"} — left out when the data is absent (or, with !, present)',
  },
  commentary: {
    kind: 'containerDirective',
    label: 'none',
    attributes: { id, prompt: key },
    summary: ':::commentary{#id prompt=key} — a slot for the editor',
  },
};

/** The data names of the shipped tables and charts: a custom block is never named so. */
const SHIPPED_DATA: readonly string[] = ['sourceCountryTop', 'sensorTop', 'rankings', 'dailyAverages', 'series'];

/** The custom table or chart a `data=` names, if any. */
export function customBlockOf(
  registry: BlockRegistry,
  directive: string,
  data: string | undefined,
): BlockRegistry['tables'][string] | BlockRegistry['charts'][string] | undefined {
  if (data === undefined || SHIPPED_DATA.includes(data)) return undefined;
  const group = directive === 'table' ? registry.tables : directive === 'chart' ? registry.charts : undefined;
  return group && Object.hasOwn(group, data) ? group[data] : undefined;
}

const specCache = new WeakMap<BlockRegistry, Record<string, DirectiveSpec>>();

/** The directives with a registry's custom blocks among the values of `name` (facts) and `data` (tables, charts). */
export function directiveSpecs(registry: BlockRegistry): Readonly<Record<string, DirectiveSpec>> {
  if (registry.declared.length === 0) return DIRECTIVES;
  let specs = specCache.get(registry);
  if (!specs) {
    const withValues = (spec: DirectiveSpec, attribute: string, extra: readonly string[]): DirectiveSpec => ({
      ...spec,
      attributes: {
        ...spec.attributes,
        [attribute]: { ...spec.attributes[attribute]!, values: [...(spec.attributes[attribute]!.values ?? []), ...extra] },
      },
    });
    specs = {
      ...DIRECTIVES,
      fact: withValues(
        DIRECTIVES.fact!,
        'name',
        Object.keys(registry.facts).filter((name) => !FACT_NAMES.includes(name)),
      ),
      table: withValues(DIRECTIVES.table!, 'data', Object.keys(registry.tables)),
      chart: withValues(DIRECTIVES.chart!, 'data', Object.keys(registry.charts)),
    };
    specCache.set(registry, specs);
  }
  return specs;
}

/** The data each numbered or computed directive needs by itself. */
export function impliedNeeds(name: string, attributes: Record<string, string>, registry: BlockRegistry): DataNeed[] {
  const custom = customBlockOf(registry, name, attributes.data);
  if (custom) return [...(custom.needs ?? [])];
  if (attributes.data === 'rankings') {
    // `share=total` needs nothing more: without a total or packets the table is drawn without its share column (draft warns).
    return name === 'chart' ? [`ranking:${attributes.ranking}`, `rankingPackets:${attributes.ranking}`] : [`ranking:${attributes.ranking}`];
  }
  if (name === 'table') return [attributes.data as DataNeed];
  if (name === 'chart') {
    const series = SERIES_DATA.exec(attributes.data ?? '');
    if (series) return [`series:${series[1]}`];
    if (attributes.data === 'series') return ['series'];
    if (attributes.data === 'dailyAverages') return ['dailyAverages', attributes.region as DataNeed];
    // Bars are packets: a list of ranks only has nothing to draw.
    if (attributes.data === 'sourceCountryTop') return ['sourceCountryTop', 'sourceCountryPackets'];
    return [attributes.data as DataNeed];
  }
  if (name === 'fact')
    return Object.hasOwn(registry.facts, attributes.name ?? '') ? registry.facts[attributes.name!]!.needs(attributes) : [];
  return [];
}
