// A metric means nothing without the data it was measured on. A number with no split cannot be
// told apart from a validation score (picked by the same runs that chose the model) or a training
// score; a number measured only on validation is the selection score, shown as if it were the
// model's performance. Split names are read by role: `eval`, `dev`, `valid` are validation.
import { z } from 'zod';
import type { EvalResult, ModelCard } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceState } from './support/governance.ts';
import { lineAt } from './support/locate.ts';
import { resultDeclaresSplit, resultSplitRole, splitRole } from './support/splits.ts';
import { listOf } from './support/wording.ts';

const options = z.object({
  exemptTasks: z
    .array(z.string())
    .default(['reinforcement-learning'])
    .describe('model-index task types whose results have no data split (an RL agent is scored on episodes of its environment).'),
});

// Validation spellings evaluation-test-set-isolated already reports on `governance.evaluation.split`.
const REPORTED_ELSEWHERE = new Set(['validation', 'valid', 'val', 'dev', 'development']);

const datasetOf = (r: EvalResult) => r.dataset?.type ?? r.dataset?.name ?? 'the dataset';
const metricNames = (r: EvalResult) => listOf([...new Set(r.metrics.map((m) => m.name))], 4);

export default defineRule({
  meta: {
    id: 'evaluation-split-declared',
    title: 'Every reported metric names its split, and not only validation',
    antipattern: 'communicate with ambivalence / grade-your-own-exam',
    area: 'evaluation',
    risk: 'uncertainty',
    rationale:
      'A reported metric is only as good as the data it was measured on. With no split (no `governance.evaluation.split`, no ' +
      'model-index `dataset.split`, no split in the metric name) a reader cannot tell a held-out test score from the validation ' +
      'score the model was selected on. A card whose only numbers are on validation (`validation`, `eval`, `dev`, `valid` all ' +
      'mean validation) presents the selection score as the model\'s performance. Warn by default: on public benchmarks without ' +
      'test labels (GLUE) validation is all there is, and the card should say so.',
    howToFix:
      'Add `split: test` (or the split you used) to each model-index `dataset`, or `governance.evaluation.split`; when the only ' +
      'numbers are on validation, evaluate the chosen model on a held-out test split and report that, or state under limitations ' +
      'that no test split exists.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_2g), partly(C.measure2_1)],
    options,
    messages: {
      noSplit:
        'The {{datasets}} results ({{metrics}}) name no split, so a reader cannot tell a held-out test score from a validation ' +
        'score: add `split:` (`test`, `validation`, ...) to their model-index `dataset`.',
      noSplitGoverned:
        'The governance metrics ({{metrics}}) name no split, and neither does model-index, so a reader cannot tell a held-out test ' +
        'score from a validation score: set `governance.evaluation.split`.',
      validationOnly:
        'The `{{dataset}}` results ({{metrics}}) are measured only on `{{split}}`, a validation split: that is the score the model was ' +
        'selected on, not its performance on unseen data; report a held-out test split, or say under limitations that there is none.',
    },
    examples: {
      valid: [
        'model-index:\n  - name: my-model\n    results:\n      - task: {type: text-classification}\n' +
          '        dataset: {name: imdb, type: imdb, split: test}\n        metrics: [{type: accuracy, value: 0.93}]',
      ],
      invalid: [
        '# no split anywhere\n        dataset: {name: glue, type: glue, args: cola}\n        metrics: [{type: matthews_correlation, value: 0.54}]',
        '        dataset: {name: conll2003, type: conll2003, split: eval}   # eval is validation\n        metrics: [{type: f1, value: 0.93}]',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, cardPath: file } = model.head;
    // The Model Card Toolkit names evaluation data in `model_parameters.data`, not as splits of one dataset; an
    // unreadable block may have set `evaluation.split`.
    if (card.format !== 'hf-model-card' || governanceState(card) === 'unreadable') return [];
    const evaluation = card.governance?.evaluation;
    const governed = evaluation !== undefined && evaluation.metrics.length > 0;
    const results = card.results.filter((r) => r.metrics.length > 0 && !(r.task !== undefined && ctx.options.exemptTasks.includes(r.task)));

    if (governed && evaluation.split !== undefined) {
      const split = evaluation.split.trim().toLowerCase();
      if (splitRole(split) !== 'validation' || REPORTED_ELSEWHERE.has(split)) return [];
      const metrics = listOf([...new Set(evaluation.metrics.map((m) => m.name))], 4);
      const line = lineAt(card.locations, 'governance.evaluation.split', evaluation.line);
      return [{ messageId: 'validationOnly', data: { metrics, dataset: card.name ?? 'the evaluation data', split }, file, line }];
    }
    const declared = results.filter((r) => resultDeclaresSplit(card, r));
    if (governed && declared.length === 0) {
      const metrics = listOf([...new Set(evaluation.metrics.map((m) => m.name))], 4);
      return [{ messageId: 'noSplitGoverned', data: { metrics }, file, line: evaluation.line }];
    }
    if (governed) return [];

    const reports: RuleReport[] = [];
    // One finding for all of them: one card that never names a split is one thing to fix, at each of its places.
    const unsplit = results.filter((r) => !resultDeclaresSplit(card, r));
    if (unsplit.length > 0) {
      const datasets = listOf([...new Set(unsplit.map(datasetOf))].map((d) => `\`${d}\``));
      const metrics = listOf([...new Set(unsplit.flatMap((r) => r.metrics.map((m) => m.name)))], 4);
      const places = unsplit.map((r) => ({ file, line: datasetLine(card, r), note: r.dataset?.name ?? datasetOf(r) }));
      reports.push({ messageId: 'noSplit', data: { datasets, metrics }, file, line: places[0]!.line, ...(places.length > 1 ? { locations: places } : {}) });
    }
    // Validation only: every result that names a split names validation.
    const roles = declared.map((r) => resultSplitRole(card, r));
    if (declared.length > 0 && roles.every((role) => role === 'validation')) {
      const r = declared[0]!;
      const split = r.dataset?.split ?? 'validation';
      reports.push({ messageId: 'validationOnly', data: { metrics: metricNames(r), dataset: datasetOf(r), split }, file, line: datasetLine(card, r) });
    }
    return reports;
  },
});

/** Line of the result's `dataset:` (where the split belongs), else of the result. */
function datasetLine(card: ModelCard, result: EvalResult): number {
  const key = Object.keys(card.locations).find((k) => /^model-index\.\d+\.results\.\d+$/.test(k) && card.locations[k] === result.line);
  return key ? lineAt(card.locations, `${key}.dataset.split`, lineAt(card.locations, `${key}.dataset`, result.line)) : result.line;
}
