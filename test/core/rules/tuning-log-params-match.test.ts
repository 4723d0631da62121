import { defaultTuningRecords, type TuningRecord } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const differs = (param: string, cardValue: string, trialValue: string, trial: string, objective = 'validation/auc = 0.858, maximize') =>
  `\`${param}\` is ${cardValue} in the card but ${trialValue} in the best trial #${trial} (${objective}): ` +
  `ship ${trialValue} or add the run that produced ${cardValue} to the tuning log.`;
const notInTrial = (param: string, trial: string, cardValue: string) =>
  `\`${param}\` is tuned (it is in the search space) but the best trial #${trial} does not record it: ` +
  `log every tuned parameter on every trial so the shipped value ${cardValue} can be traced.`;

const trial = (id: number, params: Record<string, unknown>, metrics: Record<string, number>, state = 'complete'): TuningRecord => ({
  type: 'trial',
  id,
  state,
  params,
  metrics,
});
const [study] = defaultTuningRecords();
/** A loss minimised on validation; trial 1 is best, trial 2 would win if pruned trials counted. */
const lossLog: TuningRecord[] = [
  { ...study, objective: { metric: 'loss', split: 'validation', direction: 'minimize' } },
  trial(0, { learning_rate: 0.05, max_depth: 6 }, { 'validation/loss': 0.41 }),
  trial(1, { learning_rate: 0.02, max_depth: 8 }, { 'validation/loss': 0.35 }),
  trial(2, { learning_rate: 0.05, max_depth: 6 }, { 'validation/loss': 0.2 }, 'pruned'),
];

const noFinished = (count: number, states: string) =>
  `The card ships hyperparameters but none of the ${count} trials in the tuning log finished (${states}): no completed trial ` +
  'chose them; add the completed run that produced the shipped configuration to the tuning log.';

testRule('tuning-log-params-match', {
  valid: [
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    // The best trial's line (#3) does not parse: the best of the rest (#4) is not what the search chose.
    validModel('a trial line that does not parse', { files: { 'tuning/trials.jsonl': defaultTuningRecords().map((r) => JSON.stringify(r)).join('\n').replace('"id":3,', '"id":3,,') } }),
    validModel('card ships the best trial'),
    validModel('float noise within the tolerance', { card: { governance: { hyperparameters: { learning_rate: 0.05000000000000001 } } } }),
    validModel('fixed settings that were never tuned', { card: { governance: { hyperparameters: { n_jobs: 8, objective: 'binary:logistic' } } } }),
    validModel('a constant of the search space that trials do not record', {
      tuning: [{ ...study, search_space: { ...(study!.search_space as object), n_estimators: { choices: [500] } } }, ...defaultTuningRecords().slice(1)],
      card: { governance: { hyperparameters: { n_estimators: 500 } } },
    }),
    validModel('ties: any of the equally good trials may ship', {
      tuning: [...defaultTuningRecords().slice(0, 5), trial(9, { learning_rate: 0.07, max_depth: 6 }, { 'validation/auc': 0.858 })],
      card: { governance: { hyperparameters: { learning_rate: 0.07 } } },
    }),
  ],
  invalid: [
    invalidModel('learning rate differs from the best trial', { card: { governance: { hyperparameters: { learning_rate: 0.1 } } } }, (at) => [
      error(differs('learning_rate', '0.1', '0.05', '3'), CARD, at(CARD, 'learning_rate:')),
    ]),
    invalidModel(
      'minimised loss: the card ships a worse trial, pruned trials do not count',
      { tuning: lossLog },
      (at) => [
        error(differs('learning_rate', '0.05', '0.02', '1', 'validation/loss = 0.35, minimize'), CARD, at(CARD, 'learning_rate:')),
        error(differs('max_depth', '6', '8', '1', 'validation/loss = 0.35, minimize'), CARD, at(CARD, 'max_depth:')),
      ],
    ),
    invalidModel(
      'a categorical parameter differs',
      {
        tuning: [
          { ...study, search_space: { ...(study!.search_space as object), booster: { choices: ['gbtree', 'dart'] } } },
          trial(0, { learning_rate: 0.05, max_depth: 6, booster: 'gbtree' }, { 'validation/auc': 0.85 }),
        ],
        card: { governance: { hyperparameters: { booster: 'dart' } } },
      },
      (at) => [error(differs('booster', '"dart"', '"gbtree"', '0', 'validation/auc = 0.85, maximize'), CARD, at(CARD, 'booster:'))],
    ),
    invalidModel(
      'a tuned parameter the best trial does not record',
      {
        tuning: [study!, trial(0, { learning_rate: 0.05 }, { 'validation/auc': 0.85 })],
      },
      (at) => [error(notInTrial('max_depth', '0', '6'), CARD, at(CARD, 'max_depth:'))],
    ),
    invalidModel(
      'the trial with the best value failed: the best completed trial is what the card must ship',
      {
        tuning: [
          study!,
          trial(0, { learning_rate: 0.02, max_depth: 6 }, { 'validation/auc': 0.84 }),
          trial(1, { learning_rate: 0.05, max_depth: 6 }, { 'validation/auc': 0.87 }, 'fail'),
        ],
      },
      (at) => [error(differs('learning_rate', '0.05', '0.02', '0', 'validation/auc = 0.84, maximize'), CARD, at(CARD, 'learning_rate:'))],
    ),
    invalidModel(
      'every trial pruned or failed: nothing completed could have chosen the card\'s values',
      {
        tuning: [
          study!,
          trial(0, { learning_rate: 0.05, max_depth: 6 }, { 'validation/auc': 0.86 }, 'pruned'),
          trial(1, { learning_rate: 0.1, max_depth: 4 }, { 'validation/auc': 0.8 }, 'fail'),
          trial(2, { learning_rate: 0.01, max_depth: 8 }, { 'validation/auc': 0.82 }, 'pruned'),
        ],
      },
      (at) => [error(noFinished(3, '2 pruned, 1 fail'), CARD, at(CARD, 'hyperparameters:'))],
    ),
  ],
});
