// Metric names as people write them (`auc`, `eval_loss`, `test/WER`, `neg_log_loss`), and
// which way is better for each: a regression check that treats a lower loss as worse is wrong
// in the most confident possible way, so direction is decided in one place.
import type { Metric, ModelCard } from '../../artifacts/types.ts';

/** Tokens that make a metric lower-is-better wherever they appear in its name. */
const LOWER_IS_BETTER = new Set([
  'loss', 'error', 'errors', 'err', 'wer', 'cer', 'ter', 'der', 'perplexity', 'ppl', 'mae', 'mse', 'rmse', 'rmsle', 'msle', 'mape',
  'smape', 'wape', 'mase', 'medae', 'logloss', 'brier', 'nll', 'entropy', 'crossentropy', 'xent', 'deviance', 'crps', 'pinball',
  'fpr', 'fnr', 'fdr', 'frr', 'eer', 'ece', 'mce', 'bpc', 'bpb', 'fid', 'kid', 'hamming', 'regret', 'latency',
]);

/** `false_positive_rate`, `false negative rate`, `false_alarm_rate`, `miss_rate`: error rates spelled out. */
function isSpelledErrorRate(tokens: readonly string[]): boolean {
  return (tokens.includes('false') && tokens.some((t) => ['positive', 'positives', 'negative', 'negatives', 'alarm', 'discovery', 'omission'].includes(t))) ||
    (tokens.includes('miss') && tokens.includes('rate'));
}

/** Tokens of proportion metrics: counts over a known number of samples, so Wilson applies. */
const PROPORTION_TOKENS = new Set(['accuracy', 'acc', 'precision', 'recall', 'sensitivity', 'specificity', 'tpr', 'tnr', 'fpr', 'fnr']);
/** Whole names of proportion metrics whose tokens alone are ambiguous (`mean_absolute_error` is not one). */
const PROPORTION_NAMES = new Set(['error', 'error_rate', 'err', 'misclassification_rate', 'hit_rate', 'exact_match', 'em']);

/**
 * Normalized names by name: rules compare every metric with every baseline's of every model, and
 * a repository spells the same few names again and again. Bounded, so odd input cannot grow it.
 */
const normalizedNames = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 10_000;

/** `Test/Log-Loss` -> `test_log_loss`: the form names are compared in. */
export function normalizeMetricName(name: string): string {
  let normalized = normalizedNames.get(name);
  if (normalized === undefined) {
    normalized = name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9@]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (normalizedNames.size < MAX_REMEMBERED_NAMES) normalizedNames.set(name, normalized);
  }
  return normalized;
}

export type Direction = 'higher' | 'lower';

/** Which way is better. scikit-learn's `neg_*` scores (negated losses) are higher-is-better. */
export function metricDirection(name: string): Direction {
  const tokens = normalizeMetricName(name).split(/[_@]/);
  if (tokens[0] === 'neg' || tokens[0] === 'negative') return 'higher';
  return tokens.some((t) => LOWER_IS_BETTER.has(t)) || isSpelledErrorRate(tokens) ? 'lower' : 'higher';
}

/** Rounds away binary floating-point noise (0.861 - 0.811 is 0.05000000000000004). */
export function clean(x: number): number {
  return Number(x.toFixed(12));
}

/** How much `to` improves on `from` for this metric: positive = better, negative = worse. */
export function improvement(name: string, from: number, to: number): number {
  return clean(metricDirection(name) === 'lower' ? from - to : to - from);
}

/** True for a proportion-like metric (accuracy, precision, recall, error rate, ...) with a value in [0, 1]. */
export function isProportionMetric(name: string, value: number): boolean {
  if (!(value >= 0 && value <= 1)) return false;
  const normalized = normalizeMetricName(name);
  if (PROPORTION_NAMES.has(normalized)) return true;
  const tokens = normalized.split(/[_@]/);
  return tokens.some((t) => PROPORTION_TOKENS.has(t)) || (isSpelledErrorRate(tokens) && tokens.includes('rate'));
}

export function sameMetric(a: string, b: string): boolean {
  return normalizeMetricName(a) === normalizeMetricName(b);
}

export function findMetric(metrics: readonly Metric[], name: string): Metric | undefined {
  return metrics.find((m) => sameMetric(m.name, name));
}

/**
 * The metrics a card claims, from the most to the least structured source: the governance
 * evaluation, else every metric of the Model Card Toolkit's quantitative analysis or the
 * Hugging Face `model-index` (in card order). The first one is the headline.
 */
export function claimedMetrics(card: ModelCard): Metric[] {
  const governed = card.governance?.evaluation?.metrics ?? [];
  if (governed.length > 0) return governed;
  return card.results.flatMap((r) => r.metrics).filter((m) => m.slice === undefined);
}

/** A value as a reviewer reads it: six significant digits at most, no float noise. */
export function formatValue(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A signed difference: `+0.006`, `-0.012`. */
export function formatDelta(x: number): string {
  return (x > 0 ? '+' : '') + formatValue(x);
}

/** A sample size with thousands separators (`41,000`), independent of the runtime's locale. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
