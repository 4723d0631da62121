// The App held to GitHub's real API contract, end to end through probot.receive and the fake
// GitHub (which validates every GraphQL document against GitHub's schema and limits, and pages
// like GitHub: at most 100 records a page, 250 commits of a pull request). No cap of modelgate's
// own may block a real pull request: every review, commit, comment and team member is read;
// large files come through the REST blobs API; the policy is found where Probot users put it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLocalCheck } from '../../../src/adapters/cli/local-snapshot.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { BOT_LOGIN, OWNER, REPO, edit, exampleFiles, replaceOnce, sha } from '../github/repo-fixture.ts';
import { blobSha, useFakeNetwork, type FakeGitHub, type Files } from '../github/fake-github.ts';
import { commentEvent, rerequestEvent, reviewEvent, testApp } from './harness.ts';
import { POLICY, approved, checkRun, cleanPr, expectApprovalCheckFirst, writtenComment } from './scenarios.ts';

useFakeNetwork();

const R = `/repos/${OWNER}/${REPO}`;
const HEAD = sha('head');
const TRIALS = 'models/churn-clean/tuning/trials.jsonl';
const MEDIUM = 'medium: {approvals: 1, reviewers: ["@acme/ml-reviewers"]}';

const approval = (gh: FakeGitHub) => checkRun(gh, 'modelgate / approval');

/** Delivers the review `by` (listed on the PR first, as GitHub would have it before the webhook). */
/** Delivers the review; returns the sequential rounds of reads before the first write. */
async function review(gh: FakeGitHub, by = approved(1, 'mona')): Promise<number> {
  if (!gh.state.reviews.some((r) => r.id === by.id)) gh.state.reviews.push(by);
  gh.serve();
  const { probot, waves } = await testApp();
  await probot.receive(reviewEvent('submitted', gh, by) as any);
  return waves.loadWaves();
}

/** The owner's `.github` policy as the context query asks for it, beside the PR's own. */
const ORG_POLICY_VARIABLES = { orgRepo: '.github', orgPolicy0: 'HEAD:.github/modelgate.yml', orgPolicy1: 'HEAD:.github/modelgate.yaml' };
const contextVariables = (gh: FakeGitHub) => gh.requests.find((r) => r.query === 'context')!.body.variables;

