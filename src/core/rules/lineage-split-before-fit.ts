// Data leakage through preprocessing: a scaler, imputer, encoder, resampler or feature selector
// learns statistics from the rows it is fitted on. Fitted before the split, or on validation or
// test rows, it carries those rows' information into training.
import { z } from 'zod';
import type { LineageStep } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { FITTED_STEP_KINDS, heldOutIn, type HeldOut } from './support/lineage.ts';

const LEAK: Record<HeldOut, string> = {
  test: 'test rows leak into training, so test metrics are optimistic',
  validation: 'validation rows leak into training, so model selection is optimistic',
};

export default defineRule({
  meta: {
    id: 'lineage-split-before-fit',
    title: 'Fitted transforms are fit after the split, on training data',
    antipattern: 'data leakage',
    area: 'lineage',
    rationale:
      'Data leakage: normalize, standardize, impute, encode, target-encode, resample, oversample, select and PCA steps learn from ' +
      'the rows they are fitted on. Fitted on all rows, before the split, or on validation/test rows, they pass held-out ' +
      'information into training and every held-out metric becomes optimistic.',
    howToFix:
      'Split first. Fit each transform on the training part only (`fit_on: train`) and apply the fitted transform to ' +
      'validation and test; resample (SMOTE, undersampling) the training part only.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    options: z.object({}),
    messages: {
      fitBeforeSplit:
        '`{{step}}` ({{kind}}) is fit on {{fitOn}} before `{{split}}` — {{leak}}: move it after the split and fit it on `train` only.',
      fitOnHeldOut:
        '`{{step}}` ({{kind}}) is fit on `{{fitOn}}` — {{leak}}: fit it on `train` only and apply the fitted transform to the other splits.',
    },
    examples: {
      valid: ['steps:\n  - {name: split, kind: split}\n  - {name: scale, kind: normalize, fit_on: train}\n  - {name: fit, kind: train, fit_on: train}'],
      invalid: [
        'steps:\n  - {name: scale, kind: normalize, fit_on: all}\n  - {name: split, kind: split}\n  - {name: fit, kind: train}',
        'steps:\n  - {name: split, kind: split}\n  - {name: smote, kind: oversample, fit_on: train+validation}',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const reports: RuleReport[] = [];
    // dvc.yaml and dvc.lock describe the same stages: report each leaking step once.
    const seen = new Set<string>();
    for (const doc of model.head.lineage) {
      const splitAt = doc.steps.findIndex((s) => s.kind === 'split');
      doc.steps.forEach((step: LineageStep, index) => {
        if (!FITTED_STEP_KINDS.has(step.kind) || seen.has(step.name)) return;
        const heldOut = step.fitOn === undefined ? undefined : heldOutIn(step.fitOn);
        const base = { step: step.name, kind: step.kind };
        let report: RuleReport | undefined;
        if (splitAt > index) {
          // Before the split there is no training part yet: whatever it names, it sees every row.
          const fitOn = step.fitOn === undefined || heldOutIn(step.fitOn) === 'test' ? 'all rows' : `\`${step.fitOn}\``;
          report = { messageId: 'fitBeforeSplit', data: { ...base, fitOn, split: doc.steps[splitAt]!.name, leak: LEAK.test }, file: doc.file, line: step.line };
        } else if (heldOut) {
          report = { messageId: 'fitOnHeldOut', data: { ...base, fitOn: step.fitOn!, leak: LEAK[heldOut] }, file: doc.file, line: step.line };
        }
        if (report) {
          seen.add(step.name);
          reports.push(report);
        }
      });
    }
    return reports;
  },
});
