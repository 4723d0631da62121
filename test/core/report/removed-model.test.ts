// A pull request that deletes a model: it is gated at its base tier and no rule runs on it, so
// every report must say "removed, not checked" instead of showing it as a clean model.
import { describe, expect, it } from 'vitest';
import { formatJson, formatMarkdown, formatText, sarifLog } from '../../../src/core/report/formats/index.ts';
import { renderComment } from '../../../src/core/report/render.ts';
import { buildReportView } from '../../../src/core/report/view.ts';
import { ruleById } from '../../../src/core/rules/index.ts';
import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { gitBlobSha } from '../../helpers/rule-tester.ts';
import { auditOf, PR_BASE, PR_HEAD, prEvaluation, prReport, section } from './pr-report.ts';

const CHURN = cleanModelFiles('models/churn');
const FRAUD = cleanModelFiles('models/fraud', { card: { governance: { model: 'fraud', risk_tier: 'low' } } });
const FRAUD_NEXT = cleanModelFiles('models/fraud', { card: { governance: { model: 'fraud', version: '2.4.0', risk_tier: 'low' } } });

const BASE_LINK = `https://github.com/acme/models/blob/${PR_BASE}/models/churn/MODEL_CARD.md`;
const REMOVED_ROW = `| [\`models/churn\`](${BASE_LINK}) | high | 2\\.3\\.0 → removed | — not checked (model removed) | 0 of 2 |`;

describe('a pull request that deletes models/churn (high) and changes models/fraud (low)', () => {
  const evaluation = prEvaluation({ ...CHURN, ...FRAUD }, FRAUD_NEXT);
  const { comment, summary } = prReport(evaluation);

  it('is what the engine says: churn removed at its base tier, fraud touched', () => {
    expect(evaluation.models.map((m) => [m.dir, m.removed ?? false, m.tier])).toEqual([
      ['models/churn', true, 'high'],
      ['models/fraud', false, 'low'],
    ]);
  });

  it('the model table: version → removed, rules not checked, the card linked at base (it is gone at head)', () => {
    expect(comment).toContain(`| --- | --- | --- | --- | --- |\n${REMOVED_ROW}\n| [\`models/fraud\`](https://github.com/acme/models/blob/${PR_HEAD}/models/fraud/MODEL_CARD.md) | low | 2\\.3\\.0 → 2\\.4\\.0 | ✅ clean | 0 of 2 |\n`);
    expect(summary).toContain(`| --- | --- | --- | --- | --- |\n${REMOVED_ROW}\n`);
  });

  it('the model section is one line: no owners, area checklist, lineage chart or metrics', () => {
    const line = 'This pull request removes the model; it is gated at its base tier (high).';
    expect(section(comment, '`models/churn`')).toBe(`#### \`models/churn\` — churn\\-classifier\n\n${line}\n`);
    expect(section(summary, '`models/churn`')).toBe(`#### \`models/churn\` — churn\\-classifier\n\n${line}\n`);
    // The surviving model keeps its full section.
    expect(section(comment, '`models/fraud`')).toContain('| | area | what modelgate found |');
    expect(section(comment, '`models/fraud`')).toContain('```mermaid');
  });

  it('the Approval section takes the tier from the base card of the removed model', () => {
    expect(comment).toContain('#### Approval\nTier **high** (base high, head low: the higher counts): **2** approvals from anyone with write access; authors and contributors cannot approve.\n');
  });

  it('the audit record names the files the deletion took away, with their base blobs', () => {
    expect(auditOf(comment).models[0]).toEqual({
      path: 'models/churn',
      tier: 'high',
      removed: true,
      blobs: {},
      blobsBase: {
        'models/churn/MODEL_CARD.md': gitBlobSha(CHURN['models/churn/MODEL_CARD.md']!),
        'models/churn/lineage.yaml': gitBlobSha(CHURN['models/churn/lineage.yaml']!),
        'models/churn/tuning/trials.jsonl': gitBlobSha(CHURN['models/churn/tuning/trials.jsonl']!),
      },
    });
    expect(auditOf(summary).models[0]).toEqual(auditOf(comment).models[0]);
    expect(Object.keys(auditOf(comment).models[1]!)).toEqual(['path', 'tier', 'version', 'blobs']);
  });

  it('text: the model list says removed and not checked', () => {
    expect(formatText(evaluation).split('\n').slice(-7)).toEqual([
      '2 models checked:',
      '  models/churn  tier high  removed  not checked',
      '  models/fraud  tier low   2.4.0    ✔ clean',
      '',
      '✔ no problems',
      'modelgate: pending — no errors; the pull request needs 2 approvals from anyone with write access (tier high)',
      '',
    ]);
    expect(formatText(evaluation, { color: true })).toContain('removed  \u001b[2mnot checked\u001b[22m');
  });

  it('json: `"removed": true` on that model, the DESIGN §7 shape otherwise', () => {
    const report = JSON.parse(formatJson(evaluation, '0.1.0'));
    expect(report.models[0]).toEqual({ path: 'models/churn', card: 'models/churn/MODEL_CARD.md', tier: 'high', removed: true, findings: [] });
    expect(Object.keys(report.models[0])).toEqual(['path', 'card', 'tier', 'removed', 'findings']);
    expect(Object.keys(report.models[1])).toEqual(['path', 'card', 'tier', 'findings']);
    expect(report.decision).toBe('pending');
  });

  it('sarif: unaffected (a removed model has no finding to place)', () => {
    const without = { ...evaluation, models: evaluation.models.filter((m) => !m.removed) };
    expect(sarifLog(evaluation, { toolVersion: '0.1.0' })).toEqual(sarifLog(without, { toolVersion: '0.1.0' }));
  });

  it('markdown (the CLI preview): the same row and line, with no repository to link to', () => {
    const markdown = formatMarkdown(evaluation, { toolVersion: '0.1.0' });
    expect(markdown).toContain('| `models/churn` | high | 2\\.3\\.0 → removed | — not checked (model removed) | 2 needed |\n');
    expect(markdown).toContain('#### `models/churn` — churn\\-classifier\n\nThis pull request removes the model; it is gated at its base tier (high).\n\n#### `models/fraud` — fraud\n');
  });
});

