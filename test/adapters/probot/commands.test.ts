// `/modelgate` commands and the other events that only name a pull request: created comments
// only (edits do nothing at all), a polite reply to a refused command, approvals by command
// recorded at the head they were given on, re-requested checks and base-branch edits.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BOT_LOGIN, OWNER, PR_NUMBER, REPO, exampleFiles, scenario, sha } from '../github/repo-fixture.ts';
import { DEFAULT_PULL_UPDATED, DEFAULT_TIME, LOAD_ROUTES, useFakeNetwork, type FakeComment, type FakeGitHub } from '../github/fake-github.ts';
import { commentEvent, pullRequestEvent, rerequestEvent, testApp } from './harness.ts';
import { CLEAN_SHAP, checkRun, cleanPr, expectNoMentions, expectRequests, plantedPr, retouchModel, reviewReads, reviewWrites, verdictLine, writtenComment } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;
const GET_PULL = `GET ${R}/pulls/${PR_NUMBER}`;

useFakeNetwork();

const approvalSummaryOf = (gh: FakeGitHub): string => checkRun(gh, 'modelgate / approval').output.summary;

/** The comment is on the PR (GitHub lists it) and its `created` event is delivered. */
async function comment(gh: FakeGitHub, c: FakeComment & { before?: string }, action: 'created' | 'edited' = 'created') {
  const { before: _before, ...listed } = c;
  gh.state.comments.push({ ...listed, ...(action === 'edited' ? { edited: true } : {}) });
  const { probot } = await testApp();
  await probot.receive(commentEvent(action, gh, c) as any);
  return probot;
}

