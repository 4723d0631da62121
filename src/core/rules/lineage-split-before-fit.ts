// Data leakage through preprocessing: a scaler, imputer, encoder, resampler or feature selector
// learns statistics from the rows it is fitted on. Fitted before the split, or on validation or
// test rows, it carries those rows' information into training.
import { z } from 'zod';
import type { LineageStep } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { FITTED_STEP_KINDS, heldOutIn, runsBefore, type HeldOut } from './support/lineage.ts';

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
    risk: 'leakage',
    rationale:
      'Data leakage: normalize, standardize, impute, encode, target-encode, resample, oversample, select and PCA steps learn from ' +
      'the rows they are fitted on. Fitted on all rows, before the split, or on validation/test rows, they pass held-out ' +
      'information into training and every held-out metric becomes optimistic. A `train` step whose `fit_on` reaches test rows, and ' +
      'any `other` step that states a `fit_on` (a custom encoder), are checked too. A `calibrate` step is fitted after the model on ' +
      'rows it was not trained on, so validation rows are its right data; only a calibrator fitted on test rows (or before the split) ' +
      'leaks. "Before" follows the data flow (DVC deps and outs, manifest inputs and outputs) where it links a step to the split, else ' +
      'the order of `steps`.',
    howToFix:
      'Split first. Fit each transform on the training part only (`fit_on: train`) and apply the fitted transform to ' +
      'validation and test; resample (SMOTE, undersampling) the training part only.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.measure2_5)],
    options: z.object({}),
    messages: {
      fitBeforeSplit:
        '`{{step}}` ({{kind}}) is fit on {{fitOn}} before `{{split}}` — {{leak}}: move it after the split and fit it on `train` only.',
      fitOnHeldOut:
        '`{{step}}` ({{kind}}) is fit on `{{fitOn}}` — {{leak}}: fit it on `train` only and apply the fitted transform to the other splits.',
      trainOnHeldOut:
        '`{{step}}` trains the model on `{{fitOn}}` — {{leak}}: train on `train` (or `train+validation` once the model is selected) and keep test rows out.',
      calibrateOnTest:
        '`{{step}}` (calibrate) is fit on `{{fitOn}}` — {{leak}}: fit the calibrator on `validation` rows and keep test rows for the final evaluation only.',
    },
    examples: {
      valid: [
        'steps:\n  - {name: split, kind: split}\n  - {name: scale, kind: normalize, fit_on: train}\n  - {name: fit, kind: train, fit_on: train}\n  - {name: platt, kind: calibrate, fit_on: validation}',
      ],
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
      doc.steps.forEach((step, index) => {
        if (seen.has(step.name)) return;
        const report = leak(doc.file, doc.steps, index, splitAt);
        if (report) {
          seen.add(step.name);
          reports.push(report);
        }
      });
    }
    return reports;
  },
});

/** The leak step `index` causes, if any; `splitAt` is the index of the split step (-1: none). */
function leak(file: string, steps: readonly LineageStep[], index: number, splitAt: number): RuleReport | undefined {
  const step = steps[index]!;
  const heldOut = step.fitOn === undefined ? undefined : heldOutIn(step.fitOn);
  const at = { file, line: step.line };
  if (step.kind === 'train') {
    // Refitting on train+validation after model selection is sound; training on test rows never is.
    if (heldOut !== 'test') return undefined;
    return { messageId: 'trainOnHeldOut', data: { step: step.name, fitOn: step.fitOn!, leak: LEAK.test }, ...at };
  }
  // A step of another kind that states `fit_on` says it learns from data (a custom encoder).
  const calibrator = step.kind === 'calibrate';
  if (!FITTED_STEP_KINDS.has(step.kind) && !calibrator && !(step.kind === 'other' && step.fitOn !== undefined)) return undefined;
  const base = { step: step.name, kind: step.kind };
  if (splitAt >= 0 && runsBefore(steps, index, splitAt)) {
    // Before the split there is no training part yet: whatever it names, it sees every row.
    const fitOn = step.fitOn === undefined || heldOut === 'test' ? 'all rows' : `\`${step.fitOn}\``;
    return { messageId: 'fitBeforeSplit', data: { ...base, fitOn, split: steps[splitAt]!.name, leak: LEAK.test }, ...at };
  }
  // A calibrator learns from rows the model did not train on: validation rows are correct practice.
  if (calibrator) return heldOut === 'test' ? { messageId: 'calibrateOnTest', data: { step: step.name, fitOn: step.fitOn!, leak: LEAK.test }, ...at } : undefined;
  if (heldOut) return { messageId: 'fitOnHeldOut', data: { ...base, fitOn: step.fitOn!, leak: LEAK[heldOut] }, ...at };
  return undefined;
}
