// Two open pull requests with one head commit (issue 10, item 5). Check runs belong to a commit,
// not to a pull request, and branch protection reads the latest `modelgate / approval` of the
// commit: PR #8 (into `release`, which already has the model change, so it touches no model)
// must not overwrite the pending gate of PR #7 (into `main`, a high-tier model change) on their
// shared head. The approval check of a head passes only when every open PR with that head passes.
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/client.ts';
import { useFakeNetwork, type FakeGitHub, type FakeReview, type FakeState } from '../github/fake-github.ts';
import { APP_ID, AUTHOR, OWNER, PR_NUMBER, REPO, edit, exampleFiles, replaceOnce, scenario, sha } from '../github/repo-fixture.ts';
import { latch, pullRequestEvent, reviewEvent, sleep, testApp } from './harness.ts';
import { POLICY, approved, cleanChange, setTier, withDocs } from './scenarios.ts';

useFakeNetwork();

const R = `/repos/${OWNER}/${REPO}`;
const HEAD = sha('head');
const RELEASE = sha('release');
const B = PR_NUMBER;
const A = 8;
const APPROVAL = 'modelgate / approval';

/**
 * #7 (the fake's own PR) bumps the clean model at high tier into `main` (2 approvals from
 * acme/model-risk; the policy's checklist item is moved to the low tier: approvals are what
 * these tests are about). #8 has the same head, into `release`, where the model change was already
 * cherry-picked: its diff is one docs file. #8 is not open until a test opens it.
 */
function twoPulls(reviews: FakeReview[] = []): FakeGitHub & { pullA: FakeState['pull'] } {
  const policy = (t: string) => replaceOnce(t, 'protected attributes", tiers: [high]}', 'protected attributes", tiers: [low]}');
  const base = edit(setTier(exampleFiles(), 'high'), POLICY, policy);
  const changed = cleanChange(base);
  const gh = scenario({ base, head: withDocs(changed), more: { [RELEASE]: changed }, reviews, mergeSha: sha('merge') });
  const pullA: FakeState['pull'] = { number: A, author: AUTHOR, base: RELEASE, head: HEAD, open: false };
  gh.state.morePulls = [{ pull: pullA, reviews: [], comments: [], commitAuthors: [AUTHOR] }];
  return Object.assign(gh.serve(), { pullA });
}

/** Every approval check written on the shared head, oldest first, as [conclusion, title]. */
const approvalsOnHead = (gh: FakeGitHub) =>
  gh
    .bodies('check-runs:create')
    .filter((b) => b.name === APPROVAL && b.head_sha === HEAD)
    .map((b) => [b.conclusion, b.output.title]);

/** The last approval check written on the shared head: the one branch protection reads. */
const lastApproval = (gh: FakeGitHub) => gh.bodies('check-runs:create').filter((b) => b.name === APPROVAL && b.head_sha === HEAD).at(-1);

async function openA(gh: ReturnType<typeof twoPulls>, probot: Awaited<ReturnType<typeof testApp>>['probot']) {
  gh.pullA.open = true;
  await probot.receive(pullRequestEvent('opened', gh, { pull: gh.pullA }) as any);
}

async function approve(gh: FakeGitHub, probot: Awaited<ReturnType<typeof testApp>>['probot'], review: FakeReview) {
  gh.state.reviews.push(review);
  await probot.receive(reviewEvent('submitted', gh, review) as any);
}

