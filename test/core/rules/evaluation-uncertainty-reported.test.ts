import { readFileSync } from 'node:fs';
import { lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const noUncertainty = (metric: string, value: string) =>
  `Metric \`${metric}\` = ${value} has no uncertainty: add \`ci95: [low, high]\`, or \`std\` with \`n\` (the number of evaluation examples).`;
/** A Model Card Toolkit metric is told to add the field its own format has for it. */
const noUncertaintyMct = (metric: string, value: string) =>
  `Metric \`${metric}\` = ${value} has no uncertainty: add its \`confidence_interval\` (\`{lower_bound, upper_bound}\`, as TFMA computes it) ` +
  'to the entry in `quantitative_analysis.performance_metrics`.';
const metrics = (list: object[]) => ({ card: { governance: { evaluation: { metrics: list } } } });

const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');
const MODELS_POLICY = 'models: {paths: ["models/**"]}\n';
/** The real card with a governance block (owners only): its metrics are in `model-index` alone. */
const governedIndexCard = indexCard.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/vision"]\n---\n');
const MCT = 'models/pets/model_card.json';
const catsVsDogs = readFileSync('test/fixtures/real-world/model-cards/mct-cats_vs_dogs_v0_0_2.json', 'utf8');
const mctFull = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');
// Issue 11: stable-baselines3 cards write their model-index value as "mean +/- std" over the
// evaluation episodes (hub-cards/sb3_ars-Acrobot-v1: `value: -81.60 +/- 11.71`).
const withOwners = (card: string) => card.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/rl"]\n---\n');
const sb3Card = withOwners(readFileSync('test/fixtures/real-world/hub-cards/sb3_ars-Acrobot-v1_README.md', 'utf8'));
const dqnCard = withOwners(readFileSync('test/fixtures/real-world/hub-cards/AdiKompella_dqn-SpaceInvadersNoFrameskip-v4_README.md', 'utf8'))
  .replace('      verified: false\n', '      verified: false\n    - type: mean_episode_length\n      value: 1830.4\n');
// A Model Card Toolkit card whose overall metric names the split it was measured on.
const catsVsDogsTestSlice = catsVsDogs.replace('"value": "0.9781249761581421",', '"value": "0.9781249761581421",\n        "slice": "Test",');

testRule('evaluation-uncertainty-reported', {
  valid: [
    validModel('ci95 with n (the default card)'),
    validModel('std with n, and "value ± error"', metrics([
      { name: 'auc', value: 0.861, std: 0.05, n: 12000 },
      { name: 'accuracy', value: '0.91 ± 0.004' },
      { name: 'wer', value: '12.1 +/- 0.3' },
    ])),
    validModel('an explicit standard error (se) needs no n', metrics([{ name: 'auc', value: 0.861, se: 0.004 }])),
    validModel('a card that reports no metrics is left to model-card-required-sections', { card: { governance: { evaluation: null } } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block
    // (naming the evaluation its model-index metrics lack), artifact-parseable one that cannot be read.
    { name: 'metrics only in model-index of a card without a governance block (real-world)', files: { [README]: indexCard }, policy: MODELS_POLICY },
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`evaluation` written but not a mapping (artifact-parseable reports it)', { card: { governance: { evaluation: 'TBD' }, frontMatter: { 'model-index': [{ name: 'churn', results: [{ task: { type: 'tabular-classification' }, dataset: { type: 'tx', name: 'tx' }, metrics: [{ type: 'auc', value: 0.86 }] }] }] } } }),
    { name: 'Model Card Toolkit metric with a confidence interval (real-world)', files: { [MCT]: mctFull } },
    { name: 'model-index values written "mean +/- std" (real-world stable-baselines3 card)', files: { [README]: sb3Card } },
  ],
  invalid: [
    invalidModel('a bare point estimate', metrics([{ name: 'auc', value: 0.861 }]), (at) => [error(noUncertainty('auc', '0.861'), CARD, at(CARD, '- name: auc'))]),
    invalidModel('accuracy with n: the Wilson interval is suggested', metrics([{ name: 'accuracy', value: 0.91, n: 2000 }]), (at) => [
      error('Metric `accuracy` = 0.91 has no uncertainty: add `ci95: [0.8967, 0.9218]` (the Wilson 95% interval for n = 2,000).', CARD, at(CARD, '- name: accuracy')),
    ]),
    invalidModel('std without n', metrics([{ name: 'f1', value: 0.78, std: 0.01 }]), (at) => [
      error(
        'Metric `f1` = 0.78 has `std` 0.01 but no `n`: `std` is the spread across the evaluation examples, so its interval needs their number; ' +
          'add `n`, or give the standard error as `se` (or `ci95`).',
        CARD,
        at(CARD, '- name: f1'),
      ),
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
      name: 'metrics only in model-index (real-world card with a governance block): one finding, not one per metric',
      files: { [README]: governedIndexCard },
      findings: [
        error(
          'The card reports 2 metrics (`accuracy`, `f1`) only in `model-index`, which has no field for uncertainty: add them to `governance.evaluation.metrics` with `ci95`, or `std` and `n`.',
          README,
          lineOf(indexCard, '  - task:'),
        ),
      ],
    },
    {
      name: 'model-index: only the metric written without "+/- std" is named (real-world DQN card, one metric added)',
      files: { [README]: dqnCard },
      findings: [
        error(
          'The card reports 1 metric (`mean_episode_length`) only in `model-index`, which has no field for uncertainty: add them to `governance.evaluation.metrics` with `ci95`, or `std` and `n`.',
          README,
          lineOf(dqnCard, '  - task:'),
        ),
      ],
    },
    {
      name: 'Model Card Toolkit overall metric sliced "Test" is the overall test metric, not a segment (real-world shape)',
      files: { [MCT]: catsVsDogsTestSlice },
      findings: [error(noUncertaintyMct('accuracy', '0.978125'), MCT, lineOf(catsVsDogsTestSlice, '"type": "accuracy"'))],
    },
    {
      name: 'Model Card Toolkit overall metric without an interval (real-world); sliced ones have theirs',
      files: { [MCT]: catsVsDogs },
      findings: [error(noUncertaintyMct('accuracy', '0.978125'), MCT, lineOf(catsVsDogs, '"type": "accuracy"'))],
    },
  ],
});
