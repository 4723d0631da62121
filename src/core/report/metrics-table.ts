// Headline metrics against their baselines, as a compact Markdown table: what a model-risk
// reviewer asks first ("better than production? by more than the noise?"). Direction-aware
// (a lower loss is better) and judged with the same interval the evaluation rules use.
import type { Baseline, Governance, Metric, ModelCard } from '../artifacts/types.ts';
import { isProductionBaseline } from '../rules/support/evaluation.ts';
import { findMetric, formatCount, improvement } from '../rules/support/metrics.ts';
import { combinedHalfWidth, intervalOf } from '../rules/support/stats.ts';
import { escapeMarkdown } from './escape.ts';

const MAX_METRICS = 5;
const MAX_BASELINES = 4;
const MAX_SLICES = 6;

export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}

function signed(value: number): string {
  if (value === 0) return '±0';
  return `${value > 0 ? '+' : '−'}${num(Math.abs(value))}`;
}

function withInterval(m: Metric): string {
  if (m.ci95) return `${num(m.value)} [${num(m.ci95[0])}, ${num(m.ci95[1])}]`;
  // `std` is the spread across the n examples, not an uncertainty: show the interval the rules
  // compute from it (or from `se`), never `value ± std`.
  const interval = m.se !== undefined || (m.std !== undefined && m.n !== undefined) ? intervalOf(m) : undefined;
  if (interval) {
    // A narrow interval (a std over tens of thousands of examples) would print as [0.311, 0.311]
    // at four digits: show its half-width instead.
    if (num(interval.lo) === num(interval.hi)) return `${num(m.value)} ± ${Number(((interval.hi - interval.lo) / 2).toPrecision(2))} (95 %)`;
    return `${num(m.value)} [${num(interval.lo)}, ${num(interval.hi)}]`;
  }
  if (m.std !== undefined) return `${num(m.value)} (std ${num(m.std)})`;
  return num(m.value);
}

/** Names people write in capitals (AUC, F1, SHAP); anything else is shown as written. */
const ACRONYMS = new Set(['auc', 'roc', 'f1', 'wer', 'cer', 'mae', 'mse', 'rmse', 'mape', 'ndcg', 'map', 'mrr', 'bleu', 'ppl', 'nll', 'eer', 'fpr', 'tpr', 'fnr', 'tnr', 'iou', 'r2', 'ks', 'psi', 'shap', 'lime']);

export function displayName(name: string): string {
  return ACRONYMS.has(name.trim().toLowerCase()) ? name.trim().toUpperCase() : name;
}

function metricName(name: string): string {
  return escapeMarkdown(displayName(name), 60);
}

function baselineHeader(b: Baseline): string {
  return escapeMarkdown(b.version ? `${b.name} ${b.version}` : b.name.replace(/[-_]/g, ' '), 60);
}

/** `+0.019 better, outside the CI ✅`: the change against production and whether it is beyond the noise. */
export function versusProduction(m: Metric, production: Metric | undefined): string {
  if (!production) return '—';
  const delta = m.value - production.value;
  const gain = improvement(m.name, production.value, m.value);
  if (gain === 0) return 'no change';
  const word = gain > 0 ? 'better' : 'worse';
  // The noise of both measurements, combined as evaluation-gain-significant and
  // evaluation-no-regression combine it, so the table never contradicts those rules.
  const { halfWidth, a, b } = combinedHalfWidth(m, production);
  if (!a && !b) return `${signed(delta)} ${word}, no interval to judge it`;
  const outside = Math.abs(gain) > halfWidth;
  if (!outside) return `${signed(delta)} ${word}, inside the CI ⚠️`;
  return `${signed(delta)} ${word}, outside the CI ${gain > 0 ? '✅' : '❌'}`;
}

/** A card with no `governance.evaluation` but Hugging Face `model-index` results: those, as reported. */
function resultsTable(card: ModelCard): string | undefined {
  const result = card.results.find((r) => r.metrics.length > 0);
  if (!result) return undefined;
  const where = [result.dataset?.name, result.dataset?.split].filter((x): x is string => Boolean(x)).map((x) => escapeMarkdown(x, 40));
  const header = [`metric${where.length ? ` (${where.join(', ')})` : ''}`, 'this PR'];
  const rows = result.metrics.slice(0, MAX_METRICS).map((m) => `| ${metricName(m.name)} | ${withInterval(m)} |`);
  return [`| ${header.join(' | ')} |`, '| --- | --- |', ...rows].join('\n');
}

export function metricsTable(card: ModelCard | undefined): string | undefined {
  if (!card) return undefined;
  const evaluation = card.governance?.evaluation;
  if (!evaluation || evaluation.metrics.length === 0) return resultsTable(card);
  // Production first, as a reviewer compares against it before anything else.
  const ordered = [...evaluation.baselines.filter(isProductionBaseline), ...evaluation.baselines.filter((b) => !isProductionBaseline(b))];
  const baselines = ordered.slice(0, MAX_BASELINES);
  const production = evaluation.baselines.find(isProductionBaseline);
  const metrics = evaluation.metrics.slice(0, MAX_METRICS);
  const n = metrics[0]?.n;
  const caption = [evaluation.split ? escapeMarkdown(evaluation.split, 40) : undefined, n !== undefined ? `n = ${formatCount(n)}` : undefined].filter(Boolean).join(', ');
  const header = [`metric${caption ? ` (${caption})` : ''}`, 'this PR', ...baselines.map(baselineHeader), ...(production ? ['vs production'] : [])];
  const rows = metrics.map((m) => {
    const cells = [
      metricName(m.name),
      withInterval(m),
      ...baselines.map((b) => {
        const v = findMetric(b.metrics, m.name);
        return v ? num(v.value) : '—';
      }),
      ...(production ? [versusProduction(m, findMetric(production.metrics, m.name))] : []),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const more = evaluation.metrics.length > MAX_METRICS ? [`\n${evaluation.metrics.length - MAX_METRICS} more metrics in the card.`] : [];
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows, ...more].join('\n');
}

/**
 * The slices on the headline metric, worst first: a group the model serves badly is what a
 * segment review looks for. Undefined when the card reports no slices.
 */
export function slicesLine(governance: Governance | undefined): string | undefined {
  const evaluation = governance?.evaluation;
  const headline = evaluation?.metrics[0];
  if (!evaluation || !headline || evaluation.slices.length === 0) return undefined;
  const scored = evaluation.slices
    .map((s) => ({ slice: s, metric: findMetric(s.metrics, headline.name) }))
    .filter((s): s is { slice: typeof s.slice; metric: Metric } => s.metric !== undefined)
    .sort((a, b) => improvement(headline.name, b.metric.value, a.metric.value));
  if (scored.length === 0) return undefined;
  const shown = scored.slice(0, MAX_SLICES).map(({ slice, metric }) => `${escapeMarkdown(slice.name, 60)} ${num(metric.value)}${slice.n !== undefined ? ` (n = ${formatCount(slice.n)})` : ''}`);
  const more = scored.length > MAX_SLICES ? ` · and ${scored.length - MAX_SLICES} more` : '';
  return `Slices (${metricName(headline.name)}, worst first): ${shown.join(' · ')}${more}`;
}
