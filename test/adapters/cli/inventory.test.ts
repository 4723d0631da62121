// `modelgate inventory` run for real (in-process, the same dispatch as the binary) on copies of
// examples/: outside git, and as a git repository whose models were last changed by different commits.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { auditSummary } from '../../../src/adapters/probot/merge-audit.ts';
import { createProgress } from '../../../src/adapters/cli/progress.ts';
import { runCli } from '../../../src/adapters/cli/run.ts';
import type { CliIo } from '../../../src/adapters/cli/command.ts';
import { TOOL_VERSION } from '../../../src/version.ts';
import { git, root, runInProcess } from './harness.ts';

const sandbox = mkdtempSync(join(tmpdir(), 'modelgate-inventory-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** A copy of examples/ (its policy and its three models), outside any git repository. */
function examplesCopy(): string {
  const dir = mkdtempSync(join(sandbox, 'examples-'));
  cpSync(join(root, 'examples'), dir, { recursive: true });
  return dir;
}

const FRAUD = {
  name: 'card-fraud-detector',
  path: 'models/fraud-planted',
  card: 'models/fraud-planted/MODEL_CARD.md',
  version: '1.3.0',
  tier: 'high',
  gatedTier: 'high',
  owners: ['@acme/fraud-ml'],
  intendedUse: 'Score card-not-present transactions for fraud so that high-risk payments are held for manual review.',
  errors: 9,
  warnings: 0,
  reviewBy: '2026-12-31',
  overdue: true,
  lastCommit: null,
};
const CHURN = {
  name: 'churn-classifier',
  path: 'models/churn-clean',
  card: 'models/churn-clean/MODEL_CARD.md',
  version: '2.4.0',
  tier: 'medium',
  gatedTier: 'medium',
  owners: ['@acme/risk-ml'],
  intendedUse: 'Rank retail customers by the risk of closing their account within 90 days, so the retention team can prioritise outreach.',
  errors: 0,
  warnings: 0,
  reviewBy: '2027-06-01',
  overdue: false,
  lastCommit: null,
};
const SENTIMENT = {
  name: 'distilbert-imdb-sentiment',
  path: 'models/sentiment-hf',
  card: 'models/sentiment-hf/README.md',
  version: null,
  tier: 'unknown',
  gatedTier: 'medium',
  owners: [],
  intendedUse: null,
  errors: 3,
  warnings: 0,
  reviewBy: null,
  overdue: false,
  lastCommit: null,
};

describe('modelgate inventory on examples/', () => {
  it('--format json: exactly the three example models, sorted by tier, valid against the schema; exit 0 despite errors', async () => {
    const { code, stdout, stderr } = await runInProcess(examplesCopy(), 'inventory', '--format', 'json', '--today', '2027-01-15');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const document = JSON.parse(stdout);
    expect(document).toEqual({ tool: 'modelgate', version: TOOL_VERSION, today: '2027-01-15', models: [FRAUD, CHURN, SENTIMENT] });
    const schema = JSON.parse(readFileSync(join(root, 'schemas/inventory.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('--today decides what is overdue', async () => {
    const { stdout } = await runInProcess(examplesCopy(), 'inventory', '--format', 'json', '--today', '2027-06-02');
    expect(JSON.parse(stdout).models.map((m: { name: string; overdue: boolean }) => [m.name, m.overdue])).toEqual([
      ['card-fraud-detector', true],
      ['churn-classifier', true],
      ['distilbert-imdb-sentiment', false],
    ]);
  });

  it('in a git repository: the last commit that changed each model directory', async () => {
    const dir = examplesCopy();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'all models');
    const first = git(dir, 'log', '-1', '--format=%H%x00%cI').trim().split('\0');
    const card = join(dir, 'models/churn-clean/MODEL_CARD.md');
    cpSync(card, join(dir, 'models/churn-clean/NOTES.md'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'churn notes');
    const second = git(dir, 'log', '-1', '--format=%H%x00%cI').trim().split('\0');
    expect(second[0]).not.toBe(first[0]);
    const { code, stdout } = await runInProcess(dir, 'inventory', '--format', 'json', '--today', '2027-01-15');
    expect(code).toBe(0);
    const commit = ([sha, date]: string[]) => ({ sha, date, author: 'Ada' });
    expect(JSON.parse(stdout).models).toEqual([
      { ...FRAUD, lastCommit: commit(first) },
      { ...CHURN, lastCommit: commit(second) },
      { ...SENTIMENT, lastCommit: commit(first) },
    ]);
  });

  it('text by default; csv and markdown on request', async () => {
    const dir = examplesCopy();
    const text = await runInProcess(dir, 'inventory', '--today', '2027-01-15');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 6)).toEqual([
      'card-fraud-detector 1.3.0 [high] models/fraud-planted',
      '  owners:       acme/fraud-ml',
      '  intended use: Score card-not-present transactions for fraud so that high-risk payments are held for manual review.',
      '  findings:     9 errors',
      '  review by:    2026-12-31 (overdue)',
      '  last commit:  -',
    ]);
    expect(text.stdout.split('\n').at(-1)).toBe('3 models (1 high, 1 medium, 1 unknown); 1 retirement review overdue on 2027-01-15');
    const csv = await runInProcess(dir, 'inventory', '--today', '2027-01-15', '--format', 'csv');
    expect(csv.stdout.split('\r\n')).toHaveLength(4);
    expect(csv.stdout.split('\r\n')[2]).toBe(
      'churn-classifier,models/churn-clean,models/churn-clean/MODEL_CARD.md,2.4.0,medium,medium,acme/risk-ml,"Rank retail customers by the risk of closing their account within 90 days, so the retention team can prioritise outreach.",0,0,2027-06-01,false,,,',
    );
    const markdown = await runInProcess(dir, 'inventory', '--today', '2027-01-15', '--format', 'markdown');
    expect(markdown.stdout).toContain('| card\\-fraud\\-detector<br>`models/fraud-planted` | 1\\.3\\.0 | high | acme\\/fraud\\-ml |');
    expect(markdown.stdout).not.toMatch(/@(?=[A-Za-z0-9])/);
  });

  it.each([
    [['--format', 'xml'], "modelgate inventory: unknown format 'xml': expected one of text, markdown, json, csv"],
    [['--today', '2027-02-30'], "modelgate inventory: --today takes a date such as 2027-06-01, got '2027-02-30'"],
    [['--today', 'tomorrow'], "modelgate inventory: --today takes a date such as 2027-06-01, got 'tomorrow'"],
    [['a', 'b'], 'modelgate inventory: expected at most one DIR, got 2: a b'],
  ])('usage error %j: exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(root, 'inventory', ...args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe(message);
  });

  it('no such directory: exit 2', async () => {
    const { code, stderr } = await runInProcess(sandbox, 'inventory', 'nowhere');
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'modelgate inventory: nowhere: no such directory' });
  });

  it('on a slow terminal: progress on stderr only, cleared before the inventory', async () => {
    let now = 0;
    const out: string[] = [];
    const raw: string[] = [];
    const io: CliIo = {
      cwd: root,
      out: (line) => void out.push(line),
      err: () => {},
      color: false,
      progress: () => createProgress({ isTTY: true, now: () => (now += 1000), write: (text) => void raw.push(text) }),
    };
    expect(await runCli(['inventory', 'examples', '--format', 'json', '--today', '2027-01-15'], io)).toBe(0);
    expect(raw).toContain('\rchecking 3/3 models…\u001b[K');
    expect(raw).toContain('\rfinding the last commits of 3/3 models…\u001b[K');
    expect(raw.at(-1)).toBe('\r\u001b[K');
    expect(JSON.parse(out.join('\n')).models).toHaveLength(3);
  });
});

