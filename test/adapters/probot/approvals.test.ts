// The approval gate through the real App: who counts, staleness by blob, tier and policy
// taken where a PR cannot lower them. Each case is a PR on the examples repository with the
// reviews GitHub would report; the assertions are the check conclusion, the request body and
// the comment's key lines.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { OWNER, PR_NUMBER, REPO, edit, exampleFiles, replaceOnce, sha } from '../github/repo-fixture.ts';
import { useFakeNetwork, type FakeReview } from '../github/fake-github.ts';
import { pullRequestEvent, reviewEvent, testApp } from './harness.ts';
import { CLEAN_SHAP, POLICY, REVIEWED, approved, checkRun, cleanChange, cleanPr, expectNoMentions, expectRequests, retouchModel, reviewReads, reviewWrites, setTier, verdictLine, withDocs, writtenComment } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;
const HEAD = sha('head');

useFakeNetwork();

async function receiveReview(gh: ReturnType<typeof cleanPr>, review: FakeReview) {
  gh.serve();
  const { probot } = await testApp();
  await probot.receive(reviewEvent('submitted', gh, review) as any);
}

const approvalSummary = (gh: ReturnType<typeof cleanPr>): string => checkRun(gh, 'modelgate / approval').output.summary;

describe('requesting reviews', () => {
  it('asks the tier\'s team when a clean model change has no approval yet', async () => {
    const gh = cleanPr().serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    expectRequests(gh, {
      load: reviewReads(gh),
      publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`, `POST ${R}/pulls/${PR_NUMBER}/requested_reviewers`),
    });
    expect(checkRun(gh, 'modelgate / rules')).toMatchObject({ conclusion: 'success', output: { title: '0 errors, 0 warnings' } });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 approval from acme/ml-reviewers (0 of 1)' } });
    expect(gh.bodies('requested-reviewers')).toEqual([{ reviewers: [], team_reviewers: ['ml-reviewers'] }]);
    const comment = writtenComment(gh);
    expect(verdictLine(comment)).toBe('### ⏳ modelgate: waiting — 1 approval from `acme/ml-reviewers` (0 of 1)');
    expectNoMentions(comment);
    expect(nock.isDone()).toBe(true);
  });

  it('does not ask again a team GitHub already lists as requested', async () => {
    // Read from GitHub with the PR's context, not from the event (redelivery.test.ts).
    const gh = cleanPr({ reviewRequests: { users: [], teams: ['ml-reviewers'] } }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    expect(gh.bodies('requested-reviewers')).toEqual([]);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });
});

describe('who counts', () => {
  it('ignores the author approving their own pull request', async () => {
    const gh = cleanPr({ reviews: [approved(1, 'alice')] });
    await receiveReview(gh, approved(1, 'alice'));
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 approval from acme/ml-reviewers (0 of 1)' } });
    expect(approvalSummary(gh)).toContain('- `alice` does not count: pull request author');
    // A review event asks nobody: reviewers were requested when the PR opened or changed.
    expect(gh.bodies('requested-reviewers')).toEqual([]);
  });

  it('counts an approval from a member of the tier\'s team', async () => {
    const gh = cleanPr({ reviews: [approved(1, 'mona')] });
    await receiveReview(gh, approved(1, 'mona'));
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    expect(verdictLine(writtenComment(gh))).toMatch(/^### ✅ modelgate: /);
  });

  it('ignores an approval from outside the team at high tier', async () => {
    const gh = cleanPr({ tier: 'high', reviews: [approved(1, 'mona'), approved(2, 'rita')] });
    await receiveReview(gh, approved(1, 'mona'));
    const approval = checkRun(gh, 'modelgate / approval');
    expect(approval.conclusion).toBe('action_required');
    expect(approval.output.title).toMatch(/^waiting — 1 more approval from acme\/model-risk \(1 of 2\)/);
    expect(approval.output.summary).toContain('- `mona` does not count: not in `acme/model-risk`');
  });

  it('counts anyone with write access at low tier, maintainers included, their access read over REST', async () => {
    const gh = cleanPr({ tier: 'low', reviews: [approved(1, 'max')] });
    await receiveReview(gh, approved(1, 'max'));
    // The permission over REST. The tiers' teams are read too, beside the contents, before the
    // evaluation says the tier is low (one query, no round more); the decision sees none of them.
    expectRequests(gh, { load: reviewReads(gh, 1, ['max']), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
  });

  it('does not count a reader, nor someone GitHub does not list as a collaborator (404), at low tier', async () => {
    const gh = cleanPr({ tier: 'low', reviews: [approved(1, 'olga'), approved(2, 'zed')] });
    await receiveReview(gh, approved(2, 'zed'));
    expectRequests(gh, { load: reviewReads(gh, 1, ['olga', 'zed']), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    const summary = approvalSummary(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(summary).toContain('- `olga` does not count: no write access');
    expect(summary).toContain('- `zed` does not count: no write access');
  });

  it('lets a request for changes from an eligible reviewer block an approval', async () => {
    const reviews: FakeReview[] = [approved(1, 'mona'), { id: 2, login: 'max', state: 'CHANGES_REQUESTED', commit: HEAD }];
    const gh = cleanPr({ reviews });
    await receiveReview(gh, reviews[1]!);
    const approval = checkRun(gh, 'modelgate / approval');
    expect(approval.conclusion).toBe('action_required');
    expect(approval.output.title).toContain('changes requested by max');
  });
});

describe('staleness by blob', () => {
  it('makes an approval stale when a model file changed after it, and lists it as stale', async () => {
    const base = exampleFiles();
    const reviewed = cleanChange(base);
    const gh = cleanPr({ head: retouchModel(reviewed), more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] });
    gh.serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    const comment = writtenComment(gh);
    expect(comment).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`, and `models\/churn-clean\/reports\/shap_summary\.csv` changed since/);
    // The stale approver is asked again, with the team.
    expect(gh.bodies('requested-reviewers')).toEqual([{ reviewers: [], team_reviewers: ['ml-reviewers'] }]);
    // The reviewed commit's whole tree is read (a file deleted since is only there), next to eligibility.
    expect(gh.requests.filter((r) => r.kind === 'tree').map((r) => r.path)).toContain(`/repos/acme/models/git/trees/${REVIEWED}?recursive=true`);
    const eligibility = gh.requests.find((r) => r.query === 'eligibility')!.body.query as string;
    expect(eligibility).toContain('organization(login: "acme") { team(slug: "ml-reviewers")');
  });

  it('keeps an approval when only docs changed after it', async () => {
    const reviewed = cleanChange(exampleFiles());
    const gh = cleanPr({ head: withDocs(reviewed), more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] });
    gh.serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    expect(writtenComment(gh)).not.toContain('Stale:');
    expect(gh.bodies('requested-reviewers')).toEqual([]);
  });
});

