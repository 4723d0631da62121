// The App on pull_request events, driven through probot.receive() against the fake GitHub:
// check runs, the sticky comment, request economy, failing closed and the merge audit.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { LOAD_ROUTES, useFakeNetwork, type FakeGitHub, type FakeState } from '../github/fake-github.ts';
import { APP_ID, BOT_LOGIN, OWNER, PR_NUMBER, REPO, exampleFiles, scenario, sha, without } from '../github/repo-fixture.ts';
import { TOOL_VERSION } from '../../../src/version.ts';
import { commentEvent, pullRequestEvent, reviewEvent, testApp } from './harness.ts';
import { MARKER, POLICY, checkRun, expectApprovalCheckFirst, cleanChange, cleanPr, expectNoMentions, expectRequests, plantedPr, reviewReads, reviewWrites, verdictLine, withDocs, writtenComment } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;

useFakeNetwork();

const PLANTED = 'models/fraud-planted';
/** path, line, level, title (= rule id) of every annotation the planted model earns. */
const PLANTED_ANNOTATIONS = [
  [`${PLANTED}/MODEL_CARD.md`, 15, 'failure', 'operations-fallback-declared'],
  [`${PLANTED}/MODEL_CARD.md`, 15, 'failure', 'operations-monitoring-planned'],
  [`${PLANTED}/MODEL_CARD.md`, 23, 'failure', 'tuning-log-params-match'],
  [`${PLANTED}/MODEL_CARD.md`, 23, 'failure', 'tuning-log-params-match'],
  [`${PLANTED}/MODEL_CARD.md`, 24, 'failure', 'evaluation-baseline-compared'],
  [`${PLANTED}/MODEL_CARD.md`, 27, 'failure', 'evaluation-uncertainty-reported'],
  [`${PLANTED}/lineage.yaml`, 17, 'failure', 'lineage-temporal-split'],
  [`${PLANTED}/lineage.yaml`, 25, 'failure', 'lineage-split-before-fit'],
  [`${PLANTED}/tuning/trials.jsonl`, 1, 'failure', 'tuning-log-no-test-leakage'],
];

const annotationRows = (annotations: any[]) => annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title]);