describe('/modelgate waive', () => {
  it('refuses a waiver from someone outside `waivers.by` with a polite reply, and changes nothing', async () => {
    const gh = plantedPr().serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 301, login: 'eve', body: '/modelgate waive lineage-split-before-fit -- the scaler is refit per fold' });

    expectRequests(gh, {
      load: [GET_PULL, ...reviewReads(gh, 1, ['eve'])],
      publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`, `POST ${R}/issues/${PR_NUMBER}/comments`),
    });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'failure', output: { title: expect.stringMatching(/^blocked — 9 errors to fix/) } });
    expect(checkRun(gh, 'modelgate / rules')).toMatchObject({ conclusion: 'failure', output: { title: '9 errors, 0 warnings' } });
    const [, reply] = gh.bodies('comments:create').map((b) => b.body as string);
    expect(reply).toMatch(/^Thanks, `eve`\. modelgate did not apply this command:\n\n- `\/modelgate waive lineage-split-before-fit -- the scaler is refit per fold`: /);
    expect(reply).toContain('not in `acme/model-risk`');
    expect(reply).toContain('Nothing about the gate changed.');
    expect(reply).not.toContain('<!-- modelgate:checklist -->');
    expectNoMentions(reply!);
    expect(nock.isDone()).toBe(true);
  });
});

describe('/modelgate waive with no model touched', () => {
  it('reads the members of `waivers.by` teams, so a PR-wide error can be waived by them', async () => {
    // Files under models/ with no card: a PR-wide `model-card-present` error, and no model.
    const orphan = { ...exampleFiles(), 'models/orphan/weights.txt': 'weights\n' };
    const gh = scenario({ base: exampleFiles(), head: orphan }).serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 315, login: 'rita', body: '/modelgate waive model-card-present -- scratch weights, deleted before release' });

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    const eligibility = gh.requests.find((r) => r.query === 'eligibility')!.body.query as string;
    expect(eligibility).toContain('organization(login: "acme") { team(slug: "model-risk")');
    expect(gh.bodies('comments:create')).toHaveLength(1);
  });
});

describe('comments that do nothing', () => {
  it('makes no request for an edit that neither had nor has a command', async () => {
    const gh = cleanPr().serve([]);
    await comment(gh, { id: 302, login: 'mona', body: 'Looks good.', before: 'Looks god.' }, 'edited');
    expect(gh.requests).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('makes no request for a comment without a command, or a bot\'s command', async () => {
    const gh = cleanPr().serve([]);
    await comment(gh, { id: 303, login: 'mona', body: 'Looks good, but `/modelgate approve` after CI.' });
    await comment(gh, { id: 304, login: 'ci[bot]', bot: true, body: '/modelgate approve' });
    expect(gh.requests).toEqual([]);
  });
});

describe('edited and deleted comments', () => {
  it('never lets an edit create an approval: the command is refused, with a reply', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 309, login: 'mona', body: '/modelgate approve', before: 'LGTM' }, 'edited');

    expectRequests(gh, { load: [GET_PULL, ...reviewReads(gh)], publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    const [, reply] = gh.bodies('comments:create').map((b) => b.body as string);
    expect(reply).toMatch(/^- `\/modelgate approve`: the comment was edited/m);
  });

  it('takes an approval back when its comment is edited afterwards', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const probot = await comment(gh, { id: 310, login: 'mona', body: '/modelgate approve' });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    gh.requests.length = 0;

    // mona changes her mind and edits the command away.
    const edited = gh.state.comments.find((c) => c.id === 310)!;
    Object.assign(edited, { body: 'Not yet: the slices table is missing.', edited: true });
    await probot.receive(commentEvent('edited', gh, { id: 310, login: 'mona', body: edited.body, before: '/modelgate approve' }) as any);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    // No reply: the new text carries no command to refuse.
    expect(gh.bodies('comments:create')).toEqual([]);
  });

  it('takes an approval back when its comment is deleted', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const probot = await comment(gh, { id: 311, login: 'mona', body: '/modelgate approve' });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    gh.requests.length = 0;

    gh.state.comments = gh.state.comments.filter((c) => c.id !== 311);
    await probot.receive(commentEvent('deleted', gh, { id: 311, login: 'mona', body: '/modelgate approve' }) as any);

    expectRequests(gh, { load: [GET_PULL, ...reviewReads(gh)], publish: reviewWrites(gh, `PATCH ${R}/issues/comments/9002`) });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
  });
});

describe('/modelgate approve', () => {
  it('counts an eligible reviewer\'s approval and records the head it was given on', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 305, login: 'mona', body: '/modelgate approve' });

    expectRequests(gh, { load: [GET_PULL, ...reviewReads(gh, 1, ['mona'])], publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success' });
    const sticky = writtenComment(gh);
    expect(verdictLine(sticky)).toMatch(/^### ✅ modelgate: /);
    expect(sticky).toContain(`<!-- modelgate:state {"commands":{"305":"${gh.state.pull.head}"},"timeline":[["${gh.state.pull.head}","${DEFAULT_PULL_UPDATED}"]]} mac=`);
  });

  it('does not record the approval at a head pushed after the comment was written', async () => {
    // mona approves at 12:00; a push lands at 12:05, before modelgate handles the comment.
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    gh.state.pull.updatedAt = '2024-06-01T12:05:00Z';
    await comment(gh, { id: 307, login: 'mona', body: '/modelgate approve', createdAt: '2024-06-01T12:00:00Z' });

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    const sticky = writtenComment(gh);
    expect(sticky).toMatch(/Stale: `mona` approved/);
    // Recorded with no head: vouched for (its own delivery was seen), and stale.
    expect(sticky).toContain(`<!-- modelgate:state {"commands":{"307":""},"timeline":[["${gh.state.pull.head}","2024-06-01T12:05:00Z"]]} mac=`);
  });

  it('records it when modelgate saw that head before the comment, whatever happened since', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    gh.state.pull.updatedAt = '2024-06-01T11:00:00Z';
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    // Labels and other comments moved `updated_at` on; the head did not change.
    gh.state.pull.updatedAt = '2024-06-01T12:30:00Z';
    gh.state.comments.push({ id: 308, login: 'mona', body: '/modelgate approve', createdAt: '2024-06-01T12:00:00Z' });
    await probot.receive(commentEvent('created', gh, { id: 308, login: 'mona', body: '/modelgate approve', createdAt: '2024-06-01T12:00:00Z' }) as any);

    expect(gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval').map((b) => b.conclusion)).toEqual(['action_required', 'success']);
    expect(gh.state.comments.find((c) => c.login === BOT_LOGIN)!.body).toContain(`{"commands":{"308":"${gh.state.pull.head}"},"timeline":[["${gh.state.pull.head}","2024-06-01T11:00:00Z"],["${gh.state.pull.head}","2024-06-01T12:30:00Z"]]}`);
  });

  it('lets that approval go stale when the model changes afterwards', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const probot = await comment(gh, { id: 306, login: 'mona', body: '/modelgate approve' });
    const approvedAt = gh.state.pull.head;
    const newHead = sha('head after the approval');
    gh.state.commits[newHead] = retouchModel(gh.state.commits[approvedAt]!);
    gh.state.pull.head = newHead;
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    expect(gh.requests.filter((r) => r.kind === 'tree').map((r) => r.path)).toContain(`/repos/acme/models/git/trees/${approvedAt}?recursive=true`);
    const sticky = writtenComment(gh);
    expect(sticky).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`/);
    // The record of the command keeps the head it was given on.
    expect(sticky).toContain(`<!-- modelgate:state {"commands":{"306":"${approvedAt}"},`);
  });
});

