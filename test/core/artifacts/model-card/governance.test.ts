import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { governanceSchema } from '../../../../src/core/artifacts/model-card/governance-schema.ts';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { parseMetricValue } from '../../../../src/core/artifacts/model-card/metric-value.ts';

// DESIGN §2.1, verbatim (comments included), so its line numbers are the file's.
const DESIGN_CARD = `---
license: apache-2.0
governance:
  model: churn-classifier
  version: 2.3.0                 # semver; must change when the model changes
  owners: ["@acme/risk-ml"]
  risk_tier: high                # low | medium | high (policy maps tier -> approvals, severities)
  intended_use: Score retail churn risk for retention offers.
  paths: ["src/churn/**"]        # extra paths whose change counts as a model change
  lineage: lineage.yaml          # relative to the card
  tuning_log: tuning/trials.jsonl
  hyperparameters: {learning_rate: 0.05, max_depth: 6}
  evaluation:
    split: test
    metrics:
      - {name: auc, value: 0.861, ci95: [0.842, 0.879], n: 12000}   # or std + n, or "0.861 ± 0.009"
    baselines:
      - {name: logistic-regression, metrics: {auc: 0.832}}          # KISS baseline
      - {name: production, version: 2.2.0, metrics: {auc: 0.855}}
    slices:
      - {name: "region=EU", metrics: {auc: 0.850}, n: 3100}
    ablations:
      - {change: "tenure features", delta: {auc: 0.012}}
  monitoring:
    drift: {method: psi, features: [tenure, balance], threshold: 0.2}
    performance: {metric: auc, threshold: 0.82, window: 7d}
    alert: "#risk-ml-oncall"
  retraining: {trigger: drift, schedule: monthly}
  fallback: {strategy: previous-version, description: Roll back to 2.2.0 via registry alias.}
  retirement: {criteria: "AUC < 0.80 for 30 days", review_by: 2027-06-01}
  explainability: {method: shap, artifact: reports/shap_summary.png}
---

# churn-classifier
`;

describe('governance block', () => {
  it('maps every field of the DESIGN §2.1 card, with lines', () => {
    const result = parseHuggingFaceCard('models/churn/MODEL_CARD.md', DESIGN_CARD);
    expect(result.errors).toEqual([]);
    expect(result.value!.governance).toEqual({
      model: 'churn-classifier',
      version: '2.3.0',
      owners: ['@acme/risk-ml'],
      riskTier: 'high',
      intendedUse: 'Score retail churn risk for retention offers.',
      paths: ['src/churn/**'],
      lineage: 'lineage.yaml',
      tuningLog: 'tuning/trials.jsonl',
      hyperparameters: { learning_rate: 0.05, max_depth: 6 },
      evaluation: {
        split: 'test',
        metrics: [{ name: 'auc', value: 0.861, ci95: [0.842, 0.879], n: 12000, split: 'test', line: 16 }],
        baselines: [
          { name: 'logistic-regression', metrics: [{ name: 'auc', value: 0.832, split: 'test', line: 18 }], line: 18 },
          { name: 'production', version: '2.2.0', metrics: [{ name: 'auc', value: 0.855, split: 'test', line: 19 }], line: 19 },
        ],
        slices: [{ name: 'region=EU', n: 3100, metrics: [{ name: 'auc', value: 0.85, n: 3100, split: 'test', slice: 'region=EU', line: 21 }], line: 21 }],
        ablations: [{ change: 'tenure features', delta: { auc: 0.012 }, line: 23 }],
        line: 13,
      },
      monitoring: {
        drift: { method: 'psi', features: ['tenure', 'balance'], threshold: 0.2 },
        performance: { metric: 'auc', threshold: 0.82, window: '7d' },
        alert: '#risk-ml-oncall',
        line: 24,
      },
      retraining: { trigger: 'drift', schedule: 'monthly', line: 28 },
      fallback: { strategy: 'previous-version', description: 'Roll back to 2.2.0 via registry alias.', line: 29 },
      retirement: { criteria: 'AUC < 0.80 for 30 days', reviewBy: '2027-06-01', line: 30 },
      explainability: { method: 'shap', artifact: 'reports/shap_summary.png', line: 31 },
      line: 3,
    });
    expect(result.value!.locations['governance.owners.0']).toBe(6);
  });

  it('a card with `governance: {}` has an empty governance, not none', () => {
    const result = parseHuggingFaceCard('README.md', '---\ngovernance: {}\n---\n');
    expect(result.errors).toEqual([]);
    expect(result.value!.governance).toEqual({ owners: [], paths: [], line: 2 });
  });

  it('drops only the invalid entry of an evaluation list', () => {
    const text = '---\ngovernance:\n  evaluation:\n    metrics:\n      - {name: auc, value: 0.86}\n      - {name: f1, value: bad}\n      - {name: loss, value: "0.31 +- 0.02", n: 500}\n---\n';
    const result = parseHuggingFaceCard('README.md', text);
    expect(result.errors.map((e) => e.line)).toEqual([6]);
    expect(result.value!.governance!.evaluation!.metrics).toEqual([
      { name: 'auc', value: 0.86, line: 5 },
      { name: 'loss', value: 0.31, se: 0.02, ci95: [0.2708, 0.3492], n: 500, line: 7 },
    ]);
  });
});

