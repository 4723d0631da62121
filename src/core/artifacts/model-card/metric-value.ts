// Reading a metric value as people write it on cards: a number, a numeric string ("0.861", as
// Model Card Toolkit stores every value), a value with its uncertainty ("0.861 ± 0.009"), or a
// percentage ("86.1%").
//
// Decisions (documented in the governance schema too, so editors show them):
// - `x ± y`, `x +- y`, `x +/- y`: y is read as a standard error (se = y, never `std`, which is
//   the spread across the n examples) and ci95 is derived as x ± 1.96·y. The card rarely says whether y is a std, a standard error or a CI half-width;
//   the standard-error reading gives the widest interval of the three, so a gain claimed inside
//   it is not reported as significant (fail closed), see types.ts `Metric.ci95`.
// - A `%` anywhere makes the whole expression a percentage, divided by 100: "86.1 ± 0.9%" and
//   "86.1% ± 0.9%" both mean 0.861 ± 0.009. This keeps "86.1%" comparable with a baseline
//   written as 0.855; a bare number is never rescaled (a WER of 20.9 stays 20.9).
import { z } from 'zod';
import type { Metric } from '../types.ts';

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const UNSIGNED = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const PLUS_MINUS = String.raw`(?:±|\+-|\+/-)`;

/** The accepted string forms, also emitted as the JSON Schema `pattern` so editors check them. */
export const METRIC_STRING_PATTERN = new RegExp(
  String.raw`^\s*(${NUMBER})\s*(%)?\s*(?:${PLUS_MINUS}\s*(${UNSIGNED})\s*(%)?)?\s*$`,
);

/** What a written value says: the point estimate and, for `x ± y`, its spread. */
export interface MetricValue {
  value: number;
  /** The ± part, read as a standard error. */
  se?: number;
  ci95?: [number, number];
}

/** z-value of a two-sided 95% interval. */
const Z95 = 1.96;

/** Rounds away binary noise (0.861 - 1.96 * 0.009 = 0.84336, not 0.8433599999999999). */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** The value a card wrote, or undefined when it is not a number in a form listed above. */
export function parseMetricValue(raw: unknown): MetricValue | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  // A card of thousands of metrics writes the same few strings ("0.75", "0.95") over and over:
  // remembered (bounded), and handed out as a fresh copy, since callers keep what they get.
  if (raw.length > 64) return parseMetricString(raw);
  const known = stringValues.get(raw);
  if (known !== undefined || stringValues.has(raw)) return known && copyOf(known);
  const parsed = parseMetricString(raw);
  if (stringValues.size < 10_000) stringValues.set(raw, parsed && copyOf(parsed));
  return parsed;
}

const stringValues = new Map<string, MetricValue | undefined>();

function copyOf(value: MetricValue): MetricValue {
  if (value.se === undefined) return { value: value.value };
  return { value: value.value, se: value.se, ci95: [value.ci95![0], value.ci95![1]] };
}

function parseMetricString(raw: string): MetricValue | undefined {
  const m = METRIC_STRING_PATTERN.exec(raw);
  if (!m) return undefined;
  // Only computed numbers are tidied: a value written with 16 digits keeps all of them.
  const percent = m[2] !== undefined || m[4] !== undefined;
  const read = (digits: string) => (percent ? tidy(Number(digits) / 100) : Number(digits));
  const value = read(m[1]!);
  if (!Number.isFinite(value)) return undefined;
  if (m[3] === undefined) return { value };
  const se = read(m[3]);
  if (!Number.isFinite(se)) return undefined;
  return { value, se, ci95: [tidy(value - Z95 * se), tidy(value + Z95 * se)] };
}

/** Short rendering of a value for messages: strings quoted and cut, containers named. */
export function describeValue(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'nothing (null)';
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 37)}...` : input);
  if (Array.isArray(input)) return input.length <= 4 && input.every((v) => typeof v === 'number') ? `[${input.join(', ')}]` : `a list (${input.length} item${input.length === 1 ? '' : 's'})`;
  if (typeof input === 'object') return 'a mapping';
  return String(input);
}

/**
 * A zod error function: "expected <what>, found <input>", or "missing, expected <what>" when
 * the key is missing. Used as the `error` option of schemas whose default message would be vague.
 */
export function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `missing, expected ${what}` : `expected ${what}, found ${describeValue(issue.input)}`);
}

export const METRIC_VALUE_EXPECTATION = 'a number or "value ± error"';

/** A number, or one of the string forms above; anything else is reported with the accepted forms. */
export const metricValueSchema = z
  .union([
    z.number({ error: expected(METRIC_VALUE_EXPECTATION) }),
    z.string({ error: expected(METRIC_VALUE_EXPECTATION) }).regex(METRIC_STRING_PATTERN, { error: expected(METRIC_VALUE_EXPECTATION) }),
  ], { error: expected(METRIC_VALUE_EXPECTATION) })
  .describe(
    'A number (0.861), or a string "0.861 ± 0.009" (also "+-" or "+/-"; the ± part is read as a standard error and ci95 derived as value ± 1.96·error), or a percentage "86.1%" / "86.1 ± 0.9%" (divided by 100).',
  );

/** Where a metric was measured, and any spread written next to its value. */
export type MetricContext = Pick<Metric, 'ci95' | 'std' | 'se' | 'n' | 'split' | 'dataset' | 'slice'>;

/**
 * A Metric from a name and a written value, or undefined when the value is not numeric.
 * A spread written as its own field (`ci95`, `se`) wins over one derived from "x ± y".
 */
export function buildMetric(name: string, raw: unknown, line: number, context: MetricContext = {}): Metric | undefined {
  const parsed = parseMetricValue(raw);
  if (!parsed) return undefined;
  const metric: Metric = { name: name.trim().toLowerCase(), value: parsed.value, line };
  const ci95 = context.ci95 ?? parsed.ci95;
  const se = context.se ?? parsed.se;
  if (ci95) metric.ci95 = ci95;
  if (context.std !== undefined) metric.std = context.std;
  if (se !== undefined) metric.se = se;
  if (context.n !== undefined) metric.n = context.n;
  if (context.split !== undefined) metric.split = context.split;
  if (context.dataset !== undefined) metric.dataset = context.dataset;
  if (context.slice !== undefined) metric.slice = context.slice;
  return metric;
}
