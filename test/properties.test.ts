/**
 * Property-based tests (fast-check): random valid datasets whose labels mix
 * Markdown and HTML metacharacters, Japanese, emoji and right-to-left text.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { rankSensors } from '../src/analysis/index.js';
import { checkDrift, checkPost } from '../src/check/check.js';
import { languagePatterns } from '../src/check/patterns.js';
import { checkDataset, type DatasetInput, type Entry } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { loadLocaleLayers, loadTemplate } from '../src/inputs.js';
import { promptLabel } from '../src/localize/translator.js';
import { writeBundle } from '../src/output/bundle.js';
import { WORD_JOINER } from '../src/output/markdown.js';
import { findSlots, slotKey } from '../src/output/slots.js';

/** Runs per property; raise with PROPERTY_RUNS=1000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const reader = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
const TOKENS = [
  '|',
  '*',
  '_',
  '`',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  '\\',
  '#',
  '!',
  '~',
  '&amp;',
  '\u2028',
  ' ',
  'a',
  'Z',
  '9',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '](http://evil.example)',
  '[^1]',
  '<!--',
  '-->',
  '<!-- commentary:x -->',
  '<script>',
  '国内',
  'センサー',
  '😀',
  '👩‍💻',
  '🇯🇵',
  'שלום',
  'مرحبا',
  '\u200f',
  '\u202e',
  '\u2066',
  '\u2069',
  '1.',
  '- ',
  '---',
  '{{< gist a b >}}',
  '{{%',
  '{',
  '{{',
];
const label = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  .filter((text) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(text));
const entry = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'udp', 'Sctp'), port: fc.integer({ min: 0, max: 65535 }), packets: fc.nat(1_000_000) }),
  fc.record({ protocol: fc.constantFrom('GRE', 'ICMP', 'esp'), packets: fc.nat(1_000_000) }),
);
const entries = fc.uniqueArray(entry, {
  maxLength: 14,
  selector: (e) => `${e.protocol.toUpperCase()} ${'port' in e ? e.port : ''}`,
}) as fc.Arbitrary<Entry[]>;

const dataset: fc.Arbitrary<DatasetInput> = fc
  .record({
    quarter: fc.integer({ min: 1, max: 4 }),
    sensors: fc.array(
      fc.record({
        region: fc.constantFrom('domestic' as const, 'overseas' as const),
        en: fc.option(label),
        ja: fc.option(label),
        top: entries,
      }),
      { minLength: 1, maxLength: 5 },
    ),
    source: fc.option(
      fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => `${e.protocol.toUpperCase()} ${'port' in e ? e.port : ''}` }),
    ),
    averages: fc.array(fc.float({ min: 0, max: 1e6, noNaN: true }), { minLength: 12, maxLength: 12 }),
    previous: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ quarter, sensors, source, averages, previous }) => {
    const months = [0, 1, 2].map((i) => `2022-${String((quarter - 1) * 3 + 1 + i).padStart(2, '0')}`);
    const regions = [...new Set(sensors.map((s) => s.region))];
    return {
      schemaVersion: 1,
      period: { year: 2022, quarter },
      sensors: sensors.map((s, i) => ({
        id: `s-${i}`,
        region: s.region,
        ...(s.en || s.ja ? { label: { ...(s.en ? { en: s.en } : {}), ...(s.ja ? { ja: s.ja } : {}) } } : {}),
      })),
      ...(source ? { sourceCountryTop: { country: 'JP', entries: source as Entry[] } } : {}),
      sensorTop: Object.fromEntries(sensors.map((s, i) => [`s-${i}`, s.top])),
      dailyAverages: regions.flatMap((region, r) =>
        months.flatMap((month, m) => [
          { month, region, packets: averages[r * 6 + m]! },
          ...(previous[r * 3 + m] ? [{ month: month.replace('2022', '2021'), region, packets: averages[r * 6 + m + 3]! }] : []),
        ]),
      ),
    } as DatasetInput;
  });

const walk = (node: Root | RootContent, visit: (node: RootContent) => void): void => {
  if (node.type !== 'root') visit(node);
  if ('children' in node) for (const child of node.children as RootContent[]) walk(child, visit);
};

describe('properties of drafts', () => {
  it('parse back to the same table contents as the data, in both languages', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (raw) => {
        const data = checkDataset(raw);
        const { posts } = await draft(data, { svg: false });
        for (const post of posts) {
          const tree = reader.parse(post.markdown) as Root;
          // Word joiners that keep URLs from becoming links are invisible: compare without them.
          const tables = tree.children
            .filter((n): n is Table => n.type === 'table')
            .map((t) => t.children.map((row) => row.children.map((cell) => toString(cell).replaceAll(WORD_JOINER, ''))));
          const list = new Intl.ListFormat(post.lang, { type: 'conjunction' });
          const rankings = rankSensors(data, 10);
          if (rankings.every(({ top }) => top.length === 0)) {
            // No sensor saw anything: the per-sensor section is left out.
            expect(tables.length).toBe(data.sourceCountryTop ? 1 : 0);
            continue;
          }
          const sensorTable = tables.at(-1)!;
          expect(sensorTable.slice(1).map((row) => row.slice(1))).toEqual(
            rankings.map(({ top }) =>
              Array.from({ length: 10 }, (_, r) => list.format(top.filter((e) => e.rank === r + 1).map((e) => e.key))),
            ),
          );
          rankings.forEach(({ sensor }, i) => {
            const own = sensor.label?.[post.lang];
            if (own === undefined) return;
            // Isolated: FSI, the label, PDI; a PDI of the label's own that closes nothing in it is dropped,
            // and an isolate it leaves open is closed, so that the last PDI closes the FSI and nothing else.
            const cell = sensorTable[i + 1]![0]!;
            expect(cell.at(0)).toBe('\u2068');
            expect(cell.at(-1)).toBe('\u2069');
            expect(cell.replaceAll('\u2069', '')).toBe(`\u2068${own.replaceAll('\u2069', '')}`);
            let open = 0;
            for (const char of cell.slice(1, -1)) {
              open += /[\u2066-\u2068]/.test(char) ? 1 : char === '\u2069' ? -1 : 0;
              expect(open).toBeGreaterThanOrEqual(0);
            }
            expect(open, 'isolates the label leaves open').toBe(0);
          });
          if (data.sourceCountryTop)
            expect(tables[0]!.slice(1).map((row) => row[1])).toEqual(
              rankSensors(
                {
                  sensors: [{ id: 'x', region: 'domestic' }],
                  sensorTop: { x: { entries: data.sourceCountryTop.entries, complete: true } },
                },
                5,
              )[0]!.top.map((e) => e.key),
            );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('let no data value become HTML, a link, an image or a footnote', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (raw) => {
        const { posts } = await draft(checkDataset(raw), { svg: false });
        for (const post of posts) {
          // No Hugo shortcode delimiter: a label must not run one.
          expect(post.markdown).not.toMatch(/\{\{[<%]/);
          walk(reader.parse(post.markdown) as Root, (node) => {
            if (node.type === 'html') expect(node.value).toMatch(/^<!-- \/?(commentary|figure):[a-z0-9-]+ -->$/);
            expect(['link', 'linkReference', 'footnoteReference', 'footnoteDefinition', 'definition', 'imageReference']).not.toContain(
              node.type,
            );
            if (node.type === 'image') expect(node.url).toMatch(/^[a-z-]+\.(en|ja)\.svg$/);
            if (node.type === 'tableCell') for (const child of node.children) expect(child.type).toBe('text');
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (raw) => {
        const data = checkDataset(raw);
        expect((await draft(data, { svg: false })).files).toEqual((await draft(data, { svg: false })).files);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('properties of check', async () => {
  const locales = await loadLocaleLayers();
  const template = await loadTemplate('overflow');
  const known = new Set(
    [...template.elements].flatMap(([id, e]) =>
      e.directive === 'commentary' ? [`commentary:${id}`] : e.directive === 'figure' ? [`figure:${id}`] : [],
    ),
  );
  const patterns = {
    en: languagePatterns('en', locales, promptLabel('en', locales)),
    ja: languagePatterns('ja', locales, promptLabel('ja', locales)),
  };
  const run = async (dir: string, markdown: Record<string, string>) => {
    const results = await Promise.all(
      (['en', 'ja'] as const).map((lang) =>
        checkPost({ file: join(dir, `index.${lang}.md`), lang, markdown: markdown[lang]! }, patterns[lang], known),
      ),
    );
    return [...results.flatMap((r) => r.findings), ...checkDrift(results.map((r) => r.summary))];
  };

  it('finds exactly the slots left unfilled', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), async (raw, fill) => {
        const result = await draft(checkDataset(raw), { svg: false });
        const dir = await mkdtemp(join(tmpdir(), 'prop-'));
        await writeBundle(dir, { files: result.files, orphanWords: {} });
        const markdown: Record<string, string> = {};
        const unfilled = new Set<string>();
        let index = 0;
        for (const lang of ['en', 'ja']) {
          let text = await readFile(join(dir, `index.${lang}.md`), 'utf8');
          for (const slot of findSlots(text).slots.reverse()) {
            if (fill[index++ % fill.length]) {
              const words = slot.kind === 'figure' ? '\n![capture](https://example.org/capture.png)\n\n' : `\nWords for ${slot.id}.\n\n`;
              text = text.slice(0, slot.open.end) + words + text.slice(slot.close.start);
            } else unfilled.add(`${lang} ${slotKey(slot)}`);
          }
          markdown[lang] = text;
        }
        // Drafted without SVGs: the charts' images are missing by design, a finding of their own.
        const findings = (await run(dir, markdown)).filter((f) => !(f.ruleId === 'missing-image' && f.reason.includes('.svg')));
        expect(
          findings
            .map((f) => `${f.file!.endsWith('en.md') ? 'en' : 'ja'} ${/(commentary|figure):[a-z-]+/.exec(f.reason)?.[0]} ${f.ruleId}`)
            .sort(),
        ).toEqual([...unfilled].map((key) => `${key} unfinished-slot`).sort());
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('never crashes on randomly damaged drafts', async () => {
    const base = await draft(checkDataset(fc.sample(dataset, { numRuns: 1, seed: 7 })[0]!), { svg: false });
    const original = Object.fromEntries(base.posts.map((p) => [p.lang, p.markdown]));
    const damage = fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
        fc.record({
          op: fc.constant('insert' as const),
          at: fc.nat(),
          text: fc.constantFrom(
            '<!-- commentary:x -->',
            '<!-- /figure:packet-sample -->',
            '```',
            '~~~~',
            '| a | b |',
            '<!--',
            '\u0000',
            '\uFFFD',
            'Table 99',
            '表0：',
            '---',
            ...TOKENS,
          ),
        }),
        fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
      ),
      { maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(damage, async (edits) => {
        const markdown = { ...original };
        for (const edit of edits) {
          for (const lang of ['en', 'ja']) {
            const lines = markdown[lang]!.split('\n');
            const at = edit.at % Math.max(lines.length, 1);
            if (edit.op === 'delete') lines.splice(at, 1);
            if (edit.op === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
            if (edit.op === 'insert') lines.splice(at, 0, edit.text);
            if (edit.op === 'truncate') lines.length = at;
            markdown[lang] = lines.join('\n');
          }
        }
        const findings = await run(tmpdir(), markdown);
        expect(Array.isArray(findings)).toBe(true);
        for (const finding of findings) expect(finding.reason).toMatch(/^expected /);
      }),
      { numRuns: 200 },
    );
  });
});
