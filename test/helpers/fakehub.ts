// fakehub (../shared/fakehub, a fake GitHub: REST + GraphQL at the GitHub Enterprise layout,
// signed webhooks, fault injection) embedded in a test or bench, and the App run against it as
// child processes, as fakehub's e2e harness runs it (e2e.mjs: same environment, `--auth lenient`).
//
// fakehub's modules are copied into node_modules/.cache/fakehub so that Node resolves their
// imports (graphql, @octokit/graphql-schema, @octokit/webhooks-examples, diff) from our
// node_modules. FAKEHUB_DIR overrides where fakehub is (default: <repo>/../shared/fakehub).
//
// fakehub models one repository, one pull request and one installation. `startHubRouter` puts
// several fakehubs behind one address (the App's GHE_HOST) to get several repositories or
// installations: a request goes to the fakehub whose repository it names (path, GraphQL
// variables or query), else whose installation it names or whose token it carries.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from './free-port.ts';

export { freePort };

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const EXAMPLES = join(REPO_ROOT, 'examples');
export const APPROVAL_CHECK = 'modelgate / approval';

/** Where fakehub's sources are (FAKEHUB_DIR, else `../shared/fakehub` beside the repo). */
export function fakehubSource(): string {
  return process.env.FAKEHUB_DIR ? resolve(process.env.FAKEHUB_DIR) : resolve(REPO_ROOT, '..', 'shared', 'fakehub');
}

export function fakehubAvailable(): boolean {
  return existsSync(join(fakehubSource(), 'fakehub.mjs'));
}

// ---------------------------------------------------------------------------------------------
// fakehub's API, as far as this helper uses it (fakehub is JavaScript).

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output?: { title?: string; summary?: string };
  history?: unknown[];
}
export interface HubState {
  pull: { number: number; baseSha: string; headSha: string };
  comments: { id: number; author: string; body: string; viaApp: boolean; edits: number }[];
  checkRuns: CheckRunState[];
  statuses: { sha: string; state: string; context: string }[];
  requestedReviewers: { users: string[]; teams: string[] };
}
export interface LogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  route?: string;
  status?: number;
  ms?: number;
  auth?: string;
}
export interface Hub {
  url: string;
  baseUrl: string;
  host: string;
  world: any;
  state(): HubState;
  log(): LogEntry[];
  activity(): { inFlight: number; idleMs: number; requests: number };
  control(body: Record<string, unknown>): unknown;
  close(): Promise<void>;
}
interface FakehubModules {
  startFakehub(options: { scenarioDir: string; auth?: 'strict' | 'lenient'; logFile?: string; quiet?: boolean; port?: number }): Promise<Hub>;
  buildPayload(world: unknown, eventAction: string, params?: Record<string, unknown>): Record<string, unknown>;
}

let modules: Promise<FakehubModules> | undefined;

/** fakehub's startFakehub and buildPayload, from a copy inside node_modules/.cache. */
export function loadFakehub(): Promise<FakehubModules> {
  modules ??= (async () => {
    const source = fakehubSource();
    if (!existsSync(join(source, 'fakehub.mjs'))) throw new Error(`fakehub not found at ${source} (set FAKEHUB_DIR)`);
    const files = ['fakehub.mjs', 'payload.mjs', ...readdirSync(join(source, 'lib')).map((f) => `lib/${f}`)];
    const fingerprint = files.map((f) => `${f}:${statSync(join(source, f)).size}:${statSync(join(source, f)).mtimeMs}`).join('\n');
    const cache = join(REPO_ROOT, 'node_modules', '.cache');
    const target = join(cache, 'fakehub');
    const stamp = join(target, '.source');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== fingerprint) {
      // Copied aside, then renamed: another process (a parallel test file) may be reading it.
      const staging = join(cache, `fakehub.${process.pid}.${Date.now()}`);
      mkdirSync(join(staging, 'lib'), { recursive: true });
      for (const f of files) cpSync(join(source, f), join(staging, f));
      writeFileSync(join(staging, 'package.json'), '{"type":"module","private":true}\n');
      writeFileSync(join(staging, '.source'), fingerprint);
      const old = `${target}.old.${process.pid}`;
      if (existsSync(target)) renameSync(target, old);
      try {
        renameSync(staging, target);
      } catch {
        rmSync(staging, { recursive: true, force: true }); // another process won; its copy is the same
      }
      rmSync(old, { recursive: true, force: true });
    }
    const hub = (await import(pathToFileURL(join(target, 'fakehub.mjs')).href)) as Pick<FakehubModules, 'startFakehub'>;
    const payload = (await import(pathToFileURL(join(target, 'payload.mjs')).href)) as Pick<FakehubModules, 'buildPayload'>;
    return { startFakehub: hub.startFakehub, buildPayload: payload.buildPayload };
  })();
  return modules;
}

