// Symbolic links in a pull request, and `_extends` errors, through the App end to end (the
// fake GitHub lists links with mode 120000 and, like GitHub, serves a link's target path as its
// blob text): a linked card or artifact is never read as if it were the file, a linked policy
// stops the review, and an error in an org policy is shown where a report can link it.
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { octokitClient } from '../../../src/adapters/github/client.ts';
import { locateExtendedErrors } from '../../../src/adapters/github/load-snapshot.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { API, useFakeNetwork, type FakeGitHub } from './fake-github.ts';
import { edit, exampleFiles, replaceOnce, scenario } from './repo-fixture.ts';
import { pullRequestEvent, testApp } from '../probot/harness.ts';
import { CLEAN_CARD, POLICY, checkRun, writtenComment } from '../probot/scenarios.ts';

useFakeNetwork();

const LINEAGE = 'models/churn-clean/lineage.yaml';
/** What a link in a PR could point at: the text must never show up as if it were the file. */
const TARGET = '../../../../home/runner/.aws/credentials';

const bumped = (files: Record<string, string>) => edit(files, CLEAN_CARD, (t) => replaceOnce(t, 'version: 2.4.0', 'version: 2.5.0'));

/** Every expression the App asked GraphQL for (`sha:path`). */
const askedFor = (gh: FakeGitHub): string[] =>
  gh.requests
    .filter((r) => r.kind === 'graphql')
    .flatMap((r) => [
      ...[...String(r.body.query).matchAll(/object\(expression: "([^"]+)"\)/g)].map((m) => m[1]!),
      // Policy candidates travel as variables `$policy0…`/`$path0…` (the owner's `.github` policy, read with the context, as `$orgPolicy0…`).
      ...Object.entries(r.body.variables ?? {}).flatMap(([name, value]) => (/^(policy|path|orgPolicy)\d+$/.test(name) ? [String(value)] : [])),
    ]);

/** Everything the App wrote: check runs (with annotations) and comments. */
const written = (gh: FakeGitHub): string => JSON.stringify([...gh.bodies('check-runs:create'), ...gh.bodies('check-runs:update'), ...gh.bodies('comments:create'), ...gh.bodies('comments:update')]);

async function review(gh: FakeGitHub): Promise<void> {
  const { probot } = await testApp();
  await probot.receive(pullRequestEvent('opened', gh) as any);
}

describe('getTree', () => {
  it('marks a mode 120000 blob a symlink, unreadable, keeping its SHA; keeps a submodule with its commit; lists regular files as before', async () => {
    nock(API)
      .get('/repos/acme/models/git/trees/abc')
      .query({ recursive: 'true' })
      .reply(200, {
        sha: 'abc',
        truncated: false,
        tree: [
          { path: 'models/m', mode: '040000', type: 'tree', sha: 't1' },
          { path: 'models/m/MODEL_CARD.md', mode: '120000', type: 'blob', sha: 'l1' },
          { path: 'models/m/lineage.yaml', mode: '100644', type: 'blob', sha: 'b1' },
          { path: 'models/m/train.sh', mode: '100755', type: 'blob', sha: 'b2' },
          { path: 'vendor/lib', mode: '160000', type: 'commit', sha: 'c1' },
        ],
      });
    expect(await octokitClient(new Octokit({ auth: 'ghs_test' })).getTree({ owner: 'acme', repo: 'models' }, 'abc')).toEqual({
      'models/m/MODEL_CARD.md': { sha: 'l1', symlink: true, unreadable: 'models/m/MODEL_CARD.md is a symbolic link; modelgate reads governance artifacts only as regular files' },
      'models/m/lineage.yaml': { sha: 'b1' },
      'models/m/train.sh': { sha: 'b2' },
      'vendor/lib': { sha: 'c1', submodule: true, unreadable: 'vendor/lib is a git submodule; modelgate compares it by its commit and reads nothing in it' },
    });
  });
});

describe('a pull request that turns a file into a symbolic link', () => {
  it('a linked card is an error, its model counts as high tier, and the approval check fails', async () => {
    const base = exampleFiles();
    const gh = scenario({ base, head: { ...base, [CLEAN_CARD]: TARGET }, symlinks: [CLEAN_CARD] }).serve();
    await review(gh);

    const rules = checkRun(gh, 'modelgate / rules');
    expect([rules.conclusion, rules.output.title]).toEqual(['failure', '1 error, 0 warnings']);
    expect(rules.output.annotations).toEqual([
      {
        path: CLEAN_CARD,
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        message: 'Not checked: could not be read: models/churn-clean/MODEL_CARD.md is a symbolic link; modelgate reads governance artifacts only as regular files.',
        title: 'artifact-parseable',
      },
    ]);
    expect(checkRun(gh, 'modelgate / approval')).toEqual({
      name: 'modelgate / approval',
      head_sha: gh.state.pull.head,
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'blocked — 1 error to fix, then 2 approvals from acme/model-risk and 1 checklist item to acknowledge',
        summary: [
          'blocked — 1 error to fix, then 2 approvals from `acme/model-risk` and 1 checklist item to acknowledge',
          '',
          '- 1 error to fix (`artifact-parseable`)',
          '- tier high',
          '- 0 of 2 approvals from `acme/model-risk`',
          '- checklist item `fairness-review` not acknowledged',
        ].join('\n'),
        // The record of this PR's decision on its head, for other PRs with the same head (shared-head.ts).
        text: '<!-- modelgate:shared-head {"v":1,"pulls":{"7":"failure"}} -->',
      },
    });
    expect(writtenComment(gh)).toContain('| high (tier unreadable) |');
    // The link's blob was asked for once, as the link's text (to follow it), never as the card;
    // its target path is nowhere in what was written.
    expect(askedFor(gh).filter((e) => e === `${gh.state.pull.head}:${CLEAN_CARD}`)).toHaveLength(1);
    expect(written(gh)).not.toContain('.aws');
  });

  it('a linked artifact is an error of its model, and is never read', async () => {
    const base = exampleFiles();
    const gh = scenario({ base, head: bumped({ ...base, [LINEAGE]: TARGET }), symlinks: [LINEAGE] }).serve();
    await review(gh);

    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules.conclusion).toBe('failure');
    expect(rules.output.annotations).toEqual([
      {
        path: LINEAGE,
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        message: 'Not checked: could not be read: models/churn-clean/lineage.yaml is a symbolic link; modelgate reads governance artifacts only as regular files.',
        title: 'artifact-parseable',
      },
    ]);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.conclusion, approval.output.title]).toEqual(['failure', 'blocked — 1 error to fix, then 1 approval from acme/ml-reviewers']);
    expect(askedFor(gh).filter((e) => e === `${gh.state.pull.head}:${LINEAGE}`)).toHaveLength(1);
    expect(written(gh)).not.toContain('.aws');
  });

  it('a linked policy at the base stops the review: the approval check fails closed, saying why', async () => {
    const base = { ...exampleFiles(), [POLICY]: 'shared/modelgate.yml' };
    const gh = scenario({ base, head: bumped(base), symlinks: [POLICY] }).serve();
    await review(gh);

    expect(gh.bodies('check-runs:create')).toEqual([
      {
        name: 'modelgate / approval',
        head_sha: gh.state.pull.head,
        status: 'completed',
        conclusion: 'failure',
        output: {
          title: 'modelgate could not review this pull request',
          summary: [
            'The gate fails closed when it cannot read what it needs.',
            '',
            `Reason: the policy .github/modelgate.yml at ${gh.state.pull.base} is a symbolic link; modelgate reads the policy only as a regular file, never through a link`,
            '',
            'Comment `/modelgate recheck` to try again.',
          ].join('\n'),
        },
      },
    ]);
  });

  it('a linked .github directory at the base is refused too, rather than read as "no policy"', async () => {
    const files = exampleFiles();
    delete files[POLICY];
    const base = { ...files, '.github': '../shared' };
    const gh = scenario({ base, head: bumped(base), symlinks: ['.github'] }).serve();
    await review(gh);

    const [approval] = gh.bodies('check-runs:create');
    expect([approval.name, approval.conclusion]).toEqual(['modelgate / approval', 'failure']);
    expect(approval.output.summary).toContain(
      `Reason: the policy .github/modelgate.yml at ${gh.state.pull.base} is under .github, a symbolic link; modelgate reads the policy only as a regular file, never through a link`,
    );
  });
});

