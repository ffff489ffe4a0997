import { describe, expect, it } from 'vitest';
import { findSlots } from '../src/output/slots.js';

describe('finding slots', () => {
  it('takes marker lines outside code, keeps the text between byte for byte, and ignores markers quoted in fenced code', () => {
    const markdown = [
      '---', 'title: x', '<!-- commentary:in-front-matter -->', '---', '',
      '<!-- commentary:a -->', 'Text *here*', '', '```md', '<!-- /commentary:a -->', '```', '', '~~~~', '<!-- figure:b -->', '~~~', '~~~~', '<!-- /commentary:a -->',
      '  <!-- figure:b -->  ', '', '![x](y.png)', '<!-- /figure:b -->', '',
    ].join('\n');
    const { slots, damage } = findSlots(markdown);
    expect(damage).toEqual([]);
    expect(slots.map((s) => [s.kind, s.id, s.open.place.line, s.close.place.line])).toEqual([['commentary', 'a', 6, 17], ['figure', 'b', 18, 21]]);
    expect(slots[0]!.content).toBe('Text *here*\n\n```md\n<!-- /commentary:a -->\n```\n\n~~~~\n<!-- figure:b -->\n~~~\n~~~~\n');
    expect(slots[1]!.content).toBe('\n![x](y.png)\n');
  });

  it('reports unclosed, unopened, nested and duplicate slots at their markers', () => {
    const markdown = ['<!-- /commentary:x -->', '<!-- commentary:a -->', '<!-- commentary:b -->', '<!-- /commentary:a -->', '<!-- commentary:a -->', '<!-- /commentary:a -->', '<!-- figure:c -->', ''].join('\n');
    expect(findSlots(markdown).damage.map((d) => `${d.marker.place.line} ${d.ruleId}`)).toEqual(['1 unopened-slot', '3 nested-slot', '5 duplicate-slot', '7 unclosed-slot']);
  });
});