describe('what a pull request cannot lower', () => {
  it('keeps the base tier\'s bar when the PR lowers the tier', async () => {
    const base = setTier(exampleFiles(), 'high');
    const head = cleanChange(setTier(exampleFiles(), 'low'));
    const gh = cleanPr({ base, head, reviews: [approved(1, 'eve')] });
    await receiveReview(gh, approved(1, 'eve'));

    const approval = checkRun(gh, 'modelgate / approval');
    expect(approval.conclusion).toBe('action_required');
    expect(approval.output.title).toMatch(/^waiting — 2 approvals from acme\/model-risk \(0 of 2\)/);
    expect(writtenComment(gh)).toContain('Tier **high**');
  });

  it('reads the policy from the base commit and ignores the PR\'s relaxed copy', async () => {
    const base = exampleFiles();
    const relaxed = edit(cleanChange(base), POLICY, (t) => replaceOnce(t, 'medium: {approvals: 1, reviewers: ["@acme/ml-reviewers"]}', 'medium: {approvals: 0}'));
    const gh = cleanPr({ base, head: relaxed }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 approval from acme/ml-reviewers (0 of 1)' } });
    const context = gh.requests.find((r) => r.query === 'context')!;
    // The owner's `.github` policy is asked for in the same query, in case this one had none.
    expect(context.body.variables).toEqual({
      owner: OWNER,
      repo: REPO,
      number: PR_NUMBER,
      policy0: `${gh.state.pull.base}:${POLICY}`,
      policy1: `${gh.state.pull.base}:${POLICY.replace(/yml$/, 'yaml')}`,
      orgRepo: '.github',
      orgPolicy0: `HEAD:${POLICY}`,
      orgPolicy1: `HEAD:${POLICY.replace(/yml$/, 'yaml')}`,
    });
    const blobQueries = gh.requests.filter((r) => r.query === 'blobs').map((r) => r.body.query as string);
    expect(blobQueries.join('\n')).not.toContain(POLICY);
  });
});

describe('what else cannot let a model through', () => {
  it('keeps the base\'s `invalidate_on` when the PR sets `never` in its own copy of the policy', async () => {
    const base = exampleFiles();
    const reviewed = cleanChange(base);
    const head = edit(retouchModel(reviewed), POLICY, (t) => replaceOnce(t, 'invalidate_on: model-change', 'invalidate_on: never'));
    const gh = cleanPr({ base, head, more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] });
    await receiveReview(gh, approved(1, 'mona', REVIEWED));

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    expect(writtenComment(gh)).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`, and `models\/churn-clean\/reports\/shap_summary\.csv` changed since/);
  });

  it('does not count a review submitted on an older head whose model files differ, whatever head the event names', async () => {
    const reviewed = cleanChange(exampleFiles());
    const gh = cleanPr({ head: retouchModel(reviewed), more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] });
    // mona had the old diff open and approved it after the push: GitHub ties the review to REVIEWED.
    await receiveReview(gh, approved(1, 'mona', REVIEWED));
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ head_sha: HEAD, conclusion: 'action_required' });
  });

  it('qualifies nobody through a team GitHub does not show the App, and says which', async () => {
    const gh = cleanPr({ reviews: [approved(1, 'mona')], teams: { 'acme/model-risk': ['rita', 'raj'] } });
    await receiveReview(gh, approved(1, 'mona'));
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    expect(approvalSummary(gh)).toContain('- members of `acme/ml-reviewers` are unknown, so nobody qualifies through it');
    expect(approvalSummary(gh)).toContain('- `mona` does not count: not in `acme/ml-reviewers`');
  });
});
