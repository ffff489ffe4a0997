/** The project's config: found by walking up from the working folder, overridden by options, refused clearly when wrong. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const run = (cwd: string, ...args: string[]) => {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  const child = spawnSync(process.execPath, [join(root, 'dist/bin/telescope-report.mjs'), ...args], { cwd, encoding: 'utf8', env });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
};
const dataset = join(root, 'examples/2021-q4/dataset.json');

describe('telescope-report.config.json', () => {
  it('gives draft its languages and output folder from a folder above, and options override it', async () => {
    const project = await mkdtemp(join(tmpdir(), 'config-'));
    await writeFile(join(project, 'telescope-report.config.json'), JSON.stringify({ lang: ['en'], out: 'site/bundle' }));
    const below = join(project, 'content', 'posts');
    await mkdir(below, { recursive: true });
    const drafted = run(below, 'draft', dataset, '--no-svg');
    expect(drafted.stderr).toBe('');
    expect(drafted.code).toBe(0);
    expect((await readdir(join(project, 'site/bundle'))).filter((f) => f.endsWith('.md')).sort()).toEqual(['index.en.md']);
    const overridden = run(below, 'draft', dataset, '--no-svg', '--lang', 'ja', '--out', 'here');
    expect(overridden.code).toBe(0);
    expect(existsSync(join(below, 'here', 'index.ja.md'))).toBe(true);
    expect(existsSync(join(below, 'here', 'index.en.md'))).toBe(false);
  });

  it('is read from a telescope-report key of package.json, and ignored without one', async () => {
    const project = await mkdtemp(join(tmpdir(), 'config-pkg-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'site', 'telescope-report': { lang: 'ja', out: 'b' } }));
    expect(run(project, 'draft', dataset, '--no-svg').code).toBe(0);
    expect(existsSync(join(project, 'b', 'index.ja.md'))).toBe(true);
    const plain = await mkdtemp(join(tmpdir(), 'config-none-'));
    await writeFile(join(plain, 'package.json'), JSON.stringify({ name: 'other' }));
    const without = run(plain, 'draft', dataset, '--no-svg');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('draft needs --out <dir>');
  });

  it('is refused when it holds what no option means, naming the file and the key, exit 2', async () => {
    const project = await mkdtemp(join(tmpdir(), 'config-bad-'));
    await writeFile(join(project, 'telescope-report.config.json'), JSON.stringify({ lang: ['en'], outdir: 'x' }));
    const refused = run(project, 'draft', dataset, '--no-svg');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${join(project, 'telescope-report.config.json')}:1:16  error  (the config): expected only the keys lang, templates, template, locales, out, blocks, found "outdir"  invalid-config`,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    await writeFile(join(project, 'telescope-report.config.json'), '{ "lang": ');
    const broken = run(project, 'draft', dataset, '--no-svg');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('invalid-config');
    // validate takes nothing from a config: a broken one is not its problem.
    expect(run(project, 'validate', dataset).code).toBe(0);
  });
});
