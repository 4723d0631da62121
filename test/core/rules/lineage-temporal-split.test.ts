import { defaultLineage } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { error, invalidModel, LINEAGE, validModel } from './model-case.ts';

const randomOnTime = (datasets: string, verbs: [string, string], method: string) =>
  `${datasets} ${verbs[0]} a time column but ${verbs[1]} split with method \`${method}\`: future rows land in training and past rows in test; ` +
  'split by time (`method: temporal`, train before validation before test).';
const trainNotBefore = (trainEnd: string, part: string, partStart: string) =>
  `The train range ends ${trainEnd}, not before the ${part} range starts (${partStart}): the model trains on rows from the ` +
  `${part} period or later, so ${part} metrics are optimistic; end training before ${partStart}.`;
const validationNotBefore = (validationEnd: string, testStart: string) =>
  `The validation range ends ${validationEnd}, not before the test range starts (${testStart}): the model was selected on rows ` +
  `from the test period or later, so test metrics are optimistic; end validation before ${testStart}.`;
const [transactions] = defaultLineage().datasets as Record<string, unknown>[];
const NO_RANGES = { train: { range: null }, validation: null, test: null };

testRule('lineage-temporal-split', {
  valid: [
    validModel('temporal split with consecutive ranges'),
    validModel('random split of data without a time column', {
      lineage: { datasets: [{ ...transactions, time_column: undefined }], splits: { method: 'random', ...NO_RANGES } },
    }),
    validModel('group split of time-stamped data', { lineage: { splits: { method: 'group', ...NO_RANGES } } }),
    // One finding per root cause (issue 11): test rows inside the train range of the same dataset were
    // trained on; that is evaluation-test-set-isolated's finding, not a second one here.
    validModel('train ending on the first day of test, same dataset (ranges are inclusive)', { lineage: { splits: { train: { range: ['2023-01-01', '2024-09-01'] }, validation: null } } }),
    validModel('dates written without zero padding still compare as dates', {
      lineage: { splits: { train: { range: ['2023-1-1', '2024-6-30'] }, validation: { range: ['2024-7-1', '2024-9-30'] }, test: { range: ['2024-10-1', '2024-12-31'] } } },
    }),
  ],
  invalid: [
    invalidModel('random split of time-stamped data', { lineage: { splits: { method: 'random', ...NO_RANGES } } }, (at) => [
      error(randomOnTime('`transactions` (`event_time`)', ['has', 'is'], 'random'), LINEAGE, at(LINEAGE, 'splits:')),
    ]),
    invalidModel(
      'stratified split of two time-stamped datasets',
      {
        lineage: {
          datasets: [transactions, { ...transactions, name: 'closures', time_column: 'closed_at' }],
          splits: { method: 'stratified', ...NO_RANGES, train: { dataset: null, range: null } },
        },
      },
      (at) => [error(randomOnTime('`transactions` (`event_time`) and `closures` (`closed_at`)', ['have', 'are'], 'stratified'), LINEAGE, at(LINEAGE, 'splits:'))],
    ),
    invalidModel('train range reaching into validation and test: the validation part here, the test overlap is evaluation-test-set-isolated\'s', { lineage: { splits: { train: { range: ['2023-01-01', '2024-09-30'] } } } }, (at) => [
      error(trainNotBefore('2024-09-30', 'validation', '2024-07-01'), LINEAGE, at(LINEAGE, 'range:', 1)),
    ]),
    invalidModel(
      'train ending on the first day of a test period drawn from another dataset (ranges are inclusive)',
      { lineage: { splits: { train: { range: ['2023-01-01', '2024-09-01'] }, validation: null, test: { dataset: 'transactions-2025' } } } },
      (at) => [error(trainNotBefore('2024-09-01', 'test', '2024-09-01'), LINEAGE, at(LINEAGE, 'range:', 1))],
    ),
    invalidModel(
      'train period after the test period',
      { lineage: { splits: { train: { range: ['2024-11-01', '2025-03-31'] }, validation: null } } },
      (at) => [error(trainNotBefore('2025-03-31', 'test', '2024-09-01'), LINEAGE, at(LINEAGE, 'range:', 1))],
    ),
    invalidModel('validation range reaching into the test period', { lineage: { splits: { validation: { range: ['2024-07-01', '2024-09-15'] } } } }, (at) => [
      error(validationNotBefore('2024-09-15', '2024-09-01'), LINEAGE, at(LINEAGE, 'range:', 2)),
    ]),
  ],
});
