/**
 * Starting points, for build scripts and for the `init` and `locales add`
 * commands: a dataset skeleton for a period (every part of the contract,
 * placeholder values, valid), and a new language's locale folder (every
 * English key, the English text kept, plural keys in the forms the language
 * needs). Bad input throws a `ProblemsError`; nothing is half written.
 */
import { existsSync } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { periodId, periodMonths, type Period } from './dataset/period.js';
import { REGIONS } from './dataset/schema.js';
import { SHIPPED_LOCALES } from './inputs.js';
import { OPTIONAL_KEY, pluralBase, pluralSuffix, REFERENCE_LANGUAGE } from './localize/keys.js';
import { readLocaleFiles, type LocaleTree } from './localize/locales.js';
import { problem, ProblemsError } from './messages.js';
import { kindOf } from './text-file.js';
import { fileTargetProblem, writeOrProblem } from './output/targets.js';
import { PACKAGE_ROOT } from './package-root.js';

export const PERIOD_FORMS = '2025-q1 (a quarter), 2025 (a calendar year), fy2024 (a fiscal year from April) or fy2024-10 (from October)';

/** `2025-q1`, `2025`, `fy2024`, `fy2024-04`: the spellings `periodId` writes; `undefined` for anything else. */
export function parsePeriod(text: string): Period | undefined {
  const match = /^(?:(\d{4})-q([1-4])|(\d{4})|fy(\d{4})(?:-(0[1-9]|1[0-2]))?)$/i.exec(text);
  if (!match) return undefined;
  const [, qYear, quarter, year, fiscalYear, startMonth] = match;
  const inRange = (y: string) => Number(y) >= 1970;
  if (qYear) return inRange(qYear) ? { year: Number(qYear), quarter: Number(quarter) } : undefined;
  if (year) return inRange(year) ? { year: Number(year) } : undefined;
  // A fiscal year must end by December 9999 (the contract's last month).
  const fiscal = { fiscalYear: Number(fiscalYear), startMonth: startMonth ? Number(startMonth) : 4 };
  return inRange(fiscalYear!) && !(fiscal.fiscalYear === 9999 && fiscal.startMonth !== 1) ? fiscal : undefined;
}

/** The skeleton: obviously placeholder sensors, zero counts, empty lists where the contract allows them. */
export function datasetSkeleton(period: Period, schemaPath: string): Record<string, unknown> {
  const sensors = REGIONS.map((region) => ({
    id: `example-${region}-1`,
    region,
    label: { en: `Example ${region} sensor (replace)`, ja: `${region === 'domestic' ? '国内' : '海外'}センサー例（要置換）` },
  }));
  const months = periodMonths(period);
  return {
    $schema: schemaPath,
    schemaVersion: 2,
    period,
    // The default date is the day after the period, which a period ending in December 9999 does not have.
    ...(months.at(-1) === '9999-12' ? { publishedOn: '9999-12-31' } : {}),
    sensors,
    sourceCountryTop: { country: 'JP', entries: [], complete: true },
    sensorTop: Object.fromEntries(sensors.map((sensor) => [sensor.id, []])),
    dailyAverages: REGIONS.flatMap((region) => periodMonths(period).map((month) => ({ month, region, packets: 0 }))),
    rankings: [
      { id: 'destination-ports', subject: 'port', entries: [] },
      { id: 'source-regions', subject: 'region', entries: [] },
    ],
    total: { packets: 0 },
    categories: { 'example-category': { label: { en: 'Example category (replace)', ja: 'カテゴリー例（要置換）' } } },
    series: [{ id: 'example-series', unit: 'packets', label: { en: 'Example series (replace)', ja: '系列例（要置換）' }, points: [] }],
  };
}

export interface InitDatasetOptions {
  /** The period: `2025-q1`, `2025`, `fy2024` (from April), `fy2024-10` (from October), or as a dataset's `period` holds it. */
  period: string | Period;
  /** Where to write the skeleton (default: `dataset.json`). */
  out?: string;
  /** Replace the file if it exists (`--force`); otherwise an existing file is refused. */
  force?: boolean;
}

export interface InitDatasetResult {
  /** The file written. */
  file: string;
  period: Period;
  /** What was written, as JSON: valid, every value a placeholder. */
  dataset: Record<string, unknown>;
}

