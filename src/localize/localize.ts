/**
 * The locale-free document → one language: plain mdast (tables, captions,
 * slot markers, images) and the localized description of every chart.
 */
import type { Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import type { ChartFigure, DataTable, DocumentTree, EditorFigure, CommentarySlot, Message, Value } from '../document/nodes.js';
import { ProblemsError, type Problem } from '../messages.js';
import { numberLocale, timeLocale, type NumberLocale, type TimeLocale } from './d3-locale.js';
import type { LocaleSet } from './locales.js';
import { Translator } from './translator.js';

export interface LocalizedChart {
  id: string;
  lang: string;
  /** `<id>.<lang>`: the base name of the spec and SVG files. */
  fileBase: string;
  title: string;
  description: string;
  kind: 'daily-averages';
  axes: { x: string; y: string; legend: string };
  /** Bars, in the order drawn; `year` is the localized label. */
  points: { date: string; year: string; packets: number }[];
  yearOrder: string[];
  locale: { number: NumberLocale; time: TimeLocale };
}

export interface LocalizedPost {
  lang: string;
  frontMatter: { title: string; date: string; lang: string; translationKey: string; draft: true; period: { year: number; quarter: number } };
  tree: Root;
  charts: LocalizedChart[];
  warnings: Problem[];
}

/** Marker comments around editors' slots: `<!-- commentary:id -->` … `<!-- /commentary:id -->`. */
export const slotMarkers = (kind: 'commentary' | 'figure', id: string) => ({ open: `<!-- ${kind}:${id} -->`, close: `<!-- /${kind}:${id} -->` });

export function localize(document: DocumentTree, lang: string, locales: LocaleSet): LocalizedPost {
  const t = new Translator(lang, locales, { templateFile: document.file, globals: document.globals });
  const charts: LocalizedChart[] = [];
  const paragraph = (children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
  const caption = (kind: 'table' | 'figure', number: number, message: Message) =>
    paragraph(t.render({ key: `common:captions.${kind}`, values: { number: { kind: 'number', value: number }, caption: { kind: 'message', message } } }));
  const prompt = (message: Message) => paragraph(t.render({ key: 'common:slots.prompt', values: { prompt: { kind: 'message', message } } }));
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
    return [caption('table', node.number, node.caption), mdTable];
  };

  const chart = (node: ChartFigure): RootContent[] => {
    const description = t.plain(node.description);
    const yearLabel = (year: number) => t.plain({ key: 'common:charts.yearLabel', values: { year: { kind: 'year', year } } });
    charts.push({
      id: node.id,
      lang,
      fileBase: `${node.id}.${lang}`,
      title: t.plain(node.caption),
      description,
      kind: node.chart.kind,
      axes: {
        x: t.plain({ key: 'common:charts.dailyAverages.x', values: {} }),
        y: t.plain({ key: 'common:charts.dailyAverages.y', values: {} }),
        legend: t.plain({ key: 'common:charts.dailyAverages.legend', values: {} }),
      },
      points: node.chart.series.points.map((p) => ({ date: `${p.month}-01`, year: yearLabel(p.year), packets: p.packets })),
      yearOrder: node.chart.series.years.map(yearLabel),
      locale: { number: numberLocale(lang), time: timeLocale(lang) },
    });
    return [caption('figure', node.number, node.caption), paragraph([{ type: 'image', url: `${node.id}.${lang}.svg`, alt: description }])];
  };

  const editorFigure = (node: EditorFigure): RootContent[] => {
    const markers = slotMarkers('figure', node.id);
    return [caption('figure', node.number, node.caption), html(markers.open), prompt(node.prompt), html(markers.close)];
  };

  const commentary = (node: CommentarySlot): RootContent[] => {
    const markers = slotMarkers('commentary', node.id);
    return [html(markers.open), prompt(node.prompt), html(markers.close)];
  };

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
  if (t.problems.length > 0) throw new ProblemsError('locale', t.problems);
  const { period } = document.frontMatter;
  return {
    lang,
    frontMatter: { title, date: document.frontMatter.date, lang, translationKey: document.frontMatter.translationKey, draft: true, period: { year: period.year, quarter: period.quarter } },
    tree,
    charts,
    warnings: t.warnings,
  };
}
