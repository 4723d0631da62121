import { readFileSync } from 'node:fs';
import { testRule } from '../../helpers/rule-tester.ts';
import { DIR, error, invalidModel, LINEAGE, validModel } from './model-case.ts';

/** A hand-written lineage.yaml for the real DVC bank-churn project: random split by fractions, a calibrator on validation. */
const BANK_CHURN = readFileSync(new URL('../../fixtures/lineage/bank-churn-random-split.lineage.yaml', import.meta.url), 'utf8');

const SPLIT = { name: 'split', kind: 'split' };
const FIT = { name: 'fit', kind: 'train', fit_on: 'train' };
const TEST_LEAK = 'test rows leak into training, so test metrics are optimistic';
const VALIDATION_LEAK = 'validation rows leak into training, so model selection is optimistic';
const beforeSplit = (step: string, kind: string, fitOn = 'all rows') =>
  `\`${step}\` (${kind}) is fit on ${fitOn} before \`split\` — ${TEST_LEAK}: move it after the split and fit it on \`train\` only.`;

// DVC runs stages by their deps and outs, not in the order dvc.yaml lists them.
const DVC = `${DIR}/dvc.yaml`;
const dvcCase = { card: { governance: { lineage: 'dvc.yaml' } }, lineage: null };
const stage = (name: string, deps: string[], outs: string[]) => `  ${name}:\n    cmd: python ${name}.py\n    deps: [${deps.join(', ')}]\n    outs: [${outs.join(', ')}]\n`;
const SCALE_AFTER = stage('scale', ['data/train.csv'], ['data/train_scaled.csv']);
const SPLIT_RAW = stage('split', ['data/raw.csv'], ['data/train.csv', 'data/test.csv']);
const NORMALIZE_RAW = stage('normalize', ['data/raw.csv'], ['data/scaled/']);
const SPLIT_SCALED = stage('split', ['data/scaled'], ['data/train.csv', 'data/test.csv']);

