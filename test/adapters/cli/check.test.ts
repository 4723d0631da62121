// `modelgate check` as a user runs it (the built CLI): exit codes, the four formats, --base on a
// real git repository, the policy it reads, --output.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifProblems } from '../../core/report/sarif-validate.ts';
import { useBuiltCli } from './built-cli.ts';
import { git, lines, root } from './harness.ts';

const cli = useBuiltCli();

describe('modelgate check on examples/', () => {
  it('finds the planted antipatterns: text report, exit 1', () => {
    const { code, stdout, stderr } = cli.run(['check', 'examples', '--all']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(
      lines(
        'examples/models/fraud-planted/lineage.yaml',
        '  17:1  error  `card_transactions` (`event_time`) has a time column but is split with method `random`: future rows land in training and past rows in test; split by time (`method: temporal`, train before validation before test)  lineage-temporal-split',
        '  25:1  error  `scale` (normalize) is fit on all rows before `split` — test rows leak into training, so test metrics are optimistic: move it after the split and fit it on `train` only                                             lineage-split-before-fit',
      ),
    );
    expect(stdout.endsWith(
      lines(
        '3 models checked:',
        '  examples/models/churn-clean    tier medium  2.4.0  ✔ clean',
        '  examples/models/fraud-planted  tier high    1.3.0  ✖ 9 errors',
        '  examples/models/sentiment-hf   tier medium  —      ✖ 3 errors',
        '',
        '✖ 12 problems (12 errors, 0 warnings)',
        'modelgate: blocked — 12 errors to fix, then 2 approvals from acme/model-risk',
      ),
    )).toBe(true);
  });

  it('a clean model exits 0 (pending: the policy wants an approval the CLI cannot see)', () => {
    expect(cli.run(['check', 'models/churn-clean', '--policy', '.github/modelgate.yml'], join(root, 'examples'))).toEqual({
      code: 0,
      stdout: lines(
        '1 model checked:',
        '  models/churn-clean  tier medium  2.4.0  ✔ clean',
        '',
        '✔ no problems',
        'modelgate: pending — no errors; the pull request needs 1 approval from acme/ml-reviewers (tier medium)',
      ),
      stderr: '',
    });
  });

  it('--format json prints exactly the DESIGN §7 document', () => {
    const { code, stdout } = cli.run(['check', 'examples', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['tool', 'version', 'decision', 'models', 'findings']);
    expect([report.tool, report.version, report.decision]).toEqual(['modelgate', JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, 'fail']);
    expect(report.findings).toEqual([]);
    expect(report.models.map((m: Record<string, unknown>) => [m['path'], m['card'], m['tier'], (m['findings'] as unknown[]).length])).toEqual([
      ['models/churn-clean', 'models/churn-clean/MODEL_CARD.md', 'medium', 0],
      ['models/fraud-planted', 'models/fraud-planted/MODEL_CARD.md', 'high', 9],
      // Issue 11: one finding for the missing governance block, one for all the template's placeholders
      // (was 33: one per governance field and per placeholder); the third is evaluation-no-test-selection's.
      ['models/sentiment-hf', 'models/sentiment-hf/README.md', 'medium', 3],
    ]);
    expect(report.models[1].findings[0]).toEqual({
      ruleId: 'operations-fallback-declared',
      severity: 'error',
      message: 'No fallback declared: add `governance.fallback` with a strategy (previous-version, rules-based, human review) and how to switch, so a failing model can be taken out of service.',
      file: 'models/fraud-planted/MODEL_CARD.md',
      line: 15,
    });
    // A finding that stands for several places adds them all (`locations`), and nothing else is added.
    for (const f of report.models.flatMap((m: { findings: object[] }) => m.findings)) {
      expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'message', 'file', 'line', ...('locations' in f ? ['locations'] : [])]);
    }
    const placeholders = report.models[2].findings.find((f: { ruleId: string }) => f.ruleId === 'model-card-no-placeholders');
    expect(placeholders.locations.length).toBeGreaterThan(20);
  });

  it('--format sarif is valid SARIF 2.1.0 with repository-relative paths', () => {
    const { code, stdout } = cli.run(['check', 'examples', '--format', 'sarif']);
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(12);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('examples/models/fraud-planted/MODEL_CARD.md');
  });

  it('--format markdown is the comment; --output writes it to a file instead of stdout', () => {
    const out = join(cli.scratch({}), 'report.md');
    expect(cli.run(['check', 'examples', '--format', 'markdown', '--output', out])).toEqual({ code: 1, stdout: '', stderr: '' });
    const markdown = readFileSync(out, 'utf8');
    expect(markdown.split('\n').slice(0, 2)).toEqual(['<!-- modelgate:checklist -->', '### ⛔ modelgate: blocked — 12 errors to fix, then 2 approvals from `acme/model-risk`']);
    expect(markdown).toContain('<details><summary>Lineage (the red edge leaks)</summary>');
  });

  it('links rules nowhere by default (no page exists), and where --docs-url says', () => {
    const plain = cli.run(['check', 'examples', '--format', 'markdown']).stdout;
    expect(plain).toContain('`lineage-split-before-fit`');
    expect(plain).not.toMatch(/docs\/rules|github\.com\/modelgate/);
    const sarif = JSON.parse(cli.run(['check', 'examples', '--format', 'sarif']).stdout);
    expect(sarif.runs[0].tool.driver.rules.filter((r: { helpUri?: string }) => r.helpUri)).toEqual([]);
    const docs = 'https://modelgate.acme.test/docs/rules/{id}';
    const linked = cli.run(['check', 'examples', '--format', 'markdown', '--docs-url', docs]).stdout;
    expect(linked).toContain('[lineage-split-before-fit](https://modelgate.acme.test/docs/rules/lineage-split-before-fit)');
    const log = JSON.parse(cli.run(['check', 'examples', '--format', 'sarif', '--docs-url', 'https://git.acme.test/x/blob/v1/docs/rules/']).stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'lineage-present').helpUri).toBe('https://git.acme.test/x/blob/v1/docs/rules/lineage-present.md');
    expect(log.runs[0].results.every((r: { partialFingerprints?: Record<string, string> }) => Object.keys(r.partialFingerprints ?? {}).length === 1)).toBe(true);
    const bad = cli.run(['check', 'examples', '--docs-url', 'javascript:alert(1)']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--docs-url takes an http(s) URL')]);
  });
});