describe('errors in an _extends policy', () => {
  const ORG_POLICY = '# acme defaults\ntiers:\n  high: {approvals: two}\n';
  /** `_extends` on line 1 of the repository's policy; the org's document on its default branch. */
  function extendingPr(): FakeGitHub {
    const base = edit(exampleFiles(), POLICY, (t) => `_extends: acme/.github\n${t}`);
    return scenario({ base, head: bumped(base), repos: { 'acme/.github': { [POLICY]: ORG_POLICY } } }).serve();
  }

  it('are placed on the repository\'s _extends line, naming the org file and line, so no link leads nowhere', async () => {
    const gh = extendingPr();
    await review(gh);

    expect(askedFor(gh)).toContain('HEAD:.github/modelgate.yml');
    const message = 'acme/.github:.github/modelgate.yml:3: tiers.high.approvals: expected number, got a string';
    const rules = checkRun(gh, 'modelgate / rules');
    expect(rules.conclusion).toBe('failure');
    expect(rules.output.annotations).toEqual([{ path: POLICY, start_line: 1, end_line: 1, annotation_level: 'failure', message: `policy invalid: ${message}`, title: 'modelgate' }]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({
      conclusion: 'failure',
      output: { title: 'failed closed — the policy has 1 error', summary: expect.stringContaining(`- policy error: .github/modelgate.yml:1: ${message}\n`) },
    });
    const comment = writtenComment(gh);
    expect(comment).toContain(`[\`.github/modelgate.yml:1\`](https://github.com/acme/models/blob/${gh.state.pull.head}/.github/modelgate.yml#L1)`);
    // No file link anywhere names the org repository as a path of this one.
    expect(written(gh)).not.toMatch(/\/blob\/[0-9a-f]+\/acme\//);
  });

  it('an unreadable second level is placed the same way', () => {
    const repo = { path: POLICY, text: 'models: {paths: ["models/**"]}\n_extends: acme/.github\n' };
    const extended = { 'acme/.github': '_extends: corp/.github\n' };
    expect(locateExtendedErrors(loadPolicy(repo, extended), extended).errors).toEqual([
      {
        file: POLICY,
        line: 2,
        code: 'unreadable',
        message: 'acme/.github:.github/modelgate.yml:1: _extends: "corp/.github" could not be read (no .github/modelgate.yml in corp/.github, or no access); the gate fails closed',
      },
    ]);
  });

  it('leaves the repository\'s own errors as they are', () => {
    const repo = { path: POLICY, text: 'tiers: {low: {approvals: x}}\n' };
    const loaded = loadPolicy(repo, {});
    expect(locateExtendedErrors(loaded, {})).toBe(loaded);
  });
});
