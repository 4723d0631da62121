// The App end to end against fakehub (a fake GitHub with GitHub's limits, ../shared/fakehub) with
// every API request delayed (`--delay-ms`, 50 by default: a fault rule with only `delayMs` and
// `count: 0`), each figure a ratio to a floor measured in the same run:
//
//   1. approval latency of a one-model PR: the delivery's POST until `modelgate / approval` is
//      completed on fakehub (absolute ms too; goal <= 2 s), against a trivial Probot app
//      (bench/app/trivial.ts: one check run on pull_request.opened) doing the same;
//   2. 20 PRs on 20 installations delivered at once: until all 20 approval checks are completed,
//      against the trivial app doing the same 20 deliveries (goal <= 2x);
//   3. 20 PRs on one installation at once: until the last write, against writes x 1 s (GitHub's
//      pacing of writes per installation: bounded by writes, not reads);
//   4. with REDIS_URL (a redis-server started here) when the App has a Redis queue
//      (src/adapters/probot/redis-queue.ts): figure 2 on 2 replicas (deliveries split between
//      them) against 1 replica.
//
// fakehub holds one repository and one installation; for 2-4 one fakehub per pull request sits
// behind a router (test/helpers/fakehub.ts, startHubRouter).
//
// Run: npm run bench:app -- [--app-dir DIR] [--runs N] [--prs N] [--delay-ms N] [--quick] [--json FILE]
//   --app-dir: the modelgate checkout to measure (default: this one), e.g. a worktree of an older
//   commit with node_modules linked; the trivial app always runs from this checkout.
//   --quick: figure 1 with 2 runs, figures 2-4 once each, figures 2 and 4 on 5 PRs, figure 3 on 2,
//   a 1.3 s quiet window (about 65 s; the full run about 9 minutes).
//   --only 1,3: some of the figures.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  APPROVAL_CHECK,
  REPO_ROOT,
  completedCheck,
  deliver,
  deliveryFor,
  freePort,
  sleep,
  startApp,
  startHubRouter,
  startScenarioHub,
  waitFor,
  waitQuiet,
  writesIn,
  type AppProcess,
  type Hub,
} from '../test/helpers/fakehub.ts';
import { TRIVIAL_CHECK } from './app/trivial.ts';