/** fakehub embedded, lenient auth (any token or JWT), its own console output silenced. */
export async function startHub(scenarioDir: string): Promise<Hub> {
  const { startFakehub } = await loadFakehub();
  return startFakehub({ scenarioDir, auth: 'lenient', quiet: true });
}

/** fakehub (as startHub) on the one-model scenario written in `dir` (writeScenario). */
export async function startScenarioHub(dir: string, options: ScenarioOptions = {}): Promise<Hub> {
  return startHub(writeScenario(dir, options));
}

// ---------------------------------------------------------------------------------------------
// Scenarios: examples/ as the default branch (policy .github/modelgate.yml, three models), and a
// head that changes one model's card (churn-clean 2.4.0 -> 2.5.0, tier medium: one approval by
// @acme/ml-reviewers, which the App requests).

export const CHURN_CARD = 'models/churn-clean/MODEL_CARD.md';

export interface ScenarioOptions {
  owner?: string;
  repo?: string;
  installationId?: number;
  /** Fault rules active from the start (e.g. `[{ delayMs: 50, count: 0 }]`: every request 50 ms later). */
  faults?: Record<string, unknown>[];
  pullNumber?: number;
}

/** Writes a fakehub scenario directory for a one-model pull request; returns `dir`. */
export function writeScenario(dir: string, options: ScenarioOptions = {}): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(EXAMPLES, join(dir, 'base'), { recursive: true });
  cpSync(EXAMPLES, join(dir, 'head'), { recursive: true });
  const card = join(dir, 'head', CHURN_CARD);
  const text = readFileSync(card, 'utf8');
  if (!text.includes('version: 2.4.0')) throw new Error(`${CHURN_CARD} no longer has version 2.4.0`);
  writeFileSync(card, text.replace('version: 2.4.0', 'version: 2.5.0'));
  const scenario = {
    owner: options.owner ?? 'acme',
    ownerType: 'Organization',
    repo: options.repo ?? 'models',
    private: true,
    defaultBranch: 'main',
    app: { id: 1, slug: 'modelgate', name: 'ModelGate', installationId: options.installationId ?? 4242 },
    pull: {
      number: options.pullNumber ?? 7,
      title: 'Churn model 2.5.0',
      body: 'Bumps the churn model.',
      author: 'alice',
      draft: false,
      baseRef: 'main',
      headRef: 'alice/churn-2.5',
      createdAt: '2024-07-01T09:00:00Z',
      commits: [{ message: 'Bump churn model', author: 'alice' }],
    },
    collaborators: { alice: 'write', mona: 'write', max: 'maintain', rita: 'write', raj: 'admin' },
    teams: { 'ml-reviewers': { members: ['mona', 'max'] }, 'model-risk': { members: ['rita', 'raj'] } },
    reviews: [],
    issueComments: [],
    faults: options.faults ?? [],
  };
  writeFileSync(join(dir, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);
  writeFileSync(join(dir, 'events.json'), '[{"event":"pull_request.opened"}]\n');
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Several fakehubs behind one address.

export interface HubRouter {
  host: string;
  url: string;
  /** Requests passed on so far (a router per replica tells which replica made requests). */
  requests(): number;
  /** Requests passed on and not yet answered, as `METHOD /path`. */
  inFlight(): string[];
  close(): Promise<void>;
}

/** Routes each request to one of `hubs` (see the file comment); hub i serves `repos[i]` (owner/name). */
export async function startHubRouter(hubs: Hub[]): Promise<HubRouter> {
  const byRepo = new Map<string, Hub>();
  const byInstallation = new Map<string, Hub>();
  const byToken = new Map<string, Hub>();
  for (const hub of hubs) {
    byRepo.set(String(hub.world.main.fullName).toLowerCase(), hub);
    const id = String(hub.world.app.installationId);
    if (!byInstallation.has(id)) byInstallation.set(id, hub);
  }
  const repoNames = [...byRepo].map(([key, hub]) => [key.split('/')[1]!, hub] as const);
  const pick = (req: IncomingMessage, body: Buffer): Hub => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const repo = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)/.exec(path);
    if (repo) return byRepo.get(`${repo[1]}/${repo[2]}`.toLowerCase()) ?? hubs[0]!;
    if (path === '/api/graphql' && body.length > 0) {
      const text = body.toString('utf8');
      // A repository's name appears quoted, in the variables or inline in the query.
      for (const [name, hub] of repoNames) if (text.includes(JSON.stringify(name))) return hub;
    }
    const installation = /^\/api\/v3\/app\/installations\/(\d+)/.exec(path);
    if (installation) return byInstallation.get(installation[1]!) ?? hubs[0]!;
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (token && byToken.has(token)) return byToken.get(token)!;
    return hubs[0]!;
  };
  let requests = 0;
  const pending = new Set<string[]>();
  const server = createHttpServer((req, res) => {
    requests++;
    const entry = [`${req.method} ${(req.url ?? '').split('?')[0]}`];
    pending.add(entry);
    res.once('close', () => pending.delete(entry));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const hub = pick(req, body);
      const target = new URL(hub.url);
      const isTokenRequest = /\/access_tokens$/.test((req.url ?? '').split('?')[0]!);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          if (!isTokenRequest) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            try {
              const token = JSON.parse(text.toString('utf8')).token;
              if (typeof token === 'string') byToken.set(token, hub);
            } catch {
              // not JSON: passed on as it is
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    inFlight: () => [...pending].map(([line]) => line!),
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The App (or any Probot app) as a child process.

export const PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;
export const WEBHOOK_SECRET = 'fakehub-webhook-secret';

// As e2e.mjs: inherited variables that could point the App elsewhere are dropped.
const SCRUB_ENV = /^(npm_|INIT_CWD$|GH_|GITHUB_|PRIVATE_KEY|WEBHOOK_|GHE_|APP_ID$|REDIS_URL$|SENTRY_DSN$|LOG_|PORT$|HOST$|NODE_ENV$|CLIENT_ID$|CLIENT_SECRET$|MODELGATE_)/;

async function waitForPort(port: number, timeoutMs: number, exited: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error('the app exited before listening');
    const ok = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`the app did not listen on ${port} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface AppProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Output so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` to the App's process group; resolves when it has exited (SIGKILL after 5 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartAppOptions {
  /** Directory of the app (its node_modules must hold tsx and probot). */
  cwd?: string;
  /** Entry file, relative to cwd. */
  entry?: string;
  /** `host:port` of fakehub (or of a router). */
  gheHost: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/** Starts `node --import tsx <entry>` (default: modelgate's App) with Probot's environment pointed at fakehub. */
export async function startApp(options: StartAppOptions): Promise<AppProcess> {
  const cwd = options.cwd ?? REPO_ROOT;
  const port = await freePort();
  const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !SCRUB_ENV.test(k) && v !== undefined)) as Record<string, string>;
  Object.assign(env, {
    APP_ID: '1',
    PRIVATE_KEY,
    WEBHOOK_SECRET,
    HOST: '127.0.0.1',
    PORT: String(port),
    GHE_HOST: options.gheHost,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
    ...options.env,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'src/adapters/probot/main.ts'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  let hasExited = false;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => {
    hasExited = true;
    done(code);
  }));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (hasExited) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, options.readyTimeoutMs ?? 30_000, () => hasExited);
  } catch (error) {
    await stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output.slice(-4000)}`);
  }
  return { port, url: `http://127.0.0.1:${port}`, child, output: () => output, exited, stop };
}