describe('every page is read, up to GitHub\'s own limits', () => {
  it('131 reviews: an approval on the second page counts', async () => {
    const chatter = Array.from({ length: 130 }, (_, i) => ({ id: 100 + i, login: 'eve', state: 'COMMENTED' as const, commit: HEAD }));
    const gh = cleanPr({ reviews: [...chatter, approved(1, 'mona')] });
    await review(gh);
    expect(gh.lines('graphql').filter((l) => l.endsWith('(context-page)'))).toEqual(['POST /graphql (context-page)']);
    expect(approval(gh)).toMatchObject({ conclusion: 'success', output: { title: 'approved by mona (tier medium)' } });
  });

  it('131 reviews: a "changes requested" on the second page blocks', async () => {
    const chatter = Array.from({ length: 130 }, (_, i) => ({ id: 100 + i, login: 'eve', state: 'COMMENTED' as const, commit: HEAD }));
    const gh = cleanPr({ reviews: [approved(1, 'mona'), ...chatter, { id: 2, login: 'max', state: 'CHANGES_REQUESTED', commit: HEAD }] });
    await review(gh);
    expect(approval(gh).conclusion).toBe('action_required');
    expect(approval(gh).output.summary).toContain('- changes requested by `max`; a new approval from them clears it');
  });

  it('120 commits: the author of the 120th is a contributor, and cannot approve', async () => {
    const authors = [...Array.from({ length: 119 }, (_, i) => (i % 2 ? 'alice' : 'eve')), 'mona'];
    const gh = cleanPr({ commitAuthors: authors, reviews: [approved(1, 'mona')] });
    await review(gh);
    expect(approval(gh).conclusion).toBe('action_required');
    expect(approval(gh).output.summary).toContain('- `mona` does not count: commit author in this pull request');
  });

  it('300 commits: the author of the 300th is seen (GraphQL pages past the 250 REST lists)', async () => {
    const gh = cleanPr({ commitAuthors: [...Array.from({ length: 299 }, () => 'alice'), 'mona'], reviews: [approved(1, 'mona')] });
    await review(gh);
    expect(approval(gh).conclusion).toBe('action_required');
    expect(approval(gh).output.summary).toContain('- `mona` does not count: commit author in this pull request');
  });

  it('commits GitHub counts but does not list: the gate fails closed and says why', async () => {
    const gh = cleanPr({ commitAuthors: Array.from({ length: 300 }, () => 'alice'), reviews: [approved(1, 'mona')] });
    gh.state.pull.commitsListed = 250;
    await review(gh);
    expect(approval(gh)).toMatchObject({ conclusion: 'failure', output: { title: 'modelgate could not review this pull request' } });
    expect(approval(gh).output.summary).toContain(
      'Reason: the pull request has 300 commits and GitHub listed only 250 of them, so modelgate cannot tell every contributor (who may not approve) from a reviewer',
    );
  });

  it('commits not listed, with `allow_contributors: true`: the missing authors do not matter, and the gate decides', async () => {
    const base = edit(exampleFiles(), POLICY, (t) => replaceOnce(t, 'allow_contributors: false', 'allow_contributors: true'));
    const gh = cleanPr({ commitAuthors: Array.from({ length: 300 }, () => 'alice'), reviews: [approved(1, 'mona')] });
    gh.state.pull.commitsListed = 250;
    gh.state.commits[gh.state.pull.base] = edit(gh.state.commits[gh.state.pull.base]!, POLICY, () => base[POLICY]!);
    gh.state.commits[HEAD] = edit(gh.state.commits[HEAD]!, POLICY, () => base[POLICY]!);
    await review(gh);
    expect(approval(gh).conclusion).toBe('success');
  });

  it('the 101st member of a team can approve', async () => {
    const members = [...Array.from({ length: 100 }, (_, i) => `member${String(i).padStart(3, '0')}`), 'mona'];
    const gh = cleanPr({ teams: { 'acme/ml-reviewers': members, 'acme/model-risk': ['rita'] }, reviews: [approved(1, 'mona')] });
    await review(gh);
    expect(gh.lines('graphql').filter((l) => l.endsWith('(team-page)'))).toEqual(['POST /graphql (team-page)']);
    expect(approval(gh)).toMatchObject({ conclusion: 'success', output: { title: 'approved by mona (tier medium)' } });
  });

  it('150 comments: an approval by command and the comment recording its head, both before the last 100, still count', async () => {
    const gh = cleanPr().serve();
    gh.state.comments.push({ id: 301, login: 'mona', body: '/modelgate approve' });
    let { probot } = await testApp();
    await probot.receive(commentEvent('created', gh, { id: 301, login: 'mona', body: '/modelgate approve' }) as any);
    expect(approval(gh).conclusion).toBe('success');

    // 148 comments later, the checks are re-run: the command and the sticky comment are among the first 50 of 150.
    for (let i = 0; i < 148; i++) gh.state.comments.push({ id: 1000 + i, login: 'eve', body: `comment ${i}` });
    expect(gh.state.comments.slice(0, 2).map((c) => c.id)).toEqual([301, expect.any(Number)]);
    gh.requests.length = 0;
    ({ probot } = await testApp());
    await probot.receive(rerequestEvent('check_run', gh) as any);
    expect(gh.lines('graphql').filter((l) => l.endsWith('(context-page)'))).toEqual(['POST /graphql (context-page)']);
    const runs = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(runs.map((r) => [r.conclusion, r.output.title])).toEqual([['success', 'approved by mona (tier medium)']]);
    // Still the one sticky comment: found, not written anew.
    expect(gh.lines('comments:create')).toEqual([]);
    expect(gh.state.comments.filter((c) => c.login === BOT_LOGIN)).toHaveLength(1);
  });
});

