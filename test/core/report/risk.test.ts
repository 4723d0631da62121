// Issue 11, "ordered by risk": every rule declares the risk class its findings rank in
// (`meta.risk`), and a rule that declares none still ranks somewhere sensible.
import { describe, expect, it } from 'vitest';
import { RISK_CLASSES, type RiskClass, type RuleMeta } from '../../../src/core/rules/define.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { byRisk, riskClassOf, riskOfRule } from '../../../src/core/report/risk.ts';

/** The brief's order: leakage first, operations last; `unchecked` and `provenance` are ours (see risk.ts). */
const EXPECTED: Record<string, RiskClass> = {
  'lineage-split-before-fit': 'leakage',
  'lineage-temporal-split': 'leakage',
  'evaluation-test-set-isolated': 'leakage',
  'tuning-log-no-test-leakage': 'leakage',
  'artifact-parseable': 'unchecked',
  'evaluation-no-regression': 'regression',
  'evaluation-gain-significant': 'regression',
  'evaluation-gain-attributed': 'regression',
  'evaluation-uncertainty-reported': 'uncertainty',
  'evaluation-baseline-compared': 'baseline',
  'evaluation-slices-reported': 'slices',
  'lineage-present': 'provenance',
  'lineage-inputs-versioned': 'provenance',
  'lineage-quality-assertions': 'provenance',
  'tuning-log-present': 'provenance',
  'tuning-log-reproducible': 'provenance',
  'tuning-log-params-match': 'provenance',
  'model-card-present': 'documentation',
  'model-card-required-sections': 'documentation',
  'model-card-no-placeholders': 'documentation',
  'model-card-owners': 'documentation',
  'model-card-version-bumped': 'documentation',
  'operations-monitoring-planned': 'operations',
  'operations-fallback-declared': 'operations',
  'operations-retraining-planned': 'operations',
  'operations-retirement-criteria': 'operations',
  'explainability-documented': 'operations',
};

describe('risk classes', () => {
  it('run from leakage to operations', () => {
    expect(RISK_CLASSES).toEqual(['leakage', 'unchecked', 'regression', 'uncertainty', 'baseline', 'slices', 'provenance', 'documentation', 'operations']);
  });

  it.each(Object.entries(EXPECTED))('%s declares %s', (id, risk) => {
    const rule = rules.find((r) => r.meta.id === id);
    expect(rule?.meta.risk).toBe(risk);
    expect(riskOfRule(id)).toBe(risk);
  });

  it('every registered rule ranks in a class (scripts/check-rules.ts requires it to declare one)', () => {
    for (const rule of rules) expect(RISK_CLASSES, rule.meta.id).toContain(riskOfRule(rule.meta.id));
  });

  it('findings of no registered rule (the engine: policy invalid, content not provided) rank as unchecked', () => {
    expect(riskOfRule('modelgate')).toBe('unchecked');
    expect(riskOfRule('no-such-rule')).toBe('unchecked');
  });
});

describe('a rule that declares no risk (one added before it was filled in)', () => {
  const meta = (antipattern: string, area: RuleMeta<unknown>['area']) => ({ antipattern, area });
  it.each([
    [meta('data leakage', 'lineage'), 'leakage'],
    [meta('HARKing', 'tuning'), 'leakage'],
    [meta('grade-your-own-exam', 'evaluation'), 'leakage'],
    [meta('—', 'artifacts'), 'unchecked'],
    [meta('grade-your-own-exam / HARKing', 'evaluation'), 'leakage'],
    [meta('communicate with ambivalence / grade-your-own-exam', 'evaluation'), 'leakage'],
    [meta('PEST / lifecycle', 'evaluation'), 'regression'],
    [meta('bad credit assignment', 'evaluation'), 'regression'],
    [meta('communicate with ambivalence', 'evaluation'), 'uncertainty'],
    [meta('KISS', 'evaluation'), 'baseline'],
    [meta('segment validation / fairness', 'evaluation'), 'slices'],
    [meta('calibration', 'evaluation'), 'uncertainty'],
    [meta('data quality', 'lineage'), 'provenance'],
    [meta('audit trail', 'lineage'), 'provenance'],
    [meta('tuning-under-the-carpet', 'tuning'), 'provenance'],
    [meta('governance', 'card'), 'documentation'],
    [meta('set and forget', 'operations'), 'operations'],
    [meta('explainability', 'explainability'), 'operations'],
  ] as const)('%o ranks as %s', (m, risk) => {
    expect(riskClassOf(m)).toBe(risk);
  });

  it('a declared risk wins over the antipattern', () => {
    expect(riskClassOf({ antipattern: 'data leakage', area: 'lineage', risk: 'provenance' })).toBe('provenance');
  });
});

describe('byRisk', () => {
  const f = (ruleId: string, severity: 'error' | 'warn', file: string, line: number) => ({ ruleId, severity, message: ruleId, file, line });
  it('orders by class, then errors before warnings, then file and line, then rule id', () => {
    const findings = [
      f('operations-monitoring-planned', 'error', 'a.md', 1),
      f('model-card-owners', 'error', 'a.md', 2),
      f('evaluation-test-set-isolated', 'warn', 'a.md', 9),
      f('evaluation-no-regression', 'warn', 'a.md', 3),
      f('evaluation-gain-significant', 'error', 'b.md', 1),
      f('tuning-log-no-test-leakage', 'error', 'b.jsonl', 1),
      f('lineage-split-before-fit', 'error', 'a.yaml', 5),
      f('lineage-temporal-split', 'error', 'a.yaml', 5),
      f('modelgate', 'error', 'z.yml', 1),
    ];
    expect([...findings].sort(byRisk).map((x) => `${x.ruleId} ${x.severity} ${x.file}:${x.line}`)).toEqual([
      'lineage-split-before-fit error a.yaml:5',
      'lineage-temporal-split error a.yaml:5',
      'tuning-log-no-test-leakage error b.jsonl:1',
      'evaluation-test-set-isolated warn a.md:9',
      'modelgate error z.yml:1',
      'evaluation-gain-significant error b.md:1',
      'evaluation-no-regression warn a.md:3',
      'model-card-owners error a.md:2',
      'operations-monitoring-planned error a.md:1',
    ]);
  });
});
