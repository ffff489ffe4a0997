/**
 * What telescope-report remembers of a bundle, in the bundle's
 * `.telescope-report/` folder (Hugo publishes no dot folder):
 *
 * - `manifest.json`: every file it wrote last time, with a hash of what it
 *   wrote, so that a dropped chart is removed and a file it never wrote (or one
 *   changed by hand) is never replaced without a backup;
 * - `generated/index.<lang>.md`: the post as generated last time, before the
 *   editor's edits: the common ancestor of a three-way merge;
 * - `backups/<time>/`: files replaced by `--force`, or not ours;
 * - `lock`, `staging-*`: the writer's lock and its unfinished changes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { problem, type Problem } from '../messages.js';
import { decodeUtf8, isProblem } from '../text-file.js';
import { readExisting } from './existing.js';

export const SIDECAR_DIR = '.telescope-report';
const MANIFEST_VERSION = 1;

export interface Manifest {
  /** Bundle-relative name → sha256 (hex) of the bytes written. */
  files: Record<string, string>;
  /** The template the bundle was drafted with: drafting again or checking it uses the same by default. */
  template?: string;
}

export const sidecarPath = (dir: string) => join(dir, SIDECAR_DIR);
export const manifestName = `${SIDECAR_DIR}/manifest.json`;
export const generatedName = (post: string) => `${SIDECAR_DIR}/generated/${post}`;
export const backupName = (stamp: string, name: string) => `${SIDECAR_DIR}/backups/${stamp}/${name}`;

export const contentHash = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('hex');

/** The manifest, `undefined` for a bundle never written with one (new, or of the older format). */
export async function readManifest(dir: string): Promise<Manifest | undefined | Problem> {
  const file = join(dir, manifestName);
  const existing = await readExisting(file);
  if (existing === undefined || isProblem(existing)) return existing;
  const text = decodeUtf8(existing.bytes, file);
  if (isProblem(text)) return text;
  try {
    const value = JSON.parse(text) as { version?: unknown; files?: unknown; template?: unknown };
    const files = value.files;
    if (
      value.version === MANIFEST_VERSION &&
      files !== null &&
      typeof files === 'object' &&
      Object.values(files).every((h) => typeof h === 'string')
    ) {
      const template =
        typeof value.template === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(value.template) ? { template: value.template } : {};
      return { files: Object.assign(Object.create(null) as Record<string, string>, files), ...template };
    }
  } catch {
    // Reported below: a damaged manifest must not be mistaken for none.
  }
  return problem({
    file,
    ruleId: 'sidecar',
    reason: `expected telescope-report's manifest (version ${MANIFEST_VERSION}), found something else: restore it, or remove ${SIDECAR_DIR}/ and draft with --force`,
  });
}

export const manifestText = (manifest: Manifest): string =>
  `${JSON.stringify({ version: MANIFEST_VERSION, ...(manifest.template ? { template: manifest.template } : {}), files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) }, null, 2)}\n`;

/** The template a bundle was last drafted with, when its manifest says (anything else: undefined). */
export async function bundleTemplate(dir: string): Promise<string | undefined> {
  const manifest = await readManifest(dir).catch(() => undefined);
  return manifest && !isProblem(manifest) ? manifest.template : undefined;
}

/** The post as generated last time, or `undefined`. */
export async function readGenerated(dir: string, post: string): Promise<string | undefined | Problem> {
  const file = join(dir, generatedName(post));
  const existing = await readExisting(file);
  if (existing === undefined || isProblem(existing)) return existing;
  return decodeUtf8(existing.bytes, file);
}