describe('modelgate inventory --github', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  /** examples/ in git: commit 1 has every model; a branch changes churn and is merged with a merge commit. */
  function mergedRepository(): { dir: string; first: string; merge: string } {
    const dir = examplesCopy();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'all models');
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', '-b', 'feature');
    cpSync(join(dir, 'models/churn-clean/MODEL_CARD.md'), join(dir, 'models/churn-clean/NOTES.md'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'churn notes');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #42', 'feature');
    return { dir, first, merge: git(dir, 'rev-parse', 'HEAD').trim() };
  }

  const AUDIT = auditSummary({
    pullNumber: 42,
    headSha: 'c'.repeat(40),
    approval: { status: 'completed', conclusion: 'success' },
    audit: JSON.stringify({ models: [{ path: 'models/churn-clean', tier: 'medium', blobs: {} }], approvals: [{ user: 'alice', via: 'team', commit: 'c'.repeat(40) }], decision: 'approved' }, null, 2),
    toolVersion: '0.1.0',
  });

  it('reads the audit check run of the merge commit that last changed each model', async () => {
    const { dir, first, merge } = mergedRepository();
    vi.stubEnv('GITHUB_TOKEN', 'test-token');
    vi.stubEnv('GITHUB_API_URL', 'https://github.example/api/v3');
    const requests: { url: string; auth: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      requests.push({ url, auth: new Headers(init.headers).get('authorization') });
      const runs = url.includes(merge)
        ? [
            { id: 1, name: 'modelgate / audit', completed_at: '2026-11-01T00:00:00Z', output: { summary: 'Pull request #41 merged. old' } },
            { id: 2, name: 'modelgate / audit', completed_at: '2026-11-03T09:00:00Z', output: { summary: AUDIT } },
          ]
        : [];
      return new Response(JSON.stringify({ total_count: runs.length, check_runs: runs }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const { code, stdout, stderr } = await runInProcess(dir, 'inventory', '--format', 'json', '--today', '2027-01-15', '--github', 'acme/models');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const document = JSON.parse(stdout);
    expect(document.github).toBe('acme/models');
    expect(document.models.map((m: { path: string; lastAudit: unknown }) => [m.path, m.lastAudit])).toEqual([
      ['models/fraud-planted', null],
      ['models/churn-clean', { pullRequest: 42, decision: 'approved', approvers: ['alice'], gatePassed: true, commit: merge, date: '2026-11-03T09:00:00Z' }],
      ['models/sentiment-hf', null],
    ]);
    // One request per merge commit, authenticated.
    expect(requests.map((r) => r.url).sort()).toEqual(
      [first, merge].map((sha) => `https://github.example/api/v3/repos/acme/models/commits/${sha}/check-runs?check_name=modelgate%20%2F%20audit&per_page=100`).sort(),
    );
    expect(requests.every((r) => r.auth === 'Bearer test-token')).toBe(true);
    const schema = JSON.parse(readFileSync(join(root, 'schemas/inventory.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('GitHub refusing the token: exit 2, said in one line', async () => {
    const { dir } = mergedRepository();
    vi.stubEnv('GITHUB_TOKEN', 'bad');
    vi.stubGlobal('fetch', async () => new Response('{"message":"Bad credentials"}', { status: 401 }));
    const { code, stdout, stderr } = await runInProcess(dir, 'inventory', '--github', 'acme/models');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^modelgate inventory: --github acme\/models: GitHub answered 401 for the check runs of [0-9a-f]{7} \(is the token valid\?\)$/);
  });

  it.each([
    [{ GITHUB_TOKEN: 't' }, ['--github', 'not a repo'], "modelgate inventory: --github takes a repository as owner/repo, got 'not a repo'"],
    [{ GITHUB_TOKEN: '', GH_TOKEN: '' }, ['--github', 'acme/models'], 'modelgate inventory: --github needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)'],
  ])('usage error: exit 2', async (env, args, message) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const { code, stderr } = await runInProcess(root, 'inventory', 'examples', ...args);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(message);
  });

  it('outside git: exit 2', async () => {
    vi.stubEnv('GITHUB_TOKEN', 't');
    const { code, stderr } = await runInProcess(examplesCopy(), 'inventory', '--github', 'acme/models');
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'modelgate inventory: --github needs . to be in a git repository (merge commits are found with git log)' });
  });
});
