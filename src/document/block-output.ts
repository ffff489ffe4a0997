/**
 * Running a custom block and reading what it returns into the document's
 * nodes. A block is the build script's code: what it throws, and output of
 * a shape the localize stage cannot trust, become a `BlockError` that the
 * document builder reports at the template's line:column.
 */
import type { Position } from 'unist';
import type { NumberedSensor } from '../analysis/index.js';
import type { CustomChart, CustomFact, CustomTable, BlockModel } from './blocks.js';
import { describe, errorText, isRecord, OutputError, readMessage, readValue, type OutputContext } from './block-values.js';
import type { AttributeSpec } from './directives.js';
import { row, type FactDefinition } from './fact-types.js';
import type { ChartFigure, DataTable, Message, TableColumn, Value } from './nodes.js';

/** A failure of a block's own code, or output of the wrong shape. */
export class BlockError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Channels whose title a reader sees (an axis or a legend): each needs its title in the language. */
const TITLED = [
  'x',
  'y',
  'color',
  'fill',
  'stroke',
  'shape',
  'size',
  'opacity',
  'fillOpacity',
  'strokeOpacity',
  'strokeWidth',
  'strokeDash',
];
/** Keys a view may not hold at any depth: the data is the block's rows, and a post's charts load nothing and link nowhere. */
const FORBIDDEN = ['data', 'datasets', 'url', 'href', '$schema'];

/** Runs a block's function: what it throws becomes a reason, and a promise is refused. */
function run<T>(kind: string, name: string, compute: () => T): T {
  let result: T;
  try {
    result = compute();
  } catch (error) {
    throw new BlockError(`expected the ${kind} "${name}" to compute its output, found an error: ${errorText(error)}`);
  }
  // The document is built in one synchronous pass: what a block needs must be in the model already.
  if (typeof (result as { then?: unknown } | null)?.then === 'function')
    throw new BlockError(
      `expected the ${kind} "${name}" to return its output, found a promise (an async function): blocks compute from the model, synchronously`,
    );
  return result;
}

/** Reads output, turning what is wrong with it into a `BlockError`. */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof OutputError || error instanceof BlockError) throw new BlockError(error.message);
    // A getter of the output that throws: the block's code, failing late.
    throw new BlockError(`expected output of plain data, found an error while reading it: ${errorText(error)}`);
  }
}

const contextOf = (kind: string, name: string, keys: readonly string[], sensors: readonly NumberedSensor[]): OutputContext => ({
  keys: new Set(keys),
  sensors: new Map(sensors.map((sensor) => [sensor.id, sensor])),
  owner: ` of the ${kind} "${name}"`,
});

const sensorsOf = (model: BlockModel): NumberedSensor[] => model.facts.sensors.map((s) => s.sensor);

/** Each block function gets its own copy of the model: it cannot change what other blocks see. */
const copyOf = (model: BlockModel): BlockModel => ({
  dataset: structuredClone(model.dataset),
  facts: structuredClone(model.facts),
  attributes: { ...model.attributes },
});

export function asFactDefinition(name: string, block: CustomFact): FactDefinition {
  const attributes: Record<string, AttributeSpec> = { ...(block.attributes ?? {}) };
  return {
    attributes,
    summary: block.summary,
    needs: () => [...(block.needs ?? [])],
    explain: (facts, given, refs, context) => {
      const model = { dataset: context.dataset, facts, attributes: { ...given } };
      const result: unknown = run('fact', name, () => block.sentence(copyOf(model)));
      const output = contextOf('fact', name, block.keys, sensorsOf(model));
      return reading(() => {
        if (!isRecord(result)) throw new OutputError(`expected { message?, evidence? } from the fact "${name}", found ${describe(result)}`);
        const message = result.message === undefined ? undefined : readMessage(result.message, 'message', output);
        const evidence = readEvidence(result.evidence, output);
        // The template's references (`table=…`) are values of the sentence, as they are of the shipped facts'.
        const sentence = message ? { ...message, values: { ...refs, ...message.values } } : undefined;
        return {
          ...(sentence ? { message: sentence } : {}),
          evidence: evidence.length > 0 || sentence ? evidence : [row('sentence', 'none: the fact found nothing to say')],
        };
      });
    },
  };
}

