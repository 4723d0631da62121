// Which policy the CLI reads, as CI does: the repository root's `.github/modelgate.yml` (the git
// top level of DIR), whichever directory is checked, with the policy's globs over repository
// paths; and `modelgate policy --print`, the effective policy with where each value came from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import { cleanModelFiles, lineOf } from '../../helpers/fixtures.ts';
import { useBuiltCli } from './built-cli.ts';
import { git, lines } from './harness.ts';

const cli = useBuiltCli();

/** Every rule but the operations ones and the version bump off (last, so the lines above stay put): the outputs below are about the policy alone. */
const ONLY_OPERATIONS = `rules:\n${RULE_IDS.filter((id) => !id.startsWith('operations-') && id !== 'model-card-version-bumped').map((id) => `  ${id}: off\n`).join('')}`;
const POLICY = ['models: {paths: ["models/*"]}', 'tiers:', '  medium: {approvals: 1, reviewers: ["@acme/ml-reviewers"]}', ONLY_OPERATIONS].join('\n');
const medium = (dir: string) => cleanModelFiles(dir, { card: { governance: { risk_tier: 'medium' } } });

/** A git repository: the policy at its root, a medium model, and a plain README under models/*. */
function repository(extra: Record<string, string> = {}): string {
  const dir = cli.scratch({ '.github/modelgate.yml': POLICY, ...medium('models/churn'), 'models/plain/README.md': '# Plain\n\nA model without front matter.\n', ...extra });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const PENDING = 'modelgate: pending — no errors; the pull request needs 1 approval from acme/ml-reviewers (tier medium)';

describe('check DIR below the repository root reads the root policy', () => {
  it('from the root: the root policy applies to models/churn', () => {
    expect(cli.run(['check', 'models/churn'], repository())).toEqual({
      code: 0,
      stdout: lines('1 model checked:', '  models/churn  tier medium  2.3.0  ✔ clean', '', '✔ no problems', PENDING),
      stderr: '',
    });
  });

  it('from inside the model directory, paths shown relative to where the user stands', () => {
    const dir = repository();
    expect(cli.run(['check'], join(dir, 'models/churn'))).toEqual({
      code: 0,
      stdout: lines('1 model checked:', '  .  tier medium  2.3.0  ✔ clean', '', '✔ no problems', PENDING),
      stderr: '',
    });
  });

  it('json reports repository paths, and the policy globs match them (a README under models/* is a card)', () => {
    const dir = repository();
    const churn = JSON.parse(cli.run(['check', 'models/churn', '--format', 'json'], dir).stdout);
    expect(churn.models.map((m: { path: string; card: string }) => [m.path, m.card])).toEqual([['models/churn', 'models/churn/MODEL_CARD.md']]);
    const plain = JSON.parse(cli.run(['check', 'models/plain', '--format', 'json'], dir).stdout);
    expect(plain.models.map((m: { path: string }) => m.path)).toEqual(['models/plain']);
  });

  it('with --base, the root policy at REF: the change cannot relax its own gate', () => {
    const dir = repository();
    writeFileSync(join(dir, '.github/modelgate.yml'), POLICY.replace('rules:\n', 'rules:\n  model-card-version-bumped: off\n'));
    const card = medium('models/churn')['models/churn/MODEL_CARD.md']!;
    writeFileSync(join(dir, 'models/churn/MODEL_CARD.md'), card.replace('Score retail churn risk', 'Score all retail churn risk'));
    const report = JSON.parse(cli.run(['check', 'models/churn', '--base', 'HEAD', '--format', 'json'], dir).stdout);
    expect(report.models[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['model-card-version-bumped']);
  });

  it('a directory with a policy of its own is checked as a repository of its own (as examples/ is)', () => {
    const dir = repository({ ...medium('demo/models/a'), 'demo/.github/modelgate.yml': `tiers:\n  medium: {approvals: 1, reviewers: ["@demo/team"]}\n${ONLY_OPERATIONS}` });
    const { stdout } = cli.run(['check', 'demo'], dir);
    expect(stdout).toContain('  demo/models/a  tier medium  2.3.0  ✔ clean');
    expect(stdout).toContain('the pull request needs 1 approval from demo/team (tier medium)');
  });
});

describe('modelgate policy --print', () => {
  it('prints the effective policy of the repository, each value with file:line or default', () => {
    const dir = repository();
    const { code, stdout, stderr } = cli.run(['policy', '--print'], join(dir, 'models/churn'));
    expect([code, stderr]).toEqual([0, '']);
    const out = stdout.split('\n');
    expect(out.slice(0, 6)).toEqual([
      '# The effective modelgate policy: .github/modelgate.yml, over the built-in defaults.',
      '# After each value: the file and line it comes from, or "default".',
      'models:',
      '  paths: [models/*]                          # .github/modelgate.yml:1',
      '  cards: [MODEL_CARD.md, README.md, model_card.json]  # default',
      'rules:',
    ]);
    expect(out).toContain('  operations-fallback-declared: error        # default');
    expect(out).toContain(`  lineage-split-before-fit: off              # .github/modelgate.yml:${lineOf(POLICY, '  lineage-split-before-fit:')}`);
    expect(out.slice(out.indexOf('  medium:'), out.indexOf('  medium:') + 4)).toEqual([
      '  medium:',
      '    approvals: 1                             # .github/modelgate.yml:3',
      '    reviewers: ["@acme/ml-reviewers"]        # .github/modelgate.yml:3',
      '    rules: {}                                # default',
    ]);
    expect(cli.run(['policy'], dir).stdout).toBe(stdout);
  });

  it('no policy: every value is a default', () => {
    const { code, stdout } = cli.run(['policy', '--print'], cli.scratch({}));
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('# The effective modelgate policy: no policy file, so the built-in defaults.');
    expect(stdout).not.toMatch(/# (?!default$)[^\n]*\.yml/m);
  });

  it('--policy FILE and --base REF choose the policy as check does', () => {
    const dir = repository();
    mkdirSync(join(dir, 'alt'));
    writeFileSync(join(dir, 'alt/p.yml'), 'approval: {allow_author: true}\n');
    expect(cli.run(['policy', '--policy', 'alt/p.yml'], dir).stdout).toContain('  allow_author: true                         # alt/p.yml:1\n');
    writeFileSync(join(dir, '.github/modelgate.yml'), 'approval: {allow_author: true}\n');
    expect(cli.run(['policy', '--base', 'HEAD'], dir).stdout).toContain('  allow_author: false                        # default\n');
  });

  it('an _extends that a local run cannot read is said on stderr', () => {
    const dir = cli.scratch({ '.github/modelgate.yml': '_extends: acme/.github\n' });
    const { code, stdout, stderr } = cli.run(['policy', '--print'], dir);
    expect([code, stderr]).toEqual([0, lines('modelgate policy: note: .github/modelgate.yml extends acme/.github, which a local run cannot read: its org defaults are not applied here')]);
    expect(stdout).toContain('_extends: acme/.github                       # .github/modelgate.yml:1\n');
  });

  it('an invalid policy: exit 2 with each mistake and its line', () => {
    const dir = cli.scratch({ '.github/modelgate.yml': 'exempt:\n  - {rules: [nope-*], reason: x}\n' });
    expect(cli.run(['policy', '--print'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate policy: the policy is invalid:', '  .github/modelgate.yml:2  error  exempt[0].rules[0]: "nope-*" matches no rule id (modelgate rules lists them)'),
    });
  });
});
