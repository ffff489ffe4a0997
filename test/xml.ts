/**
 * Every SVG the tests produce is read by a strict XML 1.0 parser (saxes):
 * a control character or a broken escape in a label would make a file that
 * browsers refuse to draw, so it fails the test that made it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';

/** Throws, naming `source` and the place, when `svg` is not well-formed XML with an `<svg>` root. */
export function assertWellFormedSvg(svg: string, source = 'SVG'): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let rootName: string | undefined;
  parser.on('error', (error) => {
    throw new Error(`${source} is not well-formed XML: ${error.message}`);
  });
  parser.on('opentag', (tag) => {
    rootName ??= tag.local;
  });
  parser.write(svg).close();
  if (rootName !== 'svg') throw new Error(`${source}: expected an <svg> root element, found ${rootName ? `<${rootName}>` : 'none'}`);
}

/** Parses every `.svg` file below `dir`; returns how many there were. */
export function assertSvgFilesWellFormed(dir: string): number {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.svg'));
  for (const name of names) assertWellFormedSvg(readFileSync(join(dir, name), 'utf8'), join(dir, name));
  return names.length;
}
