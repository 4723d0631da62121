// Events for one pull request that overlap. Probot handles deliveries concurrently; a run that
// read the pull request before a change must not publish after the run that saw the change, or
// the older (possibly more permissive) decision becomes the latest `modelgate / approval` on that
// commit, which is the one branch protection reads. Each test holds the first run mid-way (after
// it read reviews and comments, before it publishes), lets GitHub change, delivers the second event
// and only then lets the first run go on.
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/client.ts';
import { LOAD_ROUTES, useFakeNetwork, type FakeReview } from '../github/fake-github.ts';
import { sha } from '../github/repo-fixture.ts';
import { commentEvent, latch, pullRequestEvent, reviewEvent, sleep, testApp } from './harness.ts';
import { MARKER, approved, cleanPr, retouchModel } from './scenarios.ts';

useFakeNetwork();

const HEAD = sha('head');

/** Holds the first event's run once it has loaded the pull request (at the eligibility reads). */
function holdFirstRun(hold: ReturnType<typeof latch>) {
  return (client: GitHubClient, index: number): GitHubClient =>
    index !== 0
      ? client
      : {
          ...client,
          getEligibility: async (...args) => {
            await hold.wait();
            return client.getEligibility(...args);
          },
        };
}

/** Lets the second delivery finish if it can run now; with runs queued per PR it waits for the first. */
async function settle(second: Promise<unknown>): Promise<void> {
  await Promise.race([second, sleep(1000)]);
}

describe('two events for one pull request at once', () => {
  it('never publishes an approval read before a dismissal after the decision that saw the dismissal', async () => {
    const gh = cleanPr({ reviews: [approved(1, 'mona')] }).serve();
    const hold = latch();
    const { probot } = await testApp({ wrapClient: holdFirstRun(hold) });

    const first = probot.receive(reviewEvent('submitted', gh, approved(1, 'mona')) as any);
    await hold.reached;
    // mona's approval is dismissed while the first run holds the approval it read.
    gh.state.reviews[0]!.state = 'DISMISSED';
    const second = probot.receive(reviewEvent('dismissed', gh, { id: 1, login: 'mona', state: 'DISMISSED', commit: HEAD }) as any);
    await settle(second);
    hold.release();
    await Promise.all([first, second]);

    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => [b.head_sha, b.conclusion])).toEqual([
      [HEAD, 'success'],
      [HEAD, 'action_required'],
    ]);
  });

  it('leaves the comment to the newer head when a push lands while a review event is in flight', async () => {
    const gh = cleanPr({ reviews: [approved(1, 'mona')] }).serve();
    const hold = latch();
    const { probot } = await testApp({ wrapClient: holdFirstRun(hold) });

    const first = probot.receive(reviewEvent('submitted', gh, approved(1, 'mona')) as any);
    await hold.reached;
    // A push changes the model; mona's approval is now on an older commit.
    const pushed = sha('pushed while the review was handled');
    gh.state.commits[pushed] = retouchModel(gh.state.commits[HEAD]!);
    gh.state.pull.head = pushed;
    const second = probot.receive(pullRequestEvent('synchronize', gh) as any);
    await settle(second);
    hold.release();
    await Promise.all([first, second]);

    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => [b.head_sha, b.conclusion])).toEqual([
      [HEAD, 'success'],
      [pushed, 'action_required'],
    ]);
    // The one checklist comment reports the newer head, not the older one's pass.
    const ours = gh.state.comments.filter((c) => c.body.includes(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toMatch(/^### ⏳ modelgate: waiting/m);
    expect(ours[0]!.body).toContain(`"head":"${pushed}"`);
  });
});

describe('GitHub\'s API lagging behind the event', () => {
  it('does not publish a pass from reviews that do not yet show the dismissal being handled', async () => {
    // The dismissal's webhook arrives; GitHub's API still lists mona's review as APPROVED.
    const gh = cleanPr({ reviews: [approved(1, 'mona')] }).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('dismissed', gh, { id: 1, login: 'mona', state: 'DISMISSED', commit: HEAD }) as any);

    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => [b.conclusion, b.output.title])).toEqual([['failure', 'modelgate could not review this pull request']]);
    expect(approvals[0].output.summary).toContain('GitHub does not show review 1 as DISMISSED yet');
    // It read the pull request twice (a second try after a pause) before giving up.
    expect(gh.requests.filter((r) => r.query === 'context')).toHaveLength(2);
  });

  it('reviews normally once GitHub catches up on the second try', async () => {
    const gh = cleanPr({ reviews: [{ id: 2, login: 'max', state: 'APPROVED', commit: HEAD }] }).serve();
    let reads = 0;
    const { probot } = await testApp({
      wrapClient: (client) => ({
        ...client,
        getPullContext: async (...args) => {
          // The request for changes shows up from the second read on.
          if (reads++ === 1) gh.state.reviews.push({ id: 3, login: 'max', state: 'CHANGES_REQUESTED', commit: HEAD, submittedAt: '2024-06-01T11:30:00Z' });
          return client.getPullContext(...args);
        },
      }),
    });
    await probot.receive(reviewEvent('submitted', gh, { id: 3, login: 'max', state: 'CHANGES_REQUESTED', commit: HEAD }) as any);

    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => [b.conclusion, b.output.title])).toEqual([['action_required', expect.stringContaining('changes requested by max')]]);
  });

  it.each(['deleted', 'edited'] as const)('does not keep counting an approval whose comment GitHub still lists as it was before it was %s', async (action) => {
    // mona's `/modelgate approve` was recorded; the App's comment carries its head.
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    gh.state.comments.push({ id: 316, login: 'mona', body: '/modelgate approve' });
    const { probot } = await testApp();
    await probot.receive(commentEvent('created', gh, { id: 316, login: 'mona', body: '/modelgate approve' }) as any);
    expect(gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval').map((b) => b.conclusion)).toEqual(['success']);

    // The event says the comment is gone (or rewritten); the API still shows it as it was.
    await probot.receive(commentEvent(action, gh, { id: 316, login: 'mona', body: action === 'deleted' ? '/modelgate approve' : 'Not yet.', before: '/modelgate approve' }) as any);
    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => b.conclusion)).toEqual(['success', 'failure']);
    expect(approvals[1].output.summary).toContain(`GitHub still shows comment 316 as it was before it was ${action}`);
  });

  it('never passes a head GraphQL does not confirm as the pull request\'s head', async () => {
    // The push event names HEAD; GraphQL still reports the commit before it (its commits and
    // authors may be those of the older head).
    const gh = cleanPr({ reviews: [approved(1, 'mona')] }).serve();
    gh.state.pull.graphqlHead = sha('the head before the push');
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    const approval = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approval.map((b) => [b.head_sha, b.conclusion, b.output.title])).toEqual([[HEAD, 'failure', 'modelgate could not confirm the head of this pull request']]);
    expect(approval[0].output.summary).toContain(`GitHub reports ${gh.state.pull.graphqlHead} as the head, not ${HEAD}`);
    expect(gh.lines('comments:create', 'comments:update')).toEqual([]);
  });
});
