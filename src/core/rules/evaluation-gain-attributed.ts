// Bad credit assignment: a gain is credited to the headline change (a new architecture, a new
// feature set) when it may come from something incidental (more data, a bug fix, a new seed).
// Ablations say which change bought which part of the gain.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { evaluationFile } from './support/locate.ts';
import { comparisons, evaluationLine, isProductionBaseline } from './support/evaluation.ts';
import { formatValue } from './support/metrics.ts';
import { taskExamples } from './support/task-family.ts';

export default defineRule({
  meta: {
    id: 'evaluation-gain-attributed',
    title: 'Claimed gains are attributed with ablations',
    antipattern: 'bad credit assignment',
    area: 'evaluation',
    risk: 'regression',
    rationale:
      'Bad credit assignment: without ablations, a gain is credited to the change the author cares about while it may come ' +
      'from more data, a fixed bug or a lucky seed. The rule fires once per card when any governance metric beats a baseline ' +
      'and `governance.evaluation.ablations` is empty; the message names the gain over production when there is one, else the largest.',
    howToFix: 'Add `governance.evaluation.ablations`: for each main change, the metric delta when it is removed, e.g. `{change: "tenure features", delta: {auc: 0.012}}`.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.srConceptualSoundness), partly(C.map2_3)],
    options: z.object({}),
    messages: {
      noAblations:
        'The card claims a gain in `{{metric}}` over `{{baseline}}` ({{old}} → {{new}}) but lists no ablations: add `governance.evaluation.ablations` with the change each part of the gain comes from, e.g. `{change: "{{change}}", delta: {{example}}}`.',
    },
    examples: {
      valid: ['evaluation:\n  baselines: [{name: production, metrics: {auc: 0.835}}]\n  ablations:\n    - {change: "tenure features", delta: {auc: 0.012}}'],
      invalid: ['evaluation:\n  metrics: [{name: auc, value: 0.861}]\n  baselines: [{name: production, metrics: {auc: 0.835}}]   # no ablations'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card } = head;
    const file = evaluationFile(head);
    if ((card.governance?.evaluation?.ablations.length ?? 0) > 0) return [];
    const gains = comparisons(card).filter((c) => c.gain > 0);
    if (gains.length === 0) return [];
    const named = gains.find((c) => isProductionBaseline(c.baseline)) ?? gains.reduce((a, b) => (b.gain > a.gain ? b : a));
    const data = {
      metric: named.metric.name,
      baseline: named.baseline.name,
      old: formatValue(named.baselineMetric.value),
      new: formatValue(named.metric.value),
      example: `{${named.metric.name}: <delta>}`,
      change: taskExamples(card).ablation,
    };
    return [{ messageId: 'noAblations', data, file, line: evaluationLine(card) }];
  },
});
