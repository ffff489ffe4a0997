/**
 * The locale-free document → one language: plain mdast (tables, captions,
 * slot markers, images) and the localized description of every chart.
 */
import type { Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import type { ChartFigure, DataTable, DocumentTree, EditorFigure, CommentarySlot, Message, Value } from '../document/nodes.js';
import type { Period } from '../dataset/period.js';
import type { Position } from 'unist';
import { ProblemsError, type Problem } from '../messages.js';
import { slotMarkers } from '../output/slots.js';
import { numberLocale, timeLocale, type NumberLocale, type TimeLocale } from './d3-locale.js';
import type { LocaleSet } from './locales.js';
import { localizeSeriesChart, type LocalizedSeriesData } from './series-chart.js';
import { tickLabels } from './ticks.js';
import { Translator } from './translator.js';

interface ChartBase {
  id: string;
  /** Where the template asks for the chart, for problems of a custom block's view. */
  position?: Position;
  lang: string;
  /** `<id>.<lang>`: the base name of the spec and SVG files. */
  fileBase: string;
  title: string;
  description: string;
  axes: { x: string; y: string; legend: string };
  /** CSS font stack for every text of the chart. */
  font: string;
  locale: { number: NumberLocale; time: TimeLocale };
  /** Labels for the ticks of a count axis, compact where the language writes counts so. */
  tickLabels: (values: readonly number[]) => string[];
}

export type LocalizedChart = ChartBase &
  (
    | {
        kind: 'daily-averages';
        /** Bars, in the order drawn; `year` is the localized label. */
        points: { date: string; year: string; packets: number }[];
        yearOrder: string[];
        /** Month numbers in the order of the period, when it does not start in January. */
        monthOrder?: number[];
      }
    | { kind: 'source-top'; bars: { entry: string; rank: number; packets: number }[] }
    | {
        kind: 'rank-heatmap';
        cells: { sensor: string; entry: string; rank: number }[];
        sensorOrder: string[];
        entryOrder: string[];
        limit: number;
      }
    | { kind: 'entry-spread'; bars: { entry: string; sensors: number }[]; sensorCount: number }
    | LocalizedSeriesData
    /** A custom block's chart: its rows in the language's words (numbers stay numbers), titles by channel. */
    | { kind: 'custom'; rows: Record<string, string | number | null>[]; titles: Record<string, string>; view: Record<string, unknown> }
  );

export interface LocalizedPost {
  lang: string;
  frontMatter: { title: string; date: string; lang: string; translationKey: string; draft: true; period: Period };
  tree: Root;
  charts: LocalizedChart[];
  /** Heading and note of the section for slots that a regenerated template no longer has. */
  orphanWords: { heading: string; note: string };
  /** Every locale key this post looked up. */
  usedKeys: string[];
  warnings: Problem[];
  /** The sentence of each of the document's explanations, in their order ('' where the data supports none). */
  explained: string[];
}

export function localize(document: DocumentTree, lang: string, locales: LocaleSet): LocalizedPost {
  const t = new Translator(lang, locales, { templateFile: document.file, globals: document.globals });
  const charts: LocalizedChart[] = [];
  const paragraph = (children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
  // A caption's key is the template's (`caption=…`): a problem with it is said where the template asks for it.
  const caption = (kind: 'table' | 'figure', number: number, message: Message, position?: Position) =>
    paragraph(
      t.render({
        key: `common:captions.${kind}`,
        values: {
          number: { kind: 'number', value: number },
          caption: { kind: 'message', message: { ...message, position: message.position ?? position } },
        },
      }),
    );
  const prompt = (message: Message) =>
    paragraph(t.render({ key: 'common:slots.prompt', values: { prompt: { kind: 'message', message } } }));
  const html = (value: string): RootContent => ({ type: 'html', value });

  const table = (node: DataTable): RootContent[] => {
    const cells = (values: (Value | undefined)[]): TableRow => ({
      type: 'tableRow',
      children: values.map((value) => ({ type: 'tableCell', children: value ? t.value(value) : [] })),
    });
    const mdTable: Table = {
      type: 'table',
      align: node.columns.map((c) => c.align ?? null),
      children: [cells(node.columns.map((c) => c.header)), ...node.rows.map(cells)],
    };
    return [caption('table', node.number, node.caption, node.position), mdTable];
  };

  const chart = (node: ChartFigure): RootContent[] => {
    const description = t.plain(node.description);
    const word = (key: string) => t.plain({ key, values: {} });
    const base: ChartBase = {
      id: node.id,
      lang,
      fileBase: `${node.id}.${lang}`,
      title: t.plain(node.caption),
      description,
      axes: { x: '', y: '', legend: '' },
      font: word('common:charts.font'),
      locale: { number: numberLocale(lang), time: timeLocale(lang) },
      tickLabels: (values) => tickLabels(lang, values),
      ...(node.position ? { position: node.position } : {}),
    };
    const data = node.chart;
    if (data.kind === 'daily-averages') {
      const yearLabel = (year: number) =>
        t.plain({
          key: data.series.fiscal ? 'years:charts.fiscalYearLabel' : 'common:charts.yearLabel',
          values: { year: { kind: 'year', year } },
        });
      charts.push({
        ...base,
        kind: data.kind,
        axes: {
          x: word('common:charts.dailyAverages.x'),
          y: word('common:charts.dailyAverages.y'),
          legend: word('common:charts.dailyAverages.legend'),
        },
        points: data.series.points.map((p) => ({ date: `${p.month}-01`, year: yearLabel(p.year), packets: p.packets })),
        yearOrder: data.series.years.map(yearLabel),
        // A fiscal year from April runs April to March: the axis keeps its order, not January's.
        ...(wrapsYear(data.months) ? { monthOrder: data.months.map((m) => Number(m.slice(5, 7))) } : {}),
      });
    } else if (data.kind === 'source-top') {
      charts.push({
        ...base,
        kind: data.kind,
        axes: { x: word('common:charts.sourceTop.x'), y: word('common:tables.entry'), legend: '' },
        bars: data.bars.map((b) => ({ entry: b.key, rank: b.rank, packets: b.packets })),
      });
    } else if (data.kind === 'ranking') {
      // The same bars as the source country's: an entry, or a region's name, each as long as its packets.
      charts.push({
        ...base,
        kind: 'source-top',
        axes: {
          x: word('common:charts.sourceTop.x'),
          y: word(data.subject === 'region' ? 'common:tables.sourceRegion' : 'common:tables.entry'),
          legend: '',
        },
        bars: data.bars.map((b) => ({ entry: t.plainText(b.label), rank: b.rank, packets: b.packets })),
      });
    } else if (data.kind === 'series') {
      const { axes, series } = localizeSeriesChart(data, t);
      charts.push({ ...base, axes, ...series });
    } else if (data.kind === 'custom') {
      const cell = (value: Value | undefined) =>
        value === undefined ? null : value.kind === 'number' || value.kind === 'count' ? value.value : t.plainText(value);
      charts.push({
        ...base,
        kind: 'custom',
        rows: data.rows.map((row) => Object.fromEntries(Object.entries(row).map(([field, value]) => [field, cell(value)]))),
        titles: Object.fromEntries(Object.entries(data.titles).map(([channel, message]) => [channel, t.plain(message)])),
        view: data.view,
      });
    } else if (data.kind === 'entry-spread') {
      charts.push({
        ...base,
        kind: data.kind,
        axes: { x: word('common:charts.entrySpread.x'), y: word('common:tables.entry'), legend: '' },
        bars: data.bars.map((b) => ({ entry: b.key, sensors: b.sensors })),
        sensorCount: data.sensorCount,
      });
    } else {
      // A column per sensor: two sensors of the same name (a label equal to another's, or to a default
      // name) would share one, so each such name takes its sensor's id.
      const names = data.sensors.map((sensor) => t.sensorName(sensor));
      const taken = new Map<string, number>();
      for (const name of names) taken.set(name, (taken.get(name) ?? 0) + 1);
      const label = new Map(
        data.sensors.map((sensor, i) => [sensor.id, taken.get(names[i]!)! > 1 ? `${names[i]} (${sensor.id})` : names[i]!]),
      );
      charts.push({
        ...base,
        kind: data.kind,
        axes: { x: word('common:tables.sensor'), y: word('common:tables.entry'), legend: word('common:tables.rank') },
        cells: data.cells.map((c) => ({ sensor: label.get(c.sensorId)!, entry: c.key, rank: c.rank })),
        sensorOrder: data.sensors.map((sensor) => label.get(sensor.id)!),
        entryOrder: data.entryOrder,
        limit: data.limit,
      });
    }
    return [
      caption('figure', node.number, node.caption, node.position),
      paragraph([{ type: 'image', url: `${node.id}.${lang}.svg`, alt: description }]),
    ];
  };

  const editorFigure = (node: EditorFigure): RootContent[] => {
    const markers = slotMarkers('figure', node.id);
    return [caption('figure', node.number, node.caption, node.position), html(markers.open), prompt(node.prompt), html(markers.close)];
  };

  const commentary = (node: CommentarySlot): RootContent[] => {
    const markers = slotMarkers('commentary', node.id);
    return [html(markers.open), prompt(node.prompt), html(markers.close)];
  };

  // Mapped into a new tree rather than changed in place (a visit): every language reads the same document.
  const replace = (children: RootContent[]): RootContent[] =>
    children.flatMap((node): RootContent[] => {
      switch (node.type) {
        case 'localizedText':
          return t.render(node.message);
        case 'dataTable':
          return table(node);
        case 'chartFigure':
          return chart(node);
        case 'editorFigure':
          return editorFigure(node);
        case 'commentarySlot':
          return commentary(node);
        default:
          if ('children' in node) return [{ ...node, children: replace(node.children as RootContent[]) } as RootContent];
          return [node];
      }
    });

  const tree: Root = { type: 'root', children: replace(document.tree.children as RootContent[]) as Root['children'] };
  const title = t.plain({ ...document.frontMatter.title, values: { ...document.frontMatter.title.values } });
  const explained = document.explanations.map((explanation) => (explanation.message ? t.plain(explanation.message) : ''));
  const orphanWords = {
    heading: t.plain({ key: 'common:orphaned.heading', values: {} }),
    note: t.plain({ key: 'common:orphaned.note', values: {} }),
  };
  if (t.problems.length > 0) throw new ProblemsError('locale', t.problems);
  const { period } = document.frontMatter;
  return {
    lang,
    frontMatter: {
      title,
      date: document.frontMatter.date,
      lang,
      translationKey: document.frontMatter.translationKey,
      draft: true,
      period: structuredClone(period),
    },
    tree,
    charts,
    orphanWords,
    usedKeys: [...t.used].sort(),
    warnings: t.warnings,
    explained,
  };
}

/** Months that cross New Year (a fiscal year from April): January's order would put March before April. */
const wrapsYear = (months: readonly string[]): boolean => months.some((month, i) => i > 0 && month.slice(5) < months[i - 1]!.slice(5));
