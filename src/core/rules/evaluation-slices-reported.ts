// Segment validation: an overall metric averages over groups, and a model can be good on average
// while failing one region, product or protected group. Slices make that visible.
import { z } from 'zod';
import type { Metric } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { evaluationLine } from './support/evaluation.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { claimedMetrics, findMetric, formatValue, improvement } from './support/metrics.ts';
import { evaluationFile, metricFile } from './support/locate.ts';
import { taskExamples } from './support/task-family.ts';

const options = z.object({
  maxGap: z
    .number()
    .min(0)
    .default(0.05)
    .describe('Largest accepted shortfall of a slice below the overall metric, absolute and direction-aware (0.05 = 5 AUC points); set it per metric scale.'),
});

export default defineRule({
  meta: {
    id: 'evaluation-slices-reported',
    title: 'Evaluation reports slices, none far below overall',
    antipattern: 'segment validation',
    area: 'evaluation',
    risk: 'slices',
    rationale:
      'An overall metric can hide a segment the model serves badly. Slices come from `governance.evaluation.slices` or, in a Model ' +
      'Card Toolkit card, from sliced performance metrics. A slice is compared with the overall metric of the same name, ' +
      'direction-aware; `maxGap` is absolute, so set it per policy for unbounded metrics such as perplexity. Default severity is ' +
      'warn: which slices matter is a judgement; raise it to error for high-risk tiers.',
    howToFix:
      'Report metrics per relevant segment (for tabular models region, tenure, protected groups; per language or domain for text, ' +
      'per entity type for NER, per accent or recording condition for speech, per environment for agents: the message picks by the ' +
      'card\'s `pipeline_tag`); investigate and document any slice far below overall.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3bv), partly(C.euAnnexIV_3), partly(C.measure2_5)],
    options,
    messages: {
      noSlices:
        'No slice metrics: add `governance.evaluation.slices` with `{{metric}}` for the segments the model serves (e.g. {{segments}}), so a group it serves badly is visible.',
      noSlicesMct:
        'No slice metrics: add `quantitative_analysis.performance_metrics` entries with a `slice` and `{{metric}}` for the segments the model serves ' +
        '(e.g. {{segments}}), so a group it serves badly is visible.',
      sliceBelowOverall:
        'Slice `{{slice}}` has `{{metric}}` {{value}} against {{overall}} overall, {{gap}} worse (more than `maxGap` {{maxGap}}): investigate the gap, then fix it or document it under limitations with a mitigation.',
    },
    examples: {
      valid: ['evaluation:\n  metrics: [{name: auc, value: 0.861}]\n  slices:\n    - {name: "region=EU", metrics: {auc: 0.855}, n: 3100}'],
      invalid: ['evaluation:\n  metrics: [{name: auc, value: 0.861}]          # no slices', 'evaluation:\n  metrics: [{name: auc, value: 0.861}]\n  slices:\n    - {name: "age<25", metrics: {auc: 0.78}, n: 900}'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card } = head;
    // No block, or one that cannot be read: model-card-governance (naming the evaluation the card's
    // metrics lack) or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'evaluation')) return [];
    const overall = claimedMetrics(card);
    if (overall.length === 0) return [];
    const governed = (card.governance?.evaluation?.slices ?? []).flatMap((s) => s.metrics.map((metric) => ({ slice: s.name, metric })));
    // The card's own sliced results (a Model Card Toolkit card's `performance_metrics[].slice`)
    // count when the governance block states no slices (a governance.yaml may state baselines only).
    const sliced: { slice: string; metric: Metric }[] =
      governed.length > 0 ? governed : card.results.flatMap((r) => r.metrics.flatMap((metric) => (metric.slice === undefined ? [] : [{ slice: metric.slice, metric }])));
    if (sliced.length === 0) {
      // A Model Card Toolkit card slices its own performance metrics, unless its governance.yaml states the metrics.
      const ownSlices = card.format === 'mct-model-card' && (card.governance?.evaluation?.metrics.length ?? 0) === 0;
      const at = ownSlices && card.results[0] ? { file: head.cardPath, line: card.results[0].line } : { file: evaluationFile(head), line: evaluationLine(card) };
      return [{ messageId: ownSlices ? 'noSlicesMct' : 'noSlices', data: { metric: overall[0]!.name, segments: taskExamples(card).slices }, ...at }];
    }
    const reports: RuleReport[] = [];
    for (const { slice, metric } of sliced) {
      const whole = findMetric(overall, metric.name);
      if (!whole) continue;
      const gap = improvement(metric.name, metric.value, whole.value);
      if (gap <= ctx.options.maxGap) continue;
      const data = { slice, metric: metric.name, value: formatValue(metric.value), overall: formatValue(whole.value), gap: formatValue(gap), maxGap: formatValue(ctx.options.maxGap) };
      reports.push({ messageId: 'sliceBelowOverall', data, file: metricFile(head, metric), line: metric.line });
    }
    return reports;
  },
});