/** `telescope-report init`: writes a dataset skeleton for a period. */
export async function initDataset(options: InitDatasetOptions): Promise<InitDatasetResult> {
  const file = typeof options?.out === 'string' ? options.out : 'dataset.json';
  const invalid = () =>
    new ProblemsError('options', [
      problem({
        file,
        ruleId: 'invalid-period',
        reason: `expected a period: ${PERIOD_FORMS} (from 1970 to 9999), found ${JSON.stringify(options?.period) ?? 'none'}: nothing was written`,
      }),
    ]);
  const asked = options?.period;
  if (typeof asked !== 'string' && (typeof asked !== 'object' || asked === null)) throw invalid();
  let given: string;
  try {
    given = typeof asked === 'string' ? asked : periodId(asked);
  } catch {
    throw invalid();
  }
  const period = parsePeriod(given);
  // An object is held to the same forms: { year: 2025, quarter: 5 } spells 2025-q5.
  if (!period || (typeof asked !== 'string' && periodId(period) !== given)) throw invalid();
  const refused = await fileTargetProblem(file, { force: options.force === true, what: 'the dataset', existsHint: '--force replaces it' });
  if (refused) throw new ProblemsError('dataset', [refused]);
  // The schema of the telescope-report that wrote the file: node_modules/telescope-report/… when installed, the clone's own otherwise.
  const schema = relative(dirname(resolve(file)), join(PACKAGE_ROOT, 'src/dataset/dataset.schema.json'))
    .split(sep)
    .join('/');
  const dataset = datasetSkeleton(period, schema);
  const failed = await writeOrProblem(file, `${JSON.stringify(dataset, null, 2)}\n`);
  if (failed) throw new ProblemsError('dataset', [failed]);
  return { file, period, dataset };
}

/** What a locale folder may be named (localize/locales.ts reads no other). */
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A BCP 47 tag in its canonical form, lower-case language first (`ko`, `pt-BR`, `zh-Hant`). */
export function isLocaleTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag && LANG.test(tag);
  } catch {
    return false;
  }
}

/** The English keys of one namespace, flattened to `dotted.key` → text, layers merged (the last wins). */
type Flat = Map<string, string>;

const flatten = (tree: LocaleTree, into: Flat, prefix: string[] = []): void => {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set([...prefix, key].join('\u0000'), value);
    else flatten(value, into, [...prefix, key]);
  }
};

/** Each English key in the plural forms `lang` needs: `_one`/`_other` become Japanese `_other`, Russian `_one`/`_few`/`_many`/`_other`, each English's `_other` text. */
export function translateForms(english: Flat, namespace: string, lang: string): Flat {
  const cardinal = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
  const ordinal = (new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions().pluralCategories as string[]).map(
    (c) => `ordinal_${c}`,
  );
  const out: Flat = new Map();
  const done = new Set<string>();
  for (const path of english.keys()) {
    const dotted = `${namespace}:${path.split('\u0000').join('.')}`;
    // Words for small numbers, service and country names: a language has them only when it wants them.
    if (OPTIONAL_KEY.test(dotted)) continue;
    const suffix = pluralSuffix(path);
    if (suffix === undefined) {
      out.set(path, english.get(path)!);
      continue;
    }
    const base = pluralBase(path);
    if (done.has(base)) continue;
    done.add(base);
    const forms = suffix.startsWith('ordinal_') ? ordinal : cardinal;
    const fallback = english.get(`${base}_${suffix.startsWith('ordinal_') ? 'ordinal_other' : 'other'}`) ?? english.get(path)!;
    // Every form from English's _other: a language's `one` may cover 21 too (Russian), so English's _one, which may drop {{count}}, would be wrong.
    for (const form of forms) out.set(`${base}_${form}`, fallback);
  }
  return out;
}

const unflatten = (flat: Flat): LocaleTree => {
  const tree: LocaleTree = {};
  for (const [path, value] of flat) {
    const parts = path.split('\u0000');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as LocaleTree;
    node[parts.at(-1)!] = value;
  }
  return tree;
};

export interface AddLocaleOptions {
  /** The folder to write `<dir>/<lang>/` in (default: `locales`); its English, if any, layers over the shipped English. */
  locales?: string;
  /** Rewrite the language's files from English if its folder exists (`--force`); otherwise it is refused. */
  force?: boolean;
}