describe('large files are read through the REST blobs API, as the CLI reads them', () => {
  /** The clean model's tuning log grown to about `bytes` with more trials (same format). */
  function grownLog(files: Files, bytes: number): Files {
    return edit(files, TRIALS, (text) => {
      const [study, ...rest] = text.split('\n');
      const lines: string[] = [];
      for (let id = 1000, size = text.length; size < bytes; id++) {
        const line = `{"type":"trial","id":${id},"state":"complete","seed":42,"params":{"learning_rate":0.012,"max_depth":4,"n_estimators":800},"metrics":{"validation/auc":0.801,"validation/log_loss":0.377}}`;
        lines.push(line);
        size += line.length + 1;
      }
      return [study, ...lines, ...rest].join('\n');
    });
  }

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The CLI's findings for the clean model, from the same files in a working tree. */
  async function cliFindings(files: Files): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-contract-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const local = await loadLocalCheck({ dir, all: true });
    const evaluation = evaluate(local.snapshot, local.policy);
    return evaluation.models.filter((m) => m.dir === 'models/churn-clean').flatMap((m) => m.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).sort();
  }

  const appFindings = (gh: FakeGitHub): string[] =>
    ((checkRun(gh, 'modelgate / rules').output.annotations ?? []) as { path: string; start_line: number; title: string; message: string }[])
      .filter((a) => a.path.startsWith('models/churn-clean/'))
      .map((a) => `${a.path}:${a.start_line} ${a.title} ${a.message}`)
      .sort();

  it.each([
    ['1 MB: over what GraphQL returns as text, and parsed whole', 1024 * 1024],
    ['5 MB: read whole and parsed (tuning logs are read up to 100 MB) exactly as the CLI parses it', 5 * 1024 * 1024],
  ])('%s', async (_name, bytes) => {
    const gh = cleanPr();
    const head = grownLog(gh.state.commits[HEAD]!, bytes);
    gh.state.commits[HEAD] = head;
    await review(gh);
    expect(gh.lines('blob')).toEqual([`GET ${R}/git/blobs/${blobSha(head[TRIALS]!)}`]);
    const app = appFindings(gh);
    expect(app).toEqual(await cliFindings(head));
    expect(app.filter((f) => f.includes('-byte limit'))).toEqual([]);
  });
});

