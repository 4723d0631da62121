import { readFileSync } from 'node:fs';
import { lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, validModel } from './model-case.ts';

const noUncertainty = (metric: string, value: string) =>
  `Metric \`${metric}\` = ${value} has no uncertainty: add \`ci95: [low, high]\`, or \`std\` with \`n\` (the number of evaluation examples).`;
const metrics = (list: object[]) => ({ card: { governance: { evaluation: { metrics: list } } } });

const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');
const MCT = 'models/pets/model_card.json';
const catsVsDogs = readFileSync('test/fixtures/real-world/model-cards/mct-cats_vs_dogs_v0_0_2.json', 'utf8');
const mctFull = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');

testRule('evaluation-uncertainty-reported', {
  valid: [
    validModel('ci95 with n (the default card)'),
    validModel('std with n, and "value ± error"', metrics([
      { name: 'auc', value: 0.861, std: 0.05, n: 12000 },
      { name: 'accuracy', value: '0.91 ± 0.004' },
      { name: 'wer', value: '12.1 +/- 0.3' },
    ])),
    validModel('a plain card that reports no metrics is left to model-card-required-sections', { card: { governance: null } }),
    { name: 'Model Card Toolkit metric with a confidence interval (real-world)', files: { [MCT]: mctFull } },
  ],
  invalid: [
    invalidModel('a bare point estimate', metrics([{ name: 'auc', value: 0.861 }]), (at) => [error(noUncertainty('auc', '0.861'), CARD, at(CARD, '- name: auc'))]),
    invalidModel('accuracy with n: the Wilson interval is suggested', metrics([{ name: 'accuracy', value: 0.91, n: 2000 }]), (at) => [
      error('Metric `accuracy` = 0.91 has no uncertainty: add `ci95: [0.8967, 0.9218]` (the Wilson 95% interval for n = 2,000).', CARD, at(CARD, '- name: accuracy')),
    ]),
    invalidModel('std without n', metrics([{ name: 'f1', value: 0.78, std: 0.01 }]), (at) => [
      error('Metric `f1` = 0.78 has `std` 0.01 but no `n`, so no interval can be computed: add `n` (the number of evaluation examples), or `ci95`.', CARD, at(CARD, '- name: f1')),
    ]),
    invalidModel('only the metrics without uncertainty, each at its line', metrics([
      { name: 'auc', value: 0.861, ci95: [0.852, 0.87], n: 12000 },
      { name: 'log_loss', value: 0.31 },
      { name: 'auc_pr', value: 0.42, n: 12000 },
    ]), (at) => [
      error(noUncertainty('log_loss', '0.31'), CARD, at(CARD, '- name: log_loss')),
      error(noUncertainty('auc_pr', '0.42'), CARD, at(CARD, '- name: auc_pr')),
    ]),
    {
      name: 'metrics only in model-index (real-world card): one finding, not one per metric',
      files: { [README]: indexCard },
      findings: [
        error(
          'The card reports 2 metrics (`accuracy`, `f1`) only in `model-index`, which has no field for uncertainty: add them to `governance.evaluation.metrics` with `ci95`, or `std` and `n`.',
          README,
          lineOf(indexCard, '  - task:'),
        ),
      ],
    },
    {
      name: 'Model Card Toolkit overall metric without an interval (real-world); sliced ones have theirs',
      files: { [MCT]: catsVsDogs },
      findings: [error(noUncertainty('accuracy', '0.978125'), MCT, lineOf(catsVsDogs, '"type": "accuracy"'))],
    },
  ],
});
