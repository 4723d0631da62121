// The four formats of `modelgate check` on the examples: text (ESLint stylish), json (the exact
// document of DESIGN §7), sarif (valid SARIF 2.1.0, see sarif.test.ts too) and markdown.
import { describe, expect, it } from 'vitest';
import { formatJson, formatMarkdown, formatText, jsonReport, sarifLog } from '../../../src/core/report/formats/index.ts';
import { localDecision } from '../../../src/core/report/verdict.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { runExample } from './examples.ts';

const planted = runExample('models/fraud-planted').evaluation;
const clean = runExample('models/churn-clean').evaluation;

describe('text', () => {
  const text = formatText(planted, { displayPath: (file) => `examples/${file}` });

  it('groups by file, aligns line:col, severity, message and rule id; the riskiest file first', () => {
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'examples/models/fraud-planted/lineage.yaml',
      '  17:1  error  `card_transactions` (`event_time`) has a time column but is split with method `random`: future rows land in training and past rows in test; split by time (`method: temporal`, train before validation before test)  lineage-temporal-split',
      `  25:1  error  \`scale\` (normalize) is fit on all rows before \`split\` — test rows leak into training, so test metrics are optimistic: move it after the split and fit it on \`train\` only${' '.repeat(43)}  lineage-split-before-fit`,
    ]);
    expect(lines).toContain('examples/models/fraud-planted/tuning/trials.jsonl');
    expect(lines).toContain(
      '  1:1  error  The tuning objective `auc` is measured on the `test` split: trials were picked by their test score (HARKing), so test metrics are optimistic; select on validation and evaluate the chosen trial on test once  tuning-log-no-test-leakage',
    );
  });

  it('ends with the models, the problem count and the verdict', () => {
    expect(text.split('\n').slice(-7)).toEqual([
      '',
      '1 model checked:',
      '  examples/models/fraud-planted  tier high  1.3.0  ✖ 9 errors',
      '',
      '✖ 9 problems (9 errors, 0 warnings)',
      'modelgate: blocked — 9 errors to fix, then 2 approvals from acme/model-risk',
      '',
    ]);
  });

  it('colours only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = formatText(planted, { color: true });
    expect(coloured).toContain('\u001b[4mmodels/fraud-planted/MODEL_CARD.md\u001b[24m');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[1m\u001b[31m✖ 9 problems (9 errors, 0 warnings)\u001b[39m\u001b[22m');
  });

  it('a clean model: no problems, pending on the approval the policy asks for', () => {
    expect(formatText(clean)).toBe(
      ['1 model checked:', '  models/churn-clean  tier medium  2.4.0  ✔ clean', '', '✔ no problems', 'modelgate: pending — no errors; the pull request needs 1 approval from acme/ml-reviewers (tier medium)', ''].join('\n'),
    );
  });

  it('drops terminal control sequences a card could smuggle into a message', () => {
    const evaluation = structuredClone(planted);
    evaluation.models[0]!.findings[0]!.message = 'evil \u001b]0;pwned\u0007 \u001b[2J text \u202e';
    expect(formatText(evaluation)).toContain('  15:1  error  evil ]0;pwned [2J text');
  });
});

describe('json', () => {
  it('is exactly the DESIGN §7 document', () => {
    const report = JSON.parse(formatJson(planted, '0.1.0'));
    expect(Object.keys(report)).toEqual(['tool', 'version', 'decision', 'models', 'findings']);
    expect(report).toMatchObject({ tool: 'modelgate', version: '0.1.0', decision: 'fail', findings: [] });
    expect(report.models).toHaveLength(1);
    expect(Object.keys(report.models[0])).toEqual(['path', 'card', 'tier', 'findings']);
    expect(report.models[0]).toMatchObject({ path: 'models/fraud-planted', card: 'models/fraud-planted/MODEL_CARD.md', tier: 'high' });
    expect(report.models[0].findings[7]).toEqual({
      ruleId: 'lineage-split-before-fit',
      severity: 'error',
      message: '`scale` (normalize) is fit on all rows before `split` — test rows leak into training, so test metrics are optimistic: move it after the split and fit it on `train` only.',
      file: 'models/fraud-planted/lineage.yaml',
      line: 25,
    });
    for (const f of report.models[0].findings) expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'message', 'file', 'line']);
  });

  it('decides pass, pending or fail from the files and the policy alone', () => {
    expect(localDecision(planted)).toBe('fail');
    expect(jsonReport(clean, '0.1.0').decision).toBe('pending');
    const lowTier = structuredClone(clean);
    lowTier.policy.tiers.medium.approvals = 0;
    expect(jsonReport(lowTier, '0.1.0').decision).toBe('pass');
    const none = { ...clean, models: [] };
    expect(jsonReport(none, '0.1.0')).toEqual({ tool: 'modelgate', version: '0.1.0', decision: 'pass', models: [], findings: [] });
  });
});

describe('sarif', () => {
  it('carries every rule once and one result per finding, repository-relative', () => {
    const log = sarifLog(planted, { toolVersion: '0.1.0', pathPrefix: 'examples/' });
    const run = log.runs[0]!;
    expect(run.tool.driver.rules).toHaveLength(rules.length);
    expect(run.results).toHaveLength(9);
    const leak = run.results!.find((r) => r.ruleId === 'lineage-split-before-fit')!;
    expect(leak).toEqual({
      ruleId: 'lineage-split-before-fit',
      ruleIndex: run.tool.driver.rules!.findIndex((r) => r.id === 'lineage-split-before-fit'),
      level: 'error',
      message: { text: '`scale` (normalize) is fit on all rows before `split` — test rows leak into training, so test metrics are optimistic: move it after the split and fit it on `train` only.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/models/fraud-planted/lineage.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 25 } } }],
      partialFingerprints: { 'modelgateFindingHash/v1': expect.stringMatching(/^[0-9a-f]{32}:1$/) },
    });
  });
});

describe('markdown', () => {
  it('is the comment, with the verdict and requirement from the policy (no reviews are visible)', () => {
    const markdown = formatMarkdown(clean, { toolVersion: '0.1.0', policyRef: { path: '.github/modelgate.yml' } });
    expect(markdown.split('\n').slice(0, 2)).toEqual(['<!-- modelgate:checklist -->', '### ⏳ modelgate: pending — no errors; the pull request needs 1 approval from `acme/ml-reviewers` (tier medium)']);
    // No repository to link to: paths are code spans; rules still link to their docs.
    expect(markdown).toContain('| `models/churn-clean` | medium | 2\\.4\\.0 | ✅ clean | 1 needed |');
    expect(markdown).toContain('Tier **medium**: **1** approval from `acme/ml-reviewers`; authors and contributors cannot approve.\nReviews are not visible to a local run');
    expect(markdown).not.toContain('left out');
  });
});
