// A model update that is worse than what it replaces should not merge by accident. "Worse" is
// direction-aware (a rising loss is a regression) and must exceed what noise explains: the
// reported uncertainty, or the policy's tolerance, whichever is larger.
import { z } from 'zod';
import type { Metric } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { metricFile } from './support/locate.ts';
import { isProductionBaseline } from './support/evaluation.ts';
import { claimedMetrics, clean, findMetric, formatDelta, formatValue, improvement, metricDirection } from './support/metrics.ts';
import { combinedHalfWidth } from './support/stats.ts';

const options = z.object({
  tolerance: z
    .number()
    .min(0)
    .default(0)
    .describe('Absolute worsening of the headline metric accepted without a finding (e.g. 0.005 AUC); the larger of this and the 95% uncertainty applies.'),
});

/**
 * The headline to compare with a reference: the card's first metric when the reference reports
 * it, else the reference's own headline when the card still reports it (a card that puts a new
 * metric first does not stop the old headline from being compared).
 */
function comparable(claimed: readonly Metric[], reference: readonly Metric[]): { head: Metric; metric: Metric } | undefined {
  const first = findMetric(reference, claimed[0]!.name);
  if (first) return { head: claimed[0]!, metric: first };
  const theirs = reference[0] && findMetric(claimed, reference[0].name);
  return theirs ? { head: theirs, metric: reference[0]! } : undefined;
}

export default defineRule({
  meta: {
    id: 'evaluation-no-regression',
    title: 'Headline metric does not regress',
    antipattern: 'PEST / lifecycle',
    area: 'evaluation',
    risk: 'regression',
    rationale:
      'An update can ship a worse model when nobody compares it with what it replaces. The headline metric (the first of ' +
      '`governance.evaluation.metrics`, else of the card\'s results; the reference\'s own headline when the card put another metric ' +
      'first) is compared with the same metric on the base branch\'s card ' +
      'and with the `production` baseline, direction-aware (loss, error, WER, perplexity: lower is better). A drop counts when ' +
      'it exceeds both the 95% uncertainty (the new value\'s interval, combined with the reference\'s when it has one) and the `tolerance`.',
    howToFix: 'Fix the regression before merging; if it is an accepted trade-off, say so in the card and waive the rule with the reason.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt15_1), partly(C.srOutcomesAnalysis), partly(C.measure2_3)],
    options,
    messages: {
      regression:
        'Headline metric `{{metric}}` is worse than {{reference}}: {{old}} → {{new}} ({{delta}}; {{direction}} is better), more than the {{allowed}} allowed by {{allowedBy}}. Fix the regression, or waive `evaluation-no-regression` with the reason it is acceptable.',
    },
    examples: {
      valid: ['# base card: auc 0.861\nevaluation:\n  metrics: [{name: auc, value: 0.858, ci95: [0.849, 0.867]}]   # drop inside the CI'],
      invalid: ['evaluation:\n  metrics: [{name: auc, value: 0.84, ci95: [0.835, 0.845]}]\n  baselines:\n    - {name: production, metrics: {auc: 0.861}}'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    const claimed = claimedMetrics(card);
    if (claimed.length === 0) return [];
    const references: { label: string; metric: Metric; head: Metric }[] = [];
    if (model.base) {
      const pair = comparable(claimed, claimedMetrics(model.base.card));
      const version = model.base.card.governance?.version;
      if (pair) references.push({ label: version ? `the base branch's card (version ${version})` : "the base branch's card", ...pair });
    }
    const production = card.governance?.evaluation?.baselines.find(isProductionBaseline);
    const inProduction = production ? comparable(claimed, production.metrics) : undefined;
    const onBase = references[0];
    // The production numbers copied from the base card are one comparison, not two.
    if (production && inProduction && !(onBase && onBase.head === inProduction.head && onBase.metric.value === inProduction.metric.value)) {
      references.push({ label: `the \`${production.name}\` baseline${production.version ? ` ${production.version}` : ''}`, ...inProduction });
    }
    const reports: RuleReport[] = [];
    for (const { label, metric: old, head: headline } of references) {
      const worse = -improvement(headline.name, old.value, headline.value);
      if (worse <= 0) continue;
      const noise = combinedHalfWidth(headline, old).halfWidth;
      const allowed = Math.max(noise, ctx.options.tolerance);
      if (worse <= allowed) continue;
      const allowedBy =
        allowed === 0 ? 'the card (no uncertainty reported, tolerance 0)' : noise >= ctx.options.tolerance ? 'the 95% uncertainty' : 'the policy tolerance';
      reports.push({
        messageId: 'regression',
        data: {
          metric: headline.name,
          reference: label,
          old: formatValue(old.value),
          new: formatValue(headline.value),
          delta: formatDelta(clean(headline.value - old.value)),
          direction: metricDirection(headline.name),
          allowed: formatValue(allowed),
          allowedBy,
        },
        file: metricFile(model.head, headline),
        line: headline.line,
      });
    }
    return reports;
  },
});
