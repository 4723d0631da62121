// The statistics the evaluation rules need, and no more: a normal quantile, the Wilson score
// interval, the interval a reported metric implies, and the sample size a gain would need.
// Pure and deterministic, so a finding's numbers are the same on every run.
import type { Metric } from '../../artifacts/types.ts';
import { clean, isProportionMetric } from './metrics.ts';

/** Two-sided 95% normal quantile: what a reported `ci95` was computed with. */
export const Z95 = 1.959963984540054;

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error
 * < 1.2e-9), so any `alpha` a policy sets gets its quantile without a statistics library.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
}

/** z for a two-sided interval at significance `alpha` (0.05 -> 1.96). */
export function zFor(alpha: number): number {
  return alpha === 0.05 ? Z95 : normalQuantile(1 - alpha / 2);
}

/** Wilson score interval for a proportion `p` observed on `n` samples. */
export function wilsonInterval(p: number, n: number, z = Z95): [number, number] {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** Normal-approximation interval from a standard deviation across `n` samples (SE = std / √n). */
export function normalInterval(value: number, std: number, n: number, z = Z95): [number, number] {
  const half = (z * std) / Math.sqrt(n);
  return [value - half, value + half];
}

export type IntervalMethod = 'ci95' | 'se' | 'std' | 'wilson';

export interface Interval {
  lo: number;
  hi: number;
  method: IntervalMethod;
  /** Sample size behind the interval, when the card gives it (needed to suggest a larger n). */
  n?: number;
}

/**
 * The uncertainty a card reports for a metric, at significance `alpha`:
 * its `ci95` (rescaled when alpha is not 0.05), else its standard error `se` (value ± z·se), else
 * `std` with `n` (std is the spread across the n examples: SE = std/√n, normal approximation),
 * else, for a proportion-like metric in [0, 1] with `n`, the Wilson interval.
 * Undefined when the card gives nothing to compute one from.
 */
export function intervalOf(metric: Metric, alpha = 0.05): Interval | undefined {
  const z = zFor(alpha);
  const n = metric.n !== undefined && metric.n > 0 ? metric.n : undefined;
  if (metric.ci95) {
    const scale = z / Z95;
    const below = Math.max(0, metric.value - metric.ci95[0]) * scale;
    const above = Math.max(0, metric.ci95[1] - metric.value) * scale;
    return withN({ lo: metric.value - below, hi: metric.value + above, method: 'ci95' }, n);
  }
  if (metric.se !== undefined) return withN({ lo: metric.value - z * metric.se, hi: metric.value + z * metric.se, method: 'se' }, n);
  if (metric.std !== undefined && n !== undefined) {
    const [lo, hi] = normalInterval(metric.value, metric.std, n, z);
    return { lo, hi, method: 'std', n };
  }
  if (n !== undefined && isProportionMetric(metric.name, metric.value)) {
    const [lo, hi] = wilsonInterval(metric.value, n, z);
    return { lo, hi, method: 'wilson', n };
  }
  return undefined;
}

function withN(interval: Interval, n: number | undefined): Interval {
  return n === undefined ? interval : { ...interval, n };
}

/** Half-width of an interval on the side facing `other` (intervals may be asymmetric). */
export function halfWidthToward(interval: Interval, value: number, other: number): number {
  return other >= value ? interval.hi - value : value - interval.lo;
}

/**
 * The noise between two measured values at significance `alpha`: each value's interval on the
 * side facing the other, combined in quadrature (a value without an interval adds nothing).
 * `halfWidth` is 0 when neither has one; the intervals are returned for messages that say how
 * the figure was found.
 */
export function combinedHalfWidth(a: Metric, b: Metric, alpha = 0.05): { halfWidth: number; a?: Interval; b?: Interval } {
  const intervalA = intervalOf(a, alpha);
  const intervalB = intervalOf(b, alpha);
  const fromA = intervalA ? halfWidthToward(intervalA, a.value, b.value) : 0;
  const fromB = intervalB ? halfWidthToward(intervalB, b.value, a.value) : 0;
  return { halfWidth: clean(Math.sqrt(fromA * fromA + fromB * fromB)), ...(intervalA && { a: intervalA }), ...(intervalB && { b: intervalB }) };
}

/**
 * Smallest sample size at which a half-width `halfWidth` observed with `n` samples shrinks below
 * `gain` (half-widths scale as 1/√n), rounded up to two significant digits: a planning figure.
 * Always more than `n`: a gain exactly at the edge of the interval is not yet outside it.
 */
export function requiredSampleSize(n: number, halfWidth: number, gain: number): number {
  const exact = Math.floor(n * (halfWidth / gain) ** 2) + 1;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(exact)) - 1);
  return Math.ceil(exact / unit) * unit;
}
