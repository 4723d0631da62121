import { testRule } from '../../helpers/rule-tester.ts';
import { error, invalidModel, LINEAGE, validModel } from './model-case.ts';

const SPLIT = { name: 'split', kind: 'split' };
const FIT = { name: 'fit', kind: 'train', fit_on: 'train' };
const TEST_LEAK = 'test rows leak into training, so test metrics are optimistic';
const VALIDATION_LEAK = 'validation rows leak into training, so model selection is optimistic';

testRule('lineage-split-before-fit', {
  valid: [
    validModel('split, then scale on train, then fit'),
    validModel('a join before the split fits nothing', {
      lineage: { steps: [{ name: 'join-labels', kind: 'join' }, SPLIT, { name: 'scale', kind: 'normalize', fit_on: 'train' }, FIT] },
    }),
    validModel('no split step, transforms fit on train', { lineage: { steps: [{ name: 'scale', kind: 'normalize', fit_on: 'train' }, FIT] } }),
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
  ],
});