function readEvidence(evidence: unknown, context: OutputContext): { label: string; value: string }[] {
  if (evidence === undefined) return [];
  if (!Array.isArray(evidence))
    throw new OutputError(`expected evidence as [{ label, value }] at evidence${context.owner}, found ${describe(evidence)}`);
  return Array.from(evidence, (e: unknown, i) => {
    if (!isRecord(e) || typeof e.label !== 'string' || typeof e.value !== 'string')
      throw new OutputError(`expected { label, value } of strings at evidence[${i}]${context.owner}, found ${describe(e)}`);
    return row(e.label, e.value);
  });
}

/** A custom table's node, its output read. */
export function customTable(
  name: string,
  block: CustomTable,
  model: BlockModel,
  id: string,
  number: number,
  caption: string,
  position?: Position,
): DataTable {
  const result: unknown = run('table', name, () => block.table(copyOf(model)));
  const context = contextOf('table', name, block.keys, sensorsOf(model));
  return reading((): DataTable => {
    if (!isRecord(result) || !Array.isArray(result.columns) || !Array.isArray(result.rows))
      throw new OutputError(`expected { columns, rows } from the table "${name}", found ${describe(result)}`);
    const { columns, rows } = result as { columns: unknown[]; rows: unknown[] };
    if (columns.length === 0) throw new OutputError(`expected at least one column at columns${context.owner}, found none`);
    // A table without rows is a caption over nothing: a block whose data may be absent says so with `needs`.
    if (rows.length === 0)
      throw new OutputError(
        `expected at least one row at rows${context.owner}, found none (a block with nothing to show is left out by its needs)`,
      );
    const header = Array.from(columns, (column: unknown, i) => {
      if (!isRecord(column))
        throw new OutputError(`expected a column { header, align? } at columns[${i}]${context.owner}, found ${describe(column)}`);
      const align = column.align as TableColumn['align'] | string;
      if (align !== undefined && align !== 'left' && align !== 'right' && align !== 'center')
        throw new OutputError(`expected left, right or center at columns[${i}].align${context.owner}, found ${describe(align)}`);
      return {
        header: { kind: 'message', message: readMessage(column.header, `columns[${i}].header`, context) } as Value,
        ...(align ? { align } : {}),
      } as TableColumn;
    });
    const cells = Array.from(rows, (cellsOfRow: unknown, r) => {
      if (!Array.isArray(cellsOfRow) || cellsOfRow.length !== columns.length)
        throw new OutputError(
          `expected ${columns.length} cells a row (one a column) at rows[${r}]${context.owner}, found ${Array.isArray(cellsOfRow) ? cellsOfRow.length : describe(cellsOfRow)}`,
        );
      return Array.from(cellsOfRow, (cell: unknown, c) => (cell === undefined ? undefined : readValue(cell, `rows[${r}][${c}]`, context)));
    });
    const captionValues = result.captionValues;
    if (captionValues !== undefined && !isRecord(captionValues))
      throw new OutputError(`expected an object of values at captionValues${context.owner}, found ${describe(captionValues)}`);
    const values = Object.fromEntries(
      Object.entries(captionValues ?? {}).map(([key, v]) => [key, readValue(v, `captionValues.${key}`, context)]),
    );
    return {
      type: 'dataTable',
      id,
      number,
      caption: { key: caption, values },
      columns: header,
      rows: cells,
      ...(position ? { position } : {}),
    };
  });
}