const { values: args } = parseArgs({
  options: {
    'app-dir': { type: 'string', default: REPO_ROOT },
    runs: { type: 'string' },
    prs: { type: 'string', default: '20' },
    'delay-ms': { type: 'string', default: '50' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});
const APP_DIR = resolve(args['app-dir']!);
const QUICK = args.quick!;
const RUNS = Number(args.runs ?? (QUICK ? 2 : 7));
const BIG_RUNS = args.runs ? Math.max(1, Math.ceil(Number(args.runs) / 3)) : QUICK ? 1 : 3;
const PRS_GIVEN = process.argv.includes('--prs');
/** Figures 2 and 4: 20 PRs, 5 with --quick (the trivial app's floor alone is ~1 s a PR). */
const PRS = QUICK && !PRS_GIVEN ? 5 : Number(args.prs);
/** Figure 3 takes about writes x 1 s (80 s for 20 PRs); --quick measures it on 2. */
const PRS_ONE = QUICK && !PRS_GIVEN ? 2 : PRS;
const DELAY_MS = Number(args['delay-ms']);
const ONLY = args.only ? new Set(args.only.split(',')) : undefined;
const DELAY = [{ delayMs: DELAY_MS, count: 0 }];
/** After the last check: no request for this long means the reviews are done (writes are 1 s apart). */
const QUIET_MS = QUICK ? 1300 : 3000;
const TIMEOUT_MS = 240_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const range = (xs: number[]) => (xs.length > 1 ? ` (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})` : '');
const fmt = (ms: number) => `${Math.round(ms)} ms`;
const say = (line: string) => process.stdout.write(`${line}\n`);

const work = mkdtempSync(join(tmpdir(), 'modelgate-bench-app-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
async function cleanup() {
  for (const c of cleanups.reverse()) await c();
}
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** A group of fakehubs (one PR each) behind one router. */
async function hubGroup(name: string, count: number, installation: (i: number) => number): Promise<{ hubs: Hub[]; host: string }> {
  const hubs: Hub[] = [];
  for (let i = 0; i < count; i++) {
    hubs.push(await startScenarioHub(join(work, `${name}-${i + 1}`), { repo: `models-${i + 1}`, installationId: installation(i), faults: DELAY }));
  }
  const router = await startHubRouter(hubs);
  cleanups.push(async () => {
    await router.close();
    for (const hub of hubs) await hub.close();
  });
  return { hubs, host: router.host };
}

function reset(hubs: Hub[]) {
  for (const hub of hubs) hub.control({ action: 'reset', clearLog: true });
}

type Kind = 'modelgate' | 'trivial';
/** One wave of deliveries: ms to the last check, to the last write; the longest time with no request at all to GitHub. */
type Wave = { ms: number; lastWriteMs: number; writes: number; conclusions: string[]; logErrors: number; longestSilenceMs: number };
const checkOf = (kind: Kind) => (kind === 'modelgate' ? APPROVAL_CHECK : TRIVIAL_CHECK);

async function app(kind: Kind, gheHost: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const started = kind === 'modelgate'
    ? await startApp({ cwd: APP_DIR, gheHost, env })
    : await startApp({ cwd: REPO_ROOT, entry: 'bench/app/trivial.ts', gheHost, env });
  cleanups.push(() => started.stop());
  return started;
}

/** modelgate's review of the scenario's PR is complete: its comment written, ml-reviewers requested. */
const reviewDone = (hub: Hub) => hub.world.comments.some((c: { viaApp?: boolean }) => c.viaApp) && hub.world.pr.requestedTeams.length > 0;

/** Error lines of the apps' logs during the measured waves (printed at the end, a few of them). */
const errorLines: string[] = [];

/**
 * POSTs one opened delivery per hub (to `apps` in turn) at once, after resetting the hubs; ends
 * when every review is done and GitHub is quiet. `ms`: from the first POST until every hub's check
 * is completed.
 */
async function wave(hubs: Hub[], apps: AppProcess[], kind: Kind): Promise<Wave> {
  reset(hubs);
  const logFrom = apps.map((a) => a.output().length);
  const deliveries = await Promise.all(hubs.map((hub) => deliveryFor(hub)));
  const t0 = Date.now();
  const posts = deliveries.map((d, i) => deliver(apps[i % apps.length]!.url, d).catch(() => 0));
  await waitFor(() => hubs.every((hub) => completedCheck(hub, checkOf(kind))), TIMEOUT_MS, `${hubs.length} ${checkOf(kind)} checks`);
  const ms = Date.now() - t0;
  // Then the rest of each review (its comment and review request), however long the App pauses
  // on the way, so that nothing of this wave runs into the next.
  if (kind === 'modelgate') await waitFor(() => hubs.every(reviewDone), TIMEOUT_MS, 'every review\'s comment and review request', 50);
  await Promise.all(posts);
  await waitQuiet(hubs, QUIET_MS, TIMEOUT_MS);
  const writes = hubs.flatMap((hub) => writesIn(hub.log()));
  const lastWriteMs = Math.max(0, ...writes.map((w) => Date.parse(w.time) + (w.ms ?? 0) - t0));
  // Error-level lines of the apps' JSON logs (pino: level 50 and up) written during the wave.
  const errors = apps.flatMap((a, i) => a.output().slice(logFrom[i]).split('\n')).filter((l) => /"level":(5|6)\d/.test(l));
  errorLines.push(...errors.map((l) => l.slice(0, 300)));
  // Each request's span (fakehub logs its start and duration); the longest stretch within none.
  const spans = hubs.flatMap((hub) => hub.log()).map((e) => [Date.parse(e.time), Date.parse(e.time) + (e.ms ?? 0)] as const).sort((a, b) => a[0] - b[0]);
  let longestSilenceMs = 0;
  let reach = t0;
  for (const [start, end] of spans) {
    longestSilenceMs = Math.max(longestSilenceMs, start - reach);
    reach = Math.max(reach, end);
  }
  return { ms, lastWriteMs, longestSilenceMs, writes: writes.length, conclusions: hubs.map((hub) => completedCheck(hub, checkOf(kind))!.conclusion ?? '?'), logErrors: errors.length };
}

async function warmUp(hubs: Hub[], apps: AppProcess[], kind: Kind) {
  for (const one of apps) await wave(hubs.slice(0, 1), [one], kind);
}

// ---------------------------------------------------------------------------------------------

function describeApp(): string {
  const git = (...a: string[]) => execFileSync('git', ['-C', APP_DIR, ...a], { encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted src/' : ''} (${APP_DIR})`;
  } catch {
    return APP_DIR;
  }
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  app: describeApp(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`,
  delayMs: DELAY_MS,
};
say(`modelgate App bench: ${results.app}`);
say(`${results.machine}; every fakehub request delayed ${DELAY_MS} ms; ${QUICK ? 'quick' : 'full'} run`);

async function figure1() {
  const hubs = [await startScenarioHub(join(work, 'one'), { faults: DELAY })];
  const out: Record<string, number[]> = {};
  const conclusions = new Set<string>();
  for (const kind of ['trivial', 'modelgate'] as const) {
    const proc = await app(kind, hubs[0]!.host);
    await warmUp(hubs, [proc], kind);
    out[kind] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await wave(hubs, [proc], kind);
      out[kind]!.push(r.ms);
      if (kind === 'modelgate') r.conclusions.forEach((c) => conclusions.add(c));
    }
    await proc.stop();
  }
  await hubs[0]!.close();
  const ratios = out.modelgate!.map((ms, i) => ms / out.trivial![i]!);
  results.latency = { modelgateMs: out.modelgate, trivialMs: out.trivial, ratio: median(ratios), conclusions: [...conclusions] };
  say(`1. approval latency, one-model PR (median of ${RUNS}): ${fmt(median(out.modelgate!))}${range(out.modelgate!)} [goal ≤ 2000 ms]; trivial app ${fmt(median(out.trivial!))}${range(out.trivial!)}; ratio ${median(ratios).toFixed(1)}× (conclusion: ${[...conclusions].join(', ')})`);
}

async function figure2() {
  const { hubs, host } = await hubGroup('inst', PRS, (i) => 5001 + i);
  const out: Record<string, Wave[]> = {};
  for (const kind of ['trivial', 'modelgate'] as const) {
    const proc = await app(kind, host);
    await warmUp(hubs, [proc], kind);
    out[kind] = [];
    for (let i = 0; i < BIG_RUNS; i++) out[kind]!.push(await wave(hubs, [proc], kind));
    await proc.stop();
  }
  const mg = out.modelgate!.map((r) => r.ms);
  const tr = out.trivial!.map((r) => r.ms);
  const ratio = median(mg.map((ms, i) => ms / tr[i]!));
  const lastWrite = out.modelgate!.map((r) => r.lastWriteMs);
  results.installations = { prs: PRS, modelgateMs: mg, trivialMs: tr, ratio, modelgateLastWriteMs: lastWrite, modelgateWrites: out.modelgate!.map((r) => r.writes), trivialWrites: out.trivial!.map((r) => r.writes) };
  say(`2. ${PRS} PRs on ${PRS} installations at once (median of ${BIG_RUNS}): all approval checks after ${fmt(median(mg))}${range(mg)}; trivial app ${fmt(median(tr))}${range(tr)}; ratio ${ratio.toFixed(1)}× [goal ≤ 2×] (modelgate's last write after ${fmt(median(lastWrite))}; writes: ${median(out.modelgate!.map((r) => r.writes))} vs ${median(out.trivial!.map((r) => r.writes))})`);
}

async function figure3() {
  const { hubs, host } = await hubGroup('repo', PRS_ONE, () => 4242);
  const proc = await app('modelgate', host);
  await warmUp(hubs, [proc], 'modelgate');
  const runs: Wave[] = [];
  for (let i = 0; i < BIG_RUNS; i++) runs.push(await wave(hubs, [proc], 'modelgate'));
  await proc.stop();
  const ratios = runs.map((r) => r.lastWriteMs / (r.writes * 1000));
  const silence = runs.map((r) => r.longestSilenceMs);
  results.oneInstallation = { prs: PRS_ONE, checksMs: runs.map((r) => r.ms), lastWriteMs: runs.map((r) => r.lastWriteMs), writes: runs.map((r) => r.writes), longestSilenceMs: silence, ratio: median(ratios) };
  say(`3. ${PRS_ONE} PRs on one installation at once (median of ${BIG_RUNS}): last write after ${fmt(median(runs.map((r) => r.lastWriteMs)))} for ${median(runs.map((r) => r.writes))} writes; ratio to writes × 1 s ${median(ratios).toFixed(2)}× [bounded by write pacing: ≈ 1×] (all approval checks after ${fmt(median(runs.map((r) => r.ms)))}; longest time with no request to GitHub ${fmt(median(silence))})`);
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  const dir = join(work, 'redis');
  rmSync(dir, { recursive: true, force: true });
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work], { stdio: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
    }
  });
  await waitFor(() => {
    try {
      return execFileSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG';
    } catch {
      return false;
    }
  }, 10_000, 'redis-server', 50);
  return `redis://127.0.0.1:${port}`;
}

async function figure4() {
  if (!existsSync(join(APP_DIR, 'src/adapters/probot/redis-queue.ts'))) {
    results.replicas = 'skipped: no src/adapters/probot/redis-queue.ts in the App';
    say('4. 2 replicas vs 1: skipped, the App has no Redis queue (src/adapters/probot/redis-queue.ts)');
    return;
  }
  const redisUrl = await startRedis();
  const { hubs, host } = await hubGroup('replica', PRS, (i) => 6001 + i);
  const out: Record<number, number[]> = {};
  for (const count of [1, 2]) {
    execFileSync('redis-cli', ['-u', redisUrl, 'flushall']);
    const procs: AppProcess[] = [];
    for (let i = 0; i < count; i++) procs.push(await app('modelgate', host, { REDIS_URL: redisUrl }));
    await warmUp(hubs, procs, 'modelgate');
    out[count] = [];
    for (let i = 0; i < BIG_RUNS; i++) out[count]!.push((await wave(hubs, procs, 'modelgate')).ms);
    for (const p of procs) await p.stop();
  }
  const ratio = median(out[2]!.map((ms, i) => ms / out[1]![i]!));
  results.replicas = { prs: PRS, oneMs: out[1], twoMs: out[2], ratio };
  say(`4. ${PRS} PRs on ${PRS} installations, REDIS_URL (median of ${BIG_RUNS}): 2 replicas ${fmt(median(out[2]!))}${range(out[2]!)}, 1 replica ${fmt(median(out[1]!))}${range(out[1]!)}; ratio ${ratio.toFixed(2)}×`);
}

try {
  const t0 = Date.now();
  for (const [key, run] of [['1', figure1], ['2', figure2], ['3', figure3], ['4', figure4]] as const) {
    if (!ONLY || ONLY.has(key)) await run();
  }
  if (errorLines.length > 0) {
    results.appLogErrors = errorLines.length;
    say(`the apps logged ${errorLines.length} error lines during the measured runs; the first ones:`);
    for (const line of errorLines.slice(0, 3)) say(`  ${line}`);
  }
  say(`(bench took ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
} catch (error) {
  process.exitCode = 1;
  console.error(error);
} finally {
  await cleanup();
  await sleep(0);
}
