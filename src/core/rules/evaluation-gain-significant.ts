// Perceived empirical superiority: "0.861 beats 0.855" is a claim only when the difference is
// larger than the noise in measuring it. When it is not, say how much more data would settle it.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile } from './support/locate.ts';
import { comparisons } from './support/evaluation.ts';
import { formatCount, formatValue } from './support/metrics.ts';
import { combinedHalfWidth, requiredSampleSize, type Interval } from './support/stats.ts';

const options = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05).describe('Significance level of the interval a gain must clear: 0.05 = 95%, 0.01 = 99%.'),
});

function methodText(interval: Interval): string {
  if (interval.method === 'ci95') return 'the reported ci95';
  if (interval.method === 'se') return 'the reported standard error';
  return interval.method === 'std' ? 'std/√n, normal approximation' : `Wilson interval, n = ${formatCount(interval.n!)}`;
}

/** How the half-width was found: the metric's own interval, combined with the baseline's, or the baseline's alone. */
function describeMethod(own: Interval | undefined, baseline: Interval | undefined): string {
  if (!own) return `the baseline's ${methodText(baseline!).replace(/^the /, '')}`;
  return baseline ? `${methodText(own)}, combined with the baseline's` : methodText(own);
}

export default defineRule({
  meta: {
    id: 'evaluation-gain-significant',
    title: 'Claimed gains are larger than their uncertainty',
    antipattern: 'PEST',
    area: 'evaluation',
    risk: 'regression',
    rationale:
      'Perceived empirical superiority: a gain smaller than the measurement noise is not evidence of a better model. Each ' +
      'governance metric that beats a baseline is checked against its interval at `alpha`: the reported ci95 (rescaled for other ' +
      'alphas), else the standard error `se` (±z·se), else std and n (std is the spread across the n examples: normal approximation, ' +
      'SE = std/√n), else, for a proportion (accuracy, precision, recall, error ' +
      'rate) with n, the Wilson interval; a baseline\'s own interval, when given, is combined in quadrature (and used alone when the ' +
      'new value has none). Comparisons with no uncertainty on either side are left to evaluation-uncertainty-reported.',
    howToFix: 'Evaluate on more data (the message says about how much), or report the result as "no significant difference" instead of a gain.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.srDevelopment), partly(C.map2_3)],
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
    const { card } = head;
    // Baselines are the governance block's (a Model Card Toolkit card's governance.yaml).
    const file = governanceFile(head);
    const { alpha } = ctx.options;
    const confidence = formatValue((1 - alpha) * 100);
    const reports: RuleReport[] = [];
    for (const { metric, baseline, baselineMetric, gain } of comparisons(card)) {
      if (gain <= 0) continue;
      const { halfWidth, a: interval, b: other } = combinedHalfWidth(metric, baselineMetric, alpha);
      // With no interval on the new value, the baseline's alone still bounds the noise in the comparison.
      if (!interval && !other) continue;
      if (gain > halfWidth) continue;
      const data = {
        metric: metric.name,
        baseline: baseline.name,
        old: formatValue(baselineMetric.value),
        new: formatValue(metric.value),
        gain: formatValue(gain),
        confidence,
        halfWidth: formatValue(halfWidth),
        method: describeMethod(interval, other),
      };
      const n = interval ? interval.n : other!.n;
      if (n === undefined) {
        reports.push({ messageId: 'insideUncertaintyNoN', data, file, line: baseline.line });
      } else {
        const required = formatCount(requiredSampleSize(n, halfWidth, gain));
        reports.push({ messageId: 'insideUncertainty', data: { ...data, required, n: formatCount(n) }, file, line: baseline.line });
      }
    }
    return reports;
  },
});