describe('exit 2: could not run', () => {
  it.each([
    ['an unknown flag', ['check', '--frobnicate'], lines("modelgate check: unknown option '--frobnicate'", "Run 'modelgate check --help' for usage.")],
    ['an unknown format', ['check', 'examples', '--format', 'xml'], lines("modelgate check: unknown format 'xml': expected one of text, markdown, json, sarif", "Run 'modelgate check --help' for usage.")],
    ['a missing directory', ['check', 'no/such/dir'], lines('modelgate check: no/such/dir: no such directory')],
    ['a missing policy file', ['check', 'examples', '--policy', 'nope.yml'], lines('modelgate check: --policy nope.yml: cannot read the file')],
    ['an unknown ref', ['check', 'examples', '--base', 'no-such-branch'], lines('modelgate check: --base no-such-branch: no such commit in this repository')],
    ['two directories', ['check', 'a', 'b'], lines('modelgate check: expected at most one DIR, got 2: a b', "Run 'modelgate check --help' for usage.")],
  ])('%s', (_name, args, stderr) => {
    expect(cli.run(args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('an invalid policy, with the line of each mistake', () => {
    const dir = cli.scratch({ '.github/modelgate.yml': 'rules:\n  no-such-rule: error\ntiers: {high: {approvals: two}}\n' });
    expect(cli.run(['check'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines(
        'modelgate check: the policy is invalid, so nothing was checked (the gate fails closed):',
        '  .github/modelgate.yml:2  error  rules.no-such-rule: unknown rule "no-such-rule"',
        '  .github/modelgate.yml:3  error  tiers.high.approvals: expected number, got a string',
      ),
    });
  });

  it('--base outside a git repository', () => {
    const dir = cli.scratch({ 'README.md': '# not a repository\n' });
    expect(cli.run(['check', '--base', 'main'], dir)).toEqual({ code: 2, stdout: '', stderr: lines('modelgate check: --base needs a git repository, and . is not in one') });
  });
});

describe('modelgate check --base on a git repository', () => {
  /** Commit 1: the policy, churn-clean and a copy of it; the working tree then changes churn only. */
  function repository(): string {
    const dir = cli.scratch({});
    cpSync(join(root, 'examples/.github'), join(dir, '.github'), { recursive: true });
    cpSync(join(root, 'examples/models/churn-clean'), join(dir, 'models/churn'), { recursive: true });
    cpSync(join(root, 'examples/models/churn-clean'), join(dir, 'models/untouched'), { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    return dir;
  }
  const card = (dir: string) => join(dir, 'models/churn/MODEL_CARD.md');
  const edit = (dir: string, from: string | RegExp, to: string) => writeFileSync(card(dir), readFileSync(card(dir), 'utf8').replace(from, to));

  it('nothing changed: no model to check, exit 0', () => {
    expect(cli.run(['check', '--base', 'HEAD'], repository())).toEqual({ code: 0, stdout: lines('', 'No model to check.', '', '✔ no problems', 'modelgate: pass — no model changes').replace(/^\n/, ''), stderr: '' });
  });

  it('a model changed without a version bump: model-card-version-bumped, only that model checked', () => {
    const dir = repository();
    edit(dir, 'Rank retail customers', 'Rank all retail customers');
    const { code, stdout } = cli.run(['check', '--base', 'HEAD', '--format', 'json'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/churn']);
    expect(report.models[0].findings).toEqual([
      {
        ruleId: 'model-card-version-bumped',
        severity: 'error',
        message: 'The model changed (`models/churn/MODEL_CARD.md`) but its version is still 2.4.0, as on the base branch: raise `governance.version`, e.g. to 2.4.1.',
        file: 'models/churn/MODEL_CARD.md',
        line: 35,
      },
    ]);
  });

  it('a committed regression against the base card and production, with the version bumped', () => {
    const dir = repository();
    edit(dir, 'version: 2.4.0', 'version: 2.5.0');
    edit(dir, /value: 0\.861, ci95: \[0\.856, 0\.866\]/, 'value: 0.801, ci95: [0.796, 0.806]');
    git(dir, 'commit', '-q', '-am', 'retrain');
    const { code, stdout } = cli.run(['check', '--base', 'HEAD~1'], dir);
    expect(code).toBe(1);
    const regressions = stdout.split('\n').filter((l) => l.endsWith('evaluation-no-regression'));
    expect(regressions.map((l) => l.replace(/ {2,}/g, '  '))).toEqual([
      "  46:1  error  Headline metric `auc` is worse than the base branch's card (version 2.4.0): 0.861 → 0.801 (-0.06; higher is better), more than the 0.00707107 allowed by the 95% uncertainty. Fix the regression, or waive `evaluation-no-regression` with the reason it is acceptable  evaluation-no-regression",
      '  46:1  error  Headline metric `auc` is worse than the `production` baseline 2.3.0: 0.842 → 0.801 (-0.041; higher is better), more than the 0.005 allowed by the 95% uncertainty. Fix the regression, or waive `evaluation-no-regression` with the reason it is acceptable  evaluation-no-regression',
    ]);
    expect(stdout).not.toContain('model-card-version-bumped');
    expect(stdout).toContain('  models/churn  tier medium  2.5.0  ✖ 2 errors');
  });

  it('an untracked file in a model directory touches the model', () => {
    const dir = repository();
    writeFileSync(join(dir, 'models/untouched/notes.txt'), 'new\n');
    const report = JSON.parse(cli.run(['check', '--base', 'HEAD', '--format', 'json'], dir).stdout);
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/untouched']);
    expect(report.models[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['model-card-version-bumped']);
  });

  it('reads the policy at the base: the change cannot switch a rule off for itself', () => {
    const dir = repository();
    edit(dir, 'Rank retail customers', 'Rank all retail customers');
    writeFileSync(join(dir, '.github/modelgate.yml'), 'rules:\n  model-card-version-bumped: off\n');
    const report = JSON.parse(cli.run(['check', '--base', 'HEAD', '--format', 'json'], dir).stdout);
    expect(report.models[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['model-card-version-bumped']);
    // An explicit --policy is the user's choice, and wins.
    const explicit = JSON.parse(cli.run(['check', '--base', 'HEAD', '--policy', '.github/modelgate.yml', '--format', 'json'], dir).stdout);
    expect(explicit.models[0].findings).toEqual([]);
  });

  it('a deleted model is gated at its base tier and reported as removed, not as clean', () => {
    const dir = repository();
    rmSync(join(dir, 'models/untouched'), { recursive: true });
    expect(cli.run(['check', '--base', 'HEAD'], dir)).toEqual({
      code: 0,
      stdout: lines('1 model checked:', '  models/untouched  tier medium  removed  not checked', '', '✔ no problems', 'modelgate: pending — no errors; the pull request needs 1 approval from acme/ml-reviewers (tier medium)'),
      stderr: '',
    });
    const report = JSON.parse(cli.run(['check', '--base', 'HEAD', '--format', 'json'], dir).stdout);
    expect(report.models).toEqual([{ path: 'models/untouched', card: 'models/untouched/MODEL_CARD.md', tier: 'medium', removed: true, findings: [] }]);
  });

  it('--all with --base checks every model, still against the base cards', () => {
    const dir = repository();
    rmSync(join(dir, 'models/untouched/lineage.yaml'));
    const report = JSON.parse(cli.run(['check', '--base', 'HEAD', '--all', '--format', 'json'], dir).stdout);
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/churn', 'models/untouched']);
    expect(report.models[1].findings.map((f: { ruleId: string }) => f.ruleId)).toContain('model-card-version-bumped');
  });
});
