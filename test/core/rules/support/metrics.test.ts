import { describe, expect, it } from 'vitest';
import {
  clean,
  formatCount,
  formatDelta,
  formatValue,
  improvement,
  isProportionMetric,
  metricDirection,
  normalizeMetricName,
  sameMetric,
} from '../../../../src/core/rules/support/metrics.ts';

describe('metricDirection', () => {
  it.each([
    ['loss', 'lower'],
    ['eval_loss', 'lower'],
    ['test/log-loss', 'lower'],
    ['WER', 'lower'],
    ['cer', 'lower'],
    ['perplexity', 'lower'],
    ['mae', 'lower'],
    ['MSE', 'lower'],
    ['rmse', 'lower'],
    ['brier_score', 'lower'],
    ['error_rate', 'lower'],
    ['cross_entropy', 'lower'],
    ['false_positive_rate', 'lower'],
    ['miss rate', 'lower'],
    ['FID', 'lower'],
    ['expected_calibration_error', 'lower'],
    ['best_so_far_auc', 'higher'],
    ['mean_absolute_error', 'lower'],
    ['neg_log_loss', 'higher'],
    ['auc', 'higher'],
    ['accuracy', 'higher'],
    ['f1', 'higher'],
    ['bleu', 'higher'],
  ] as const)('%s is %s-is-better', (name, direction) => {
    expect(metricDirection(name)).toBe(direction);
  });
});

describe('improvement', () => {
  it('is positive when the new value is better, in either direction, without float noise', () => {
    expect(improvement('auc', 0.855, 0.861)).toBe(0.006);
    expect(improvement('loss', 0.3, 0.25)).toBe(0.05);
    expect(improvement('wer', 10.2, 11)).toBe(-0.8);
    expect(clean(0.861 - 0.811)).toBe(0.05);
  });
});

describe('isProportionMetric', () => {
  it.each([
    ['accuracy', 0.9, true],
    ['top_1_accuracy', 0.7, true],
    ['precision', 0.8, true],
    ['recall@10', 0.5, true],
    ['error', 0.1, true],
    ['accuracy', 91, false],
    ['auc', 0.9, false],
    ['f1', 0.8, false],
    ['mean_absolute_error', 0.1, false],
    ['false_positive_rate', 0.05, true],
  ] as const)('%s = %f -> %s', (name, value, expected) => {
    expect(isProportionMetric(name, value)).toBe(expected);
  });
});

describe('names and formatting', () => {
  it('normalizes names for comparison', () => {
    expect(normalizeMetricName(' Test/Log-Loss ')).toBe('test_log_loss');
    expect(sameMetric('AUC', 'auc')).toBe(true);
    expect(sameMetric('f1', 'f1_macro')).toBe(false);
  });
  it('formats values, deltas and counts', () => {
    expect(formatValue(0.006000000000000005)).toBe('0.006');
    expect(formatValue(20.9)).toBe('20.9');
    expect(formatDelta(0.006)).toBe('+0.006');
    expect(formatDelta(-0.021)).toBe('-0.021');
    expect(formatCount(41000)).toBe('41,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
  });
});
