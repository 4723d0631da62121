// Perceived empirical superiority (PEST) and KISS: a model is only "good" relative to something.
// Without a simple baseline nobody knows whether the complexity pays; without the production
// model on the same split nobody knows whether the update is better than what serves today.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { evaluationLine, isProductionBaseline } from './support/evaluation.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { claimedMetrics, findMetric } from './support/metrics.ts';
import { evaluationFile, governanceFile, governanceHome } from './support/locate.ts';
import { taskExamples } from './support/task-family.ts';

export default defineRule({
  meta: {
    id: 'evaluation-baseline-compared',
    title: 'Evaluation compares with a simple baseline and with production',
    antipattern: 'PEST, KISS',
    area: 'evaluation',
    risk: 'baseline',
    rationale:
      'Perceived empirical superiority: a metric in isolation says nothing about whether the model is worth its complexity or ' +
      'better than the model it replaces. A simple baseline is any baseline not named production/prod/current/previous/champion/' +
      'incumbent; a production baseline (one with such a name) is required only when the model already exists on the base branch. ' +
      'Cards that report no metrics are left to model-card-required-sections. Model Card Toolkit JSON has no field for baselines, so such a card ' +
      'gets the finding until a governance block (in a MODEL_CARD.md) states them.',
    howToFix:
      'Add `governance.evaluation.baselines`: a simple model fit for the task (logistic regression or a majority class for tabular ' +
      'classification, a random policy for reinforcement learning, the base checkpoint\'s WER for speech recognition, BLEU of the system ' +
      'in use for translation, ...; the message picks the example by the card\'s `pipeline_tag`) and, for an ' +
      'update, `{name: production, version: <serving version>, metrics: {...}}`, all on the same split and metrics.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.srOngoingMonitoring), partly(C.measure2_3), partly(C.euAnnexIV_2g)],
    options: z.object({}),
    messages: {
      noSimpleBaseline:
        'No simple baseline ({{compared}}): add one such as {{example}} to `governance.evaluation.baselines`{{where}}, on the same split, to show the model\'s complexity pays off.',
      noBaselines:
        'No baselines at all, and this PR changes an existing model: add a simple one (such as {{example}}) and `{name: production, version: {{baseVersion}}, metrics: {...}}` to `governance.evaluation.baselines`{{where}}, on the same split.',
      noProductionBaseline:
        'This PR changes an existing model but the evaluation has no `production` baseline: add `{name: production, version: {{baseVersion}}, metrics: {...}}` measured on the same split.',
      notComparable: 'Baseline `{{baseline}}` reports {{baselineMetrics}} but none of the evaluated metrics ({{metrics}}): report `{{metric}}` for it on the same split.',
      noBaselineMetrics: 'Baseline `{{baseline}}` reports no numeric metrics: report `{{metric}}` for it on the same split.',
    },
    examples: {
      valid: ['evaluation:\n  metrics: [{name: auc, value: 0.861, ci95: [0.852, 0.87]}]\n  baselines:\n    - {name: logistic-regression, metrics: {auc: 0.781}}\n    - {name: production, version: 2.2.0, metrics: {auc: 0.835}}'],
      invalid: ['evaluation:\n  metrics: [{name: auc, value: 0.861}]            # no baselines', 'evaluation:\n  baselines:\n    - {name: production, metrics: {auc: 0.835}}   # no simple baseline'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // The evaluation as a whole is the governance block's (a Model Card Toolkit card's governance.yaml)
    // or the card's own results; baselines are always the block's.
    const file = evaluationFile(model.head);
    const blockFile = governanceFile(model.head);
    const advice = { example: taskExamples(card).baseline, where: governanceHome(model.head) };
    // No block, or one that cannot be read: model-card-governance (naming the evaluation the card's
    // metrics lack) or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'evaluation')) return [];
    const metrics = claimedMetrics(card);
    if (metrics.length === 0) return [];
    const baselines = card.governance?.evaluation?.baselines ?? [];
    const line = evaluationLine(card);
    const reports: RuleReport[] = [];
    const production = baselines.filter(isProductionBaseline);
    const baseVersion = model.base?.card.governance?.version ?? '<version on the base branch>';
    // No baselines at all on an update is one defect: one finding asks for both kinds.
    if (baselines.length === 0 && model.base) return [{ messageId: 'noBaselines', data: { baseVersion, ...advice }, file, line }];
    if (production.length === baselines.length) {
      const compared = baselines.length === 0 ? 'no baselines at all' : `only ${production.map((b) => `\`${b.name}\``).join(', ')}`;
      reports.push({ messageId: 'noSimpleBaseline', data: { compared, ...advice }, file, line });
    }
    if (model.base && production.length === 0) {
      reports.push({ messageId: 'noProductionBaseline', data: { baseVersion }, file, line });
    }
    const names = [...new Set(metrics.map((m) => m.name))];
    for (const baseline of baselines) {
      if (baseline.metrics.length === 0) {
        reports.push({ messageId: 'noBaselineMetrics', data: { baseline: baseline.name, metric: names[0]! }, file: blockFile, line: baseline.line });
        continue;
      }
      if (names.some((n) => findMetric(baseline.metrics, n))) continue;
      const quoted = (list: string[]) => list.map((n) => `\`${n}\``).join(', ');
      const data = { baseline: baseline.name, baselineMetrics: quoted(baseline.metrics.map((m) => m.name)), metrics: quoted(names), metric: names[0]! };
      reports.push({ messageId: 'notComparable', data, file: blockFile, line: baseline.line });
    }
    return reports;
  },
});
