// Data leakage through time: when rows have a timestamp, a random split puts next month's rows
// in training and last month's in test, and a train range that reaches into the test period
// does the same. The model is graded on a past it has already seen the future of.
import { z } from 'zod';
import type { Lineage, LineageSplits, SplitPart } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { compareBounds, partDataset, rangeLine, splitsRowsAtRandom, trainTestOverlap, type SplitPartName } from './support/lineage.ts';
import { listOf } from './support/wording.ts';

/** Datasets the split draws from that have a time column; all datasets with one when no part names its dataset. */
function timedDatasets(doc: Lineage, splits: LineageSplits): string[] {
  const named = new Set((['train', 'validation', 'test'] as const).map((p) => partDataset(splits, p)).filter((d): d is string => d !== undefined));
  return doc.datasets.filter((d) => d.timeColumn && (named.size === 0 || named.has(d.name))).map((d) => `\`${d.name}\` (\`${d.timeColumn}\`)`);
}

export default defineRule({
  meta: {
    id: 'lineage-temporal-split',
    title: 'Time-stamped data is split by time',
    antipattern: 'data leakage',
    area: 'lineage',
    risk: 'leakage',
    rationale:
      'Data leakage: for data with a time column, a random or stratified split trains on rows from after the test period, and a ' +
      'train range that overlaps or follows the validation/test range does the same, as does a validation range that reaches into ' +
      'the test period (the model is selected on it). The model then sees the future it is ' +
      'evaluated on, and its metrics overstate how it will do on tomorrow\'s data. A test range that overlaps the train range of ' +
      'the same dataset is evaluation-test-set-isolated\'s finding (test rows were trained on), so it is not reported twice.',
    howToFix:
      'Split time-stamped data with `method: temporal` (or `group` by entity) and give train, validation and test consecutive, ' +
      'non-overlapping ranges: train ends before validation starts, validation ends before test starts.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.measure2_5)],
    options: z.object({}),
    messages: {
      randomSplitOnTime:
        '{{datasets}} {{have}} a time column but {{are}} split with method `{{method}}`: future rows land in training and past rows in test; ' +
        'split by time (`method: temporal`, train before validation before test).',
      trainNotBefore:
        'The train range ends {{trainEnd}}, not before the {{part}} range starts ({{partStart}}): the model trains on rows from the ' +
        '{{part}} period or later, so {{part}} metrics are optimistic; end training before {{partStart}}.',
      validationNotBefore:
        'The validation range ends {{validationEnd}}, not before the test range starts ({{testStart}}): the model was selected on rows ' +
        'from the test period or later, so test metrics are optimistic; end validation before {{testStart}}.',
    },
    examples: {
      valid: [
        'splits:\n  method: temporal\n  train: {dataset: tx, range: ["2023-01-01", "2024-06-30"]}\n' +
          '  validation: {range: ["2024-07-01", "2024-08-31"]}\n  test: {range: ["2024-09-01", "2024-10-31"]}',
      ],
      invalid: [
        'datasets:\n  - {name: tx, version: "sha256:…", time_column: event_time}\nsplits: {method: random, seed: 42}',
        'splits:\n  method: temporal\n  train: {dataset: tx, range: ["2023-01-01", "2024-09-30"]}\n  test: {range: ["2024-09-01", "2024-10-31"]}',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const reports: RuleReport[] = [];
    for (const doc of model.head.lineage) {
      const splits = doc.splits;
      if (!splits) continue;
      if (splitsRowsAtRandom(splits)) {
        const timed = timedDatasets(doc, splits);
        if (timed.length > 0) {
          const plural = timed.length > 1;
          reports.push({
            messageId: 'randomSplitOnTime',
            data: { datasets: listOf(timed), have: plural ? 'have' : 'has', are: plural ? 'are' : 'is', method: splits.method },
            file: doc.file,
            line: splits.line,
          });
        }
      }
      const { train, validation, test } = splits;
      // Inclusive ranges: each part must end strictly before the next one begins.
      const notBefore = (a: SplitPart | undefined, b: SplitPart | undefined): [string, string] | undefined =>
        a?.range && b?.range && compareBounds(a.range[1], b.range[0]) >= 0 ? [a.range[1], b.range[0]] : undefined;
      for (const part of ['validation', 'test'] as const satisfies readonly SplitPartName[]) {
        const bounds = notBefore(train, splits[part]);
        if (!bounds) continue;
        // Test rows inside the training range of the same dataset are evaluation-test-set-isolated's
        // finding (test rows were trained on); a second one here would be the same defect twice.
        if (part === 'test' && trainTestOverlap(splits)) continue;
        reports.push({ messageId: 'trainNotBefore', data: { trainEnd: bounds[0], part, partStart: bounds[1] }, file: doc.file, line: rangeLine(doc, 'train', train!) });
      }
      const selection = notBefore(validation, test);
      if (selection) {
        const data = { validationEnd: selection[0], testStart: selection[1] };
        reports.push({ messageId: 'validationNotBefore', data, file: doc.file, line: rangeLine(doc, 'validation', validation!) });
      }
    }
    return reports;
  },
});
