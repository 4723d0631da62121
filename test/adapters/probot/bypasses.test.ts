// Issue 10: the approval gate walked around, attack by attack, through the real App. Each test
// reproduces an attack found in a black-box run; each failed on the code before its fix (the
// closing note of issue 10 records how).
import { describe, expect, it } from 'vitest';
import { edit, exampleFiles, replaceOnce, scenario, sha } from '../github/repo-fixture.ts';
import { useFakeNetwork, type Files } from '../github/fake-github.ts';
import { commentEvent, pullRequestEvent, testApp } from './harness.ts';
import { CLEAN_CARD, REVIEWED, approved, checkRun, cleanChange, cleanPr, setTier, writtenComment } from './scenarios.ts';

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
