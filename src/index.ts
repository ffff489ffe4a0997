/**
 * telescope-report: bilingual draft posts from one quarter of network-telescope observations.
 * The stages, in the order data flows: dataset → analysis → document → localize → output.
 */
export * from './dataset/index.js';
export * from './analysis/index.js';
export { DatasetError, formatProblem, ProblemsError, type Problem } from './messages.js';
export {
  DEFAULT_LANGUAGES,
  draft,
  type DraftChart,
  type DraftExplanation,
  type DraftOptions,
  type DraftPost,
  type DraftResult,
} from './draft.js';
export { clearCaches, loadLocaleLayers, loadTemplate } from './inputs.js';
export {
  defineBlocks,
  type BlockAttribute,
  type BlockModel,
  type Blocks,
  type CustomChart,
  type CustomChartView,
  type CustomFact,
  type CustomTable,
} from './document/blocks.js';
export { message, value } from './document/block-values.js';
/** What a block's words are made of: locale keys with their values. */
export type { Message, Value } from './document/nodes.js';
export type { DataNeed } from './document/directives.js';
export { createArchive, type Archive, type ArchiveBuild, type ArchiveBundle, type ArchiveEntry, type ArchiveOptions } from './archive.js';
export type { Watcher } from './watch.js';
export { writeFileAtomic, writeFiles } from './output/files.js';
export { buildPreview, type PreviewOptions } from './output/preview.js';
export { promptLabel } from './localize/translator.js';
export { DEFAULT_PREVIEW_PORT, servePreview, type PreviewRender, type PreviewServer, type ServePreviewOptions } from './serve/preview.js';
export { aggregate, type AggregateOptions, type AggregateResult } from './aggregate/aggregate.js';
export {
  addLocale,
  initDataset,
  type AddLocaleOptions,
  type AddLocaleResult,
  type InitDatasetOptions,
  type InitDatasetResult,
} from './scaffold.js';
/** A chart's spec (`DraftChart.spec`): vega-lite's own type. */
export type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';
export {
  check,
  checkLocales,
  draftedTemplate,
  localesStatus,
  previewHtml,
  previewPage,
  writeDraft,
  type CheckFinding,
  type CheckOptions,
  type CheckResult,
  type LocalesCheckResult,
  type LocalesOptions,
  type LocaleStatusRow,
  type LocalesStatusOptions,
  type KeyToTranslate,
  type PreviewHtmlOptions,
  type PreviewPage,
  type PreviewPost,
  type WriteBundleResult,
  type WriteDraftOptions,
} from './api.js';
