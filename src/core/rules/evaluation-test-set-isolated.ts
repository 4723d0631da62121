// Grade-your-own-exam: a metric measured on data the model was trained or selected on says how
// well it remembers, not how well it generalises. Two ways to get there: the card reports on a
// training/selection split, or the lineage's "test" part shares rows with the training part.
import { z } from 'zod';
import type { Lineage, LineageSplits } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { partDataset, rangeLine, trainTestOverlap } from './support/lineage.ts';
import { governanceFile, lineAt, relativeToDir } from './support/locate.ts';
import { isTestSplit } from './support/tuning.ts';

const options = z.object({
  /** Splits the model is fitted on. */
  trainSplits: z.array(z.string()).default(['train', 'training']).describe('Split names that mean training data; evaluating on one of them is an error.'),
  /** Splits used for model selection, early stopping or tuning. */
  selectionSplits: z.array(z.string()).default(['validation', 'valid', 'val', 'dev', 'development']).describe('Split names used for model selection; a headline metric on one of them grades the model on its own exam.'),
});

/** The lineage's test part shares rows with its training part (same dataset, ranges not disjoint). */
function testOverlap(lineage: Lineage, splits: LineageSplits): RuleReport | undefined {
  const { train, test } = splits;
  if (!train || !test) return undefined;
  const dataset = partDataset(splits, 'test');
  if (dataset === undefined || dataset !== partDataset(splits, 'train')) return undefined;
  if (train.range && test.range) {
    // This rule owns the overlap; lineage-temporal-split leaves it here (support/lineage.ts).
    const overlap = trainTestOverlap(splits);
    if (!overlap) return undefined;
    return {
      messageId: 'testOverlapsTrain',
      data: { dataset, testStart: test.range[0], testEnd: test.range[1], trainStart: train.range[0], trainEnd: train.range[1] },
      file: lineage.file,
      line: rangeLine(lineage, 'test', test),
    };
  }
  // Random, group and stratified splits partition the rows of one dataset; that is isolation.
  // A temporal (or unknown) split of one dataset without ranges shows no partition at all.
  if (test.dataset === undefined || (splits.method !== 'temporal' && splits.method !== 'unknown')) return undefined;
  return { messageId: 'testIsTrain', data: { dataset }, file: lineage.file, line: test.line };
}

export default defineRule({
  meta: {
    id: 'evaluation-test-set-isolated',
    title: 'Reported metrics come from an isolated test set',
    antipattern: 'grade-your-own-exam',
    area: 'evaluation',
    risk: 'leakage',
    rationale:
      'Grade-your-own-exam: metrics measured on the training data, on the split the tuning or early stopping selected on, ' +
      'or on a "test" set that shares rows with training are optimistic by construction and cannot support a release decision. ' +
      'A test range overlapping the train range of one dataset is reported here only (lineage-temporal-split leaves it to this rule).',
    howToFix:
      'Report `governance.evaluation` on a held-out `test` split that neither training nor tuning touched, ' +
      'and give the lineage test part rows (a range or a dataset) disjoint from the training part.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.measure2_5), partly(C.isoA6_2_4)],
    options,
    messages: {
      trainSplit: 'Metrics are reported on `{{split}}`, the data the model was trained on: report them on a held-out `test` split the model never saw.',
      tuningSplit:
        'Metrics are reported on `{{split}}`, the split the tuning in {{tuningLog}} selected on (grade-your-own-exam): ' +
        'report them on a held-out `test` split that tuning never saw.',
      selectionSplit:
        'Metrics are reported on `{{split}}`, a model-selection split (grade-your-own-exam): ' +
        'report them on a held-out `test` split that tuning and early stopping never saw.',
      testOverlapsTrain:
        'The test range {{testStart}} – {{testEnd}} overlaps the train range {{trainStart}} – {{trainEnd}} of `{{dataset}}`: ' +
        'test rows were trained on, so test metrics are optimistic; make the ranges disjoint.',
      testIsTrain:
        'The test part draws from `{{dataset}}`, the training dataset, with no disjoint range: the test rows may have been trained on; ' +
        'give train and test disjoint ranges or use a separate test dataset.',
    },
    examples: {
      valid: ['governance:\n  evaluation:\n    split: test\n    metrics: [{name: auc, value: 0.861, ci95: [0.852, 0.870]}]'],
      invalid: [
        'governance:\n  evaluation:\n    split: validation   # the split the tuning selected on\n    metrics: [{name: auc, value: 0.871}]',
        '# lineage.yaml\nsplits:\n  method: temporal\n  train: {dataset: tx, range: ["2023-01-01", "2024-09-30"]}\n  test: {range: ["2024-09-01", "2024-10-31"]}',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, tuningLogs, lineage } = model.head;
    const reports: RuleReport[] = [];
    const evaluation = card.governance?.evaluation;
    const split = evaluation?.split?.trim().toLowerCase();
    if (evaluation && split) {
      const at = { file: governanceFile(model.head), line: lineAt(card.locations, 'governance.evaluation.split', evaluation.line) };
      const tuned = tuningLogs.find((l) => l.study.objective?.split?.toLowerCase() === split);
      // `validation set`, `training data`: the split's words, not only its exact name. A name that also
      // says test (`train_holdout`, "test, not train") is taken at its exact value only.
      const tokens = split.split(/[^a-z0-9]+/).filter(Boolean);
      const words = new Set(tokens.some(isTestSplit) ? [split] : [split, ...tokens]);
      const has = (list: string[]) => list.some((s) => words.has(s.toLowerCase()));
      if (has(ctx.options.trainSplits)) reports.push({ messageId: 'trainSplit', data: { split }, ...at });
      // Tuning on the test split itself is tuning-log-no-test-leakage's finding, not a second one here.
      else if (tuned && !isTestSplit(split)) {
        reports.push({ messageId: 'tuningSplit', data: { split, tuningLog: relativeToDir(model.dir, tuned.file) }, ...at });
      } else if (has(ctx.options.selectionSplits)) reports.push({ messageId: 'selectionSplit', data: { split }, ...at });
    }
    const seen = new Set<string>();
    for (const doc of lineage) {
      const report = doc.splits && testOverlap(doc, doc.splits);
      const key = report && `${report.messageId}|${JSON.stringify(report.data)}`;
      if (report && key && !seen.has(key)) {
        seen.add(key);
        reports.push(report);
      }
    }
    return reports;
  },
});