// ---------------------------------------------------------------------------------------------
// Deliveries.

export interface SignedDelivery {
  id: string;
  event: string;
  body: string;
}

/** A `pull_request.opened` (or other) delivery for `hub`'s pull request, built by fakehub's payload.mjs. */
export async function deliveryFor(hub: Hub, eventAction = 'pull_request.opened', params: Record<string, unknown> = {}, id: string = randomUUID()): Promise<SignedDelivery> {
  const { buildPayload } = await loadFakehub();
  return { id, event: eventAction.split('.')[0]!, body: JSON.stringify(buildPayload(hub.world, eventAction, params)) };
}

/** POSTs a delivery signed as GitHub signs it; resolves with the HTTP status. */
export async function deliver(appUrl: string, delivery: SignedDelivery, secret = WEBHOOK_SECRET, timeoutMs = 120_000): Promise<number> {
  const res = await fetch(`${appUrl}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fakehub',
      'x-github-event': delivery.event,
      'x-github-delivery': delivery.id,
      'x-github-hook-id': '1',
      'x-github-hook-installation-target-id': '1',
      'x-github-hook-installation-target-type': 'integration',
      'x-hub-signature': `sha1=${createHmac('sha1', secret).update(delivery.body).digest('hex')}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`,
    },
    body: delivery.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.text();
  return res.status;
}

/** Polls `test` every `everyMs` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(test: () => T | undefined | false, timeoutMs: number, what: string, everyMs = 10): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The hub's check run named `name` on the PR's head, once completed. */
export function completedCheck(hub: Hub, name = APPROVAL_CHECK): CheckRunState | undefined {
  const head = hub.world.pr.headSha;
  return (hub.world.checkRuns as CheckRunState[]).find((c) => c.name === name && c.head_sha === head && c.status === 'completed');
}

/** Waits until fakehub has had no request in flight for `quietMs`. */
export async function waitQuiet(hubs: Hub[], quietMs: number, timeoutMs: number): Promise<void> {
  await waitFor(() => hubs.every((h) => {
    const a = h.activity();
    return a.inFlight === 0 && a.idleMs >= quietMs;
  }), timeoutMs, `fakehub quiet for ${quietMs} ms`, 25);
}

export const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Writes the App made (GraphQL and token requests are not writes in GitHub's pacing). */
export function writesIn(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => WRITE_METHODS.has(e.method) && e.path !== '/api/graphql' && !e.path.endsWith('/access_tokens'));
}
