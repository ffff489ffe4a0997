/**
 * How captions and references read in one language, as regular expressions
 * derived from the locale strings themselves ("Table 2: …", "Figures 3 and 4",
 * "表2：…", "図3、4"), so that a new language needs no code here.
 */
import type { LocaleSet } from '../localize/locales.js';
import { Translator } from '../localize/translator.js';

export type ElementKind = 'table' | 'figure';

export interface LanguagePatterns {
  /** Matches a caption at the start of a paragraph; group 1 is the number. */
  caption: Record<ElementKind, RegExp>;
  /** Matches references in running text; group 1 is the list of numbers. */
  reference: Record<ElementKind, RegExp>;
  /** Splits a list of numbers. */
  numbers: RegExp;
  /** The bold label a generated slot prompt starts with. */
  promptLabel: string;
}

const MARK = ['\ue0f0', '\ue0f1', '\ue0f2'] as const;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function languagePatterns(lang: string, locales: LocaleSet, promptLabel: string): LanguagePatterns {
  const t = new Translator(lang, locales, { templateFile: '', globals: {} });
  const mark = (i: number) => ({ kind: 'text' as const, text: MARK[i]! });
  const separators = [2, 3].flatMap((n) =>
    t.formats
      .listParts(n, 'conjunction')
      .filter((p) => p.type === 'literal')
      .map((p) => p.value),
  );
  const numberList = `(\\d+(?:(?:${[...new Set(separators)]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})\\d+)*)`;
  const caption = (kind: ElementKind) => {
    const text = t.plain({ key: `common:captions.${kind}`, values: { number: mark(0), caption: mark(1) } });
    return new RegExp(`^${escape(text.slice(0, text.indexOf(MARK[1]))).replace(MARK[0], '(\\d+)')}`);
  };
  const reference = (kind: ElementKind) => {
    const forms = [1, 2].map((count) => {
      const text = t.plain({ key: `common:refs.${kind}`, count, values: { numbers: mark(0) } });
      return escape(text.slice(0, text.indexOf(MARK[0])));
    });
    return new RegExp(`(?:${[...new Set(forms)].sort((a, b) => b.length - a.length).join('|')})${numberList}`, 'g');
  };
  return {
    caption: { table: caption('table'), figure: caption('figure') },
    reference: { table: reference('table'), figure: reference('figure') },
    numbers: /\d+/g,
    promptLabel,
  };
}
