// Issue 10: the approval gate walked around, attack by attack, through the real App. Each test
// reproduces an attack found in a black-box run; each failed on the code before its fix (the
// closing note of issue 10 records how).
import { describe, expect, it } from 'vitest';
import { edit, exampleFiles, replaceOnce, scenario, sha } from '../github/repo-fixture.ts';
import { LOAD_ROUTES, useFakeNetwork, type Files } from '../github/fake-github.ts';
import { commentEvent, pullRequestEvent, testApp } from './harness.ts';
import { POLICY, REVIEWED, approved, checkRun, cleanChange, cleanPr, setTier, writtenComment } from './scenarios.ts';

useFakeNetwork();

const THRESHOLDS = 'models/churn-clean/thresholds.yaml';
const withThresholds = (files: Files): Files => ({ ...files, [THRESHOLDS]: 'block_above: 0.92\n' });
const withoutThresholds = (files: Files): Files => Object.fromEntries(Object.entries(files).filter(([path]) => path !== THRESHOLDS));

describe('item 1: a nested card does not lower the tier', () => {
  it('gates files split off a high-tier model at high, and asks that model\'s reviewers', async () => {
    // churn-clean is high tier at base. The PR adds models/churn-clean/v2/, a complete model
    // whose card says `risk_tier: low`. Before the fix: gated at low, `mona` (not in
    // `@acme/model-risk`) alone passed it.
    const base = setTier(exampleFiles(), 'high');
    const v2: Files = {};
    for (const [path, text] of Object.entries(base)) if (path.startsWith('models/churn-clean/')) v2[path.replace('models/churn-clean/', 'models/churn-clean/v2/')] = text;
    v2['models/churn-clean/v2/MODEL_CARD.md'] = replaceOnce(v2['models/churn-clean/v2/MODEL_CARD.md']!, 'risk_tier: high', 'risk_tier: low');
    const gh = scenario({ base, head: { ...base, ...v2 }, reviews: [approved(1, 'mona')] }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    const approval = checkRun(gh, 'modelgate / approval');
    // churn-clean is touched by the split, so its card must also be bumped (`model-card-version-bumped`).
    expect(approval.conclusion).toBe('failure');
    expect(approval.output.title).toBe('blocked — 1 error to fix, then 2 approvals from acme/model-risk and 1 checklist item to acknowledge');
    expect(approval.output.summary).toContain('- tier high (base and head)');
    expect(approval.output.summary).toContain('- `mona` does not count: not in `acme/model-risk`');
    const comment = writtenComment(gh);
    expect(comment).toContain('| high (split off `models/churn-clean`, head low) |');
    expect(comment).toContain('makes models\\/churn\\-clean\\/v2 a model of its own\\, split off models\\/churn\\-clean \\(tier high at base\\)');
  });
});

describe('item 2: a deleted file makes approvals stale', () => {
  it.each([
    ['a file the model had at base', (base: Files) => withThresholds(base)],
    ['a file added in the PR, approved, then deleted', (base: Files) => base],
  ])('%s', async (_name, baseOf) => {
    const base = baseOf(setTier(exampleFiles(), 'medium'));
    const reviewed = withThresholds(cleanChange(base));
    const head = withoutThresholds(cleanChange(base));
    const gh = cleanPr({ base, head, more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] }).serve();
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(writtenComment(gh)).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`, and `models\/churn-clean\/thresholds\.yaml` changed since/);
  });
});

describe('item 3: a waiver does not widen', () => {
  it('covers the uncarded files it was given for, not a model file pushed after it', async () => {
    const orphan = { ...exampleFiles(), 'models/orphan/weights.txt': 'weights\n' };
    const gh = scenario({ base: exampleFiles(), head: orphan }).serve(['token', 'files', 'tree', 'graphql', 'pull']);
    const { probot } = await testApp();
    await probot.receive(pullRequestEvent('opened', gh) as any);
    const waive = { id: 331, login: 'rita', body: '/modelgate waive model-card-present -- scratch weights, deleted before release', createdAt: '2024-06-01T12:01:00Z' };
    gh.state.comments.push(waive);
    await probot.receive(commentEvent('created', gh, waive) as any);
    const afterWaiver = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval').at(-1);
    // Passing with a waiver is never "no model changes": it says what was waived.
    expect([afterWaiver.conclusion, afterWaiver.output.title]).toEqual(['success', 'passed — no model card touched; 1 rule waived']);

    // The author pushes an uncarded model next to it.
    const h2 = sha('uncarded fraud-v2');
    gh.state.commits[h2] = { ...orphan, 'models/fraud-v2/weights.bin': 'w\n' };
    gh.state.pull.head = h2;
    gh.state.pull.updatedAt = '2024-06-01T12:10:00Z';
    gh.requests.length = 0;
    await probot.receive(pullRequestEvent('synchronize', gh) as any);

    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.conclusion, approval.output.title]).toEqual(['failure', 'blocked — 1 error to fix']);
    expect(approval.output.summary).toContain('`model-card-present` waived by `rita` (1 error)');
    expect(approval.output.summary).toContain('- no model card touched (what was flagged is listed above)');
  });
});

describe('item 8: hidden commands and commands made through another App', () => {
  const deliver = async (gh: ReturnType<typeof cleanPr>, c: { id: number; login: string; body: string; viaApp?: boolean }) => {
    gh.state.comments.push({ id: c.id, login: c.login, body: c.body });
    const { probot } = await testApp();
    const event = commentEvent('created', gh, c);
    if (c.viaApp) event.payload.comment.performed_via_github_app = { id: 99, slug: 'other-bot', name: 'Other bot' };
    await probot.receive(event as any);
  };

  it.each([
    ['a lazy continuation line of a block quote', '> Looks fine to me, once CI is green\n/modelgate approve'],
    ['a collapsed <details>', 'Notes for later\n\n<details>\n\n/modelgate approve\n\n</details>'],
  ])('%s is not an approval', async (_name, body) => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pull']);
    await deliver(gh, { id: 341, login: 'mona', body });
    // Not a command: the comment does not even start a review.
    expect(gh.bodies('check-runs:create')).toEqual([]);
    await deliver(gh, { id: 343, login: 'eve', body: '/modelgate recheck' });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: 'waiting — 1 approval from acme/ml-reviewers (0 of 1)' } });
  });

  it('never counts a command posted through another GitHub App, even where commands never go stale', async () => {
    // `invalidate_on: never`: before, a command whose head was not recorded still counted.
    const base = edit(setTier(exampleFiles(), 'medium'), POLICY, (t) => replaceOnce(t, 'invalidate_on: model-change', 'invalidate_on: never'));
    const gh = cleanPr({ base, head: cleanChange(base) }).serve([...LOAD_ROUTES, 'pull']);
    await deliver(gh, { id: 342, login: 'mona', body: '/modelgate approve', viaApp: true });
    // The App's own event is ignored; GraphQL later lists the comment with no word of the App.
    expect(gh.bodies('check-runs:create')).toEqual([]);
    await deliver(gh, { id: 343, login: 'eve', body: '/modelgate recheck' });
    const approval = checkRun(gh, 'modelgate / approval');
    expect(approval.conclusion).toBe('action_required');
    expect(writtenComment(gh)).toContain('Refused: `/modelgate approve` by `mona` — modelgate cannot vouch that a person posted it');
  });
});
