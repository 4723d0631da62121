// End-to-end cost of `modelgate check DIR --all` on generated repositories of 1, 10, 100 and
// 1,000 models, as a ratio against its floor: a plain node process that reads the same files and
// parses them (JSON.parse, yaml.parse, and for Markdown yaml.parse of the front matter). Both run
// as processes, so start-up is in both; the ratio is taken run by run, then the median.
//
// Each repository is a git repository (CI checks a checkout; check lists it with git ls-files)
// with the demo policy of examples/ and models/mNNNN/{README.md, lineage.yaml,
// tuning/trials.jsonl, reports/*.csv}, copied from examples/models/{churn-clean,fraud-planted}
// (the card renamed to an HF-style README.md, names and paths made unique per model).
//
// Run: npx tsx bench/cli.ts [--quick] [--runs N] [--sizes 1,10,100,1000] [--cli dist/cli.js] [--keep]
//   --quick  2 runs, for a check in about 20 s; --cli  another build (e.g. a worktree's) to time.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, runs: { type: 'string' }, sizes: { type: 'string' }, cli: { type: 'string' }, keep: { type: 'boolean' } },
  strict: true,
});
const RUNS = values.runs ? Number(values.runs) : values.quick ? 2 : 7;
const SIZES = (values.sizes ?? '1,10,100,1000').split(',').map(Number);
const CLI = resolve(values.cli ?? join(root, 'dist/cli.js'));
if (!existsSync(CLI)) {
  console.error(`bench/cli.ts: ${CLI} does not exist: run \`npm run build\` first (the bench times the built CLI, as users run it)`);
  process.exit(2);
}

const TEMPLATES = ['churn-clean', 'fraud-planted'].map((name) => {
  const dir = join(root, 'examples/models', name);
  return { name, dir, card: readFileSync(join(dir, 'MODEL_CARD.md'), 'utf8') };
});

/** A repository of `n` models under `parent`, committed. */
function generate(parent: string, n: number): string {
  const repo = join(parent, `models-${n}`);
  mkdirSync(join(repo, '.github'), { recursive: true });
  cpSync(join(root, 'examples/.github/modelgate.yml'), join(repo, '.github/modelgate.yml'));
  for (let i = 0; i < n; i++) {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const id = `m${String(i).padStart(4, '0')}`;
    const dir = join(repo, 'models', id);
    cpSync(t.dir, dir, { recursive: true });
    rmSync(join(dir, 'MODEL_CARD.md'));
    // Unique names and paths, so no two models look alike to the rules (the artifact path in
    // `explainability` and governance.paths name the model's own directory).
    const card = t.card.replaceAll(`models/${t.name}/`, `models/${id}/`).replace(/^(  model: )(.+)$/m, `$1$2-${id}`).replace('src/churn/**', `src/${id}/**`);
    writeFileSync(join(dir, 'README.md'), card);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qm', 'models');
  return repo;
}

// The floor, as its own process: walk the tree as check would see it (no .git), read every
// file, parse what modelgate parses. yaml is the same library the CLI bundles.
const FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { parse } = await import(process.argv[2]);
let parsed = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== '.git') walk(path); continue; }
    const text = readFileSync(path, 'utf8');
    if (e.name.endsWith('.jsonl')) { for (const line of text.split('\\n')) if (line.trim() !== '') JSON.parse(line); }
    else if (e.name.endsWith('.json')) JSON.parse(text);
    else if (/\\.ya?ml$/.test(e.name)) parse(text);
    else if (e.name.endsWith('.md')) { const m = /^---\\r?\\n([\\s\\S]*?)\\r?\\n---\\r?\\n/.exec(text); if (m) parse(m[1]); }
    else continue;
    parsed++;
  }
};
walk(process.argv[1]);
if (parsed === 0) process.exit(3);
`;
const YAML_URL = pathToFileURL(join(root, 'node_modules/yaml/dist/index.js')).href;

/** CPU time (user + system) of the children this process has waited for, in ms (Linux; NaN elsewhere). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ": state is field 3, cutime 16, cstime 17 (1-based), so indexes 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Timed {
  wall: number;
  cpu: number;
}

function timed(args: string[], ok: (status: number | null) => boolean): Timed {
  const cpu0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (!ok(run.status)) throw new Error(`node ${args.join(' ')}: exit ${run.status}\n${run.stderr.toString().slice(0, 2000)}`);
  return { wall, cpu: childrenCpuMs() - cpu0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (Number.isNaN(ms) ? '?' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

const parent = mkdtempSync(join(tmpdir(), 'modelgate-bench-cli-'));
try {
  console.log(`node ${process.version}, ${CLI}, ${RUNS} runs after one warm-up, medians; ratio = check / floor, run by run`);
  console.log('| models | check --all: wall (CPU) | floor: wall (CPU) | ratio (wall) | ratio (CPU) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const n of SIZES) {
    const repo = generate(parent, n);
    const check = () => timed([CLI, 'check', repo, '--all'], (s) => s === 0 || s === 1);
    const floor = () => timed(['--input-type=module', '-e', FLOOR, repo, YAML_URL], (s) => s === 0);
    const c: Timed[] = [];
    const f: Timed[] = [];
    for (let r = 0; r <= RUNS; r++) {
      const fr = floor();
      const cr = check();
      if (r === 0) continue; // warm-up: the page cache and node's compile cache
      f.push(fr);
      c.push(cr);
    }
    const wallRatios = c.map((x, i) => x.wall / f[i]!.wall);
    const cpuRatios = c.map((x, i) => x.cpu / f[i]!.cpu);
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
    console.log(
      `| ${n} | ${fmt(median(c.map((x) => x.wall)))} (${fmt(median(c.map((x) => x.cpu)))}) | ${fmt(median(f.map((x) => x.wall)))} (${fmt(median(f.map((x) => x.cpu)))}) ` +
        `| **${median(wallRatios).toFixed(1)}×** (${range(wallRatios)}) | ${median(cpuRatios).toFixed(1)}× |`,
    );
  }
} finally {
  if (values.keep) console.log(`kept ${parent}`);
  else rmSync(parent, { recursive: true, force: true });
}
