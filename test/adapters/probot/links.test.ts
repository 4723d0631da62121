// Symbolic links and submodules among a model's files, through the App end to end (issue 10,
// item 7). A link's target belongs to the model as much as the link: a PR that edits only
// shared/thresholds.yaml changes models/churn-clean/thresholds.yaml -> ../../shared/thresholds.yaml,
// and must reach the gate at the model's tier and make earlier approvals stale. A submodule is
// its commit: bumping it is a change of the model. A link modelgate cannot follow fails closed.
import { describe, expect, it } from 'vitest';
import { useFakeNetwork, type FakeGitHub, type Files } from '../github/fake-github.ts';
import { exampleFiles, scenario, sha } from '../github/repo-fixture.ts';
import { pullRequestEvent, testApp } from './harness.ts';
import { REVIEWED, approved, checkRun, cleanChange, expectApprovalCheckFirst, verdictLine, writtenComment } from './scenarios.ts';

useFakeNetwork();

const LINK = 'models/churn-clean/thresholds.yaml';
const TARGET = 'shared/thresholds.yaml';
const SUBMODULE = 'models/churn-clean/vendor/features';

/** The examples repository with the clean model's thresholds kept in a shared file, linked from the model. */
const linked = (thresholds = 'churn: 0.42\n'): Files => ({ ...exampleFiles(), [TARGET]: thresholds, [LINK]: '../../shared/thresholds.yaml' });

/** The examples repository with a feature library vendored into the clean model as a submodule. */
const vendored = (commit: string): Files => ({ ...exampleFiles(), [SUBMODULE]: commit });

/** Delivers a push to the PR; returns the sequential request waves loading it took. */
async function opened(gh: FakeGitHub): Promise<number> {
  gh.serve();
  const { probot, waves } = await testApp();
  await probot.receive(pullRequestEvent('synchronize', gh) as any);
  return waves.loadWaves();
}

const WAITING = 'waiting — 1 approval from acme/ml-reviewers (0 of 1)';
/** The clean model at its medium tier, touched without a version bump. */
const BLOCKED = 'blocked — 1 error to fix, then 1 approval from acme/ml-reviewers';

describe('a symbolic link among a model\'s files', () => {
  it('a PR changing only the link\'s target (outside the model) touches the model, gated at its tier', async () => {
    const gh = scenario({ base: linked(), head: linked('churn: 0.35\n'), symlinks: [LINK] });
    // The link texts are read beside the first blobs, and the changed target is read ahead with
    // them: no round more than any review (DESIGN §6).
    expect(await opened(gh)).toBe(2);
    expectApprovalCheckFirst(gh);

    expect(gh.unexpected).toEqual([]);
    expect(gh.lines('graphql').filter((l) => l.includes('(blobs)'))).toHaveLength(2);
    // A changed model must raise its version: the change through the link counts like any other.
    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules.output.annotations.map((a: any) => [a.title, a.path, a.message])).toEqual([
      ['model-card-version-bumped', 'models/churn-clean/MODEL_CARD.md', 'The model changed (`shared/thresholds.yaml`) but its version is still 2.4.0, as on the base branch: raise `governance.version`, e.g. to 2.4.1.'],
    ]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'failure', output: { title: BLOCKED } });
    expect(verdictLine(writtenComment(gh))).toBe('### ⛔ modelgate: blocked — 1 error to fix, then 1 approval from `acme/ml-reviewers`');
  });

  it('an approval goes stale when a later push changes only the target', async () => {
    const reviewed = cleanChange(linked());
    const gh = scenario({ base: linked(), head: { ...reviewed, [TARGET]: 'churn: 0.35\n' }, more: { [REVIEWED]: reviewed }, symlinks: [LINK], reviews: [approved(1, 'mona', REVIEWED)] });
    await opened(gh);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: WAITING } });
    expect(writtenComment(gh)).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`, and `models\/churn-clean\/thresholds\.yaml` changed since/);
  });

  it('a link that leaves the repository is an error modelgate cannot waive: both checks fail, saying where it points', async () => {
    const gh = scenario({ base: exampleFiles(), head: cleanChange({ ...exampleFiles(), [LINK]: '../../../etc/thresholds.yaml' }), symlinks: [LINK] });
    await opened(gh);

    const rules = checkRun(gh, 'modelgate / rules');
    expect([rules.conclusion, rules.output.title]).toEqual(['failure', '1 error, 0 warnings']);
    expect(rules.output.annotations).toEqual([
      {
        path: LINK,
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        message:
          'models/churn-clean/thresholds.yaml is a symbolic link that modelgate cannot follow (it points to "../../../etc/thresholds.yaml", which leads out of the repository), so it cannot tell what this model file holds or whether it changed; the gate fails closed',
        title: 'modelgate',
      },
    ]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'failure', output: { title: BLOCKED } });
  });
});

describe('a git submodule under a model', () => {
  it('a PR changing only the submodule\'s commit touches the model, and the audit names the commit', async () => {
    const gh = scenario({ base: vendored(sha('features v1')), head: vendored(sha('features v2')), submodules: [SUBMODULE] });
    await opened(gh);

    expect(gh.unexpected).toEqual([]);
    expect(checkRun(gh, 'modelgate / rules').output.annotations.map((a: any) => [a.title, a.message])).toEqual([
      ['model-card-version-bumped', 'The model changed (`models/churn-clean/vendor/features`) but its version is still 2.4.0, as on the base branch: raise `governance.version`, e.g. to 2.4.1.'],
    ]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'failure', output: { title: BLOCKED } });
    expect(writtenComment(gh)).toContain(`"${SUBMODULE}":"${sha('features v2')}"`);
  });

  it('an approval goes stale when a later push changes only the submodule\'s commit', async () => {
    const reviewed = cleanChange(vendored(sha('features v1')));
    const gh = scenario({ base: vendored(sha('features v1')), head: { ...reviewed, [SUBMODULE]: sha('features v2') }, more: { [REVIEWED]: reviewed }, submodules: [SUBMODULE], reviews: [approved(1, 'mona', REVIEWED)] });
    await opened(gh);

    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ conclusion: 'action_required', output: { title: WAITING } });
    expect(writtenComment(gh)).toMatch(/Stale: `mona` approved `[0-9a-f]{7}`, and `models\/churn-clean\/vendor\/features` changed since/);
  });
});
