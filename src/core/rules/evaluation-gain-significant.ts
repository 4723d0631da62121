// Perceived empirical superiority: "0.861 beats 0.855" is a claim only when the difference is
// larger than the noise in measuring it. When it is not, say how much more data would settle it.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { comparisons } from './support/evaluation.ts';
import { clean, formatCount, formatValue } from './support/metrics.ts';
import { halfWidthToward, intervalOf, requiredSampleSize, type Interval } from './support/stats.ts';

const options = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05).describe('Significance level of the interval a gain must clear: 0.05 = 95%, 0.01 = 99%.'),
});

function describeMethod(interval: Interval, combined: boolean): string {
  const own =
    interval.method === 'ci95' ? 'the reported ci95' : interval.method === 'std' ? 'std/√n, normal approximation' : `Wilson interval, n = ${formatCount(interval.n!)}`;
  return combined ? `${own}, combined with the baseline's` : own;
}

export default defineRule({
  meta: {
    id: 'evaluation-gain-significant',
    title: 'Claimed gains are larger than their uncertainty',
    antipattern: 'PEST',
    area: 'evaluation',
    rationale:
      'Perceived empirical superiority: a gain smaller than the measurement noise is not evidence of a better model. Each ' +
      'governance metric that beats a baseline is checked against its interval at `alpha`: the reported ci95 (rescaled for other ' +
      'alphas), else std and n (normal approximation, SE = std/√n), else, for a proportion (accuracy, precision, recall, error ' +
      'rate) with n, the Wilson interval; a baseline\'s own interval, when given, is combined in quadrature. Metrics with no ' +
      'uncertainty at all are left to evaluation-uncertainty-reported.',
    howToFix: 'Evaluate on more data (the message says about how much), or report the result as "no significant difference" instead of a gain.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    options,
    messages: {
      insideUncertainty:
        'The gain in `{{metric}}` over `{{baseline}}` ({{old}} → {{new}}, +{{gain}}) is inside the {{confidence}}% uncertainty (±{{halfWidth}}, {{method}}), so it may be noise: about N = {{required}} evaluation samples (now {{n}}) would make a gain of {{gain}} distinguishable at {{confidence}}%; otherwise do not claim the gain.',
      insideUncertaintyNoN:
        'The gain in `{{metric}}` over `{{baseline}}` ({{old}} → {{new}}, +{{gain}}) is inside the {{confidence}}% uncertainty (±{{halfWidth}}, {{method}}), so it may be noise: evaluate on more data (add `n` to the metric to get the sample size needed), or do not claim the gain.',
    },
    examples: {
      valid: ['evaluation:\n  metrics: [{name: auc, value: 0.861, ci95: [0.852, 0.870], n: 12000}]\n  baselines:\n    - {name: production, metrics: {auc: 0.835}}   # +0.026, outside ±0.009'],
      invalid: ['evaluation:\n  metrics: [{name: auc, value: 0.861, ci95: [0.852, 0.870], n: 12000}]\n  baselines:\n    - {name: production, metrics: {auc: 0.858}}   # +0.003, inside ±0.009'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card, cardPath: file } = head;
    const { alpha } = ctx.options;
    const confidence = formatValue((1 - alpha) * 100);
    const reports: RuleReport[] = [];
    for (const { metric, baseline, baselineMetric, gain } of comparisons(card)) {
      if (gain <= 0) continue;
      const interval = intervalOf(metric, alpha);
      if (!interval) continue;
      const own = halfWidthToward(interval, metric.value, baselineMetric.value);
      const other = intervalOf(baselineMetric, alpha);
      const theirs = other ? halfWidthToward(other, baselineMetric.value, metric.value) : 0;
      const halfWidth = clean(Math.sqrt(own * own + theirs * theirs));
      if (gain > halfWidth) continue;
      const data = {
        metric: metric.name,
        baseline: baseline.name,
        old: formatValue(baselineMetric.value),
        new: formatValue(metric.value),
        gain: formatValue(gain),
        confidence,
        halfWidth: formatValue(halfWidth),
        method: describeMethod(interval, other !== undefined),
      };
      if (interval.n === undefined) {
        reports.push({ messageId: 'insideUncertaintyNoN', data, file, line: baseline.line });
      } else {
        const required = formatCount(requiredSampleSize(interval.n, halfWidth, gain));
        reports.push({ messageId: 'insideUncertainty', data: { ...data, required, n: formatCount(interval.n) }, file, line: baseline.line });
      }
    }
    return reports;
  },
});
