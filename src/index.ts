/**
 * telescope-report: bilingual draft posts from one quarter of network-telescope observations.
 * The stages, in the order data flows: dataset → analysis → document → localize → output.
 */
export * from './dataset/index.js';
export * from './analysis/index.js';
export { DatasetError, formatProblem, ProblemsError, type Problem } from './messages.js';
