// Noise under redelivery (issue 10, item 11): GitHub redelivers webhooks, people retry, and
// every run reviews the pull request again. What a run asks of people must not repeat with it:
// reviewers are asked once (who is already asked, or already reviewed, is read from GitHub, not
// from the event), and a refused command gets one reply, about that comment only, however
// often its event arrives and whatever is commented after it.
import { describe, expect, it } from 'vitest';
import { OWNER, PR_NUMBER, REPO, edit, exampleFiles, replaceOnce } from '../github/repo-fixture.ts';
import { LOAD_ROUTES, useFakeNetwork, type FakeComment, type FakeGitHub, type FakeReview } from '../github/fake-github.ts';
import { commentEvent, pullRequestEvent, testApp } from './harness.ts';
import { MARKER, POLICY, REVIEWED, approved, checkRun, cleanChange, cleanPr, retouchModel, setTier } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;

useFakeNetwork();

const replies = (gh: FakeGitHub): string[] => gh.bodies('comments:create').map((b) => b.body as string).filter((body) => !body.includes(MARKER));

describe('review requests under redelivery', () => {
  it('asks once when the same `opened` delivery arrives 20 times at once', async () => {
    const gh = cleanPr().serve();
    const { probot } = await testApp();
    const event = pullRequestEvent('opened', gh);
    await Promise.all(Array.from({ length: 20 }, () => probot.receive(structuredClone(event) as any)));

    expect(gh.lines('requested-reviewers')).toEqual([`POST ${R}/pulls/${PR_NUMBER}/requested_reviewers`]);
    expect(gh.bodies('requested-reviewers')).toEqual([{ reviewers: [], team_reviewers: ['ml-reviewers'] }]);
    expect(gh.state.reviewRequests).toEqual({ users: [], teams: ['ml-reviewers'] });
    expect(gh.unexpected).toEqual([]);
  });

  it('does not ask again a team GitHub lists as requested, though the event does not list it', async () => {
    const gh = cleanPr({ reviewRequests: { users: [], teams: ['ML-Reviewers'] } }).serve();
    const event = pullRequestEvent('synchronize', gh);
    event.payload.pull_request.requested_teams = [];
    await (await testApp()).probot.receive(event as any);
    expect(gh.bodies('requested-reviewers')).toEqual([]);
  });

  it('reads every page of review requests: the team listed 101st is not asked again', async () => {
    const users = Array.from({ length: 100 }, (_, i) => `person${i}`);
    const gh = cleanPr({ reviewRequests: { users, teams: ['ml-reviewers'] } }).serve();
    await (await testApp()).probot.receive(pullRequestEvent('synchronize', gh) as any);
    expect(gh.requests.filter((r) => r.query === 'context-page').map((r) => /query (\w+)/.exec(r.body.query)![1])).toEqual(['PullReviewRequestsPage']);
    expect(gh.bodies('requested-reviewers')).toEqual([]);
  });

  it('asks a team the event lists but GitHub no longer does (an old delivery)', async () => {
    const gh = cleanPr().serve();
    const event = pullRequestEvent('synchronize', gh);
    event.payload.pull_request.requested_teams = [{ slug: 'ml-reviewers', name: 'ML reviewers' }];
    await (await testApp()).probot.receive(event as any);
    expect(gh.bodies('requested-reviewers')).toEqual([{ reviewers: [], team_reviewers: ['ml-reviewers'] }]);
  });

  it('asks only people the gate still needs who have neither been asked nor reviewed', async () => {
    // Medium tier names people too: eve commented, olga was never asked, raj's approval went
    // stale with a push, max's review was dismissed, rita is asked already.
    const named = (files: Record<string, string>) =>
      edit(files, POLICY, (t) => replaceOnce(t, 'reviewers: ["@acme/ml-reviewers"]', 'reviewers: ["@acme/ml-reviewers", "eve", "olga", "raj", "max", "rita"]'));
    const base = named(setTier(exampleFiles(), 'medium'));
    const reviewed = cleanChange(base);
    const reviews: FakeReview[] = [
      { id: 1, login: 'eve', state: 'COMMENTED', commit: REVIEWED },
      approved(2, 'raj', REVIEWED),
      { id: 3, login: 'max', state: 'DISMISSED', commit: REVIEWED },
    ];
    const gh = cleanPr({ base, head: retouchModel(reviewed), more: { [REVIEWED]: reviewed }, reviews, reviewRequests: { users: ['rita'], teams: [] } }).serve();
    await (await testApp()).probot.receive(pullRequestEvent('synchronize', gh) as any);

    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(gh.bodies('requested-reviewers')).toEqual([{ reviewers: ['olga', 'raj', 'max'], team_reviewers: ['ml-reviewers'] }]);
  });
});

