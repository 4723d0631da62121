// The App on pull_request events, driven through probot.receive() against the fake GitHub:
// check runs, the sticky comment, request economy, failing closed and the merge audit.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ID, BOT_LOGIN, OWNER, PR_NUMBER, REPO, exampleFiles, scenario, sha } from '../github/repo-fixture.ts';
import { pullRequestEvent, reviewEvent, testApp } from './harness.ts';
import { MARKER, checkRun, expectNoMentions, expectRequests, plantedPr, reviewReads, reviewWrites, verdictLine, withDocs, writtenComment } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

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

    // Request economy (DESIGN §6): a typical PR, 1 model and 5 changed files.
    expect(gh.changedFiles()).toHaveLength(5);
    expect(gh.loadRequests()).toHaveLength(7);
    expect(waves.loadWaves()).toBe(4);
    expect(gh.requests.filter((r) => r.kind !== 'token')).toHaveLength(11);
    expect(gh.lines('token')).toEqual(['POST /app/installations/1/access_tokens']);
  });

  it('costs one permission lookup more, in the same wave, once a reviewer has approved', async () => {
    const review = { id: 1, login: 'rita', state: 'APPROVED' as const, commit: sha('head') };
    const gh = plantedPr({ reviews: [review] }).serve([...(['token', 'files', 'tree', 'graphql'] as const), 'permission']);
    const { probot, waves } = await testApp();
    await probot.receive(reviewEvent('submitted', gh, review) as any);

    expectRequests(gh, { load: reviewReads(gh, 2, ['rita']), publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`) });
    // Request economy (DESIGN §6): the same typical PR with one approving review.
    expect(gh.changedFiles()).toHaveLength(5);
    expect(gh.loadRequests()).toHaveLength(8);
    expect(waves.loadWaves()).toBe(4);
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

    expectRequests(gh, { load: reviewReads(gh, 1).filter((l) => !l.includes('eligibility')), publish: reviewWrites(gh) });
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
      load: [`${files}?per_page=100`, `${files}?per_page=100&page=2`, ...reviewReads(gh, 1).slice(1).filter((l) => !l.includes('eligibility'))],
      publish: [`POST ${R}/check-runs`, `PATCH ${R}/check-runs/9000`, `PATCH ${R}/check-runs/9000`, `POST ${R}/check-runs`, `GET ${R}/issues/${PR_NUMBER}/comments?per_page=100`, `POST ${R}/issues/${PR_NUMBER}/comments`],
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

    expectRequests(gh, { load: reviewReads(gh, 2, ['rita']), publish: [`POST ${R}/check-runs`] });
    expect(checkRun(gh, 'modelgate / approval')).toEqual({
      name: 'modelgate / approval',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: expect.stringContaining('fake GitHub: permission fails with 403') },
    });
  });

});

describe('pull_request.closed', () => {
  it('writes the audit record of its own comment as a check run on the merge commit', async () => {
    const mergeSha = sha('merge');
    const gh = plantedPr({ mergeSha }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    // A user pastes a forged record under the marker, above ours.
    const forged = `${MARKER}\n<details><summary>Audit record</summary>\n\n\`\`\`json\n{"decision":"pass","forged":true}\n\`\`\`\n</details>`;
    gh.state.comments.unshift({ id: 50, login: 'eve', body: forged });
    gh.requests.length = 0;

    await probot.receive(pullRequestEvent('closed', gh, { merged: true }) as any);
    expect(gh.lines()).toEqual([`GET ${R}/issues/${PR_NUMBER}/comments?per_page=100`, `POST ${R}/check-runs`]);
    const audit = checkRun(gh, 'modelgate / audit');
    expect(audit).toMatchObject({ head_sha: mergeSha, status: 'completed', conclusion: 'neutral', output: { title: `Merged: audit record of #${PR_NUMBER}` } });
    expect(audit.output.summary).toContain('"decision":"fail"');
    expect(audit.output.summary).toContain(`"head":"${gh.state.pull.head}"`);
    expect(audit.output.summary).not.toContain('forged');
  });

  it('does nothing when the pull request was closed without merging', async () => {
    const gh = plantedPr().serve([]);
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('closed', gh, { merged: false }) as any);
    expect(gh.requests).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});
