/** The benchmark is never a timed test: this only checks that it runs on a tiny input and prints its table. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

describe('npm run bench', () => {
  it('runs in quick mode and prints one row per measure', () => {
    const { TELESCOPE_BENCH_NODES: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['dist/bench/main.js', '--quick'], { cwd: root, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^telescope-report benchmark \(quick\), \d{4}-\d{2}-\d{2}, .+ Node v\d+/);
    expect(lines[2]).toMatch(/^\| measure +\| median +\| goal +\| met +\|$/);
    const measures = lines.slice(4).map((line) => line.split('|')[1]!.trim());
    expect(measures).toEqual([
      `Intl floor, Node ${process.version}: node creating the Intl formats of en and ja`,
      `cold CLI, --help, Node ${process.version}`,
      `cold draft --no-svg (example, en + ja), Node ${process.version}`,
      `cold draft --no-svg, no code cache, Node ${process.version}`,
      `cold draft with SVG (example, en + ja), Node ${process.version}`,
      'API: bilingual drafts with chart specs',
      'API: SVG figures',
      'scale: 2 sensors × 20 entries (0.0 MiB)',
      'scale: 4 sensors × 20 entries (0.0 MiB)',
      'validation: 0 MiB scale dataset (4 sensors × 20 entries)',
      'scale with SVG: 40 sensors × 20 entries (0.0 MiB)',
      'series with SVG: 2 × 5 groups × 365 days (0.2 MiB)',
      'archive: 4 quarters × en + ja with SVG (32 figures), one fresh process',
      'archive, watching: a Japanese string saved → 4 bundles drafted again, their Japanese posts rewritten',
      'validation: 1,000 problems located (0.1 MiB)',
      'aggregate: 100,000 rows, Parquet',
      'aggregate: 100,000 rows, CSV',
      'baseline: plain streaming Node over the CSV (partial sums only)',
      'watch: locale file saved → post rewritten (--no-svg)',
    ]);
    for (const line of lines.slice(4)) expect(line).toMatch(/\| [\d.]+ (ms|\/s)/);
    expect(lines[5]).toMatch(/\| [\d.]+ ms = [\d.]+× the Intl floor +\| +\|/);
    expect(lines[6]).toMatch(/\| [\d.]+ ms = [\d.]+× the Intl floor +\| ≤ 1\.5× floor +\| (yes|no) +\|$/);
  });
});
