// Pull requests on the examples repository, as the App tests need them, and the assertions
// they share. Content is the real `examples/` files with the smallest edits a scenario needs.
import { expect } from 'vitest';
import type { FakeGitHub, FakeReview, Files } from '../github/fake-github.ts';
import { baseWithout, edit, exampleFiles, replaceOnce, scenario, sha, type ScenarioOptions } from '../github/repo-fixture.ts';

export const CLEAN_CARD = 'models/churn-clean/MODEL_CARD.md';
export const CLEAN_SHAP = 'models/churn-clean/reports/shap_summary.csv';
export const POLICY = '.github/modelgate.yml';
export const MARKER = '<!-- modelgate:checklist -->';

/** A docs file outside every model: changing it changes no model. */
export const withDocs = (files: Files, text = 'Release notes.\n'): Files => ({ ...files, 'docs/notes.md': text });

export const setTier = (files: Files, tier: 'low' | 'medium' | 'high'): Files =>
  edit(files, CLEAN_CARD, (t) => replaceOnce(t, 'risk_tier: medium', `risk_tier: ${tier}`));

/** The clean model's next version: the card bumped, the tuning log re-run (one more line). */
export const cleanChange = (files: Files): Files =>
  edit(
    edit(files, CLEAN_CARD, (t) => replaceOnce(t, 'version: 2.4.0', 'version: 2.5.0')),
    'models/churn-clean/tuning/trials.jsonl',
    (t) => `${t}\n`,
  );

/** A later change to a file of the clean model (its explainability report). */
export const retouchModel = (files: Files): Files => edit(files, CLEAN_SHAP, (t) => `${t}tickets_90d,0.001\n`);

/** PR adding the planted model: its 4 files and one docs file (1 model, 5 changed files). */
export function plantedPr(options: Partial<ScenarioOptions> = {}): FakeGitHub {
  return scenario({ base: baseWithout('models/fraud-planted/'), head: withDocs(exampleFiles()), ...options });
}

/** PR bumping the clean (medium tier) model; `reviewed` is a commit reviewers saw before head. */
export function cleanPr(options: Partial<ScenarioOptions> & { tier?: 'low' | 'medium' | 'high' } = {}): FakeGitHub {
  const { tier = 'medium', ...rest } = options;
  const base = setTier(exampleFiles(), tier);
  return scenario({ base, head: cleanChange(base), ...rest });
}

export const REVIEWED = sha('reviewed');

/** An approving review, on the scenario's head unless another commit is named. */
export const approved = (id: number, login: string, commit = sha('head')): FakeReview => ({ id, login, state: 'APPROVED', commit });

// ---------------------------------------------------------------------------------------------
// What the App wrote

/** The one `check-runs` create request for a check (fails when there is not exactly one). */
export function checkRun(gh: FakeGitHub, name: 'modelgate / rules' | 'modelgate / approval' | 'modelgate / audit'): any {
  const runs = gh.bodies('check-runs:create').filter((b) => b.name === name);
  expect(runs, `check runs named ${name}`).toHaveLength(1);
  return runs[0];
}

/** The body of the one checklist comment the App created or updated. */
export function writtenComment(gh: FakeGitHub): string {
  const bodies = [...gh.bodies('comments:create'), ...gh.bodies('comments:update')].map((b) => b.body as string).filter((b) => b.includes(MARKER));
  expect(bodies, 'checklist comment writes').toHaveLength(1);
  return bodies[0]!;
}

export const verdictLine = (body: string): string => body.split('\n').find((l) => l.startsWith('### ')) ?? '';

/** No raw @-mentions: teams and people are named in code spans, never pinged from a comment. */
export function expectNoMentions(body: string): void {
  const outsideCode = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  expect(outsideCode).not.toMatch(/(^|[^\w`])@[A-Za-z0-9-]+/);
}

/** The request lines: loading as a set (one wave runs in parallel), then the writes in order. */
export function expectRequests(gh: FakeGitHub, expected: { load: string[]; publish: string[] }): void {
  const all = gh.lines().filter((l) => !l.includes('/access_tokens'));
  const load = all.slice(0, expected.load.length);
  expect([...load].sort()).toEqual([...expected.load].sort());
  expect(all.slice(expected.load.length)).toEqual(expected.publish);
  expect(gh.unexpected).toEqual([]);
}

/**
 * The reads of a review that finds one model, all before its first write, in two rounds: files,
 * 2 trees, the PR context and the open PRs with its head (round 1); one query of blob contents
 * (the cards and, read ahead, the model's other files) and eligibility (round 2): 7, plus one
 * permission lookup per person whose review or command can count.
 */
export function reviewReads(gh: FakeGitHub, blobRounds = 1, permissionsOf: string[] = []): string[] {
  const { owner, repo, pull } = gh.state;
  return [
    `GET /repos/${owner}/${repo}/pulls/${pull.number}/files?per_page=100`,
    `GET /repos/${owner}/${repo}/git/trees/${pull.head}?recursive=true`,
    `GET /repos/${owner}/${repo}/git/trees/${pull.base}?recursive=true`,
    'POST /graphql (context)',
    OPEN_PULLS(gh),
    ...Array.from({ length: blobRounds }, () => 'POST /graphql (blobs)'),
    'POST /graphql (eligibility)',
    ...permissionsOf.map((login) => `GET /repos/${owner}/${repo}/collaborators/${login}/permission`),
  ];
}

/**
 * The writes of a review: the approval check first (writes are paced a second apart, so the gate
 * goes out before anything else), the rules check, the comment lookup, then whatever the test expects.
 */
export function reviewWrites(gh: FakeGitHub, ...then: string[]): string[] {
  const { owner, repo, pull } = gh.state;
  return [`POST /repos/${owner}/${repo}/check-runs`, `POST /repos/${owner}/${repo}/check-runs`, `GET /repos/${owner}/${repo}/issues/${pull.number}/comments?per_page=100`, ...then];
}

/** The read of the open pull requests with the review's head (who else has it: shared-head.ts), in its first round of reads. */
export const OPEN_PULLS = (gh: FakeGitHub): string => `GET /repos/${gh.state.owner}/${gh.state.repo}/pulls?state=open&per_page=100`;

/**
 * The first request of a review that is not a read must be the approval check: POST (or PATCH)
 * of a check run named `modelgate / approval`. Reads are GETs and GraphQL queries.
 */
export function expectApprovalCheckFirst(gh: FakeGitHub): void {
  const firstWrite = gh.requests.find((r) => r.kind !== 'token' && r.method !== 'GET' && r.kind !== 'graphql');
  expect(firstWrite, 'the first write of the review').toBeDefined();
  expect([firstWrite!.kind, firstWrite!.body?.name]).toEqual(['check-runs:create', 'modelgate / approval']);
}
