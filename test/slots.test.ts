import { describe, expect, it } from 'vitest';
import { frontMatterEnd } from '../src/output/front-matter.js';
import { findSlots, parseMarker, slotMarkers } from '../src/output/slots.js';

describe('finding slots', () => {
  it('takes marker lines outside code, keeps the text between byte for byte, and ignores markers quoted in fenced code', () => {
    const markdown = [
      '---',
      'title: x',
      '<!-- commentary:in-front-matter -->',
      '---',
      '',
      '<!-- commentary:a -->',
      'Text *here*',
      '',
      '```md',
      '<!-- /commentary:a -->',
      '```',
      '',
      '~~~~',
      '<!-- figure:b -->',
      '~~~',
      '~~~~',
      '<!-- /commentary:a -->',
      '  <!-- figure:b -->  ',
      '',
      '![x](y.png)',
      '<!-- /figure:b -->',
      '',
    ].join('\n');
    const { slots, damage } = findSlots(markdown);
    expect(damage).toEqual([]);
    expect(slots.map((s) => [s.kind, s.id, s.open.place.line, s.close.place.line])).toEqual([
      ['commentary', 'a', 6, 17],
      ['figure', 'b', 18, 21],
    ]);
    expect(slots[0]!.content).toBe('Text *here*\n\n```md\n<!-- /commentary:a -->\n```\n\n~~~~\n<!-- figure:b -->\n~~~\n~~~~\n');
    expect(slots[1]!.content).toBe('\n![x](y.png)\n');
  });

  it('reports unclosed, unopened, nested and duplicate slots at their markers', () => {
    const markdown = [
      '<!-- /commentary:x -->',
      '<!-- commentary:a -->',
      '<!-- commentary:b -->',
      '<!-- /commentary:a -->',
      '<!-- commentary:a -->',
      '<!-- /commentary:a -->',
      '<!-- figure:c -->',
      '',
    ].join('\n');
    expect(findSlots(markdown).damage.map((d) => `${d.marker.place.line} ${d.ruleId}`)).toEqual([
      '1 unopened-slot',
      '3 nested-slot',
      '5 duplicate-slot',
      '7 unclosed-slot',
    ]);
  });

  it('reads back the markers it writes, for every kind of slot', () => {
    for (const [kind, id] of [
      ['commentary', 'source-notes'],
      ['figure', 'map'],
      ['orphaned', 'commentary:closing'],
    ] as const) {
      const { open, close } = slotMarkers(kind, id);
      expect([open, close]).toEqual([`<!-- ${kind}:${id} -->`, `<!-- /${kind}:${id} -->`]);
      expect([parseMarker(open), parseMarker(close)]).toEqual([
        { kind, id, closing: false },
        { kind, id, closing: true },
      ]);
      expect(findSlots(`${open}\ntext\n${close}\n`).slots.map((slot) => [slot.kind, slot.id, slot.content])).toEqual([
        [kind, id, 'text\n'],
      ]);
    }
  });

  it('passes over front matter as merging and fingerprints find it, and scans a file whose front matter never closes', () => {
    expect([
      frontMatterEnd('---\ntitle: x\n---\nbody'),
      frontMatterEnd('---\n---\n'),
      frontMatterEnd('title: x\n---\n'),
      frontMatterEnd('---\ntitle: x\n---'),
    ]).toEqual([17, 8, 0, 0]);
    const unclosed = ['---', 'title: x', '', '<!-- commentary:a -->', 'text', '<!-- /commentary:a -->', ''].join('\n');
    expect(findSlots(unclosed).slots.map((slot) => [slot.id, slot.open.place.line])).toEqual([['a', 4]]);
  });
});