it('renders a removed model next to one whose tier is unreadable (file snapshot, reviewed by eye)', async () => {
  const fraudUnreadable = cleanModelFiles('models/fraud', { card: { governance: { model: 'fraud', version: '2.4.0', risk_tier: 'critical' } } });
  const { comment } = prReport(prEvaluation({ ...CHURN, ...FRAUD }, fraudUnreadable));
  await expect(comment).toMatchFileSnapshot('__snapshots__/removed-and-unreadable.comment.md');
});

describe('removed models, edge cases', () => {
  it('a removed model with no version says only "removed"', () => {
    const evaluation = prEvaluation(cleanModelFiles('models/churn', { card: { governance: { version: null } } }), {});
    expect(prReport(evaluation).comment).toContain(`| [\`models/churn\`](${BASE_LINK}) | high | removed | — not checked (model removed) | 0 of 2 |\n`);
  });

  it('a finding a PR-wide rule attaches to a removed model is counted next to "not checked", and listed', () => {
    const evaluation = prEvaluation(CHURN, {});
    const finding = { ruleId: 'artifact-parseable', severity: 'error' as const, message: 'Something about a deleted file.', file: 'models/churn/lineage.yaml', line: 1, model: 'models/churn' };
    evaluation.models[0]!.findings.push(finding);
    const view = buildReportView({ evaluation, toolVersion: '0.1.0', areaOf: (id) => ruleById(id)?.meta.area });
    expect(view.models[0]!.rulesSummary).toBe('— not checked (model removed) · ❌ 1 error');
    const body = renderComment(view);
    expect(section(body, '`models/churn`')).toBe(
      [
        '#### `models/churn` — churn\\-classifier',
        '',
        'This pull request removes the model; it is gated at its base tier (high).',
        '',
        '<details><summary>1 finding (❌ 1 error)</summary>',
        '',
        '| severity | rule | where | what modelgate found |',
        '| --- | --- | --- | --- |',
        '| ❌ error | `artifact-parseable` | `models/churn/lineage.yaml:1` | Something about a deleted file\\. |',
        '</details>',
        '',
      ].join('\n'),
    );
    expect(formatText(evaluation)).toContain('  models/churn  tier high  removed  ✖ 1 error\n');
  });
});