describe('pull_request.opened on a PR adding the planted model', () => {
  it('fails the rules check with one annotation per finding, fails the gate and creates one sticky comment', async () => {
    const gh = plantedPr().serve();
    const { probot, waves } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    expectRequests(gh, { load: reviewReads(gh), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules).toEqual({
      name: 'modelgate / rules',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: { title: '9 errors, 0 warnings', summary: expect.stringContaining('lineage-split-before-fit'), annotations: expect.any(Array) },
    });
    expect(annotationRows(rules.output.annotations)).toEqual(PLANTED_ANNOTATIONS);
    for (const a of rules.output.annotations) expect(a.end_line).toBe(a.start_line);
    for (const a of rules.output.annotations) expect(a.message.length).toBeGreaterThan(20);

    expect(checkRun(gh, 'modelgate / approval')).toEqual({
      name: 'modelgate / approval',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'blocked — 9 errors to fix, then 2 approvals from acme/model-risk and 1 checklist item to acknowledge',
        summary: expect.stringMatching(/^blocked — 9 errors to fix, then 2 approvals from `acme\/model-risk` and 1 checklist item to acknowledge\n\n- /),
        // The record of this PR's decision on its head, for other PRs with the same head (shared-head.ts).
        text: '<!-- modelgate:shared-head {"v":1,"pulls":{"7":"failure"}} -->',
      },
    });
    const comment = writtenComment(gh);
    expect(comment.startsWith(MARKER)).toBe(true);
    expect(verdictLine(comment)).toMatch(/^### ⛔ modelgate: blocked — 9 errors to fix, then 2 approvals from `acme\/model-risk`/);
    expect(comment).toContain('(`/modelgate ack fairness-review`)');
    expectNoMentions(comment);
    // Blocked on errors: nobody is asked to review something about to change.
    expect(gh.bodies('requested-reviewers')).toEqual([]);
    expect(nock.isDone()).toBe(true);

    // Request economy (DESIGN §6): a typical PR, 1 model and 5 changed files, read in two rounds:
    // files, 2 trees, the PR context, the open PRs with this head (shared-head.ts); then one blob
    // query (the card, and the model's other files read ahead) and eligibility.
    expect(gh.changedFiles()).toHaveLength(5);
    expect(gh.loadRequests()).toHaveLength(7);
    expect(waves.loadWaves()).toBe(2);
    expectApprovalCheckFirst(gh);
    // 11: the 7 loads, the approval check, the rules check, the comment lookup and write.
    expect(gh.requests.filter((r) => r.kind !== 'token')).toHaveLength(11);
    expect(gh.lines('token')).toEqual(['POST /app/installations/1/access_tokens']);
  });

  it('costs one permission lookup more, in the same wave, once a reviewer has approved', async () => {
    const review = { id: 1, login: 'rita', state: 'APPROVED' as const, commit: sha('head') };
    const gh = plantedPr({ reviews: [review] }).serve([...LOAD_ROUTES, 'permission']);
    const { probot, waves } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, review) as any);

    expectRequests(gh, { load: reviewReads(gh, 1, ['rita']), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    // Request economy (DESIGN §6): the same typical PR with one approving review.
    expect(gh.changedFiles()).toHaveLength(5);
    expect(gh.loadRequests()).toHaveLength(8);
    expect(waves.loadWaves()).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(nock.isDone()).toBe(true);
  });

  it('writes no comment on synchronize when the body would not change', async () => {
    const gh = plantedPr().serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    expectRequests(gh, { load: reviewReads(gh), publish: reviewWrites(gh) });
    expect(gh.state.comments).toHaveLength(1);
  });

  it('updates the first of its comments and deletes the duplicates a race left', async () => {
    const ours = (id: number) => ({ id, login: BOT_LOGIN, bot: true, appId: APP_ID, body: `${MARKER}\nan older report` });
    const gh = plantedPr({ comments: [ours(101), ours(102), ours(103)] }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    expectRequests(gh, {
      load: reviewReads(gh),
      publish: reviewWrites(gh, `DELETE ${R}/issues/comments/102`, `DELETE ${R}/issues/comments/103`, `PATCH ${R}/issues/comments/101`),
    });
    expect(gh.state.comments.map((c) => c.id)).toEqual([101]);
    expect(verdictLine(writtenComment(gh))).toMatch(/^### ⛔ modelgate: blocked/);
  });

  it('does not take a user comment quoting the marker, or another App\'s, for its own', async () => {
    const gh = plantedPr({
      comments: [
        { id: 201, login: 'eve', body: `${MARKER}\n### ✅ modelgate: passed (a copy)` },
        { id: 202, login: 'other-app[bot]', bot: true, appId: 99, body: `${MARKER}\nnot ours` },
      ],
    }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    expectRequests(gh, { load: reviewReads(gh), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    expect(gh.state.comments.map((c) => [c.id, c.login])).toEqual([[201, 'eve'], [202, 'other-app[bot]'], [expect.any(Number), BOT_LOGIN]]);
  });
});

describe('the sticky comment across pages and deletions', () => {
  it('finds its comment on the second page of more than 100 and updates it in place', async () => {
    const chatter = Array.from({ length: 120 }, (_, i) => ({ id: 1000 + i, login: 'eve', body: `comment ${i}` }));
    const ours = { id: 2000, login: BOT_LOGIN, bot: true, appId: APP_ID, body: `${MARKER}\nan older report` };
    const gh = plantedPr({ comments: [...chatter, ours] }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    const comments = `GET ${R}/issues/${PR_NUMBER}/comments`;
    expectRequests(gh, {
      // 121 comments: GraphQL reads them in two pages as well.
      load: [...reviewReads(gh), 'POST /graphql (context-page)'],
      publish: [`POST ${R}/check-runs`, `POST ${R}/check-runs`, `${comments}?per_page=100`, `${comments}?per_page=100&page=2`, `PATCH ${R}/issues/comments/2000`],
    });
  });

  it('writes a new comment when a user deleted it, and approvals by command recorded there no longer count', async () => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    gh.state.comments.push({ id: 312, login: 'mona', body: '/modelgate approve' });
    const { probot } = await testApp();
    await probot.receive(commentEvent('created', gh, { id: 312, login: 'mona', body: '/modelgate approve' }) as any);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('success');
    gh.state.comments = gh.state.comments.filter((c) => c.login !== BOT_LOGIN);
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('synchronize', gh) as any);
    expect(gh.lines('comments:create', 'comments:update')).toEqual([`POST ${R}/issues/${PR_NUMBER}/comments`]);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    // With its record gone, modelgate cannot vouch that a person posted the command: refused.
    expect(writtenComment(gh)).toContain('Refused: `/modelgate approve` by `mona` — modelgate cannot vouch that a person posted it');
  });
});

describe('an error after the approval check was published', () => {
  it('completes it again as failure when the comment cannot be written', async () => {
    const gh = cleanPr({ reviews: [{ id: 1, login: 'mona', state: 'APPROVED', commit: sha('head') }], fail: { 'comments:list': 500 } }).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, { id: 1, login: 'mona', state: 'APPROVED', commit: sha('head') }) as any);

    // The comment carries the record approvals by command rely on; not writing it is not a pass.
    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => b.conclusion)).toEqual(['success', 'failure']);
    expect(approvals[1].output.summary).toContain('fake GitHub: comments:list fails with 500');
  });

  it('completes it again as failure, saying why, when the rules check fails half-way', async () => {
    const orphans = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`models/orphan/part-${i}.txt`, `weights ${i}\n`]));
    const gh = scenario({ base: exampleFiles(), head: { ...exampleFiles(), ...orphans }, fail: { 'check-runs:update': 500 } }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    // The approval check is written first; the review that then fails leaves it as failure, the last word.
    const created = gh.bodies('check-runs:create');
    expect(created.map((b) => [b.name, b.conclusion])).toEqual([
      ['modelgate / approval', 'failure'],
      ['modelgate / rules', 'failure'],
      ['modelgate / approval', 'failure'],
    ]);
    expect(created[2].output.title).toBe('modelgate could not review this pull request');
    expect(created[2].output.summary).toContain('fake GitHub: check-runs:update fails with 500');
  });
});

