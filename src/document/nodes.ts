/**
 * The locale-free document: an mdast tree in which every word still to be
 * chosen is a key, and every datum a typed {@link Value}. The localize stage
 * replaces these nodes with plain mdast, one language at a time.
 */
import type { Data, Node, Parent, PhrasingContent, Root } from 'mdast';
import type { Position } from 'unist';
import type { NumberedSensor, PreviousStanding } from '../analysis/index.js';
import type { DayId, MonthId, Period } from '../dataset/period.js';
import type { SeriesChartData } from './series-elements.js';
import type { Region } from '../dataset/schema.js';
import type { Explanation } from './fact-types.js';

export type { NumberedSensor };

/** A datum waiting for its words: formatted by the localize stage, always as plain text. */
export type Value =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; style?: 'integer' | 'decimal' | 'ratio' | 'percent' | 'exact' }
  | { kind: 'count'; value: number }
  | { kind: 'month'; month: MonthId }
  /** A day: "October 5", "10月5日". */
  | { kind: 'day'; day: DayId }
  /** A name the data gives per language: the language's, else English, else `fallback`. */
  | { kind: 'label'; texts: Readonly<Record<string, string>>; fallback: string }
  | { kind: 'year'; year: number }
  | { kind: 'period'; period: Period }
  /** The period as the span of time a sentence speaks of: "the quarter", "the year". */
  | { kind: 'span'; period: Period }
  /** `inText`: in running text, where some names take an article ("the Netherlands"). */
  | { kind: 'country'; code: string; inText?: boolean }
  | { kind: 'region'; region: Region }
  | { kind: 'sensor'; sensor: NumberedSensor }
  | { kind: 'list'; items: Value[] }
  | { kind: 'ref'; target: 'table' | 'figure'; numbers: number[] }
  | { kind: 'message'; message: Message }
  /** A place in a ranking: "second", "2位". */
  | { kind: 'ordinal'; value: number }
  /** A protocol/port entry with its service name, where the port has one: "Telnet (23/TCP)". */
  | { kind: 'service'; key: string; protocol: string; port?: number }
  /** Where an entry stood in the previous period: a rank, outside the list, or not known. */
  | { kind: 'previous-standing'; standing: PreviousStanding };

/** A locale key with its values; `count` selects the plural form (the ordinal one with `ordinal`). */
export interface Message {
  key: string;
  values: Record<string, Value>;
  count?: number;
  ordinal?: boolean;
  /** Where the template asked for it, so that a missing key is reported there. */
  position?: Position | undefined;
  /** A fact's sentence: a variable its string needs and the message lacks is the directive's to give (`table=…`). */
  askedBy?: 'fact';
}

/** Inline: a message whose words the localize stage writes. */
export interface LocalizedText extends Node {
  type: 'localizedText';
  message: Message;
  data?: Data;
}

export interface TableColumn {
  header: Value;
  align?: 'left' | 'right' | 'center';
}

/** A numbered table with a caption. */
export interface DataTable extends Node {
  type: 'dataTable';
  id: string;
  number: number;
  caption: Message;
  columns: TableColumn[];
  /** Cells; `undefined` is an empty cell. */
  rows: (Value | undefined)[][];
}

export interface ChartSeries {
  /** The year each bar belongs to, oldest first. */
  years: number[];
  points: { month: MonthId; year: number; packets: number }[];
  /** Bars are labelled by fiscal year ("FY2024"), whose months span two calendar years. */
  fiscal?: boolean;
}

/** A numbered chart, rendered from data. */
export interface ChartFigure extends Node {
  type: 'chartFigure';
  id: string;
  number: number;
  caption: Message;
  /** What the chart shows, for readers who cannot see it. */
  description: Message;
  chart: ChartData;
}

export type ChartData =
  | { kind: 'daily-averages'; region: Region; months: MonthId[]; series: ChartSeries }
  | { kind: 'source-top'; bars: { key: string; rank: number; packets: number }[] }
  | {
      kind: 'rank-heatmap';
      limit: number;
      sensors: NumberedSensor[];
      entryOrder: string[];
      cells: { sensorId: string; key: string; rank: number }[];
    }
  | { kind: 'entry-spread'; sensorCount: number; bars: { key: string; sensors: number }[] }
  | { kind: 'ranking'; subject: 'port' | 'region'; bars: { label: Value; rank: number; packets: number }[] }
  | SeriesChartData
  /** A chart of a custom block (blocks.ts): its rows, the titles of its channels and its Vega-Lite view. */
  | {
      kind: 'custom';
      block: string;
      rows: Record<string, Value | undefined>[];
      titles: Record<string, Message>;
      view: Record<string, unknown>;
    };

/** A numbered figure whose image the editor supplies. */
export interface EditorFigure extends Node {
  type: 'editorFigure';
  id: string;
  number: number;
  caption: Message;
  prompt: Message;
}

/** A slot for the editor's own words. */
export interface CommentarySlot extends Node {
  type: 'commentarySlot';
  id: string;
  prompt: Message;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    localizedText: LocalizedText;
  }
  interface RootContentMap {
    localizedText: LocalizedText;
    dataTable: DataTable;
    chartFigure: ChartFigure;
    editorFigure: EditorFigure;
    commentarySlot: CommentarySlot;
  }
  interface BlockContentMap {
    dataTable: DataTable;
    chartFigure: ChartFigure;
    editorFigure: EditorFigure;
    commentarySlot: CommentarySlot;
  }
}

export interface FrontMatter {
  title: Message;
  /** The same in every language of one post. */
  translationKey: string;
  date: string;
  period: Period;
}

export interface DocumentTree {
  frontMatter: FrontMatter;
  tree: Root;
  /** Values every message can use: period, year, country, sensor counts. */
  globals: Record<string, Value>;
  /** Template file, for messages. */
  file: string;
  /** Each fact of the post in template order, with the numbers its sentence rests on. */
  explanations: Explanation[];
}

export type { Parent, PhrasingContent };
