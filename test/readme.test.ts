/** The README says what the code does: every rule id the code emits is in its table of rule ids. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

/** Rule ids as the code writes them: `ruleId: 'x'`, `report(node, 'x', …)`, `warn(file, 'x', \`…\`)`, rule unions. */
async function emittedRuleIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  const files = (await readdir(join(root, 'src'), { recursive: true })).filter((name) => name.endsWith('.ts'));
  for (const name of files) {
    const text = await readFile(join(root, 'src', name), 'utf8');
    for (const pattern of [/ruleId: '([a-z]+(?:-[a-z]+)*)'/g, /(?:report|warn|finding)\([^;]*?, '([a-z]+(?:-[a-z]+)*)', [`'(]/g]) {
      for (const match of text.matchAll(pattern)) ids.add(match[1]!);
    }
    for (const union of text.matchAll(/Rule = ((?:'[a-z-]+'(?: \| )?)+)/g))
      for (const id of union[1]!.matchAll(/'([a-z-]+)'/g)) ids.add(id[1]!);
  }
  return ids;
}

describe('README.md', () => {
  it('lists every rule id the code emits in its table of rule ids', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Rule ids'), readme.indexOf('## Reliability'));
    const emitted = await emittedRuleIds();
    expect(emitted.size).toBeGreaterThan(80);
    expect([...emitted].filter((id) => !table.includes(`\`${id}\``)).sort()).toEqual([]);
  });
});

describe('the README’s template language', () => {
  it('documents every fact and every directive, each with an example', async () => {
    const { FACTS } = await import('../src/document/fact-library.js');
    const { DIRECTIVES } = await import('../src/document/directives.js');
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const templates = readme.slice(readme.indexOf('## Templates'), readme.indexOf('## Locales'));
    // A fact is documented by an example of its directive: `::fact{name=<fact>…}`.
    expect(Object.keys(FACTS).filter((name) => !templates.includes(`::fact{name=${name}`))).toEqual([]);
    expect(Object.keys(DIRECTIVES).filter((name) => !new RegExp(`\`:{1,4}${name}[[{]`).test(templates))).toEqual([]);
  });
});

describe('the README’s example dataset', () => {
  it('is valid, as shown', async () => {
    const { parseDataset } = await import('../src/dataset/index.js');
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const contract = readme.slice(readme.indexOf('## The dataset contract'));
    const json = /```json\n([\s\S]*?)\n```/.exec(contract)![1]!;
    expect(parseDataset(json, 'README.md').sensors.map((s) => s.id)).toEqual(['dom-1', 'ovs-1']);
  });
});

describe('the README’s table of options', () => {
  it('is the one the option definitions make (src/cli/options.ts)', async () => {
    const { optionsTable } = await import('../src/cli/options.js');
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const table = optionsTable();
    if (!readme.includes(table)) console.error(`README.md's table of options should read:\n\n${table}\n`);
    expect(readme.includes(table)).toBe(true);
  });
});
