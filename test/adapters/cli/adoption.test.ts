// Adopting modelgate without switching rules off (issue 11, item 6), as a user runs the CLI:
// the policy's `exempt:`, `check --baseline FILE` / `--update-baseline`, `--max-warnings N` and
// `--quiet`, with their exact output and exit codes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { useBuiltCli } from './built-cli.ts';
import { lines } from './harness.ts';

const cli = useBuiltCli();

/** No fallback, monitoring or retirement plan: 2 operations errors and 1 warning. */
const unplanned = (dir: string) => cleanModelFiles(dir, { card: { governance: { fallback: null, monitoring: null, retirement: null } } });
/** One warning: no retirement criteria. */
const unretired = (dir: string) => cleanModelFiles(dir, { card: { governance: { retirement: null } } });
const MODELS = { ...unretired('models/churn'), ...unplanned('research/uplift') };

const FALLBACK = 'No fallback declared: add `governance.fallback` with a strategy (previous-version, rules-based, human review) and how to switch, so a failing model can be taken out of service';
const MONITORING = 'No monitoring plan: add `governance.monitoring` with a drift check, a performance threshold and an alert channel, so a degrading model is noticed (act now, reflect never)';
const RETIREMENT = 'No retirement criteria: add `governance.retirement` with `criteria` (e.g. "AUC < 0.80 for 30 days") and a `review_by` date, so the model is retired when it stops being fit for use';

/** Every rule but the operations ones off, so the outputs below are theirs alone. */
const ONLY_OPERATIONS = `rules:\n${RULE_IDS.filter((id) => !id.startsWith('operations-')).map((id) => `  ${id}: off\n`).join('')}`;
const POLICY = { '.github/modelgate.yml': ONLY_OPERATIONS };
const EXEMPT_RESEARCH = `exempt:\n  - models: ["research/**"]\n    rules: ["operations-*"]\n    reason: Research prototypes are never deployed.\n${ONLY_OPERATIONS}`;