testRule('lineage-split-before-fit', {
  valid: [
    validModel('split, then scale on train, then fit'),
    validModel('a join before the split fits nothing', {
      lineage: { steps: [{ name: 'join-labels', kind: 'join' }, SPLIT, { name: 'scale', kind: 'normalize', fit_on: 'train' }, FIT] },
    }),
    validModel('no split step, transforms fit on train', { lineage: { steps: [{ name: 'scale', kind: 'normalize', fit_on: 'train' }, FIT] } }),
    validModel('"all" or "full" next to train means every training row', {
      lineage: { steps: [SPLIT, { name: 'scale', kind: 'normalize', fit_on: 'all_train' }, { name: 'pca', kind: 'pca', fit_on: 'full training set' }, FIT] },
    }),
    validModel('the final model refit on train+validation after selection', {
      lineage: { steps: [SPLIT, { name: 'scale', kind: 'normalize', fit_on: 'train' }, { name: 'refit', kind: 'train', fit_on: 'train+validation' }] },
    }),
    validModel('DVC: a scaler listed before the split but fed by its output runs after it', { ...dvcCase, files: { 'dvc.yaml': `stages:\n${SCALE_AFTER}${SPLIT_RAW}` } }),
    validModel('a calibrator fit on validation rows after training is correct practice', {
      lineage: { steps: [SPLIT, FIT, { name: 'platt', kind: 'calibrate', fit_on: 'validation' }] },
    }),
    validModel('real-world-shaped: bank-churn lineage.yaml (fractions, dedupe, filter, calibrator on validation)', { files: { 'lineage.yaml': BANK_CHURN } }),
  ],
  invalid: [
    invalidModel('scaler fit on all rows before the split', { lineage: { steps: [{ name: 'scale', kind: 'normalize', fit_on: 'all' }, SPLIT, FIT] } }, (at) => [
      error(
        `\`scale\` (normalize) is fit on all rows before \`split\` — ${TEST_LEAK}: move it after the split and fit it on \`train\` only.`,
        LINEAGE,
        at(LINEAGE, '- name: scale'),
      ),
    ]),
    invalidModel('imputer before the split with no fit_on', { lineage: { steps: [{ name: 'fill-nulls', kind: 'impute' }, SPLIT, FIT] } }, (at) => [
      error(
        `\`fill-nulls\` (impute) is fit on all rows before \`split\` — ${TEST_LEAK}: move it after the split and fit it on \`train\` only.`,
        LINEAGE,
        at(LINEAGE, '- name: fill-nulls'),
      ),
    ]),
    invalidModel(
      'SMOTE on train+validation after the split',
      { lineage: { steps: [SPLIT, { name: 'smote', kind: 'oversample', fit_on: 'train+validation' }, FIT] } },
      (at) => [
        error(
          `\`smote\` (oversample) is fit on \`train+validation\` — ${VALIDATION_LEAK}: fit it on \`train\` only and apply the fitted transform to the other splits.`,
          LINEAGE,
          at(LINEAGE, '- name: smote'),
        ),
      ],
    ),
    invalidModel(
      'target encoder on the full dataset and PCA on test, after the split',
      {
        lineage: {
          steps: [SPLIT, { name: 'te', kind: 'target-encode', fit_on: 'full dataset' }, { name: 'reduce', kind: 'pca', fit_on: 'train+test' }, FIT],
        },
      },
      (at) => [
        error(
          `\`te\` (target-encode) is fit on \`full dataset\` — ${TEST_LEAK}: fit it on \`train\` only and apply the fitted transform to the other splits.`,
          LINEAGE,
          at(LINEAGE, '- name: te'),
        ),
        error(
          `\`reduce\` (pca) is fit on \`train+test\` — ${TEST_LEAK}: fit it on \`train\` only and apply the fitted transform to the other splits.`,
          LINEAGE,
          at(LINEAGE, '- name: reduce'),
        ),
      ],
    ),
    invalidModel(
      'fitted kinds spelled variously, before the split',
      {
        lineage: {
          steps: [
            { name: 'std', kind: 'Standardise', fit_on: 'train' },
            { name: 'te', kind: 'Target_Encode' },
            { name: 'kbest', kind: 'feature selection' },
            { name: 'reduce', kind: 'PCA' },
            SPLIT,
            FIT,
          ],
        },
      },
      (at) => [
        error(beforeSplit('std', 'standardize', '`train`'), LINEAGE, at(LINEAGE, '- name: std')),
        error(beforeSplit('te', 'target-encode'), LINEAGE, at(LINEAGE, '- name: te')),
        error(beforeSplit('kbest', 'select'), LINEAGE, at(LINEAGE, '- name: kbest')),
        error(beforeSplit('reduce', 'pca'), LINEAGE, at(LINEAGE, '- name: reduce')),
      ],
    ),
    invalidModel(
      'the model itself trained on train+test, and a calibrator fit on the hold-out',
      { lineage: { steps: [SPLIT, { name: 'fit', kind: 'train', fit_on: 'train+test' }, { name: 'calibrate', kind: 'other', fit_on: 'hold-out' }] } },
      (at) => [
        error(
          `\`fit\` trains the model on \`train+test\` — ${TEST_LEAK}: train on \`train\` (or \`train+validation\` once the model is selected) and keep test rows out.`,
          LINEAGE,
          at(LINEAGE, '- name: fit'),
        ),
        error(
          `\`calibrate\` (other) is fit on \`hold-out\` — ${TEST_LEAK}: fit it on \`train\` only and apply the fitted transform to the other splits.`,
          LINEAGE,
          at(LINEAGE, '- name: calibrate'),
        ),
      ],
    ),
    invalidModel(
      'a calibrator fit on the test rows',
      { lineage: { steps: [SPLIT, FIT, { name: 'isotonic', kind: 'calibration', fit_on: 'test' }] } },
      (at) => [
        error(
          `\`isotonic\` (calibrate) is fit on \`test\` — ${TEST_LEAK}: fit the calibrator on \`validation\` rows and keep test rows for the final evaluation only.`,
          LINEAGE,
          at(LINEAGE, '- name: isotonic'),
        ),
      ],
    ),
    invalidModel('DVC: a normalizer listed after the split but feeding it runs before it', { ...dvcCase, files: { 'dvc.yaml': `stages:\n${SPLIT_SCALED}${NORMALIZE_RAW}` } }, (at) => [
      error(beforeSplit('normalize', 'normalize'), DVC, at(DVC, '  normalize:')),
    ]),
  ],
});
