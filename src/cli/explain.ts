/** `draft --explain`: each fact of the post, its sentences, and the numbers they rest on. */
import { relative } from 'node:path';
import type { DraftExplanation } from '../draft.js';
import { printable } from '../messages.js';

const where = (e: DraftExplanation): string => {
  const rel = relative(process.cwd(), e.file);
  const file = rel.startsWith('..') ? e.file : rel;
  return e.line === undefined ? file : `${file}:${e.line}:${e.column}`;
};

/** Plain text, one block a fact; data values are printed with their controls escaped. */
export function formatExplanations(explanations: readonly DraftExplanation[], languages: readonly string[]): string {
  if (explanations.length === 0) return 'explain: the post has no computed sentences\n';
  return explanations
    .map((e) => {
      const attributes = Object.entries(e.attributes)
        .filter(([name]) => name !== 'name')
        .map(([name, value]) => ` ${name}=${value}`)
        .join('');
      const lines = [printable(`${where(e)} fact ${e.fact}${attributes}`)];
      const said = languages.filter((lang) => e.sentences[lang] !== undefined);
      if (said.length === 0) lines.push('  no sentence: the data does not support one');
      // The isolates around data labels are for the page, not for a reader of the terminal: shown as text, they hide the words.
      for (const lang of said) lines.push(`  ${lang}: ${printable(e.sentences[lang]!.replace(/[\u2066-\u2069]/g, ''))}`);
      lines.push('  rests on:');
      for (const { label, value } of e.evidence) lines.push(`    ${printable(label)}: ${printable(value)}`);
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}