describe('one reply per refused comment', () => {
  /** alice, the author, acknowledges an item the medium tier does not ask for: refused, with a reply. */
  const ACK: FakeComment = { id: 401, login: 'alice', body: '/modelgate ack fairness-review' };
  const WAIVE: FakeComment = { id: 402, login: 'alice', body: '/modelgate waive lineage-split-before-fit -- the scaler is refit per fold' };
  const RECHECK: FakeComment = { id: 403, login: 'alice', body: '/modelgate recheck' };

  const ACK_REPLY = [
    'Thanks, `alice`. modelgate did not apply this command:',
    '',
    '- `/modelgate ack fairness-review`: `fairness-review` is not required at tier medium',
    '',
    'Nothing about the gate changed. The checklist comment lists who can approve and waive.',
    '',
    '<!-- modelgate:reply comment=401 reasons=af3812811cfb -->',
  ].join('\n');
  const WAIVE_REPLY = [
    'Thanks, `alice`. modelgate did not apply this command:',
    '',
    '- `/modelgate waive lineage-split-before-fit -- the scaler is refit per fold`: no error of `lineage-split-before-fit` in this pull request',
    '',
    'Nothing about the gate changed. The checklist comment lists who can approve and waive.',
    '',
    '<!-- modelgate:reply comment=402 reasons=eca25fb95e7c -->',
  ].join('\n');

  const post = (gh: FakeGitHub, c: FakeComment) => gh.state.comments.push(c);

  it('replies once to a refused command delivered 5 times, and not again to a later recheck', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const { probot } = await testApp();
    post(gh, ACK);
    await Promise.all(Array.from({ length: 5 }, () => probot.receive(commentEvent('created', gh, ACK) as any)));
    post(gh, RECHECK);
    await probot.receive(commentEvent('created', gh, RECHECK) as any);

    expect(replies(gh)).toEqual([ACK_REPLY]);
    expect(gh.unexpected).toEqual([]);
  });

  it('replies to each refused comment about its own commands only', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const { probot } = await testApp();
    post(gh, ACK);
    await probot.receive(commentEvent('created', gh, ACK) as any);
    post(gh, WAIVE);
    await probot.receive(commentEvent('created', gh, WAIVE) as any);
    await probot.receive(commentEvent('created', gh, ACK) as any);

    expect(replies(gh)).toEqual([ACK_REPLY, WAIVE_REPLY]);
  });

  it('does not reply again after a restart: the reply GitHub lists carries its mark', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    post(gh, ACK);
    await (await testApp()).probot.receive(commentEvent('created', gh, ACK) as any);
    // A new process remembers nothing; GitHub still lists the reply.
    await (await testApp()).probot.receive(commentEvent('created', gh, ACK) as any);

    expect(replies(gh)).toEqual([ACK_REPLY]);
  });

  it('does not reply again while GitHub\'s reads do not show the reply yet', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    // GitHub's API lags behind its writes: the App's own replies are missing from every read.
    const { probot } = await testApp({
      wrapClient: (client) => ({
        ...client,
        getPullContext: async (...args) => {
          const context = await client.getPullContext(...args);
          return { ...context, comments: context.comments.filter((c) => !c.body.includes('modelgate:reply')) };
        },
      }),
    });
    post(gh, ACK);
    for (let i = 0; i < 3; i++) await probot.receive(commentEvent('created', gh, ACK) as any);

    expect(replies(gh)).toEqual([ACK_REPLY]);
  });

  it('replies again when the same comment is refused for another reason', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const { probot } = await testApp();
    post(gh, ACK);
    await probot.receive(commentEvent('created', gh, ACK) as any);
    // alice edits her comment: now the edit is the reason.
    Object.assign(gh.state.comments.find((c) => c.id === ACK.id)!, { edited: true });
    await probot.receive(commentEvent('edited', gh, ACK) as any);

    expect(replies(gh)).toEqual([
      ACK_REPLY,
      [
        'Thanks, `alice`. modelgate did not apply this command:',
        '',
        '- `/modelgate ack fairness-review`: the comment was edited\\; post the command in a new comment',
        '',
        'Nothing about the gate changed. The checklist comment lists who can approve and waive.',
        '',
        '<!-- modelgate:reply comment=401 reasons=7039ca773d5c -->',
      ].join('\n'),
    ]);
  });
});
