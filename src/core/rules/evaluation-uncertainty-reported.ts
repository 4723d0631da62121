// "Communicate with ambivalence": a point estimate with no uncertainty cannot be compared with
// anything, so every later decision (ship, roll back, retrain) is made on noise.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { metricFile } from './support/locate.ts';
import { claimedMetrics, formatCount, formatValue, isProportionMetric } from './support/metrics.ts';
import { wilsonInterval } from './support/stats.ts';
import { plural } from './support/wording.ts';

const round4 = (x: number) => String(Number(x.toFixed(4)));

export default defineRule({
  meta: {
    id: 'evaluation-uncertainty-reported',
    title: 'Evaluation metrics report their uncertainty',
    antipattern: 'communicate with ambivalence',
    area: 'evaluation',
    risk: 'uncertainty',
    rationale:
      'A metric without a confidence interval (or a standard deviation and sample size) cannot be told apart from noise, ' +
      'so gains, regressions and thresholds built on it are guesses. Checked: `governance.evaluation.metrics`, else the Model ' +
      'Card Toolkit\'s performance metrics. Hugging Face `model-index` has no field for uncertainty, so a card whose only metrics ' +
      'are there gets one finding, not one per metric, naming those whose value is not written "0.861 ± 0.009" (as stable-baselines3 ' +
      'cards write "mean ± std"); a card that reports no metrics gets none (model-card-required-sections covers that).',
    howToFix:
      'Give each metric `ci95: [low, high]`, or its standard error `se`, or `std` (the spread across the evaluation examples) with `n`, ' +
      'or write the value as "0.861 ± 0.009" (the ± read as a standard error).',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3bii), partly(C.euArt15_3), partly(C.measure2_3)],
    options: z.object({}),
    messages: {
      noUncertainty: 'Metric `{{metric}}` = {{value}} has no uncertainty: add `ci95: [low, high]`, or `std` with `n` (the number of evaluation examples).',
      noUncertaintyMct:
        'Metric `{{metric}}` = {{value}} has no uncertainty: add its `confidence_interval` (`{lower_bound, upper_bound}`, as TFMA computes it) ' +
        'to the entry in `quantitative_analysis.performance_metrics`.',
      noUncertaintyWilson: 'Metric `{{metric}}` = {{value}} has no uncertainty: add `ci95: [{{low}}, {{high}}]` (the Wilson 95% interval for n = {{n}}).',
      stdWithoutN:
        'Metric `{{metric}}` = {{value}} has `std` {{std}} but no `n`: `std` is the spread across the evaluation examples, so its interval needs their number; ' +
        'add `n`, or give the standard error as `se` (or `ci95`).',
      modelIndexOnly:
        'The card reports {{metrics}} only in `model-index`, which has no field for uncertainty: add them to `governance.evaluation.metrics` with `ci95`, or `std` and `n`.',
    },
    examples: {
      valid: ['evaluation:\n  metrics:\n    - {name: auc, value: 0.861, ci95: [0.852, 0.870], n: 12000}\n    - {name: accuracy, value: "0.91 ± 0.004"}'],
      invalid: ['evaluation:\n  metrics:\n    - {name: auc, value: 0.861}', 'evaluation:\n  metrics:\n    - {name: f1, value: 0.78, std: 0.01}   # no n'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card, cardPath: file } = head;
    // No block, or one that cannot be read: model-card-governance (naming the evaluation the card's
    // metrics lack) or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'evaluation')) return [];
    const metrics = claimedMetrics(card);
    if (metrics.length === 0) return [];
    const governed = (card.governance?.evaluation?.metrics.length ?? 0) > 0;
    if (!governed && card.format === 'hf-model-card') {
      // A value written "mean ± std" carries its spread (stable-baselines3 cards do so for every agent).
      const bare = metrics.filter((m) => !m.ci95 && m.se === undefined && m.std === undefined);
      if (bare.length === 0) return [];
      const names = [...new Set(bare.map((m) => `\`${m.name}\``))].join(', ');
      const described = `${plural(bare.length, 'metric')} (${names})`;
      return [{ messageId: 'modelIndexOnly', data: { metrics: described }, file, line: card.results[0]!.line }];
    }
    const reports: RuleReport[] = [];
    for (const m of metrics) {
      if (m.ci95 || m.se !== undefined || (m.std !== undefined && m.n !== undefined)) continue;
      const data = { metric: m.name, value: formatValue(m.value) };
      // A metric of the governance block (a Model Card Toolkit card's governance.yaml) or of the card itself.
      const at = { file: metricFile(head, m), line: m.line };
      if (m.std !== undefined) {
        reports.push({ messageId: 'stdWithoutN', data: { ...data, std: formatValue(m.std) }, ...at });
      } else if (m.n !== undefined && isProportionMetric(m.name, m.value)) {
        const [low, high] = wilsonInterval(m.value, m.n);
        reports.push({ messageId: 'noUncertaintyWilson', data: { ...data, low: round4(low), high: round4(high), n: formatCount(m.n) }, ...at });
      } else {
        // In the card's own format: a Model Card Toolkit metric has a `confidence_interval` field.
        const mct = card.format === 'mct-model-card' && at.file === head.cardPath;
        reports.push({ messageId: mct ? 'noUncertaintyMct' : 'noUncertainty', data, ...at });
      }
    }
    return reports;
  },
});