describe('two open pull requests with one head', () => {
  it('keeps the pending gate of #7 when #8, which touches no model, is opened on the same head; passes only once both pass', async () => {
    const gh = twoPulls();
    const { probot, waves } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 2 approvals from acme/model-risk (0 of 2)' } });

    gh.requests.length = 0;
    waves.calls.length = 0;
    await openA(gh, probot);
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: '#7 waits for approval; #8 passes' } });
    // #8's own review: it reads who else heads this commit with its first reads (the open PRs),
    // and, another PR being open there, the head's latest approval check in the second round;
    // then its approval check goes out first, before its rules check.
    expect(waves.loadWaves()).toBe(2);
    const lines = gh.lines().filter((l) => !l.includes('/access_tokens') && !l.startsWith('POST /graphql') && !l.includes('/git/trees/'));
    expect(lines.slice(0, 3).sort()).toEqual([
      `GET ${R}/commits/${HEAD}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`,
      `GET ${R}/pulls/${A}/files?per_page=100`,
      `GET ${R}/pulls?state=open&per_page=100`,
    ]);
    expect(lines.slice(3)).toEqual([`POST ${R}/check-runs`, `POST ${R}/check-runs`, `GET ${R}/issues/${A}/comments?per_page=100`]);
    const [approval, rules] = gh.bodies('check-runs:create');
    expect(rules).toMatchObject({ name: 'modelgate / rules', head_sha: HEAD, conclusion: 'success', output: { title: '0 errors, 0 warnings' } });
    expect(approval).toEqual({
      name: APPROVAL,
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'action_required',
      output: {
        title: '#7 waits for approval; #8 passes',
        summary: [
          `\`${HEAD.slice(0, 7)}\` is the head of 2 open pull requests. GitHub keeps one \`modelgate / approval\` per commit, so it passes only when every one of them passes:`,
          '',
          '- #7: waits for approval',
          '- #8: passes (this review)',
          '',
          '**#8** (this review): no model changes',
          '',
          '- no model changes',
        ].join('\n'),
        // The record of each PR's own decision on this head, in a field nothing from a PR goes into.
        text: '<!-- modelgate:shared-head {"v":1,"pulls":{"7":"action_required","8":"success"}} -->',
      },
    });
    // #8 has no model change and nothing pending of its own: no checklist comment for it.
    expect(gh.state.morePulls![0]!.comments).toEqual([]);

    await approve(gh, probot, approved(1, 'rita'));
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: '#7 waits for approval; #8 passes' } });
    await approve(gh, probot, approved(2, 'raj'));
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'success', output: { title: '#7 passes; #8 passes' } });
    expect(lastApproval(gh).output.text).toBe('<!-- modelgate:shared-head {"v":1,"pulls":{"7":"success","8":"success"}} -->');
    expect(gh.unexpected).toEqual([]);
  });

  it('holds #8 back while #7 on its head was never reviewed, and reviews #7 on its own', async () => {
    const gh = twoPulls();
    const { probot } = await testApp();
    // #7 is open, but its own event never reached modelgate (or its review failed).
    await openA(gh, probot);

    expect(approvalsOnHead(gh)).toEqual([
      ['action_required', '#7 not reviewed yet; #8 passes'],
      ['action_required', '#7 waits for approval; #8 passes'],
    ]);
    // #7's review was the App's own follow-up: it read #7 first, then reviewed it.
    expect(gh.lines('pull')).toEqual([`GET ${R}/pulls/${B}`]);
    expect(gh.unexpected).toEqual([]);
  });

  it.each([
    ['closed without merging', false],
    ['merged', true],
  ])('lets #8 decide alone once #7 is %s', async (_name, merged) => {
    const gh = twoPulls();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    await openA(gh, probot);
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: '#7 waits for approval; #8 passes' } });

    gh.state.pull.open = false;
    await probot.receive(pullRequestEvent('closed', gh, { merged }) as any);
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'success', output: { title: 'no model changes' } });
    expect(lastApproval(gh).output).toMatchObject({ summary: 'no model changes\n\n- no model changes', text: '<!-- modelgate:shared-head {"v":1,"pulls":{"8":"success"}} -->' });
    expect(gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / audit')).toHaveLength(merged ? 1 : 0);
    expect(gh.unexpected).toEqual([]);
  });

  it('never publishes a decision of #8 read before #7 lost its approval after the decision that saw it', async () => {
    const gh = twoPulls([approved(1, 'rita'), approved(2, 'raj')]);
    const hold = latch();
    let held = false;
    // Holds the first run that reads the head's record (#8's), after it read it, before it publishes.
    const { probot } = await testApp({
      wrapClient: (client: GitHubClient) => ({
        ...client,
        listCheckRuns: async (...args) => {
          const runs = await client.listCheckRuns(...args);
          if (!held && gh.pullA.open) {
            held = true;
            await hold.wait();
          }
          return runs;
        },
      }),
    });
    await probot.receive(pullRequestEvent('opened', gh) as any);
    expect(lastApproval(gh)).toMatchObject({ conclusion: 'success' });
    gh.pullA.open = true;

    const first = probot.receive(pullRequestEvent('opened', gh, { pull: gh.pullA }) as any);
    await Promise.race([hold.reached, first]);
    // raj's approval of #7 is dismissed while #8's run holds the record that still shows #7 passing.
    gh.state.reviews[1]!.state = 'DISMISSED';
    const second = probot.receive(reviewEvent('dismissed', gh, { id: 2, login: 'raj', state: 'DISMISSED', commit: HEAD }) as any);
    await Promise.race([second, sleep(1000)]);
    hold.release();
    await Promise.all([first, second]);

    expect(lastApproval(gh)).toMatchObject({ conclusion: 'action_required', output: { title: '#7 waits for approval; #8 passes' } });
  });
});
