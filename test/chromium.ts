/**
 * Debian's chromium, driven by playwright-core, for the tests that look at
 * output as a reader's browser draws it. `.ci/run` installs chromium and the
 * fonts those tests rely on; outside CI a machine without chromium skips them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface TextBox {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Faults among the text boxes of one picture: a box outside the frame, or two boxes that overlap
 * or come closer than `gap` pixels on both axes (touching counts).
 */
export function layoutFaults(frame: Omit<TextBox, 'text'>, boxes: TextBox[], gap = 1): string[] {
  const found: string[] = [];
  const slack = 0.5;
  for (const b of boxes) {
    if (b.left < frame.left - slack || b.right > frame.right + slack || b.top < frame.top - slack || b.bottom > frame.bottom + slack) {
      found.push(`"${b.text}" leaves the picture`);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i]!;
      const q = boxes[j]!;
      const apartX = Math.max(p.left, q.left) - Math.min(p.right, q.right);
      const apartY = Math.max(p.top, q.top) - Math.min(p.bottom, q.bottom);
      if (apartX < gap && apartY < gap) found.push(`"${p.text}" ${apartX < 0 && apartY < 0 ? 'overlaps' : 'touches'} "${q.text}"`);
    }
  }
  return found;
}