describe('an event about an older head', () => {
  it('completes that commit\'s checks but leaves the comment to the newer head\'s review', async () => {
    const gh = plantedPr().serve();
    const { probot } = await testApp();
    const late = pullRequestEvent('synchronize', gh);
    // The head moved on before this delivery was handled.
    const newer = sha('newer head');
    gh.state.commits[newer] = gh.state.commits[gh.state.pull.head]!;
    gh.state.pull.head = newer;
    await probot.receive(late as any);

    expectRequests(gh, { load: reviewReads(gh).map((l) => l.replace(newer, late.payload.pull_request.head.sha)), publish: [`POST ${R}/check-runs`, `POST ${R}/check-runs`] });
    expect(gh.bodies('check-runs:create').map((b) => b.head_sha)).toEqual([late.payload.pull_request.head.sha, late.payload.pull_request.head.sha]);
  });
});

describe('pull requests without model changes', () => {
  it('passes the gate with "no model changes" and writes no comment', async () => {
    const gh = scenario({ base: exampleFiles(), head: withDocs(exampleFiles()) }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    // The tiers' teams are read beside the contents, before the evaluation says no model is touched: one query, no round more.
    expectRequests(gh, { load: reviewReads(gh, 1), publish: reviewWrites(gh) });
    expectApprovalCheckFirst(gh);
    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules).toMatchObject({ conclusion: 'success', output: { title: '0 errors, 0 warnings' } });
    expect(rules.output.annotations).toBeUndefined();
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'success', output: { title: 'no model changes' } });
  });

  it('reports every changed file under a gated path with no card, annotations in batches of 50', async () => {
    const orphans = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`models/orphan/part-${String(i).padStart(3, '0')}.txt`, `weights ${i}\n`]));
    const gh = scenario({ base: exampleFiles(), head: { ...exampleFiles(), ...orphans } }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    const files = `GET ${R}/pulls/${PR_NUMBER}/files`;
    expectRequests(gh, {
      // The 120 changed files are read ahead with the cards (an artifact a card names is often changed with it): two blob queries, side by side.
      load: [`${files}?per_page=100`, `${files}?per_page=100&page=2`, ...reviewReads(gh, 2).slice(1)],
      publish: [`POST ${R}/check-runs`, `POST ${R}/check-runs`, `PATCH ${R}/check-runs/9001`, `PATCH ${R}/check-runs/9001`, `GET ${R}/issues/${PR_NUMBER}/comments?per_page=100`, `POST ${R}/issues/${PR_NUMBER}/comments`],
    });
    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules.output.title).toBe('120 errors, 0 warnings');
    const updates = gh.bodies('check-runs:update');
    const batches = [rules.output.annotations, ...updates.map((u) => u.output.annotations)];
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat().map((a: any) => a.path)).toEqual(Object.keys(orphans));
    expect(new Set(batches.flat().map((a: any) => a.title))).toEqual(new Set(['model-card-present']));
    // Every update repeats title and summary (GitHub requires them with annotations) and nothing else.
    for (const u of updates) expect(Object.keys(u).sort()).toEqual(['output']);
    for (const u of updates) expect(u.output).toMatchObject({ title: rules.output.title, summary: rules.output.summary });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'failure' });
  });
});

