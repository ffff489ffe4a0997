/**
 * Messages → mdast phrasing, for one language.
 *
 * i18next picks the string (language fallback, plural form); interpolation
 * is ours: each `{{name}}` becomes a private-use placeholder character, the
 * string is parsed as inline Markdown (markup-policy.ts, which also says
 * what markup it may hold), and each placeholder is then replaced by the
 * value's own nodes (value-words.ts). A value is never parsed as Markdown,
 * so a `*` or `<script>` in a label stays text. A problem with a string is
 * said at its key's line:column, which the locale loader found in the text
 * it read: the translator reads no file.
 */
import i18next, { type i18n } from 'i18next';
import type { Paragraph, PhrasingContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { removePosition } from 'unist-util-remove-position';
import type { Message, NumberedSensor, Value } from '../document/nodes.js';
import { periodMonths } from '../dataset/period.js';
import { problem, type Problem } from '../messages.js';
import { createFormats, type Formats } from './format.js';
import type { LocaleSet } from './locales.js';
import { valueNodes, type ValueWords } from './value-words.js';
import { FIRST_MARK, findMisplacedMarks, holdsUrls, markupFindings, MARKS, parseLocaleString, textFinding } from './markup-policy.js';

export { REFERENCE_LANGUAGE } from './keys.js';
import { REFERENCE_LANGUAGE } from './keys.js';

interface ParsedString {
  nodes: PhrasingContent[];
  placeholders: { name: string; format?: string }[];
  /** Links or images, whose policy depends on the key: checked again for each key that holds the string. */
  urls: boolean;
}

/** A locale string, the language it came from, and the exact key (plural suffix included). */
interface StringSource {
  text: string;
  lng: string;
  exactKey: string;
  message: Message;
}

export interface TranslatorContext {
  /** Template file, named in messages about keys the template asked for. */
  templateFile: string;
  /** Values every message can use. */
  globals: Record<string, Value>;
}

/** i18next, set up once per locale set and language (a millisecond each time): a translator only reads from it. */
const instances = new WeakMap<LocaleSet, Map<string, i18n>>();

function i18nextFor(lang: string, locales: LocaleSet): i18n {
  let byLang = instances.get(locales);
  if (!byLang) instances.set(locales, (byLang = new Map()));
  let instance = byLang.get(lang);
  if (!instance) {
    instance = i18next.createInstance();
    const namespaces = [...new Set(Object.values(locales.resources).flatMap((byNs) => Object.keys(byNs)))];
    void instance.init({
      lng: lang,
      fallbackLng: lang === REFERENCE_LANGUAGE ? false : REFERENCE_LANGUAGE,
      resources: locales.resources,
      ns: namespaces,
      defaultNS: 'post',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    byLang.set(lang, instance);
  }
  return instance;
}

/** Locale strings parsed once per process, whatever the language or run. */
const parsedStrings = new Map<string, ParsedString>();

export class Translator {
  readonly formats: Formats;
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  /** Every key looked up, for the audit of unused keys. */
  readonly used = new Set<string>();
  private readonly i18n: i18n;
  private readonly warned = new Set<string>();
  private readonly reported = new Set<string>();
  /** What rendering a value needs of the translator. */
  private readonly words: ValueWords;

  constructor(
    readonly lang: string,
    private readonly locales: LocaleSet,
    private readonly context: TranslatorContext,
  ) {
    this.formats = createFormats(lang);
    const period = context.globals.period;
    const months = period?.kind === 'period' ? periodMonths(period.period) : [];
    this.words = {
      lang,
      formats: this.formats,
      crossesYears: months.length > 0 && months[0]!.slice(0, 4) !== months.at(-1)!.slice(0, 4),
      render: (message) => this.render(message),
      optionalWord: (key) => this.optionalWord(key),
      labelText: (texts, fallback) => this.labelText(texts, fallback),
    };
    this.i18n = i18nextFor(lang, locales);
  }

  /** The message as phrasing content. */
  render(message: Message): PhrasingContent[] {
    const found = this.lookup(message);
    if (found === undefined) return [];
    const source: StringSource = { ...found, message };
    const raw = found.text;
    const parsed = this.parse(raw, source);
    const values = { ...this.context.globals, ...message.values };
    // Mapped into new nodes, not changed in place: the parsed string is shared by every use of it.
    const fill = (nodes: PhrasingContent[]): PhrasingContent[] =>
      nodes.flatMap((node): PhrasingContent[] => {
        if (node.type === 'text') return this.fillText(node.value, parsed, values, source);
        if ('children' in node) return [{ ...node, children: fill(node.children as PhrasingContent[]) } as PhrasingContent];
        if (node.type === 'inlineCode' && MARKS.test(node.value)) {
          return [
            {
              ...node,
              value: node.value.replace(new RegExp(MARKS, 'g'), (mark) => toString(this.placeholderNodes(mark, parsed, values, source))),
            },
          ];
        }
        return [node];
      });
    return mergeText(fill(parsed.nodes));
  }

  /** The message as plain text (titles, alt text). */
  plain(message: Message): string {
    return toString({ type: 'paragraph', children: this.render(message) });
  }

  /** A value as plain text (a chart's labels). */
  plainText(value: Value): string {
    return toString({ type: 'paragraph', children: this.value(value) });
  }

  /** A sensor's name as plain text, not isolated: a chart draws each label as a text of its own. */
  sensorName(sensor: NumberedSensor): string {
    const label = sensor.label?.[this.lang] ?? sensor.label?.[this.lang.split('-')[0]!];
    return label ?? this.plain({ key: `common:sensors.${sensor.region}`, values: { number: { kind: 'number', value: sensor.number } } });
  }

  /** A name the data gives per language: this language's, else the reference language's, else the fallback. */
  labelText(texts: Readonly<Record<string, string>>, fallback: string): string {
    const own = (lang: string) => (Object.hasOwn(texts, lang) ? texts[lang] : undefined);
    return own(this.lang) ?? own(this.lang.split('-')[0]!) ?? own(REFERENCE_LANGUAGE) ?? fallback;
  }

  /** A value in this language's words (see value-words.ts); `format` is the placeholder's (`{{count, number}}`). */
  value(value: Value, format?: string): PhrasingContent[] {
    return valueNodes(value, format, this.words);
  }

  /**
   * A key the language may have or not, as it likes (number words, service and country names), with
   * no fallback to English; read like every other string: parsed, checked by the markup policy,
   * never interpolated or nested. Plain text.
   */
  private optionalWord(key: string): string | undefined {
    // Looked up even when absent: a key added later changes the post (reuse.ts).
    this.used.add(key);
    if (!this.i18n.exists(key, { lng: this.lang, fallbackLng: false })) return undefined;
    return toString({ type: 'paragraph', children: this.render({ key, values: {} }) });
  }

  private readonly strings = new Map<string, { text: string; lng: string; exactKey: string }>();

  private lookup(message: Message): { text: string; lng: string; exactKey: string } | undefined {
    this.used.add(message.key);
    const cacheKey = `${message.key}\0${message.count ?? ''}\0${message.ordinal ? 'ordinal' : ''}`;
    const known = this.strings.get(cacheKey);
    if (known !== undefined) return known;
    const options = {
      lng: this.lang,
      skipInterpolation: true,
      ...(message.count === undefined ? {} : { count: message.count }),
      ...(message.ordinal ? { ordinal: true } : {}),
    };
    // returnObjects: a key naming an object of keys comes back as that object (refused below), not as i18next's error text.
    const details = this.i18n.t(message.key, { ...options, returnDetails: true, returnObjects: true }) as unknown as {
      res: unknown;
      usedLng?: string;
      usedKey?: string;
      exactUsedKey?: string;
    };
    // One lookup in the common case; `exists` only settles a result that looks missing.
    if (
      (details.res === undefined || details.res === details.usedKey || details.res === message.key) &&
      !this.i18n.exists(message.key, options)
    ) {
      this.problems.push(
        problem({
          ...this.whereAsked(message),
          ruleId: 'unknown-key',
          reason: `expected the locale key "${message.key}" in ${this.lang}${this.lang === REFERENCE_LANGUAGE ? '' : ` or ${REFERENCE_LANGUAGE}`}, found none`,
        }),
      );
      return undefined;
    }
    if (details.usedLng !== this.lang && !this.warned.has(message.key)) {
      this.warned.add(message.key);
      this.warnings.push(
        problem({
          ...this.whereAsked(message),
          ruleId: 'missing-translation',
          fatal: false,
          reason: `expected "${message.key}" in ${this.lang}, found it only in ${details.usedLng}: using that`,
        }),
      );
    }
    if (typeof details.res !== 'string') {
      this.problems.push(
        problem({
          ...this.whereAsked(message),
          ruleId: 'locale-shape',
          reason: `expected "${message.key}" to be a string, found an object of keys`,
        }),
      );
      return undefined;
    }
    const namespace = message.key.includes(':') ? message.key.split(':')[0]! : 'post';
    const found = {
      text: details.res,
      lng: details.usedLng ?? this.lang,
      exactKey: `${namespace}:${details.exactUsedKey ?? details.usedKey ?? message.key}`,
    };
    this.strings.set(cacheKey, found);
    return found;
  }

  private whereAsked(message: Message): { file: string; place?: { line: number; column: number } } {
    if (message.position) return { file: this.context.templateFile, place: message.position.start };
    const namespace = message.key.includes(':') ? message.key.split(':')[0]! : 'post';
    return { file: this.locales.files[`${this.lang}/${namespace}`]?.[0] ?? `locales/${this.lang}/${namespace}.json` };
  }

  /** Where the locale string behind a message is defined: its file and the key's line:column. */
  private whereDefined(source: StringSource): { file: string; place?: { line: number; column: number } } {
    return this.locales.place(source.lng, source.exactKey) ?? this.whereAsked(source.message);
  }

  private parse(raw: string, source: StringSource): ParsedString {
    const message = source.message;
    const cached = parsedStrings.get(raw);
    if (cached && !cached.urls) return cached;
    const { root, placeholders } = parseLocaleString(raw);
    const fault = textFinding(raw, source.exactKey);
    const policy = [...(fault ? [fault] : []), ...markupFindings(root, source.exactKey)];
    for (const { ruleId, reason } of policy) this.report(problem({ ...this.whereDefined(source), ruleId, reason }));
    if (cached && policy.length === 0) return cached;
    const blocks = root.children;
    let nodes: PhrasingContent[] = [];
    // Raw HTML is the markup policy's to report (locale-html); the other blocks are this rule's.
    const structure = blocks.filter((b) => b.type !== 'html');
    if (blocks.length === 1 && blocks[0]!.type === 'paragraph') nodes = blocks[0].children;
    else if (structure.length > 0 && !(structure.length === 1 && structure[0]!.type === 'paragraph')) {
      this.problems.push(
        problem({
          ...this.whereDefined(source),
          ruleId: 'locale-markdown',
          reason: `expected "${message.key}" to be inline Markdown, found ${structure.map((b) => `a ${b.type}`).join(' and ')}`,
        }),
      );
    }
    const misplaced = findMisplacedMarks(nodes);
    if (misplaced) {
      this.problems.push(
        problem({
          ...this.whereDefined(source),
          ruleId: 'variable-placement',
          reason: `expected {{variables}} of "${message.key}" in text, found one inside ${misplaced}`,
        }),
      );
    }
    if (misplaced || policy.length > 0) nodes = [];
    const parsed = { nodes: stripPositions(nodes), placeholders, urls: holdsUrls(nodes) };
    // A string with a problem is not cached, so that every run reports it.
    if (blocks.length <= 1 && !misplaced && policy.length === 0) parsedStrings.set(raw, parsed);
    return parsed;
  }

  /** The policy's problems once per string and reason, however often the key is rendered. */
  private report(found: Problem): void {
    const id = `${found.file}:${found.line}:${found.column} ${found.reason}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.problems.push(found);
  }

  private fillText(text: string, parsed: ParsedString, values: Record<string, Value>, source: StringSource): PhrasingContent[] {
    if (!MARKS.test(text)) return [{ type: 'text', value: text }];
    return text.split(/([\ue000-\ue0ff])/).flatMap((piece): PhrasingContent[] => {
      if (piece === '') return [];
      if (piece.length === 1 && MARKS.test(piece)) return this.placeholderNodes(piece, parsed, values, source);
      return [{ type: 'text', value: piece }];
    });
  }

  /** Whether the reference language's string of a key (plural suffix included) has the variable. */
  private referenceUses(exactKey: string, name: string): boolean {
    const [namespace, dotted] = exactKey.split(':') as [string, string];
    const reference = this.i18n.getResource(REFERENCE_LANGUAGE, namespace, dotted) as unknown;
    return typeof reference === 'string' && new RegExp(`\\{\\{\\s*${name.replace(/[^\w]/g, '')}\\s*[,}]`).test(reference);
  }

  private placeholderNodes(mark: string, parsed: ParsedString, values: Record<string, Value>, source: StringSource): PhrasingContent[] {
    const message = source.message;
    const placeholder = parsed.placeholders[mark.charCodeAt(0) - FIRST_MARK]!;
    const value = Object.hasOwn(values, placeholder.name) ? values[placeholder.name] : undefined;
    if (!value) {
      // The reference string asks for it too: the template left out what names it (`table=source-top`).
      if (message.position && message.askedBy === 'fact' && this.referenceUses(source.exactKey, placeholder.name)) {
        this.report(
          problem({
            file: this.context.templateFile,
            place: message.position.start,
            ruleId: 'unknown-variable',
            reason: `expected the directive to give {{${placeholder.name}}}, which "${message.key}" uses (a reference such as ${placeholder.name}=<element id>), found none`,
          }),
        );
        return [];
      }
      // Once per string, however often it is rendered.
      this.report(
        problem({
          ...this.whereDefined(source),
          ruleId: 'unknown-variable',
          reason: `expected one of the variables ${Object.keys(values)
            .sort()
            .map((v) => `{{${v}}}`)
            .join(', ')} in "${message.key}", found {{${placeholder.name}}}`,
        }),
      );
      return [];
    }
    return this.value(value, placeholder.format);
  }
}

/** A copy of a string's nodes without their places in it: the parse is shared (parseLocaleString), and a post's nodes are placed in no file. */
function stripPositions(nodes: PhrasingContent[]): PhrasingContent[] {
  const copy: Paragraph = { type: 'paragraph', children: structuredClone(nodes) };
  removePosition(copy, { force: true });
  return copy.children;
}

function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.type === 'text' && last?.type === 'text') (last as Text).value += node.value;
    else out.push(node);
  }
  return out;
}

/** The bold label a generated slot prompt starts with (`Editor:`), to tell an untouched slot. */
export function promptLabel(lang: string, locales: LocaleSet): string {
  const translator = new Translator(lang, locales, { templateFile: '', globals: {} });
  const nodes = translator.render({ key: 'common:slots.prompt', values: { prompt: { kind: 'text', text: '' } } });
  const strong = nodes.find((node) => node.type === 'strong');
  return toString(strong ?? { type: 'paragraph', children: nodes }).trim();
}