/** A custom chart's node, its output read and its view checked. */
export function customChart(
  name: string,
  block: CustomChart,
  model: BlockModel,
  id: string,
  number: number,
  caption: string,
  position?: Position,
): ChartFigure {
  const result: unknown = run('chart', name, () => block.chart(copyOf(model)));
  const context = contextOf('chart', name, block.keys, sensorsOf(model));
  return reading((): ChartFigure => {
    if (!isRecord(result) || !Array.isArray(result.rows))
      throw new OutputError(`expected { description, rows, view } from the chart "${name}", found ${describe(result)}`);
    const description = readMessage(result.description, 'description', context);
    const rows = Array.from(result.rows as unknown[], (cells: unknown, r) => {
      if (!isRecord(cells))
        throw new OutputError(`expected a row of values by field at rows[${r}]${context.owner}, found ${describe(cells)}`);
      return Object.fromEntries(
        Object.entries(cells).map(([field, cell]) => [
          field,
          cell === undefined ? undefined : readValue(cell, `rows[${r}].${field}`, context),
        ]),
      );
    });
    if (rows.length === 0)
      throw new OutputError(
        `expected at least one row at rows${context.owner}, found none (a block with nothing to show is left out by its needs)`,
      );
    const titlesGiven = result.titles;
    if (titlesGiven !== undefined && !isRecord(titlesGiven))
      throw new OutputError(`expected titles by channel at titles${context.owner}, found ${describe(titlesGiven)}`);
    const titles: Record<string, Message> = Object.fromEntries(
      Object.entries(titlesGiven ?? {}).map(([channel, title]) => [channel, readMessage(title, `titles.${channel}`, context)]),
    );
    const view = readView(result.view, new Set(rows.flatMap((r) => Object.keys(r))), titles, context);
    return {
      type: 'chartFigure',
      id,
      number,
      caption: { key: caption, values: {} },
      description,
      chart: { kind: 'custom', block: name, rows, titles, view },
      ...(position ? { position } : {}),
    };
  });
}

/**
 * The view, checked as data for vega-lite and copied: plain objects, arrays and scalars only (no cycles, no
 * functions), no data or URL of its own, every field of an encoding one the rows have, and every channel a reader
 * sees titled in the language (its `titles`) or untitled on purpose (`title: null`).
 */
function readView(
  view: unknown,
  fields: ReadonlySet<string>,
  titles: Readonly<Record<string, Message>>,
  context: OutputContext,
): Record<string, unknown> {
  if (!isRecord(view))
    throw new OutputError(`expected a Vega-Lite view (mark, encoding…) at view${context.owner}, found ${describe(view)}`);
  const seen = new Set<object>();
  const check = (node: unknown, path: string, depth: number): void => {
    if (depth > 50) throw new OutputError(`expected a view nested at most 50 deep at ${path}${context.owner}, found deeper`);
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new OutputError(`expected finite numbers in the view at ${path}${context.owner}, found ${node}`);
      return;
    }
    if (typeof node !== 'object' || (!Array.isArray(node) && ![Object.prototype, null].includes(Object.getPrototypeOf(node))))
      throw new OutputError(`expected plain JSON data in the view at ${path}${context.owner}, found ${describe(node)}`);
    if (seen.has(node)) throw new OutputError(`expected a view without cycles at ${path}${context.owner}, found one object twice`);
    seen.add(node);
    if (Array.isArray(node)) node.forEach((item: unknown, i) => check(item, `${path}[${i}]`, depth + 1));
    else
      for (const [key, value] of Object.entries(node)) {
        if (FORBIDDEN.includes(key))
          throw new OutputError(
            `expected a view without "${key}" at ${path}.${key}${context.owner}: the tool gives the chart its data (the rows), and a post's charts load nothing and link nowhere`,
          );
        check(value, `${path}.${key}`, depth + 1);
        if (key === 'encoding' && isRecord(value)) checkEncoding(value, `${path}.encoding`);
      }
    seen.delete(node);
  };
  const checkEncoding = (encoding: Record<string, unknown>, path: string) => {
    for (const [channel, definition] of Object.entries(encoding)) {
      if (!isRecord(definition)) continue;
      if (typeof definition.field === 'string' && !fields.has(definition.field))
        throw new OutputError(
          `expected a field the rows have (${[...fields].join(', ')}) at ${path}.${channel}.field${context.owner}, found "${definition.field}"`,
        );
      if (typeof definition.title === 'string')
        throw new OutputError(
          `expected the title of ${channel} in titles.${channel} (words from the locales), found a string at ${path}.${channel}.title${context.owner}`,
        );
      if (TITLED.includes(channel) && definition.field !== undefined && definition.title === undefined && !Object.hasOwn(titles, channel)) {
        throw new OutputError(
          `expected a title for the channel ${channel} in titles.${channel} (or title: null at ${path}.${channel}), found none${context.owner}: its field name would be shown in every language`,
        );
      }
    }
  };
  check(view, 'view', 0);
  return JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
}
