import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../../src/core/artifacts/types.ts';
import { halfWidthToward, intervalOf, normalInterval, normalQuantile, requiredSampleSize, wilsonInterval, Z95, zFor } from '../../../../src/core/rules/support/stats.ts';

const metric = (m: Partial<Metric> & { name: string; value: number }): Metric => ({ line: 1, ...m });

describe('normalQuantile / zFor', () => {
  it.each([
    [0.975, 1.959964],
    [0.995, 2.575829],
    [0.95, 1.644854],
    [0.5, 0],
    [0.001, -3.090232],
  ])('quantile %f = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });
  it('gives the exact 95% constant for alpha 0.05 and rejects p outside (0, 1)', () => {
    expect(zFor(0.05)).toBe(Z95);
    expect(zFor(0.01)).toBeCloseTo(2.575829, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook value (p = 0.9, n = 100)', () => {
    const [lo, hi] = wilsonInterval(0.9, 100);
    expect(lo).toBeCloseTo(0.8256, 4);
    expect(hi).toBeCloseTo(0.9448, 4);
  });
  it('stays inside [0, 1] at the edges', () => {
    const [lo, hi] = wilsonInterval(1, 20);
    expect(hi).toBe(1);
    expect(lo).toBeCloseTo(0.8389, 4);
    expect(wilsonInterval(0, 20)[0]).toBe(0);
  });
});

describe('normalInterval', () => {
  it('uses std / sqrt(n) as the standard error', () => {
    const [lo, hi] = normalInterval(0.8, 0.05, 25);
    expect(lo).toBeCloseTo(0.8 - 1.959964 * 0.01, 6);
    expect(hi).toBeCloseTo(0.8 + 1.959964 * 0.01, 6);
  });
});

describe('intervalOf', () => {
  it('prefers ci95 and keeps n', () => {
    expect(intervalOf(metric({ name: 'auc', value: 0.861, ci95: [0.852, 0.87], n: 12000, std: 1 }))).toEqual({ lo: 0.852, hi: 0.87, method: 'ci95', n: 12000 });
  });
  it('rescales an asymmetric ci95 for another alpha', () => {
    const i = intervalOf(metric({ name: 'auc', value: 0.86, ci95: [0.84, 0.87] }), 0.01)!;
    expect(i.lo).toBeCloseTo(0.86 - 0.02 * (2.575829 / 1.959964), 5);
    expect(i.hi).toBeCloseTo(0.86 + 0.01 * (2.575829 / 1.959964), 5);
    expect(i.n).toBeUndefined();
  });
  it('uses std with n (normal approximation)', () => {
    expect(intervalOf(metric({ name: 'f1', value: 0.7, std: 0.1, n: 100 }))).toMatchObject({ method: 'std', n: 100 });
  });
  it('uses an explicit standard error as one: value ± z·se, with or without n', () => {
    expect(intervalOf(metric({ name: 'auc', value: 0.86, se: 0.005 }))).toEqual({ lo: 0.86 - Z95 * 0.005, hi: 0.86 + Z95 * 0.005, method: 'se' });
    expect(intervalOf(metric({ name: 'auc', value: 0.86, se: 0.005, n: 4000 }), 0.01)).toMatchObject({ method: 'se', n: 4000, hi: 0.86 + zFor(0.01) * 0.005 });
  });
  it('std is the spread across the n examples, never a standard error: std 0.3 over 10,000 examples is ±0.00588', () => {
    const i = intervalOf(metric({ name: 'log_loss', value: 0.31, std: 0.3, n: 10000 }))!;
    expect(i.method).toBe('std');
    expect(i.hi - 0.31).toBeCloseTo((Z95 * 0.3) / 100, 10);
  });
  it('uses Wilson for a proportion with only n, nothing for other metrics', () => {
    expect(intervalOf(metric({ name: 'accuracy', value: 0.9, n: 100 }))).toMatchObject({ method: 'wilson', n: 100 });
    expect(intervalOf(metric({ name: 'auc', value: 0.9, n: 100 }))).toBeUndefined();
    expect(intervalOf(metric({ name: 'f1', value: 0.7, std: 0.1 }))).toBeUndefined();
    expect(intervalOf(metric({ name: 'accuracy', value: 91, n: 100 }))).toBeUndefined();
  });
});

describe('halfWidthToward', () => {
  it('takes the side of the interval facing the other value', () => {
    const i = { lo: 0.84, hi: 0.87, method: 'ci95' as const };
    expect(halfWidthToward(i, 0.86, 0.9)).toBeCloseTo(0.01, 10);
    expect(halfWidthToward(i, 0.86, 0.8)).toBeCloseTo(0.02, 10);
  });
});

describe('requiredSampleSize', () => {
  it('scales n by (half-width / gain)^2 and rounds up to two significant digits', () => {
    expect(requiredSampleSize(12000, 0.009, 0.003)).toBe(110000);
    expect(requiredSampleSize(1000, 0.0312, 0.01)).toBe(9800);
  });
  it('is always more than n: a gain at the edge of the interval is not outside it', () => {
    expect(requiredSampleSize(10, 1, 1)).toBe(11);
    expect(requiredSampleSize(12000, 0.01, 0.01)).toBe(13000);
  });
});
