// Reading the evaluation block the way every evaluation rule must: which baseline is the
// production model, where to point when the evaluation as a whole is at fault, and which
// gains the card claims over which baselines.
import type { Baseline, Metric, ModelCard } from '../../artifacts/types.ts';
import { findMetric, improvement } from './metrics.ts';

/** Baseline names that mean "the model serving today", not a simple (KISS) baseline. */
export const PRODUCTION_NAMES: readonly string[] = ['production', 'prod', 'current', 'previous', 'champion', 'incumbent'];

// Words that may stand beside a production name without changing what it names.
const PRODUCTION_FILLERS = new Set(['model', 'version', 'baseline', 'serving', 'live', 'deployed']);

/**
 * A production name alone or with a version and filler words (`production`, `production-2.2.0`,
 * `Prod model`, `v2.2.0 (production)`); any other word makes it something else
 * (`production-like heuristic` is a simple baseline).
 */
export function isProductionBaseline(baseline: Baseline): boolean {
  const words = baseline.name.toLowerCase().split(/[^a-z0-9.]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean);
  const named = words.filter((w) => PRODUCTION_NAMES.includes(w));
  return named.length > 0 && words.every((w) => PRODUCTION_NAMES.includes(w) || PRODUCTION_FILLERS.has(w) || /^v?\d+(\.\d+)*$/.test(w));
}

/** The line to point at for the evaluation as a whole: its block, else the results, else the card. */
export function evaluationLine(card: ModelCard): number {
  return card.governance?.evaluation?.line ?? card.results[0]?.line ?? card.governance?.line ?? card.bodyLine;
}

export interface Comparison {
  metric: Metric;
  baseline: Baseline;
  baselineMetric: Metric;
  /** Direction-aware: positive = the new model is better. */
  gain: number;
}

/** Every (governance metric, baseline) pair the card reports a value for on both sides. */
export function comparisons(card: ModelCard): Comparison[] {
  const evaluation = card.governance?.evaluation;
  if (!evaluation) return [];
  return evaluation.baselines.flatMap((baseline) =>
    evaluation.metrics.flatMap((metric) => {
      const baselineMetric = findMetric(baseline.metrics, metric.name);
      return baselineMetric ? [{ metric, baseline, baselineMetric, gain: improvement(metric.name, baselineMetric.value, metric.value) }] : [];
    }),
  );
}
