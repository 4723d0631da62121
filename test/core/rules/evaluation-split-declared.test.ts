import { lineOf } from '../../helpers/fixtures.ts';
import { realWorldFile } from '../../helpers/real-world.ts';
import { testRule, type InvalidRuleCase, type RuleCase } from '../../helpers/rule-tester.ts';
import { HUB_README, MODELS_POLICY } from './hub-card.ts';
import { CARD, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn } from './model-case.ts';

const hub = (name: string) => realWorldFile(`hub-cards/${name}_README.md`);
const realCard = (name: string, text: string): RuleCase => ({ name, files: { [HUB_README]: text }, policy: MODELS_POLICY });
const realInvalid = (name: string, text: string, findings: (text: string) => InvalidRuleCase['findings']): InvalidRuleCase => ({
  ...realCard(name, text),
  findings: findings(text),
});

// Sleoruiz/distilbert-base-uncased-finetuned-cola, as the Trainer wrote it: GLUE CoLA scored "on the
// evaluation set", and model-index names the dataset without a split:
//     dataset: {name: glue, type: glue, args: cola}
//     metrics: [{name: Matthews Correlation, type: matthews_correlation, value: 0.5396261051709696}]
const cola = hub('Sleoruiz_distilbert-base-uncased-finetuned-cola');
// Later Trainer versions write the split they evaluated on; for GLUE it is `validation` (test labels are hidden).
const colaOnValidation = cola.replace('      args: cola\n', '      split: validation\n      args: cola\n');
// The same card's numbers on a split spelled the way some datasets and scripts spell it.
const colaOnEval = cola.replace('      args: cola\n', '      split: eval\n      args: cola\n');

// aisingapore/SenticGCN: eight results on SemEval-14/15/16, none with a split. One card, one thing to fix.
const SENTIC = `---
license: mit
datasets: [semeval14, semeval15]
model-index:
- name: SenticGCN
  results:
  - task: {type: text-classification, name: Sentic-GCN}
    dataset: {name: SemEval14-Laptop (Sentic-GCN), type: semeval14}
    metrics: [{name: Accuracy, type: accuracy, value: 0.9436}, {name: F1, type: f1, value: 0.9443}]
  - task: {type: text-classification, name: Sentic-GCN}
    dataset: {name: SemEval14-Restaurant (Sentic-GCN), type: semeval14}
    metrics: [{name: Accuracy, type: accuracy, value: 0.9455}, {name: F1, type: f1, value: 0.9199}]
  - task: {type: text-classification, name: Sentic-GCN}
    dataset: {name: SemEval15-Restaurant (Sentic-GCN), type: semeval15}
    metrics: [{name: Accuracy, type: accuracy, value: 0.9675}, {name: F1, type: f1, value: 0.9355}]
---

# SenticGCN
`;

const NO_SPLIT_COLA =
  'The `glue` results (matthews_correlation) name no split, so a reader cannot tell a held-out test score from a validation ' +
  'score: add `split:` (`test`, `validation`, ...) to their model-index `dataset`.';
const onlyValidation = (dataset: string, metrics: string, split: string) =>
  `The \`${dataset}\` results (${metrics}) are measured only on \`${split}\`, a validation split: that is the score the model was ` +
  'selected on, not its performance on unseen data; report a held-out test split, or say under limitations that there is none.';

testRule('evaluation-split-declared', {
  valid: [
    validModel('the clean model: `governance.evaluation.split: test`'),
    // Autotrain's verified evaluation: `split: test` on Blaise-g/SumPubmed.
    realCard('model-index names the test split (real: L-macc autotrain)', hub('L-macc_autotrain-Biomedical_sc_summ-1217846144')),
    // `- name: Test WER, type: wer, value: 19.30%` with no dataset.split: the metric's name says the split.
    realCard('the metric name says test (real: Rubens XLSR Portuguese)', hub('Rubens_Wav2Vec2-Large-XLSR-53-a-Portuguese')),
    // A DQN agent's `mean_reward` over episodes of SpaceInvadersNoFrameskip-v4: an environment has no split.
    realCard('a reinforcement-learning agent (real: AdiKompella DQN)', hub('AdiKompella_dqn-SpaceInvadersNoFrameskip-v4')),
    // As the Hub's evaluator adds it: a second result on the test split beside the Trainer's validation one.
    realCard('a validation result beside a test result', colaOnValidation.replace(
      '      value: 0.5396261051709696\n',
      '      value: 0.5396261051709696\n  - task: {name: Text Classification, type: text-classification}\n' +
        '    dataset: {name: glue, type: glue, config: cola, split: test}\n    metrics: [{type: matthews_correlation, value: 0.51, verified: true}]\n',
    )),
    validModel('`split: validation` in governance is evaluation-test-set-isolated\'s finding', { card: { governance: { evaluation: { split: 'validation' } } } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
  ],
  invalid: [
    realInvalid('no split anywhere (real: Sleoruiz CoLA)', cola, (text) => [warn(NO_SPLIT_COLA, HUB_README, lineOf(text, '    dataset:'))]),
    realInvalid('many results without a split are one finding (real shape: aisingapore SenticGCN)', SENTIC, (text) => [
      {
        ...warn(
          'The `semeval14` and `semeval15` results (accuracy and f1) name no split, so a reader cannot tell a held-out test score from a validation ' +
            'score: add `split:` (`test`, `validation`, ...) to their model-index `dataset`.',
          HUB_README,
          lineOf(text, '    dataset:'),
        ),
        locations: [
          { file: HUB_README, line: lineOf(text, '    dataset:', 1), note: 'SemEval14-Laptop (Sentic-GCN)' },
          { file: HUB_README, line: lineOf(text, '    dataset:', 2), note: 'SemEval14-Restaurant (Sentic-GCN)' },
          { file: HUB_README, line: lineOf(text, '    dataset:', 3), note: 'SemEval15-Restaurant (Sentic-GCN)' },
        ],
      },
    ]),
    realInvalid('only `split: validation` (real shape: a GLUE fine-tune)', colaOnValidation, (text) => [
      warn(onlyValidation('glue', 'matthews_correlation', 'validation'), HUB_README, lineOf(text, 'split: validation')),
    ]),
    realInvalid('`eval` is validation', colaOnEval, (text) => [warn(onlyValidation('glue', 'matthews_correlation', 'eval'), HUB_README, lineOf(text, 'split: eval'))]),
    invalidModel('governance metrics with no split anywhere', { card: { governance: { evaluation: { split: null } } } }, (at) => [
      warn(
        'The governance metrics (auc) name no split, and neither does model-index, so a reader cannot tell a held-out test ' +
          'score from a validation score: set `governance.evaluation.split`.',
        CARD,
        at(CARD, '  evaluation:'),
      ),
    ]),
    invalidModel('`governance.evaluation.split: eval`', { card: { governance: { evaluation: { split: 'eval' } } } }, (at) => [
      warn(onlyValidation('churn-classifier', 'auc', 'eval'), CARD, at(CARD, 'split: eval')),
    ]),
  ],
});