describe('the force-push race (issue 10, item 4)', () => {
  it('ties `/modelgate approve` to the head its author saw, not to an older head force-pushed back before modelgate reads the PR', async () => {
    // H1 opened at 10:00 and approved by nobody; H2 (a model change) pushed at 12:00; mona
    // approves at 12:05 while H2 is up; at 12:10 the author force-pushes back to H1, before
    // modelgate handles mona's comment. Before the fix the approval was recorded for H1 (first
    // seen at 10:00, "before the comment") and the gate passed H1, which mona never approved.
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const h1 = gh.state.pull.head;
    const h2 = sha('H2: the model retouched');
    gh.state.commits[h2] = retouchModel(gh.state.commits[h1]!);
    const { probot } = await testApp();
    gh.state.pull.updatedAt = '2024-06-01T10:00:00Z';
    await probot.receive(pullRequestEvent('opened', gh) as any);
    gh.state.pull.head = h2;
    gh.state.pull.updatedAt = '2024-06-01T12:00:00Z';
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    gh.state.comments.push({ id: 321, login: 'mona', body: '/modelgate approve', createdAt: '2024-06-01T12:05:00Z' });
    gh.state.pull.head = h1;
    gh.state.pull.updatedAt = '2024-06-01T12:10:00Z';
    gh.requests.length = 0;
    await probot.receive(commentEvent('created', gh, { id: 321, login: 'mona', body: '/modelgate approve', createdAt: '2024-06-01T12:05:00Z' }) as any);

    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => [b.head_sha, b.conclusion])).toEqual([[h1, 'action_required']]);
    const sticky = writtenComment(gh);
    expect(sticky).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`/);
    expect(sticky).toContain(`<!-- modelgate:state {"commands":{"321":"${h2}"},"timeline":[["${h1}","2024-06-01T10:00:00Z"],["${h2}","2024-06-01T12:00:00Z"],["${h1}","2024-06-01T12:10:00Z"]]} mac=`);
  });
});

describe('who may command', () => {
  it('does not count the author\'s own `/modelgate approve`', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 313, login: 'alice', body: '/modelgate approve' });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    expect(approvalSummaryOf(gh)).toContain('- `alice` does not count: pull request author');
    // Like a review from someone who does not count, it is listed in the gate, not answered.
    expect(gh.bodies('comments:create')).toHaveLength(1);
  });

  it('lets anyone ask for `/modelgate recheck`: it only runs the review again, and nobody is looked up for it', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    await comment(gh, { id: 314, login: 'drive-by', body: '/modelgate recheck' });

    expectRequests(gh, { load: [GET_PULL, ...reviewReads(gh)], publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    // A recheck carries no decision, so there is no head to record for it.
    expect(writtenComment(gh)).toContain('<!-- modelgate:state {"commands":{},');
  });
});

describe('the hidden record of commands', () => {
  it('is not trusted once someone other than modelgate edited it (write access lets people edit any comment)', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const probot = await comment(gh, { id: 306, login: 'mona', body: '/modelgate approve' });
    const approvedAt = gh.state.pull.head;
    const newHead = sha('head after the approval');
    gh.state.commits[newHead] = retouchModel(gh.state.commits[approvedAt]!);
    gh.state.pull.head = newHead;
    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    // The author edits modelgate's comment: mona's approval now claims to be on the new head.
    const ours = gh.state.comments.find((c) => c.login === BOT_LOGIN)!;
    expect(ours.body).toContain(`"306":"${approvedAt}"`);
    ours.body = ours.body.replace(`"306":"${approvedAt}"`, `"306":"${newHead}"`);
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required' });
    const sticky = writtenComment(gh);
    // With the record gone, modelgate cannot vouch for the command at all: refused, not counted.
    expect(sticky).toContain('Refused: `/modelgate approve` by `mona` — modelgate cannot vouch that a person posted it');
    // The forged line is replaced by what modelgate can vouch for: nothing about comment 306.
    expect(sticky).toMatch(/<!-- modelgate:state \{"commands":\{\},"timeline":\[.*\]\} mac=[0-9a-f]{64} -->\n$/);
  });
});

describe('events that name the pull request', () => {
  it('re-reads the pull request and reviews it again when a check run is re-requested', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    const { probot } = await testApp();
    await probot.receive(rerequestEvent('check_run', gh) as any);
    expectRequests(gh, { load: [GET_PULL, ...reviewReads(gh)], publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });

  it('fails closed on the suite\'s head when the pull request cannot be read', async () => {
    const gh = cleanPr({ fail: { pull: 502 } }).serve(['token', 'pull']);
    const { probot } = await testApp();
    await probot.receive(rerequestEvent('check_suite', gh) as any);
    expect(gh.lines()).toEqual(['POST /app/installations/1/access_tokens', GET_PULL, `POST ${R}/check-runs`]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ head_sha: gh.state.pull.head, conclusion: 'failure' });
  });

  it('reviews again when the base branch changes, and not for a title edit', async () => {
    const gh = cleanPr().serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('edited', gh, { changes: { title: { from: 'WIP' } } }) as any);
    expect(gh.requests).toEqual([]);
    await probot.receive(pullRequestEvent('edited', gh, { changes: { base: { ref: { from: 'develop' }, sha: { from: sha('develop') } } } }) as any);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });
});