describe('policy exempt: findings shown as exempted, not failures', () => {
  it('text: the exempted findings are left out of the problems, with one line per exemption; exit 0', () => {
    const dir = cli.scratch({ ...MODELS, '.github/modelgate.yml': EXEMPT_RESEARCH });
    expect(cli.run(['check'], dir)).toEqual({
      code: 0,
      stdout: lines(
        'models/churn/MODEL_CARD.md',
        `  11:1  warning  ${RETIREMENT}  operations-retirement-criteria`,
        '',
        '2 models checked:',
        '  models/churn     tier high  2.3.0  ✖ 1 warning',
        '  research/uplift  tier high  2.3.0  ✔ clean',
        '',
        'Exempted by the policy, not counted:',
        '  operations-* in research/**: 3 findings (2 errors, 1 warning) — Research prototypes are never deployed.',
        '',
        '✖ 1 problem (0 errors, 1 warning)',
        'modelgate: pending — no errors; the pull request needs 2 approvals from anyone with write access (tier high)',
      ),
      stderr: '',
    });
  });

  it('markdown: a line per exemption with its reason and count, and the audit records each exempted finding', () => {
    const dir = cli.scratch({ ...MODELS, '.github/modelgate.yml': EXEMPT_RESEARCH });
    const { code, stdout } = cli.run(['check', '--format', 'markdown'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain(lines('', '**Exempted by the policy** (shown, not counted):', '- `operations-*` in `research/**`: 3 findings (2 errors, 1 warning) — Research prototypes are never deployed\\.', ''));
    const audit = JSON.parse(/<summary>Audit record<\/summary>\n\n```json\n(.*)\n```/s.exec(stdout)![1]!);
    expect(audit.exempted).toEqual([
      {
        rules: ['operations-*'],
        models: ['research/**'],
        reason: 'Research prototypes are never deployed.',
        findings: [
          { ruleId: 'operations-fallback-declared', severity: 'error', file: 'research/uplift/MODEL_CARD.md', line: 11 },
          { ruleId: 'operations-monitoring-planned', severity: 'error', file: 'research/uplift/MODEL_CARD.md', line: 11 },
          { ruleId: 'operations-retirement-criteria', severity: 'warn', file: 'research/uplift/MODEL_CARD.md', line: 11 },
        ],
      },
    ]);
    expect(audit.findings.map((f: { file: string }) => f.file)).toEqual(['models/churn/MODEL_CARD.md']);
  });

  it('an exemption without a reason stops the run with its line (exit 2)', () => {
    const dir = cli.scratch({ ...MODELS, '.github/modelgate.yml': `exempt:\n  - models: ["research/**"]\n    rules: ["operations-*"]\n${ONLY_OPERATIONS}` });
    expect(cli.run(['check'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines(
        'modelgate check: the policy is invalid, so nothing was checked (the gate fails closed):',
        '  .github/modelgate.yml:2  error  exempt[0].reason: missing: say why these findings are not failures (it is shown in the comment and recorded in the audit)',
      ),
    });
  });
});

describe('check --baseline FILE / --update-baseline', () => {
  it('records the findings of today; then only new findings fail, wherever lines moved', () => {
    const dir = cli.scratch({ ...MODELS, ...POLICY });
    expect(cli.run(['check', '--baseline', 'baseline.json'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate check: --baseline baseline.json: cannot read the file (create it with --update-baseline)'),
    });
    expect(cli.run(['check', '--update-baseline'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate check: --update-baseline needs --baseline FILE, the file to write', "Run 'modelgate check --help' for usage."),
    });

    const clean = lines('2 models checked:', '  models/churn     tier high  2.3.0  ✔ clean', '  research/uplift  tier high  2.3.0  ✔ clean', '', '✔ no problems', 'modelgate: pending — no errors; the pull request needs 2 approvals from anyone with write access (tier high)');
    expect(cli.run(['check', '--baseline', 'baseline.json', '--update-baseline'], dir)).toEqual({
      code: 0,
      stdout: clean,
      stderr: lines('modelgate check: wrote baseline.json: 4 findings recorded; from now on only new findings fail'),
    });
    const recorded = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(recorded.findings.map((f: { ruleId: string; file: string; count: number }) => `${f.file} ${f.ruleId} ${f.count}`)).toEqual([
      'models/churn/MODEL_CARD.md operations-retirement-criteria 1',
      'research/uplift/MODEL_CARD.md operations-fallback-declared 1',
      'research/uplift/MODEL_CARD.md operations-monitoring-planned 1',
      'research/uplift/MODEL_CARD.md operations-retirement-criteria 1',
    ]);
    expect(cli.run(['check', '--baseline', 'baseline.json'], dir)).toEqual({ code: 0, stdout: clean, stderr: lines('modelgate check: 4 findings in the baseline baseline.json are not reported') });

    // Ten lines of prose above every finding of churn, and a new error there: only it fails.
    const moved = cleanModelFiles('models/churn', { card: { frontMatter: { description: 'x\n'.repeat(10) }, governance: { retirement: null, monitoring: null } } });
    for (const [path, text] of Object.entries(moved)) writeFileSync(join(dir, path), text);
    const { code, stdout, stderr } = cli.run(['check', '--baseline', 'baseline.json'], dir);
    expect([code, stderr]).toEqual([1, lines('modelgate check: 4 findings in the baseline baseline.json are not reported')]);
    expect(stdout.split('\n').slice(0, 2)).toEqual(['models/churn/MODEL_CARD.md', `  22:1  error  ${MONITORING}  operations-monitoring-planned`]);
    expect(stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('says when baselined findings no longer occur (the baseline can be tightened)', () => {
    const dir = cli.scratch({ ...MODELS, ...POLICY });
    expect(cli.run(['check', '--baseline', 'b.json', '--update-baseline'], dir).code).toBe(0);
    for (const [path, text] of Object.entries(cleanModelFiles('research/uplift', { card: { governance: { monitoring: null, retirement: null } } }))) writeFileSync(join(dir, path), text);
    expect(cli.run(['check', '--baseline', 'b.json'], dir)).toMatchObject({
      code: 0,
      stderr: lines('modelgate check: 3 findings in the baseline b.json are not reported', 'modelgate check: note: 1 finding of the baseline b.json no longer occurs: --update-baseline drops it'),
    });
  });

  it('a file that is not a baseline: exit 2', () => {
    const dir = cli.scratch({ ...MODELS, ...POLICY, 'b.json': '{"rules": {}}\n' });
    expect(cli.run(['check', '--baseline', 'b.json'], dir)).toEqual({ code: 2, stdout: '', stderr: lines('modelgate check: b.json: not a modelgate baseline (create it with --update-baseline)') });
  });
});

describe('check --max-warnings N and --quiet, as in ESLint', () => {
  const dir = () => cli.scratch({ ...unretired('models/churn'), ...POLICY });

  it('--max-warnings: exit 1 when the warnings are more than N', () => {
    const d = dir();
    expect(cli.run(['check', '--max-warnings', '1'], d).code).toBe(0);
    const over = cli.run(['check', '--max-warnings', '0'], d);
    expect([over.code, over.stderr]).toEqual([1, lines('modelgate check: too many warnings: 1, and --max-warnings allows 0')]);
    expect(over.stdout).toContain('✖ 1 problem (0 errors, 1 warning)');
  });

  it.each(['-1', 'x', '1.5', ''])('--max-warnings %j is a usage error', (value) => {
    expect(cli.run(['check', `--max-warnings=${value}`], dir())).toEqual({
      code: 2,
      stdout: '',
      stderr: lines(`modelgate check: --max-warnings takes a whole number of warnings (0 or more), got '${value}'`, "Run 'modelgate check --help' for usage."),
    });
  });

  it('--quiet reports errors only (every format); warnings still count for --max-warnings', () => {
    const d = cli.scratch({ ...MODELS, ...POLICY });
    expect(cli.run(['check', '--quiet'], d)).toEqual({
      code: 1,
      stdout: lines(
        'research/uplift/MODEL_CARD.md',
        `  11:1  error  ${FALLBACK}  operations-fallback-declared`,
        `  11:1  error  ${MONITORING}       operations-monitoring-planned`,
        '',
        '2 models checked:',
        '  models/churn     tier high  2.3.0  ✔ clean',
        '  research/uplift  tier high  2.3.0  ✖ 2 errors',
        '',
        '✖ 2 problems (2 errors, 0 warnings)',
        'modelgate: blocked — 2 errors to fix, then 2 approvals from anyone with write access',
      ),
      stderr: '',
    });
    const json = JSON.parse(cli.run(['check', '--quiet', '--format', 'json'], d).stdout);
    expect(json.models.flatMap((m: { findings: { severity: string }[] }) => m.findings.map((f) => f.severity))).toEqual(['error', 'error']);
    const quiet = cli.run(['check', '--quiet', '--max-warnings', '0'], dir());
    expect([quiet.code, quiet.stderr]).toEqual([1, lines('modelgate check: too many warnings: 1, and --max-warnings allows 0')]);
    expect(quiet.stdout).toContain('✔ no problems');
  });
});

it('check --help documents the new options and every exit code', () => {
  const { code, stdout } = cli.run(['check', '--help']);
  expect(code).toBe(0);
  expect(stdout).toContain(
    lines(
      '  --baseline FILE    report only findings that are not in FILE (a JSON file written by --update-baseline)',
      '  --update-baseline  record every finding of this run in the --baseline FILE, so only new ones fail later',
      '  --max-warnings N   exit 1 when there are more than N warnings (warnings hidden by --quiet count too)',
      '  --quiet            report errors only',
    ),
  );
  expect(stdout).toContain(
    lines(
      'Exit status:',
      '  0  no error finding, and no more warnings than --max-warnings allows',
      '  1  an error finding (not exempted by the policy, not in the --baseline), or more warnings than --max-warnings allows',
      '  2  could not run: bad arguments, no such directory, an invalid policy or baseline, --base outside a git',
      '     repository, an --output file that cannot be written',
    ).replace(/\n$/, ''),
  );
});