describe('governanceSchema as JSON Schema', () => {
  const schema = z.toJSONSchema(governanceSchema, { io: 'input' }) as Record<string, unknown>;

  it('generates, closed to unknown keys', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual([
      'model', 'version', 'owners', 'risk_tier', 'intended_use', 'paths', 'lineage', 'tuning_log', 'hyperparameters',
      'evaluation', 'monitoring', 'retraining', 'fallback', 'retirement', 'explainability',
    ]);
  });

  it('describes every property, at every depth (editors show these)', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
        if (!(child as { description?: string }).description) undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (n.items) walk(n.items, `${path}[]`);
    };
    walk(schema, 'governance');
    expect(undescribed).toEqual([]);
  });
});

describe('metric spread: std and se', () => {
  const metricOf = (line: string) => {
    const text = `---\ngovernance:\n  evaluation:\n    metrics:\n      - ${line}\n---\n`;
    const card = parseHuggingFaceCard('MODEL_CARD.md', text);
    return { errors: card.errors.map((e) => e.message), metric: card.value?.governance?.evaluation?.metrics[0] };
  };
  it('`se` is a standard error, kept apart from `std` (the spread across the n examples)', () => {
    expect(metricOf('{name: auc, value: 0.861, se: 0.004}')).toEqual({ errors: [], metric: { name: 'auc', value: 0.861, se: 0.004, split: undefined, line: 5 } });
    expect(metricOf('{name: loss, value: 0.31, std: 0.42, n: 5000}').metric).toMatchObject({ std: 0.42, n: 5000 });
    expect(metricOf('{name: loss, value: 0.31, std: 0.42, n: 5000}').metric?.se).toBeUndefined();
  });
  it('"value ± error" is a standard error, so an explicit `se` beside it is one too many', () => {
    expect(metricOf('{name: auc, value: "0.861 ± 0.004", se: 0.004}').errors).toEqual([
      'governance.evaluation.metrics.0.se: se is given twice: use either "value ± error" or se, not both',
    ]);
  });
});

describe('parseMetricValue', () => {
  it.each([
    [0.861, { value: 0.861 }],
    ['0.861', { value: 0.861 }],
    ['0.861 ± 0.009', { value: 0.861, se: 0.009, ci95: [0.84336, 0.87864] }],
    ['0.861+-0.009', { value: 0.861, se: 0.009, ci95: [0.84336, 0.87864] }],
    ['0.861 +/- 0.009', { value: 0.861, se: 0.009, ci95: [0.84336, 0.87864] }],
    ['86.1%', { value: 0.861 }],
    ['86.1 ± 0.9%', { value: 0.861, se: 0.009, ci95: [0.84336, 0.87864] }],
    ['-1.5e-3', { value: -0.0015 }],
    ['20.0 ± 1.2', { value: 20, se: 1.2, ci95: [17.648, 22.352] }],
  ])('%j', (raw, expected) => {
    expect(parseMetricValue(raw)).toEqual(expected);
  });

  it.each([['N/A'], ['0.86 ± -0.01'], ['0.86 ±'], [''], [Number.NaN], [Infinity], [null], [true], [[0.8]]])('%j is not a metric value', (raw) => {
    expect(parseMetricValue(raw)).toBeUndefined();
  });
});
