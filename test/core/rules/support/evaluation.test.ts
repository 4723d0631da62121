import { describe, expect, it } from 'vitest';
import type { Baseline, Metric, ModelCard } from '../../../../src/core/artifacts/types.ts';
import { comparisons, evaluationLine, isProductionBaseline } from '../../../../src/core/rules/support/evaluation.ts';

const metric = (name: string, value: number, line = 1): Metric => ({ name, value, line });
const baseline = (name: string, metrics: Metric[], line = 1): Baseline => ({ name, metrics, line });

function card(evaluation?: { metrics: Metric[]; baselines: Baseline[] }, extra: Partial<ModelCard> = {}): ModelCard {
  return {
    format: 'hf-model-card',
    file: 'MODEL_CARD.md',
    metadata: {},
    datasets: [],
    sections: [],
    results: [],
    locations: {},
    bodyLine: 9,
    ...(evaluation ? { governance: { owners: [], paths: [], line: 2, evaluation: { ...evaluation, slices: [], ablations: [], line: 5 } } } : {}),
    ...extra,
  };
}

describe('isProductionBaseline', () => {
  it.each(['production', 'Production', ' prod ', 'current', 'previous', 'champion', 'incumbent', 'production-2.2.0', 'Prod model', 'v2.2.0 (production)', 'previous version'])('%j is production', (name) => {
    expect(isProductionBaseline(baseline(name, []))).toBe(true);
  });
  it.each(['logistic-regression', 'production-like heuristic', 'majority', 'current-heuristic', 'pre-production'])('%j is a simple baseline', (name) => {
    expect(isProductionBaseline(baseline(name, []))).toBe(false);
  });
});

describe('evaluationLine', () => {
  it('points at the evaluation block, else the first result, else the card body', () => {
    expect(evaluationLine(card({ metrics: [], baselines: [] }))).toBe(5);
    expect(evaluationLine(card(undefined, { results: [{ metrics: [], line: 14 }] }))).toBe(14);
    expect(evaluationLine(card())).toBe(9);
  });
});

describe('comparisons', () => {
  it('pairs each metric with every baseline that reports it, direction-aware', () => {
    const c = card({
      metrics: [metric('auc', 0.861), metric('log_loss', 0.3)],
      baselines: [baseline('lr', [metric('AUC', 0.78), metric('log_loss', 0.41)]), baseline('production', [metric('f1', 0.5)])],
    });
    expect(comparisons(c).map((x) => [x.metric.name, x.baseline.name, x.gain])).toEqual([
      ['auc', 'lr', 0.081],
      ['log_loss', 'lr', 0.11],
    ]);
  });
  it('is empty without an evaluation block', () => {
    expect(comparisons(card())).toEqual([]);
  });
});
