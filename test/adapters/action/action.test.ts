// The Action as a workflow runs it: the bundle (scripts/build-action.js, built into a temporary
// directory) run with node as a child process, with the environment GitHub sets: the event
// payload (@octokit/webhooks-examples, adapted), INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, a workspace that is a git repository of examples/ with a base and
// a head commit, and GITHUB_API_URL pointing at a local HTTP server. That server hands every
// request to the fake GitHub (fake-github.ts, nock on https://api.github.com) through fetch, so
// the Action's REST and GraphQL calls are answered and recorded as the App's tests record them.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, useFakeNetwork, type FakeGitHub, type Files } from '../github/fake-github.ts';
import { OWNER, PR_NUMBER, REPO, baseWithout, exampleFiles, scenario } from '../github/repo-fixture.ts';
import { commentEvent, pullRequestEvent, reviewEvent } from '../probot/harness.ts';
import { approved, cleanPr, withDocs } from '../probot/scenarios.ts';
import { InventoryHub } from '../probot/inventory-hub.ts';
import { git, root, runInProcess } from '../cli/harness.ts';

const ACTION_BOT = 'github-actions[bot]';
const R = `/repos/${OWNER}/${REPO}`;
const PLANTED = 'models/fraud-planted';

let sandbox = '';
let bundle = '';
let workspace = '';
let baseSha = '';
let headSha = '';
let server: Server;
let apiUrl = '';
/** The fake GitHub the local server forwards to (set per test). */
let current: FakeGitHub | undefined;

function writeTree(dir: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const BASE = (): Files => baseWithout(`${PLANTED}/`);
const HEAD = (): Files => withDocs(exampleFiles());

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'modelgate-action-'));
  bundle = join(sandbox, 'action/dist/index.js');
  // As in the Action's checkout: the bundle beside a package.json of type module.
  mkdirSync(dirname(bundle), { recursive: true });
  writeFileSync(join(sandbox, 'action/package.json'), '{"type":"module"}\n');
  execFileSync(process.execPath, [join(root, 'scripts/build-action.js'), '--outfile', bundle], { stdio: 'pipe' });

  workspace = join(sandbox, 'workspace');
  mkdirSync(workspace);
  git(workspace, 'init', '-q', '-b', 'main');
  writeTree(workspace, BASE());
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-qm', 'base');
  baseSha = git(workspace, 'rev-parse', 'HEAD').trim();
  writeTree(workspace, HEAD());
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-qm', 'head');
  headSha = git(workspace, 'rev-parse', 'HEAD').trim();

  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const headers: Record<string, string> = {};
        for (const name of ['accept', 'content-type', 'authorization']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
        // The fake answers on https://api.github.com (nock intercepts this fetch).
        const answer = await fetch(`${API}${req.url}`, { method: req.method!, headers, ...(body && req.method !== 'GET' ? { body } : {}) });
        const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
        const link = answer.headers.get('link');
        if (link) out['link'] = link.split(API).join(apiUrl);
        res.writeHead(answer.status, out);
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(sandbox, { recursive: true, force: true });
});

useFakeNetwork('127.0.0.1');

/** The PR from the workspace's base to its head commit, on the fake. */
function plantedPr(options: Parameters<typeof scenario>[0] extends infer O ? Partial<O> : never = {}): FakeGitHub {
  const gh = scenario({ base: BASE(), head: HEAD(), baseSha, headSha, botLogin: ACTION_BOT, ...options }).serve();
  current = gh;
  return gh;
}

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundle as the runner does: env from scratch (nothing of this process's GITHUB_*). */
function runAction(event: { name: string; payload: unknown }, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(sandbox, 'run-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_workflow',
    'INPUT_FAIL-ON': 'error',
    INPUT_COMMENT: 'true',
    INPUT_GATE: 'status',
    INPUT_POLICY: '',
    INPUT_FORMAT: 'json',
    'INPUT_SARIF-FILE': '',
    'INPUT_DOCS-URL': '',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle], { cwd: workspace, env, encoding: 'utf8' }, (error, stdout) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8') });
    });
  });
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]!] = m[3]!;
  return out;
}

