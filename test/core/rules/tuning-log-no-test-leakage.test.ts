import { defaultTuningRecords, type TuningRecord } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { DIR, error, invalidModel, TUNING, validModel } from './model-case.ts';

const objectiveOnTest = (metric: string, split: string) =>
  `The tuning objective \`${metric}\` is measured on the \`${split}\` split: trials were picked by their test score (HARKing), ` +
  'so test metrics are optimistic; select on validation and evaluate the chosen trial on test once.';
const peeking = (count: number, ids: string) =>
  `Test metrics are recorded on ${count} trials (${ids}): the test set was consulted while tuning; ` +
  'evaluate only the chosen trial on test, once, in the `final` record.';

/** The default log with test metrics added to the trials whose ids are given. */
function testedOn(ids: number[]): TuningRecord[] {
  return defaultTuningRecords().map((r) =>
    r.type === 'trial' && ids.includes(r.id as number) ? { ...r, metrics: { ...(r.metrics as object), 'test/auc': 0.85 } } : r,
  );
}
const SWEEP_FILE = `${DIR}/sweep.yaml`;
const SWEEP = 'program: train.py\nmethod: random\nmetric:\n  name: test_auc\n  goal: maximize\nparameters:\n  learning_rate:\n    min: 0.0001\n    max: 0.1\n';

// NNI trial results: the value dict's metric names are kept as the trial wrote them.
const NNI_FILE = `${DIR}/trials.json`;
const nniTrials = (extra: Record<string, number>[]) =>
  `[\n${extra.map((m, i) => `  {"parameter": {"learning_rate": 0.0${i + 1}}, "value": ${JSON.stringify({ default: 0.8 + i / 100, ...m })}}`).join(',\n')}\n]\n`;
const nniCase = (text: string) => ({ card: { governance: { tuning_log: 'trials.json' } }, tuning: null, files: { 'trials.json': text } });

function withObjective(objective: Record<string, unknown>): TuningRecord[] {
  const [study, ...rest] = defaultTuningRecords();
  return [{ ...study, objective }, ...rest];
}

testRule('tuning-log-no-test-leakage', {
  valid: [
    validModel('selected on validation, final record on test'),
    validModel('only the chosen trial has a test score', { tuning: testedOn([3]) }),
    validModel('a count of test rows on every trial is not a test score', nniCase(nniTrials([{ test_size: 3000 }, { test_size: 3000 }, { n_test_samples: 3000 }]))),
  ],
  invalid: [
    invalidModel('objective on the test split', { tuning: withObjective({ metric: 'auc', split: 'test', direction: 'maximize' }) }, (at) => [
      error(objectiveOnTest('auc', 'test'), TUNING, at(TUNING, '"type":"study"')),
    ]),
    invalidModel(
      'W&B sweep optimising a test metric',
      { card: { governance: { tuning_log: 'sweep.yaml' } }, tuning: null, files: { 'sweep.yaml': SWEEP } },
      (at) => [error(objectiveOnTest('test_auc', 'test'), SWEEP_FILE, at(SWEEP_FILE, 'metric:'))],
    ),
    invalidModel('test scores on two trials', { tuning: testedOn([1, 3]) }, (at) => [error(peeking(2, '#1 and #3'), TUNING, at(TUNING, '"id":3'))]),
    invalidModel('test scores on every trial', { tuning: testedOn([0, 1, 2, 3, 4]) }, (at) => [
      error(peeking(5, '#0, #1, #2, #3 and #4'), TUNING, at(TUNING, '"id":1')),
    ]),
    invalidModel(
      'test scores under other key shapes (testAUC, eval/test_auc)',
      nniCase(nniTrials([{ val_auc: 0.8 }, { testAUC: 0.81 }, { 'eval/test_auc': 0.82 }])),
      // The finding points at the second trial that looked: the first repeat.
      (at) => [error(peeking(2, '#1 and #2'), NNI_FILE, at(NNI_FILE, 'eval/test_auc'))],
    ),
  ],
});