describe('failing closed', () => {
  it('completes the approval check as failure with the reason when GitHub answers 500 for a tree', async () => {
    const gh = plantedPr({ fail: { tree: 500 } }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);

    const writes = gh.requests.filter((r) => r.method !== 'GET' && r.kind !== 'graphql' && r.kind !== 'token');
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${R}/check-runs`]);
    expect(writes[0]!.body).toEqual({
      name: 'modelgate / approval',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: expect.stringContaining('fake GitHub: tree fails with 500') },
    });
    expect(gh.requests.at(-1)!.kind).toBe('check-runs:create');
    expect(gh.unexpected).toEqual([]);
  });

  it('fails closed when GitHub refuses a reviewer\'s permission with anything but a 404', async () => {
    const review = { id: 1, login: 'rita', state: 'APPROVED' as const, commit: sha('head') };
    const gh = plantedPr({ reviews: [review], fail: { permission: 403 } }).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, review) as any);

    expectRequests(gh, { load: reviewReads(gh, 1, ['rita']), publish: [`POST ${R}/check-runs`] });
    expect(checkRun(gh, 'modelgate / approval')).toEqual({
      name: 'modelgate / approval',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: expect.stringContaining('fake GitHub: permission fails with 403') },
    });
  });

});

describe('failing closed on what GitHub half-answers', () => {
  const eve = { id: 1, login: 'eve', state: 'APPROVED' as const, commit: sha('head') };
  /** The clean model bumped, approved by eve: write access, but not in the policy's team. */
  function approvedByEve(base: Record<string, string>, options: Partial<FakeState> = {}) {
    return scenario({ base, head: cleanChange(base), reviews: [eve], ...options });
  }
  const failure = (gh: FakeGitHub) => checkRun(gh, 'modelgate / approval');

  it.each([
    ['binary (GitHub gives no text)', (files: Record<string, string>) => ({ ...files, [POLICY]: `${files[POLICY]}\0` })],
    ['a directory', (files: Record<string, string>) => ({ ...without(files, POLICY), [`${POLICY}/tiers.yml`]: 'medium: {approvals: 0}\n' })],
  ])('fails closed when the base policy exists but is %s, rather than fall back to the defaults', async (_name, change) => {
    const gh = approvedByEve(change(exampleFiles())).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, eve) as any);

    expect(gh.lines('check-runs:create')).toEqual([`POST ${R}/check-runs`]);
    expect(failure(gh)).toMatchObject({
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: expect.stringContaining(`${POLICY} at ${gh.state.pull.base} is not a readable text file`) },
    });
  });

  it.each(['context', 'blobs', 'eligibility'] as const)('fails closed when GitHub answers the %s query with partial data and errors', async (kind) => {
    const gh = approvedByEve(exampleFiles(), { graphqlErrors: { [kind]: 'Something went wrong while executing your query.' } }).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, eve) as any);

    expect(gh.lines('check-runs:create')).toEqual([`POST ${R}/check-runs`]);
    expect(failure(gh)).toMatchObject({ conclusion: 'failure', output: { summary: expect.stringContaining('Something went wrong while executing your query.') } });
  });

  it('fails closed, with nothing anyone could waive, when GraphQL returns null for a file the tree lists', async () => {
    // rita (waivers.by) waives the parse error an unread card would raise; mona approves.
    const card = 'models/churn-clean/MODEL_CARD.md';
    const mona = { id: 2, login: 'mona', state: 'APPROVED' as const, commit: sha('head') };
    const waiver = { id: 401, login: 'rita', body: '/modelgate waive artifact-parseable -- GitHub hiccup, the card is fine' };
    const gh = approvedByEve(exampleFiles(), { nullBlobs: [card], reviews: [mona], comments: [waiver] }).serve();
    const { probot } = await testApp();
    // Before: the card was "not checked" (artifact-parseable), rita's waiver took that away, and
    // mona's approval passed a model no rule had read, at the tier an unread card defaults to.
    await probot.receive(commentEvent('created', gh, waiver) as any);

    expect(gh.lines('check-runs:create')).toEqual([`POST ${R}/check-runs`]);
    expect(failure(gh)).toMatchObject({
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: expect.stringContaining(`GitHub lists ${card} in the tree of ${gh.state.pull.head} but returned no content for it`) },
    });
  });
});

describe('pull_request.closed', () => {
  it('writes the record of the merged head\'s own checks on the merge commit; an edited comment cannot forge it', async () => {
    const mergeSha = sha('merge');
    const gh = plantedPr({ mergeSha }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    // Someone with write access rewrites the audit block of modelgate's own comment.
    const ours = gh.state.comments.find((c) => c.login === BOT_LOGIN)!;
    ours.body = ours.body.replace(/"decision":"fail"/, '"decision":"pass","forged":true');
    // A workflow's check of the same name is not modelgate's.
    gh.state.checkRuns!.push({ id: 99999, headSha: gh.state.pull.head, name: 'modelgate / approval', status: 'completed', conclusion: 'success', summary: 'forged', appId: 15368 });
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('closed', gh, { merged: true }) as any);
    // The audit's read of the head's checks, the audit, then the approval check's record of the head: other PRs on it are reviewed again (shared-head.ts).
    const headChecks = `GET ${R}/commits/${gh.state.pull.head}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`;
    expect(gh.lines()).toEqual([headChecks, `POST ${R}/check-runs`, headChecks]);
    const audit = checkRun(gh, 'modelgate / audit');
    expect(audit).toMatchObject({ head_sha: mergeSha, status: 'completed', conclusion: 'neutral', output: { title: `Merged past the gate: audit record of #${PR_NUMBER}` } });
    expect(audit.output.summary).toMatch(/^Pull request #7 merged\. `modelgate \/ approval` on the merged head `[0-9a-f]{7}` was `failure`, not `success`: /);
    expect(audit.output.summary).toContain('"decision":"fail"');
    expect(audit.output.summary).toContain(`"head":"${gh.state.pull.head}"`);
    expect(audit.output.summary).not.toContain('forged');
  });

  it('records an approved merge with the approval in the decision record', async () => {
    const review = { id: 1, login: 'mona', state: 'APPROVED' as const, commit: sha('head') };
    const gh = cleanPr({ mergeSha: sha('merge'), reviews: [review] }).serve();
    const { probot } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, review) as any);
    await probot.receive(pullRequestEvent('closed', gh, { merged: true }) as any);

    const audit = checkRun(gh, 'modelgate / audit');
    expect(audit.output.title).toBe(`Merged: audit record of #${PR_NUMBER}`);
    expect(audit.output.summary).toContain('`modelgate / approval` on the merged head');
    expect(audit.output.summary).toContain('"approvals":[{"user":"mona","via":"review"');
  });

  it('says when modelgate never completed its gate on the merged head', async () => {
    const gh = plantedPr({ mergeSha: sha('merge') }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('closed', gh, { merged: true }) as any);
    const audit = checkRun(gh, 'modelgate / audit');
    expect(audit.output.summary).toBe(
      `Pull request #7 merged. modelgate never completed \`modelgate / approval\` on the merged head \`${gh.state.pull.head.slice(0, 7)}\`: the merge did not wait for modelgate's gate.\n\nmodelgate has no decision record for that head. modelgate ${TOOL_VERSION}.`,
    );
  });

  it('writes nothing when the pull request was closed without merging, and reads only its head\'s approval check (for other PRs on that head)', async () => {
    const gh = plantedPr().serve([]);
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('closed', gh, { merged: false }) as any);
    expect(gh.lines()).toEqual(['POST /app/installations/1/access_tokens', `GET ${R}/commits/${gh.state.pull.head}/check-runs?filter=latest&per_page=100&app_id=${APP_ID}`]);
    expect(nock.isDone()).toBe(true);
  });
});