const prEvent = (gh: FakeGitHub) => pullRequestEvent('opened', gh);

describe('the Action on pull_request', () => {
  it('runs the App review, publishes the modelgate/approval status (no check runs), comments, annotates, writes outputs, summary and report', async () => {
    const gh = plantedPr();
    const run = await runAction(prEvent(gh));

    expect(gh.unexpected).toEqual([]);
    expect(gh.lines('check-runs:create', 'check-runs:update', 'check-runs:list')).toEqual([]);
    expect(gh.bodies('statuses')).toEqual([expect.objectContaining({ state: 'failure', context: 'modelgate/approval', target_url: `https://github.com/${OWNER}/${REPO}/pull/${PR_NUMBER}` })]);
    expect(gh.lines('statuses')).toEqual([`POST ${R}/statuses/${headSha}`]);
    expect(gh.lines('comments:create')).toEqual([`POST ${R}/issues/${PR_NUMBER}/comments`]);

    // Errors found, fail-on: error.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::modelgate: ');
    expect(run.stdout).toContain(`::error title=lineage-temporal-split,file=${PLANTED}/lineage.yaml,line=17::`);
    expect(run.stdout).toContain(`::error title=tuning-log-no-test-leakage,file=${PLANTED}/tuning/trials.jsonl,line=1::`);

    expect(run.outputs['decision']).toBe('fail');
    expect(Number(run.outputs['errors'])).toBeGreaterThan(0);
    expect(run.outputs['warnings']).toMatch(/^\d+$/);
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8'));
    expect(report).toMatchObject({ tool: 'modelgate', decision: 'fail' });
    expect(report.models.map((m: { path: string }) => m.path)).toContain(PLANTED);
    const errors = [...report.findings, ...report.models.flatMap((m: { findings: unknown[] }) => m.findings)].filter((f: { severity: string }) => f.severity === 'error');
    expect(errors.length).toBe(Number(run.outputs['errors']));

    // The summary is the comment's report (without its hidden record).
    const written = gh.bodies('comments:create')[0].body as string;
    expect(run.summary).toContain(PLANTED);
    expect(written.startsWith(run.summary.trimEnd().slice(0, 200))).toBe(true);
  });

  it('on the same base and head, reports the same findings and decision as `modelgate check --base … --format json`', async () => {
    const gh = plantedPr();
    const run = await runAction(prEvent(gh));
    const cli = await runInProcess(workspace, 'check', '--base', baseSha, '--format', 'json');
    const action = JSON.parse(readFileSync(run.outputs['report']!, 'utf8'));
    const local = JSON.parse(cli.stdout);
    expect(action.decision).toBe(local.decision);
    expect(action.models).toEqual(local.models);
    expect(action.findings).toEqual(local.findings);
  });

  it('gate: fail fails the step on a decision that is not pass, and publishes no status', async () => {
    const gh = plantedPr();
    const run = await runAction(prEvent(gh), { gate: 'fail', 'fail-on': 'never' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::modelgate: the approval gate is fail');
    expect(gh.lines('statuses', 'check-runs:create')).toEqual([]);
  });

  it('SARIF when asked', async () => {
    plantedPr();
    const run = await runAction(prEvent(current!), { 'sarif-file': 'out/modelgate.sarif', 'fail-on': 'never', 'docs-url': 'https://docs.example.com/rules/{id}' });
    expect(run.code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(workspace, 'out/modelgate.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBe(Number(run.outputs['errors']) + Number(run.outputs['warnings']));
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'lineage-temporal-split');
    expect(rule.helpUri).toBe('https://docs.example.com/rules/lineage-temporal-split');
    expect(run.summary).toContain('https://docs.example.com/rules/lineage-temporal-split');
    rmSync(join(workspace, 'out'), { recursive: true, force: true });
  });
});

describe('the Action on pull_request_review', () => {
  it("decides as the App: a qualified approval passes the gate, and the status says success", async () => {
    const gh = cleanPr({ reviews: [approved(1, 'mona')], botLogin: ACTION_BOT }).serve();
    current = gh;
    const run = await runAction(reviewEvent('submitted', gh, approved(1, 'mona')), { gate: 'fail' });
    expect(gh.unexpected).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ decision: 'pass', errors: '0', warnings: '0' });
    // gate: fail publishes no status; the same review with gate: status does.
    expect(gh.lines('statuses', 'check-runs:create')).toEqual([]);
    const again = await runAction(reviewEvent('submitted', gh, approved(1, 'mona')));
    expect(again.code).toBe(0);
    expect(gh.bodies('statuses')).toEqual([expect.objectContaining({ state: 'success', context: 'modelgate/approval' })]);
    // The review's PR is read through the API, not taken from the event.
    expect(gh.lines('pull')).toHaveLength(2);
  });
});

describe('when the review cannot be made', () => {
  it('fails closed: the status says failure and why, and the step fails', async () => {
    const gh = plantedPr({ fail: { tree: 500 } });
    const run = await runAction(prEvent(gh), { 'fail-on': 'never' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::modelgate: /);
    expect(gh.bodies('statuses')).toEqual([expect.objectContaining({ state: 'failure', context: 'modelgate/approval', description: expect.stringMatching(/^modelgate could not review/) })]);
    expect(gh.lines('comments:create', 'check-runs:create')).toEqual([]);
    expect(run.outputs).toEqual({});
  });
});

describe('a fork pull request with a read-only token', () => {
  it('gets no comment and a note in the summary, and does not fail for it', async () => {
    const gh = plantedPr({ fail: { 'comments:create': 403, statuses: 403 } });
    const run = await runAction(prEvent(gh), { 'fail-on': 'never' });
    expect(gh.lines('comments:create', 'statuses')).toEqual([`POST ${R}/statuses/${headSha}`, `POST ${R}/issues/${PR_NUMBER}/comments`]);
    expect(run.code).toBe(0);
    expect(run.summary).toContain('modelgate did not comment on this pull request');
    expect(run.summary).toContain('modelgate did not publish the `modelgate/approval` commit status');
    expect(run.summary).toContain(PLANTED);
    expect(run.outputs['decision']).toBe('fail');
    expect(run.stdout).not.toContain('::error::');
  });
});

describe('the Action on other events', () => {
  it('an issue comment on the pull request reads the PR through the API and reviews it', async () => {
    const gh = plantedPr();
    const event = commentEvent('created', gh, { id: 555, login: 'rita', body: 'looks fine' });
    const run = await runAction(event, { 'fail-on': 'never' });
    expect(gh.lines('pull')).toEqual([`GET ${R}/pulls/${PR_NUMBER}`]);
    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('fail');
    expect(gh.bodies('statuses')).toEqual([expect.objectContaining({ context: 'modelgate/approval' })]);
  });

  it('an issue comment on an issue (not a pull request) is not reviewed', async () => {
    const gh = plantedPr();
    const event = commentEvent('created', gh, { id: 556, login: 'rita', body: '/modelgate approve' });
    delete (event.payload as { issue: { pull_request?: unknown } }).issue.pull_request;
    const run = await runAction(event);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('the comment is on an issue, not a pull request');
    expect(gh.requests).toEqual([]);
  });

  it('a push is not reviewed: a clear message and success, no request', async () => {
    const gh = plantedPr();
    const run = await runAction({ name: 'push', payload: { ref: 'refs/heads/main' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing to review on a push event');
    expect(gh.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  it('workflow_dispatch checks every model of the workspace, without the API', async () => {
    const gh = plantedPr();
    const run = await runAction({ name: 'workflow_dispatch', payload: {} }, { 'fail-on': 'never' });
    expect(gh.requests).toEqual([]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8'));
    expect(report.models.map((m: { path: string }) => m.path).sort()).toEqual(['models/churn-clean', 'models/fraud-planted', 'models/sentiment-hf']);
    expect(run.stdout).toContain(`::error title=lineage-temporal-split,file=${PLANTED}/lineage.yaml,line=17::`);
    expect(run.summary).toContain(PLANTED);
    expect(existsSync(run.outputs['report']!)).toBe(true);
  });
});

describe('the Action with inventory: true', () => {
  const FULL = `${OWNER}/${REPO}`;
  /** The workspace's two commits on a fake GitHub whose token is a workflow's. */
  function workspaceHub(): InventoryHub {
    const hub = new InventoryHub();
    hub.writer = { login: ACTION_BOT };
    hub.addRepo(FULL, BASE(), { sha: baseSha });
    hub.push(FULL, HEAD(), 'alice', headSha);
    return hub.serve();
  }
  const pushTo = (ref: string) => ({ name: 'push', payload: { ref, before: baseSha, after: headSha, repository: { name: REPO, full_name: FULL, default_branch: 'main' } } });
  // Read when a test runs: the workspace's commits are made in beforeAll.
  const onMain = () => ({ GITHUB_SHA: headSha, GITHUB_REF_NAME: 'main' });

  it('on a push to the default branch opens the issue as github-actions[bot], then leaves it alone when nothing changed', async () => {
    const hub = workspaceHub();
    const first = await runAction(pushTo('refs/heads/main'), { inventory: 'true' }, onMain());
    expect(first.code).toBe(0);
    expect(hub.writes()).toEqual([`POST /repos/${FULL}/issues`]);
    const [issue] = hub.repo(FULL).issues;
    expect(issue).toMatchObject({ number: 1, title: 'Model inventory', labels: ['model-inventory'], author: { login: ACTION_BOT, bot: true } });
    expect(issue!.body.split('\n').slice(0, 2)).toEqual(['<!-- modelgate:inventory -->', '## Model inventory']);
    expect(issue!.body).toContain(`<sub>Kept by modelgate from \`main\` at \`${headSha.slice(0, 7)}\``);
    expect(issue!.body.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Model') && !l.startsWith('| ---')).map((l) => l.split(' | ')[0])).toEqual([
      '| card\\-fraud\\-detector<br>`models/fraud-planted`',
      '| churn\\-classifier<br>`models/churn-clean`',
      '| distilbert\\-imdb\\-sentiment<br>`models/sentiment-hf`',
    ]);
    expect(first.outputs['inventory-issue']).toBe('1');
    expect(first.stdout).toContain('modelgate: "Model inventory" issue #1: created');

    const again = await runAction(pushTo('refs/heads/main'), { inventory: 'true' }, onMain());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('modelgate: "Model inventory" issue #1: unchanged');
    expect(hub.writes()).toEqual([`POST /repos/${FULL}/issues`]);
    expect(hub.unexpected).toEqual([]);
  });

  it('a push to another branch keeps no inventory', async () => {
    const hub = workspaceHub();
    const run = await runAction(pushTo('refs/heads/feature'), { inventory: 'true' }, { ...onMain(), GITHUB_REF_NAME: 'feature' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('the inventory is kept from the default branch (main); this run is on refs/heads/feature');
    expect(hub.requests).toEqual([]);
  });

  it('a manual run on another branch keeps no inventory (the default branch is read when the event does not name it)', async () => {
    const hub = workspaceHub();
    const run = await runAction({ name: 'workflow_dispatch', payload: { ref: 'refs/heads/feature' } }, { inventory: 'true', 'fail-on': 'never' }, { ...onMain(), GITHUB_REF_NAME: 'feature' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('the inventory is kept from the default branch (main); this run is on refs/heads/feature');
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /repos/${FULL}`]);
  });

  it('on schedule, checks every model and keeps the issue', async () => {
    const hub = workspaceHub();
    const run = await runAction({ name: 'schedule', payload: { schedule: '0 6 * * *' } }, { inventory: 'true', 'fail-on': 'never' }, onMain());
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(run.outputs['report']!, 'utf8')).models).toHaveLength(3);
    expect(hub.writes()).toEqual([`POST /repos/${FULL}/issues`]);
    expect(hub.requests.filter((r) => r.operation === 'ModelHistory')).toHaveLength(1);
  });
});
