import { readFileSync } from 'node:fs';
import { defaultTuningRecords } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, LINEAGE, validModel } from './model-case.ts';

const TRAIN_SPLIT = 'Metrics are reported on `train`, the data the model was trained on: report them on a held-out `test` split the model never saw.';
const TUNING_SPLIT =
  'Metrics are reported on `validation`, the split the tuning in tuning/trials.jsonl selected on (grade-your-own-exam): ' +
  'report them on a held-out `test` split that tuning never saw.';
const SELECTION_SPLIT =
  'Metrics are reported on `dev`, a model-selection split (grade-your-own-exam): ' +
  'report them on a held-out `test` split that tuning and early stopping never saw.';
const OVERLAP =
  'The test range 2024-09-01 – 2024-10-31 overlaps the train range 2023-01-01 – 2024-09-30 of `transactions`: ' +
  'test rows were trained on, so test metrics are optimistic; make the ranges disjoint.';
const SAME_DATA =
  'The test part draws from `transactions`, the training dataset, with no disjoint range: the test rows may have been trained on; ' +
  'give train and test disjoint ranges or use a separate test dataset.';
const NO_RANGES = { train: { range: null }, validation: null };

/** The default log, with the objective on `split`. */
function tunedOn(split: string) {
  const [study, ...rest] = defaultTuningRecords();
  return [{ ...study, objective: { metric: 'auc', split, direction: 'maximize' } }, ...rest];
}

testRule('evaluation-test-set-isolated', {
  valid: [
    validModel('test split, disjoint ranges'),
    validModel('random split of one dataset partitions its rows', { lineage: { splits: { method: 'random', ...NO_RANGES, test: { dataset: 'transactions', range: null } } } }),
    validModel('test drawn from a separate dataset', {
      lineage: { splits: { ...NO_RANGES, test: { dataset: 'transactions-2025', range: null } } },
    }),
    validModel('plain card without a governance block', { card: { governance: null }, lineage: null, tuning: null }),
    validModel('a test split described in words', { card: { governance: { evaluation: { split: 'test (held out from training, Sep-Oct 2024)' } } } }),
    validModel('real-world-shaped: a random split by fractions, a calibrator fit on validation (bank-churn lineage.yaml)', {
      files: { 'lineage.yaml': readFileSync(new URL('../../fixtures/lineage/bank-churn-random-split.lineage.yaml', import.meta.url), 'utf8') },
    }),
    validModel('a calibrator fit on validation is not grading on the exam', {
      lineage: { steps: [{ name: 'split', kind: 'split' }, { name: 'fit', kind: 'train', fit_on: 'train' }, { name: 'platt', kind: 'calibrate', fit_on: 'validation' }] },
    }),
  ],
  invalid: [
    invalidModel('metrics on the training split', { card: { governance: { evaluation: { split: 'train' } } } }, (at) => [
      error(TRAIN_SPLIT, CARD, at(CARD, 'split: train')),
    ]),
    invalidModel('metrics on the split the tuning selected on', { card: { governance: { evaluation: { split: 'validation' } } } }, (at) => [
      error(TUNING_SPLIT, CARD, at(CARD, 'split: validation')),
    ]),
    invalidModel(
      'metrics on a selection split the tuning did not use',
      { card: { governance: { evaluation: { split: 'dev' } } }, tuning: tunedOn('validation') },
      (at) => [error(SELECTION_SPLIT, CARD, at(CARD, 'split: dev'))],
    ),
    invalidModel('lineage test range overlaps the train range', { lineage: { splits: { train: { range: ['2023-01-01', '2024-09-30'] }, validation: null } } }, (at) => [
      error(OVERLAP, LINEAGE, at(LINEAGE, 'range:', 2)),
    ]),
    invalidModel(
      'temporal split whose test part is the training dataset with no ranges',
      { lineage: { splits: { ...NO_RANGES, test: { dataset: 'transactions', range: null } } } },
      (at) => [error(SAME_DATA, LINEAGE, at(LINEAGE, '  test:'))],
    ),
    invalidModel('a training split named in words', { card: { governance: { evaluation: { split: 'Training data' } } } }, (at) => [
      error(TRAIN_SPLIT.replace('`train`', '`training data`'), CARD, at(CARD, 'split: Training data')),
    ]),
  ],
});
