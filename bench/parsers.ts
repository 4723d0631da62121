// In-process cost of `parseArtifact` (what `modelgate validate` runs on each file) per format, each
// as a ratio against its floor measured in the same run: JSON.parse of the same bytes (line by line
// for line formats; a split on newlines and commas for CSV), both decoding the bytes. Then the peak
// RSS of a 100 MB Optuna journal parsed in a child process, fed from a file, and of the built CLI
// (dist/cli.js, when built) validating it beside a 100 MB model_card.json, and checking a repository
// whose card names it.
// Run: npx tsx bench/parsers.ts [--runs N] [--quick] [--rss-only]
//   --quick: 3 runs at 2 MB, one un-warmed run at 100 MB (well under a minute).
//   --rss-only: only the peak RSS of the 100 MB journal.
import { spawnSync } from 'node:child_process';
import { buildSync, type BuildOptions } from 'esbuild';
import { closeSync, cpSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as artifacts from '../src/core/artifacts/index.ts';
import { LIMITS } from '../src/core/artifacts/source.ts';

const MB = 1024 * 1024;
const HEAP_FLAG = '--max-old-space-size=8192';

// 100 MB documents parsed whole (NNI, Ray Tune) need more than Node's default heap; re-run with it.
if (!process.execArgv.includes(HEAP_FLAG)) {
  const run = spawnSync(process.execPath, [HEAP_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const QUICK = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : QUICK ? 3 : 7;
const BIG_RUNS = QUICK ? 1 : 3;
/** Just under a cap, so the file is parsed, not refused. */
const under = (bytes: number) => bytes - 64 * 1024;
// Tuning logs up to 100 MB are parsed by default; before that change, only with `maxBytes` raised.
const bigOptions: artifacts.ParseArtifactOptions = 'maxTuningLogBytes' in LIMITS ? {} : { maxBytes: (LIMITS as { maxReadBytes: number }).maxReadBytes };

/** Lines of `line(i)` until `target` characters. */
function linesUpTo(target: number, head: string[], line: (i: number) => string): string {
  const lines = [...head];
  let size = head.reduce((n, l) => n + l.length + 1, 0);
  for (let i = 0; size < target; i++) {
    const l = line(i);
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

function tuningJsonl(target: number): string {
  const study = JSON.stringify({ type: 'study', name: 'bench', method: 'random', seed: 1, search_space: { lr: { low: 0.001, high: 0.1, log: true }, depth: { low: 2, high: 12, step: 1 } }, objective: { metric: 'auc', split: 'validation', direction: 'maximize' } });
  return linesUpTo(target, [study], (id) => JSON.stringify({ type: 'trial', id, state: 'complete', seed: 42, params: { lr: 0.001 + (id % 97) / 1000, depth: 2 + (id % 10) }, metrics: { 'validation/auc': 0.8 + (id % 13) / 100, 'validation/log_loss': 0.3 + (id % 7) / 100 } }));
}

/** Python's json.dumps separators, as Optuna's JournalFileBackend writes them. */
const py = (value: unknown) => JSON.stringify(value).replace(/","/g, '", "').replace(/":/g, '": ').replace(/,"/g, ', "');
const WORKER = 'a4572293-4260-45be-9d2a-489e532dc113-140704507377600';
const FLOAT = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0.0001, high: 0.1, log: true } });
const INT = JSON.stringify({ name: 'IntDistribution', attributes: { log: false, step: 1, low: 2, high: 12 } });

function optunaJournal(target: number): string {
  const study = py({ op_code: 0, worker_id: WORKER, study_name: 'bench', directions: [2] });
  // Four ops per trial: create, two params, complete.
  return linesUpTo(target, [study], (i) => {
    const trial = Math.floor(i / 4);
    switch (i % 4) {
      case 0: return py({ op_code: 4, worker_id: WORKER, study_id: 0, datetime_start: '2024-06-07T17:27:27.682770' });
      case 1: return py({ op_code: 5, worker_id: WORKER, trial_id: trial, param_name: 'lr', param_value_internal: 0.001 + (trial % 97) / 1000, distribution: FLOAT });
      case 2: return py({ op_code: 5, worker_id: WORKER, trial_id: trial, param_name: 'depth', param_value_internal: 2 + (trial % 10), distribution: INT });
      default: return py({ op_code: 6, worker_id: WORKER, trial_id: trial, state: 1, values: [0.8 + (trial % 13) / 100], datetime_complete: '2024-06-07T17:27:27.689197' });
    }
  });
}

function optunaCsv(target: number): string {
  const header = ',number,value,datetime_start,datetime_complete,duration,params_depth,params_lr,user_attrs_seed,state';
  return linesUpTo(target, [header], (i) => `${i},${i},${0.8 + (i % 13) / 100},2024-06-07 17:27:27.682770,2024-06-07 17:27:27.689197,0 days 00:00:00.006427,${2 + (i % 10)},${0.001 + (i % 97) / 1000},42,COMPLETE`);
}

function nniTrials(target: number): string {
  const entry = (i: number) => `    ${JSON.stringify({ parameter: { C: 0.1 + (i % 97) / 100, kernel: ['linear', 'rbf', 'sigmoid'][i % 3], degree: 3, gamma: 0.01 + (i % 13) / 100, coef0: 0.05 + (i % 7) / 100 }, value: 0.6 + (i % 11) / 100 })}`;
  const body = linesUpTo(target - 4, [], (i) => `${entry(i)},`);
  return `[\n${body.slice(0, -2)}\n]\n`;
}

function rayTuneState(target: number): string {
  const trial = (i: number) =>
    JSON.stringify({ stub: false, trainable_name: 'train_func', trial_id: `e122b_${String(i).padStart(5, '0')}`, config: { lr: 0.001 + (i % 97) / 1000, model: { depth: 2 + (i % 10) } }, experiment_tag: String(i), status: 'TERMINATED', _last_result: { mean_accuracy: 0.8 + (i % 13) / 100, val_loss: 0.3 + (i % 7) / 100, training_iteration: 10, time_total_s: 12.5, done: true } }, null, 2);
  const body = linesUpTo(target - 200, [], (i) => `    ${JSON.stringify(trial(i))},`);
  return `{\n  "checkpoints": [\n${body.slice(0, -2)}\n  ],\n  "runner_data": {\n    "_metric": "mean_accuracy",\n    "_mode": "max",\n    "_iteration": 3\n  }\n}\n`;
}

function mctCard(target: number): string {
  const card = JSON.parse(readFileSync(new URL('../test/fixtures/real-world/model-cards/mct-full.json', import.meta.url), 'utf8')) as { quantitative_analysis: { performance_metrics: unknown[] } };
  const metrics: unknown[] = [];
  card.quantitative_analysis.performance_metrics = metrics;
  for (let i = 0; JSON.stringify(card, null, 2).length < target; ) {
    for (let k = 0; k < 500; k++, i++) metrics.push({ type: 'accuracy', value: String(0.8 + (i % 17) / 100), slice: `region=${i}`, confidence_interval: { lower_bound: '0.75', upper_bound: '0.95' } });
  }
  while (JSON.stringify(card, null, 2).length > target) metrics.pop();
  return JSON.stringify(card, null, 2);
}

const jsonLines = (t: string) => t.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const csvCells = (t: string) => t.split('\n').map((l) => l.split(','));
const jsonWhole = (t: string) => JSON.parse(t);
// A Ray 1.x state holds each trial as a JSON document inside a string: these bytes are JSON twice,
// and this floor parses both (the outer document, then each trial string), as any reader must.
const rayTuneDocuments = (t: string) => (JSON.parse(t) as { checkpoints: string[] }).checkpoints.map((trial) => JSON.parse(trial));

interface Case {
  name: string;
  file: string;
  make: (target: number) => string;
  floor: (text: string) => unknown;
  floorName: string;
  big: boolean;
}

const CASES: Case[] = [
  { name: 'JSONL tuning log', file: 'tuning/trials.jsonl', make: tuningJsonl, floor: jsonLines, floorName: 'JSON.parse per line', big: true },
  { name: 'Optuna journal', file: 'tuning/journal.log', make: optunaJournal, floor: jsonLines, floorName: 'JSON.parse per line', big: true },
  { name: 'Optuna trials CSV', file: 'tuning/trials.csv', make: optunaCsv, floor: csvCells, floorName: 'split on \\n and ,', big: true },
  { name: 'NNI trials', file: 'tuning/nni-trials.json', make: nniTrials, floor: jsonWhole, floorName: 'JSON.parse', big: true },
  { name: 'Ray Tune state', file: 'tuning/experiment_state-2024-01-01_00-00-00.json', make: rayTuneState, floor: jsonWhole, floorName: 'JSON.parse', big: true },
  { name: 'Ray Tune state (floor: its trial documents too)', file: 'tuning/experiment_state-2024-01-01_00-00-00.json', make: rayTuneState, floor: rayTuneDocuments, floorName: 'JSON.parse of the state and each trial string', big: true },
  { name: 'MCT JSON card', file: 'model_card.json', make: mctCard, floor: jsonWhole, floorName: 'JSON.parse', big: false },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function measure(c: Case, size: number, runs: number, warmUp: boolean, options: artifacts.ParseArtifactOptions): string {
  const bytes = new TextEncoder().encode(c.make(under(size)));
  const parse: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let r = warmUp ? 0 : 1; r <= runs; r++) {
    // The floor decodes the same bytes too, as parseArtifact does.
    const f = time(() => c.floor(new TextDecoder().decode(bytes)));
    let result: artifacts.ArtifactParseResult | undefined;
    const p = time(() => (result = artifacts.parseArtifact(c.file, bytes, options)));
    if (result!.errors.length > 0) throw new Error(`${c.name}: ${JSON.stringify(result!.errors.slice(0, 3))}`);
    if (r === 0) continue;
    floor.push(f);
    parse.push(p);
    ratios.push(p / f);
  }
  const mb = Math.round(bytes.length / MB);
  // On a shared machine a neighbour's load lands on single runs: the fastest run of each is the
  // least disturbed, so their ratio is given beside the median of the run-by-run ratios.
  const fastest = Math.min(...parse) / Math.min(...floor);
  return `| ${mb} MB ${c.name} | ${median(parse).toFixed(0)} ms | ${c.floorName} ${median(floor).toFixed(0)} ms | **${median(ratios).toFixed(1)}×** (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}) | ${fastest.toFixed(1)}× |`;
}

/**
 * The child: FILE parsed as a journal the way an adapter would feed it (read in pieces into
 * parseArtifactStream, or read whole into parseArtifact where that does not exist yet); prints its
 * peak RSS. Bundled with esbuild and run by plain node, so no TypeScript loader weighs on the figure.
 */
const CHILD = `
import { createReadStream, readFileSync } from 'node:fs';
import * as artifacts from ${JSON.stringify(fileURLToPath(new URL('../src/core/artifacts/index.ts', import.meta.url)))};
const [file, mode] = process.argv.slice(2);
let trials = -1;
if (mode !== 'baseline') {
  const result = artifacts.parseArtifactStream
    ? await artifacts.parseArtifactStream('tuning/journal.log', createReadStream(file, { highWaterMark: 1024 * 1024 }))
    : artifacts.parseArtifact('tuning/journal.log', readFileSync(file), { maxBytes: 100 * 1024 * 1024 });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  trials = result.value.trials.length;
}
// VmHWM (Linux) is this process's own peak: getrusage's maxRSS can carry the parent's from the fork.
const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
console.log(JSON.stringify({ rssMB: Math.round(Number(hwm ?? process.resourceUsage().maxRSS) / 1024), trials }));
`;

/**
 * Peak RSS (VmHWM, printed on exit by a preloaded module) of the built CLI: `validate` of the 100 MB
 * journal and a 100 MB model_card.json (refused by its size), and `check --all` of examples/ with
 * churn-clean's card naming the journal as its tuning log. Nothing when dist/cli.js is not built.
 */
function cliRss(dir: string, journal: string): string[] {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  if (!existsSync(cli)) return ['(dist/cli.js not built: `npm run build` for the CLI figures)'];
  const preload = join(dir, 'peak-rss.cjs');
  writeFileSync(preload, `process.on('exit', () => { const m = /VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); process.stderr.write('peak-rss-kb ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });\n`);
  const card = openSync(join(dir, 'model_card.json'), 'w');
  ftruncateSync(card, 100 * MB);
  closeSync(card);
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  cpSync(fileURLToPath(new URL('../examples/.github', import.meta.url)), join(repo, '.github'), { recursive: true });
  cpSync(fileURLToPath(new URL('../examples/models', import.meta.url)), join(repo, 'models'), { recursive: true });
  const cardPath = join(repo, 'models/churn-clean/MODEL_CARD.md');
  writeFileSync(cardPath, readFileSync(cardPath, 'utf8').replace('tuning_log: tuning/trials.jsonl', 'tuning_log: tuning/journal.log'));
  cpSync(journal, join(repo, 'models/churn-clean/tuning/journal.log'));
  const rss = (args: string[], cwd: string) => {
    const out = spawnSync(process.execPath, ['--require', preload, cli, ...args], { cwd, encoding: 'utf8' });
    return Math.round(Number(/peak-rss-kb (\d+)/.exec(out.stderr)?.[1]) / 1024);
  };
  return [
    `Peak RSS, built CLI \`validate journal.log model_card.json\` (100 MB each): **${rss(['validate', 'journal.log', 'model_card.json'], dir)} MB**`,
    `Peak RSS, built CLI \`check --all\` of examples/ with a card naming the 100 MB journal: **${rss(['check', '.', '--all'], repo)} MB**`,
  ];
}

/** The options the CLI and App bundles are built with (a JavaScript module the type check does not read). */
async function bundleOptions(): Promise<BuildOptions> {
  const path: string = '../scripts/bundle-options.js';
  return ((await import(path)) as { nodeBundleOptions: BuildOptions }).nodeBundleOptions;
}

async function peakRss(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-bench-'));
  try {
    const file = join(dir, 'journal.log');
    writeFileSync(file, optunaJournal(under(100 * MB)));
    writeFileSync(join(dir, 'child.ts'), CHILD);
    buildSync({ ...(await bundleOptions()), entryPoints: [join(dir, 'child.ts')], outfile: join(dir, 'child.mjs'), logLevel: 'error' });
    const run = (mode: string) => {
      const out = spawnSync(process.execPath, [join(dir, 'child.mjs'), file, mode], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      return JSON.parse(out.stdout.trim().split('\n').pop()!) as { rssMB: number; trials: number };
    };
    const base = run('baseline');
    const parsed = run('parse');
    const lines = [`Peak RSS, 100 MB Optuna journal (${parsed.trials} trials) parsed in a child process: **${parsed.rssMB} MB** (the same child without the parse: ${base.rssMB} MB)`];
    lines.push(...cliRss(dir, file));
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

{
  console.log(`node ${process.version}; 2 MB: ${RUNS} runs after one warm-up; 100 MB: ${BIG_RUNS} run(s)${QUICK ? ', no warm-up' : ' after one warm-up'}; medians (min–max of the ratio)`);
  console.log('| input | parseArtifact | floor | ratio: median (min–max) | ratio of the fastest runs |');
  console.log('| --- | --- | --- | --- | --- |');
  if (!process.argv.includes('--rss-only')) {
    for (const c of CASES) console.log(measure(c, LIMITS.maxBytes, RUNS, true, {}));
    for (const c of CASES.filter((c) => c.big)) console.log(measure(c, 100 * MB, BIG_RUNS, !QUICK, bigOptions));
  }
  console.log(await peakRss());
}