describe('the policy, found where Probot users put it', () => {
  /** The clean PR with the policy at `path` on both sides, edited by `change`. */
  function withPolicy(change: (text: string) => string, path = POLICY, repos: Record<string, Files> = {}): FakeGitHub {
    const gh = cleanPr({ reviews: [approved(1, 'mona')], repos });
    for (const sha of [gh.state.pull.base, HEAD]) {
      const files = { ...gh.state.commits[sha]! };
      const text = change(files[POLICY]!);
      delete files[POLICY];
      if (path) files[path] = text;
      gh.state.commits[sha] = files;
    }
    return gh;
  }
  const twoApprovals = (t: string) => replaceOnce(t, MEDIUM, 'medium: {approvals: 2, reviewers: ["@acme/ml-reviewers"]}');
  const ORG_POLICY = 'tiers:\n  medium: {approvals: 2, reviewers: ["@acme/ml-reviewers"]}\n';

  it('.github/modelgate.yaml is the policy too', async () => {
    const gh = withPolicy(twoApprovals, '.github/modelgate.yaml');
    await review(gh);
    expect(approval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 more approval from acme/ml-reviewers (1 of 2)' } });
  });

  it('both .yml and .yaml: refused rather than guessed', async () => {
    const gh = withPolicy(twoApprovals, '.github/modelgate.yaml');
    gh.state.commits[gh.state.pull.base]![POLICY] = 'tiers: {medium: {approvals: 1}}\n';
    await review(gh);
    expect(approval(gh).conclusion).toBe('failure');
    expect(approval(gh).output.summary).toContain(`Reason: both .github/modelgate.yml and .github/modelgate.yaml exist at ${gh.state.pull.base}; modelgate will not guess which one is the policy: keep one`);
  });

  it('_extends: .github reads the owner\'s .github repository', async () => {
    const gh = withPolicy((t) => `_extends: .github\n${replaceOnce(t, `  ${MEDIUM}\n`, '')}`, POLICY, { 'acme/.github': { [POLICY]: ORG_POLICY } });
    // The owner's policy was read with the context, in case: `_extends: .github` costs no request, nor a round.
    expect(await review(gh)).toBe(2);
    expect(contextVariables(gh)).toMatchObject(ORG_POLICY_VARIABLES);
    expect(gh.requests.filter((r) => r.query === 'policy')).toEqual([]);
    expectApprovalCheckFirst(gh);
    expect(approval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 more approval from acme/ml-reviewers (1 of 2)' } });
  });

  it('_extends: owner/repo:path reads that file', async () => {
    const gh = withPolicy((t) => `_extends: corp/policies:ml/modelgate.yml\n${replaceOnce(t, `  ${MEDIUM}\n`, '')}`, POLICY, { 'corp/policies': { 'ml/modelgate.yml': ORG_POLICY } });
    // Another repository's file is known only from the policy's text: one read more, a third round.
    expect(await review(gh)).toBe(3);
    expect(gh.requests.find((r) => r.query === 'policy')!.body.variables).toEqual({ owner: 'corp', repo: 'policies', path0: 'HEAD:ml/modelgate.yml' });
    expectApprovalCheckFirst(gh);
    expect(approval(gh).output.title).toBe('waiting — 1 more approval from acme/ml-reviewers (1 of 2)');
  });

  it('a repository without a policy uses its owner\'s .github repository\'s', async () => {
    const org = { '.github/modelgate.yaml': ORG_POLICY };
    const gh = withPolicy((t) => t, '', { 'acme/.github': org });
    // Read with the context in round 1: no round more for a repository without a policy.
    expect(await review(gh)).toBe(2);
    expect(gh.requests.filter((r) => r.query === 'policy')).toEqual([]);
    expect(approval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 more approval from acme/ml-reviewers (1 of 2)' } });
    // The audit names the file and the commit of the org repository's default branch it was read at.
    expect(writtenComment(gh)).toContain(`"policy":{"path":"acme/.github:.github/modelgate.yaml","ref":"${blobSha(JSON.stringify(org))}"`);
  });

  it('without a policy anywhere, the built-in defaults apply', async () => {
    const gh = withPolicy((t) => t, '');
    // GitHub answers NOT_FOUND for the `.github` repository inside the context query; the rest of the answer stands.
    expect(await review(gh)).toBe(2);
    expect(contextVariables(gh)).toMatchObject(ORG_POLICY_VARIABLES);
    expect(gh.requests.filter((r) => r.query === 'policy')).toEqual([]);
    expect(approval(gh).conclusion).toBe('success');
  });

  it('an _extends that cannot be read fails closed, saying why', async () => {
    const gh = withPolicy((t) => `_extends: acme/missing\n${t}`);
    await review(gh);
    expect(approval(gh)).toMatchObject({ conclusion: 'failure', output: { title: 'failed closed — the policy has 1 error' } });
    expect(approval(gh).output.summary).toContain(
      '- policy error: .github/modelgate.yml:1: _extends: "acme/missing" could not be read (no .github/modelgate.yml in acme/missing, or no access); the gate fails closed',
    );
    expect(writtenComment(gh)).toContain('could not be read');
  });

  it('a policy of its own makes an unusable org policy (read with the context, in case) not matter', async () => {
    const gh = withPolicy(twoApprovals, POLICY, { 'acme/.github': { [POLICY]: 'binary\0' } });
    expect(await review(gh)).toBe(2);
    expect(approval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 more approval from acme/ml-reviewers (1 of 2)' } });
  });

  it('_extends: .github on an org policy that is not a readable text file fails closed, saying why', async () => {
    const gh = withPolicy((t) => `_extends: .github\n${t}`, POLICY, { 'acme/.github': { [POLICY]: 'binary\0' } });
    await review(gh);
    expect(approval(gh).conclusion).toBe('failure');
    expect(approval(gh).output.summary).toContain('.github/modelgate.yml in acme/.github is not a readable text file');
  });

  it.each([['the org policy is invalid', { 'acme/.github': { [POLICY]: 'tiers: {medium: {approvals: many}}\n' } }]])('fails closed when %s', async (_name, repos) => {
    const gh = withPolicy((t) => t, '', repos);
    await review(gh);
    expect(approval(gh).conclusion).toBe('failure');
    expect(approval(gh).output.summary).toContain('acme/.github:.github/modelgate.yml:1: tiers.medium.approvals: expected number, got a string');
  });
});

