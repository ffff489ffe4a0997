/**
 * What a fact of the library is: the attributes it takes in a template, the
 * data it needs, and, from the facts of the dataset, its sentence together
 * with the numbers the sentence rests on (printed by `draft --explain`).
 */
import type { Position } from 'unist';
import type { AnalysisLimits, Facts, RankingFacts } from '../analysis/index.js';
import type { AttributeSpec, DataNeed } from './directives.js';
import type { Message, Value } from './nodes.js';
import type { Dataset } from '../dataset/schema.js';
import type { RankingOptions } from './ranking-elements.js';

/** One number or list a sentence rests on, in the tool's words (English), for the editor checking it. */
export interface EvidenceRow {
  label: string;
  value: string;
}

export interface FactResult {
  /** The sentence; absent when the data supports none (then `evidence` says why). */
  message?: Message;
  evidence: EvidenceRow[];
}

/** What a fact may ask of the document beside the facts. */
export interface FactContext {
  /** How the template's table of a ranking shows it: places, service names. */
  rankingOptions(id: string): RankingOptions;
  ranking(id: string): RankingFacts | undefined;
  /** The dataset the facts come from (what a custom fact is given beside them). */
  dataset: Dataset;
}

export interface FactDefinition {
  /** Attributes beside `name` and element references (`table=source-top`). */
  attributes: Record<string, AttributeSpec>;
  /** One line for the README and for messages. */
  summary: string;
  /** The data the fact needs by itself: absent data drops the sentence. */
  needs(attributes: Readonly<Record<string, string>>): DataNeed[];
  /** Template checks the attribute specs cannot say, knowing the limits the template's tables set; each string is a problem. */
  check?(attributes: Readonly<Record<string, string>>, limits: Readonly<Required<AnalysisLimits>>): string[];
  explain(facts: Facts, attributes: Readonly<Record<string, string>>, refs: Record<string, Value>, context: FactContext): FactResult;
}

/** A fact of the post, as `draft --explain` prints it. */
export interface Explanation {
  fact: string;
  attributes: Record<string, string>;
  position?: Position;
  message?: Message;
  evidence: EvidenceRow[];
}

/** Number formatting for evidence: exact, grouped, in English like every message of the tool. */
export const num = (value: number): string =>
  Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: 4 });
export const row = (label: string, value: string | number | boolean | readonly string[]): EvidenceRow => ({
  label,
  value:
    typeof value === 'number'
      ? num(value)
      : typeof value === 'boolean'
        ? value
          ? 'yes'
          : 'no'
        : typeof value === 'string'
          ? value
          : value.length === 0
            ? 'none'
            : value.join(', '),
});
