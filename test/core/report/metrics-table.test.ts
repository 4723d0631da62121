// The metric table judges a change against production the way a reviewer would: direction-aware
// (a lower loss is better) and against the noise of both values (ci95, std + n, or Wilson), combined.
import { describe, expect, it } from 'vitest';
import type { Metric, ModelCard } from '../../../src/core/artifacts/types.ts';
import { metricsTable, slicesLine, versusProduction } from '../../../src/core/report/metrics-table.ts';
import { formatCount } from '../../../src/core/rules/support/metrics.ts';

const metric = (name: string, value: number, extra: Partial<Metric> = {}): Metric => ({ name, value, line: 1, ...extra });

describe('versusProduction', () => {
  it.each([
    ['gain beyond the CI', metric('auc', 0.861, { ci95: [0.852, 0.87] }), 0.812, '+0.049 better, outside the CI ✅'],
    ['gain inside the CI', metric('auc', 0.861, { ci95: [0.852, 0.87] }), 0.855, '+0.006 better, inside the CI ⚠️'],
    ['regression beyond the CI', metric('auc', 0.8, { ci95: [0.79, 0.81] }), 0.83, '−0.03 worse, outside the CI ❌'],
    ['lower loss is better', metric('log_loss', 0.311, { std: 0.004, n: 48_000 }), 0.334, '−0.023 better, outside the CI ✅'],
    ['higher WER is worse', metric('wer', 0.12, { ci95: [0.11, 0.13] }), 0.1, '+0.02 worse, outside the CI ❌'],
    ['no interval', metric('f1', 0.9), 0.88, '+0.02 better, no interval to judge it'],
    ['Wilson interval from n for a proportion', metric('accuracy', 0.93, { n: 25_000 }), 0.92, '+0.01 better, outside the CI ✅'],
    ['no change', metric('auc', 0.8, { ci95: [0.79, 0.81] }), 0.8, 'no change'],
  ])('%s', (_name, m, production, expected) => {
    expect(versusProduction(m, metric(m.name, production))).toBe(expected);
  });

  // The same combined noise evaluation-gain-significant uses: production's own interval counts.
  it.each([
    ['a gain beyond the new CI alone but inside the combined noise', metric('auc', 0.861, { ci95: [0.852, 0.87] }), metric('auc', 0.845, { ci95: [0.83, 0.86] }), '+0.016 better, inside the CI ⚠️'],
    ['only production has an interval', metric('auc', 0.861), metric('auc', 0.855, { ci95: [0.845, 0.865] }), '+0.006 better, inside the CI ⚠️'],
  ])('%s', (_name, m, production, expected) => {
    expect(versusProduction(m, production)).toBe(expected);
  });

  it('says nothing without a production value', () => {
    expect(versusProduction(metric('auc', 0.8), undefined)).toBe('—');
  });
});

describe('metricsTable: the value cell', () => {
  const card = (metrics: Metric[]) =>
    ({ format: 'hf-model-card', file: 'MODEL_CARD.md', metadata: {}, datasets: [], sections: [], results: [], locations: {}, bodyLine: 1,
      governance: { owners: [], paths: [], line: 1, evaluation: { metrics, baselines: [], slices: [], ablations: [], line: 1 } } }) as ModelCard;
  const cell = (m: Metric) => metricsTable(card([m]))!.split('\n')[2]!.split(' | ')[1]!.replace(/ \|$/, '');

  // std is the spread across the n examples (0.3 for per-example log loss): shown as "± 0.3" it
  // would read as an uncertainty 50 times the real one.
  it.each([
    ['std with n: the interval std/√n gives', metric('log_loss', 0.31, { std: 0.3, n: 10_000 }), '0.31 [0.3041, 0.3159]'],
    ['se: value ± 1.96·se', metric('auc', 0.861, { se: 0.004 }), '0.861 [0.8532, 0.8688]'],
    ['std without n: said to be a std, no interval', metric('log_loss', 0.31, { std: 0.3 }), '0.31 (std 0.3)'],
    // The examples' log_loss: [0.311, 0.311] at four digits would say nothing.
    ['an interval narrower than four digits: its half-width', metric('log_loss', 0.311, { std: 0.004, n: 48_000 }), '0.311 ± 0.000036 (95 %)'],
  ])('%s', (_name, m, expected) => {
    expect(cell(m)).toBe(expected);
  });
});

describe('slicesLine', () => {
  it('lists the slices worst first on the headline metric, direction-aware', () => {
    const evaluation = {
      split: 'test',
      metrics: [metric('rmse', 3.1)],
      baselines: [],
      ablations: [],
      line: 1,
      slices: [
        { name: 'region=EU', n: 1200, metrics: [metric('rmse', 2.9)], line: 1 },
        { name: 'region=US', n: 51_000, metrics: [metric('rmse', 3.4)], line: 1 },
      ],
    };
    expect(slicesLine({ owners: [], paths: [], line: 1, evaluation })).toBe('Slices (RMSE, worst first): region\\=US 3.4 (n = 51,000) · region\\=EU 2.9 (n = 1,200)');
  });

  it('formats counts without locale data', () => {
    expect([formatCount(0), formatCount(999), formatCount(48_000), formatCount(1_234_567)]).toEqual(['0', '999', '48,000', '1,234,567']);
  });
});
