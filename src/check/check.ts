/**
 * Is a draft ready? Findings, each a positioned warning: slots still holding
 * the prompt or empty, figure slots without an image, damaged markers,
 * references to nothing, numbering gaps, and drift between the languages.
 */
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Image, Paragraph, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { problem, type Problem } from '../messages.js';
import { readFrontMatter } from '../output/front-matter.js';
import { parseSlotContent, readPost } from '../output/post-reader.js';
import { findSlots, slotKey, slotStatus } from '../output/slots.js';
import type { ElementKind, LanguagePatterns } from './patterns.js';

const KINDS: ElementKind[] = ['table', 'figure'];
/** Table cells that hold data rather than words: entries (`23/TCP`, `GRE`) and numbers. */
const DATA_CELL = /^(\d+\/[A-Z]+|[A-Z][A-Z0-9.+/-]*|[\d.,\s%+-]+)$/;

export interface PostInput {
  file: string;
  lang: string;
  markdown: string;
}

export interface PostSummary {
  file: string;
  slots: Set<string>;
  numbers: Record<ElementKind, number[]>;
  tables: { number: number | undefined; cells: string[][]; line: number }[];
}

const warn = (file: string, ruleId: string, reason: string, place?: { line: number; column: number }) =>
  problem({ file, ruleId, reason, place, fatal: false });

export async function checkPost(
  post: PostInput,
  patterns: LanguagePatterns,
  knownSlots?: ReadonlySet<string>,
): Promise<{ findings: Problem[]; summary: PostSummary }> {
  const { file, markdown } = post;
  const findings: Problem[] = [];
  const { slots, damage } = findSlots(markdown);
  for (const d of damage) findings.push(warn(file, d.ruleId, d.reason, d.marker.place));

  for (const slot of slots) {
    const key = slotKey(slot);
    const place = slot.open.place;
    const content = parseSlotContent(slot.content);
    if (slot.kind === 'orphaned') {
      findings.push(
        warn(file, 'orphaned-slot', `expected no orphaned commentary, found ${slot.id}: move its text into the post or delete it`, place),
      );
      continue;
    }
    if (knownSlots && !knownSlots.has(key))
      findings.push(warn(file, 'unknown-slot', `expected a slot of the template, found ${key}`, place));
    const status = slotStatus(content, slot.kind, patterns.promptLabel);
    if (status === 'empty') findings.push(warn(file, 'empty-slot', `expected the editor's text in ${key}, found nothing`, place));
    if (status === 'prompt') findings.push(warn(file, 'unfinished-slot', `expected the editor's text in ${key}, found the prompt`, place));
    if (status === 'no-image') findings.push(warn(file, 'figure-without-image', `expected an image in ${key}, found none`, place));
  }

  const { yaml, body: tree } = readPost(markdown);
  // Front matter Hugo could not read: the post would not build.
  const frontMatter = readFrontMatter(yaml, file);
  if ('problem' in frontMatter) findings.push(Object.assign(frontMatter.problem, { fatal: false }));
  // Every image the post shows, the charts' SVGs included (missing after `draft --no-svg`).
  const images: Image[] = [];
  visit(tree, 'image', (image) => {
    images.push(image);
  });
  for (const image of images) {
    if (/^[a-z]+:/i.test(image.url) || image.url.startsWith('/')) continue;
    let path: string;
    try {
      path = decodeURI(image.url);
    } catch {
      path = image.url;
    }
    const found = await access(join(dirname(file), path)).then(
      () => true,
      () => false,
    );
    const place = { line: image.position?.start.line ?? 1, column: image.position?.start.column ?? 1 };
    if (!found) findings.push(warn(file, 'missing-image', `expected the image ${image.url} beside the post, found no such file`, place));
  }
  const numbers: Record<ElementKind, number[]> = { table: [], figure: [] };
  const references: { kind: ElementKind; number: number; place: { line: number; column: number } }[] = [];
  const tables: PostSummary['tables'] = [];
  let lastCaption: number | undefined;
  for (const node of tree.children) {
    const place = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    if (node.type === 'table') {
      tables.push({
        number: lastCaption,
        cells: (node as Table).children.map((row) => row.children.map((cell) => toString(cell))),
        line: place.line,
      });
      continue;
    }
    lastCaption = undefined;
    if (node.type !== 'paragraph' && node.type !== 'heading') continue;
    let text = toString(node as Paragraph);
    for (const kind of KINDS) {
      const caption = patterns.caption[kind].exec(text);
      if (caption && node.type === 'paragraph') {
        const number = Number(caption[1]);
        if (numbers[kind].includes(number))
          findings.push(warn(file, 'duplicate-number', `expected each ${kind} number once, found ${number} again`, place));
        else if (number !== numbers[kind].length + 1)
          findings.push(warn(file, 'skipped-number', `expected ${kind} ${numbers[kind].length + 1} next, found ${number}`, place));
        numbers[kind].push(number);
        if (kind === 'table') lastCaption = number;
        text = text.slice(caption[0].length);
      }
    }
    for (const kind of KINDS) {
      for (const match of text.matchAll(patterns.reference[kind])) {
        for (const n of match[1]!.match(patterns.numbers) ?? []) references.push({ kind, number: Number(n), place });
      }
    }
  }
  for (const ref of references) {
    if (!numbers[ref.kind].includes(ref.number))
      findings.push(warn(file, 'unresolved-reference', `expected ${ref.kind} ${ref.number} to exist, found no caption for it`, ref.place));
  }
  return { findings, summary: { file, slots: new Set(slots.filter((s) => s.kind !== 'orphaned').map(slotKey)), numbers, tables } };
}

/** Differences between the language versions of one post. */
export function checkDrift(summaries: PostSummary[]): Problem[] {
  const findings: Problem[] = [];
  const [first, ...others] = summaries;
  if (!first) return findings;
  for (const other of others) {
    for (const [a, b] of [
      [first, other],
      [other, first],
    ] as const) {
      for (const key of a.slots)
        if (!b.slots.has(key)) findings.push(warn(b.file, 'language-drift', `expected slot ${key} as in ${a.file}, found none`));
      for (const kind of KINDS) {
        for (const n of a.numbers[kind])
          if (!b.numbers[kind].includes(n))
            findings.push(warn(b.file, 'language-drift', `expected ${kind} ${n} as in ${a.file}, found none`));
      }
    }
    other.tables.forEach((table, index) => {
      const reference = first.tables[index];
      if (!reference) return;
      if (reference.cells.length !== table.cells.length) {
        findings.push(
          warn(
            other.file,
            'table-drift',
            `expected ${reference.cells.length - 1} rows in table ${table.number ?? index + 1} as in ${first.file}, found ${table.cells.length - 1}`,
            { line: table.line, column: 1 },
          ),
        );
        return;
      }
      table.cells.forEach((row, r) => {
        if (r === 0) return;
        row.forEach((cell, c) => {
          const expected = reference.cells[r]?.[c] ?? '';
          if (cell !== expected && DATA_CELL.test(cell || '0') && DATA_CELL.test(expected || '0')) {
            findings.push(
              warn(
                other.file,
                'table-drift',
                `expected "${expected}" in row ${r}, column ${c + 1} of table ${table.number ?? index + 1} as in ${first.file}, found "${cell}"`,
                { line: table.line + r + 1, column: 1 },
              ),
            );
          }
        });
      });
    });
  }
  return findings;
}
