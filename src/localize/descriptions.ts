/**
 * What translators are told of each key: `<namespace>.descriptions.json`
 * beside the reference language's locale files, in the shape of a Chrome
 * extension's `messages.json` (WebExtension JSON), which Crowdin, Weblate,
 * Transifex and Phrase read as source strings with a note for translators:
 *
 *     { "intro.period": { "message": "This issue looks at {{period}}.", "description": "…" } }
 *
 * A key is its dotted path in the namespace; a plural key is described once,
 * by its base name, with English's `_other` (`_ordinal_other`) form as its
 * message. Layered like the locales: a later folder's entry replaces one key's.
 */
import { formatPath, JsonSyntaxError, readJson, type JsonValue, type JsonSource } from '../json-source.js';
import { describeValue, problem, ProblemsError, type Position, type Problem } from '../messages.js';
import { isProblem } from '../text-file.js';
import { REFERENCE_LANGUAGE } from './keys.js';
import { DESCRIPTION_SUFFIX, isDescriptionFile, readLocaleFolders } from './locales.js';

export interface KeyDescription {
  /** `namespace:dotted.key`, a plural key by its base name. */
  key: string;
  /** The English string the description was written for. */
  message: string;
  description: string;
  /** The locales folder (layer) and the file it is in. */
  dir: string;
  file: string;
  /** Where its key, its message and its description stand in the file. */
  place: Position;
  messagePlace: Position;
  descriptionPlace: Position;
}

export interface DescriptionSet {
  /** Every entry of every layer, in layer order. */
  entries: KeyDescription[];
  /** Each key's description: the last layer's. */
  byKey: Map<string, KeyDescription>;
  /** Description files beside a language other than the reference one: nothing reads them. */
  misplaced: string[];
}

const FIELDS = ['message', 'description'];
const START: Position = { line: 1, column: 1 };

/** The descriptions of the layers; a file that is not JSON or not of this shape is a problem, all of them thrown at once. */
export async function readDescriptions(dirs: readonly string[]): Promise<DescriptionSet> {
  const set: DescriptionSet = { entries: [], byKey: new Map(), misplaced: [] };
  const problems: Problem[] = [];
  for (const { dir, lang, name, file, text } of await readLocaleFolders(dirs, isDescriptionFile)) {
    if (isProblem(text)) {
      problems.push(text);
      continue;
    }
    if (lang !== REFERENCE_LANGUAGE) {
      set.misplaced.push(file);
      continue;
    }
    for (const entry of parseDescriptions(text, file, problems)) {
      const described = { ...entry, key: `${name.slice(0, -DESCRIPTION_SUFFIX.length)}:${entry.key}`, dir, file };
      set.entries.push(described);
      set.byKey.set(described.key, described);
    }
  }
  if (problems.length > 0) throw new ProblemsError('locale', problems);
  return set;
}

type ParsedDescription = Omit<KeyDescription, 'dir' | 'file'>;

function parseDescriptions(text: string, file: string, problems: Problem[]): ParsedDescription[] {
  let source: JsonSource;
  try {
    source = readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push(problem({ file, ruleId: error.rule, reason: error.reason, place: error.point }));
    return [];
  }
  const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(source.value)) {
    problems.push(
      problem({
        file,
        ruleId: 'locale-shape',
        reason: 'expected an object of descriptions, each {"message": …, "description": …}, found another value',
        place: START,
      }),
    );
    return [];
  }
  const keys = Object.keys(source.value);
  const places = source.locate(keys.flatMap((key) => [[key], [key, 'message'], [key, 'description']]));
  const out: ParsedDescription[] = [];
  keys.forEach((key, index) => {
    const entry = source.value as Record<string, JsonValue>;
    const value = entry[key];
    const [at, messageAt, descriptionAt] = [places[index * 3], places[index * 3 + 1], places[index * 3 + 2]];
    const place = at?.key ?? START;
    const bad = (reason: string, where: Position = place) =>
      problems.push(
        problem({ file, ruleId: 'locale-shape', place: where, jsonPath: formatPath([key]), reason: `${JSON.stringify(key)}: ${reason}` }),
      );
    if (!isObject(value))
      return bad(`expected {"message": "<English>", "description": "<for translators>"}, found ${describeValue(value)}`, at?.value);
    const extra = Object.keys(value).filter((field) => !FIELDS.includes(field));
    if (extra.length > 0) bad(`expected only "message" and "description", found ${extra.map((f) => JSON.stringify(f)).join(', ')}`);
    const wrong = FIELDS.filter((field) => typeof value[field] !== 'string');
    if (wrong.length > 0)
      bad(
        `expected "message" and "description" to be strings, found ${wrong.map((f) => (value[f] === undefined ? `no ${JSON.stringify(f)}` : `${JSON.stringify(f)} as ${describeValue(value[f])}`)).join(' and ')}`,
      );
    if (extra.length > 0 || wrong.length > 0) return;
    out.push({
      key,
      message: value.message as string,
      description: value.description as string,
      place,
      messagePlace: messageAt?.value ?? place,
      descriptionPlace: descriptionAt?.value ?? place,
    });
  });
  return out;
}