export interface AddLocaleResult {
  /** The language's folder. */
  folder: string;
  /** The files written, one per namespace, in order. */
  files: string[];
}

/** `telescope-report locales add <lang>`: starts a language with every English key, still in English. */
export async function addLocale(lang: string, options: AddLocaleOptions = {}): Promise<AddLocaleResult> {
  const dir = options?.locales ?? 'locales';
  const folder = typeof lang === 'string' && typeof dir === 'string' ? join(dir, lang) : String(dir);
  const refuse = ({ ruleId, reason }: { ruleId: string; reason: string }) =>
    new ProblemsError('locale', [problem({ file: folder, ruleId, reason })]);
  if (typeof dir !== 'string' || dir === '')
    throw refuse({ ruleId: 'unwritable', reason: `expected a folder for the locales, found ${JSON.stringify(dir)}: nothing was written` });
  if (typeof lang !== 'string' || !isLocaleTag(lang))
    throw refuse({
      ruleId: 'invalid-tag',
      reason: `expected a BCP 47 language tag in its canonical case (ko, pt-BR, zh-Hant), found ${JSON.stringify(lang)}: nothing was written`,
    });
  if (lang === REFERENCE_LANGUAGE)
    throw refuse({
      ruleId: 'reference-language',
      reason: `expected a language other than ${REFERENCE_LANGUAGE}, the reference language that others are copied from, found ${REFERENCE_LANGUAGE}: nothing was written`,
    });
  // A language that ships has its translation: an English copy layered over it would turn its posts English.
  if (existsSync(join(SHIPPED_LOCALES, lang)))
    throw refuse({
      ruleId: 'exists',
      reason: `expected a language the shipped locales lack, found ${lang}, which ships translated: nothing was written (to change some of its words, put just those keys in ${join(dir, lang)}/<namespace>.json)`,
    });
  const place = await folderTargetProblem(dir, folder, options.force === true);
  if (place) throw new ProblemsError('locale', [place]);
  // English as a draft with --locales <dir> sees it: the shipped keys, then the folder's own.
  const layers = existsSync(dir) ? [SHIPPED_LOCALES, dir] : [SHIPPED_LOCALES];
  const english = new Map<string, Flat>();
  for (const file of await readLocaleFiles(layers)) {
    if (file.lang !== REFERENCE_LANGUAGE) continue;
    const flat = english.get(file.namespace) ?? new Map<string, string>();
    english.set(file.namespace, flat);
    flatten(file.tree, flat);
  }
  const namespaces = [...english.keys()].sort();
  const files = namespaces.map((namespace) => join(folder, `${namespace}.json`));
  // Every file computed before the first is written.
  const contents = namespaces.map(
    (namespace) => `${JSON.stringify(unflatten(translateForms(english.get(namespace)!, namespace, lang)), null, 2)}\n`,
  );
  for (const file of files) {
    const refused = await fileTargetProblem(file, { force: true, what: 'a locale file', existsHint: '' });
    if (refused) throw new ProblemsError('locale', [refused]);
  }
  for (const [i, file] of files.entries()) {
    const failed = await writeOrProblem(file, contents[i]!);
    if (failed) throw new ProblemsError('locale', [failed]);
  }
  return { folder, files };
}

/** Why the language's folder may not be written: the locales folder or the language's is not a folder of its own. */
async function folderTargetProblem(dir: string, folder: string, force: boolean) {
  for (const [path, what] of [
    [dir, 'the locales'],
    [folder, 'the language'],
  ] as const) {
    const info = await lstat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isSymbolicLink())
      return problem({
        file: path,
        ruleId: 'not-a-file',
        reason: `expected a folder for ${what}, found a symbolic link to ${await readlink(path).catch(() => 'somewhere')}: nothing was written (name the folder itself)`,
      });
    if (!info.isDirectory())
      return problem({
        file: path,
        ruleId: 'not-a-file',
        reason: `expected a folder for ${what}, found ${info.isFile() ? 'a file' : kindOf(info.mode, 'a folder')}: nothing was written`,
      });
  }
  if (existsSync(folder) && !force)
    return problem({
      file: folder,
      ruleId: 'exists',
      reason: `expected no folder for ${basename(folder)}, found one: nothing was written (--force rewrites its files from English)`,
    });
  return undefined;
}
