// A build script drafting with custom blocks: what `telescope-report draft --blocks blocks.mjs` does, from code.
// node examples/custom-blocks/build.mjs [out-dir]   (default: examples/custom-blocks/drafts)
import { fileURLToPath } from 'node:url';
import { draft, formatProblem, loadDataset, ProblemsError, writeDraft } from 'telescope-report';
import blocks from './blocks.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = process.argv[2] ?? here('./drafts/');

try {
  const dataset = await loadDataset(here('../2021-q4/dataset.json'));
  const result = await draft(dataset, { blocks, template: 'regions', templatesDir: here('./templates/') });
  for (const warning of result.warnings) console.warn(formatProblem(warning));
  const { written } = await writeDraft(result, out);
  console.log(`wrote ${written.length} files to ${out}`);
} catch (error) {
  if (!(error instanceof ProblemsError)) throw error;
  for (const problem of error.problems) console.error(formatProblem(problem));
  process.exitCode = 2;
}
