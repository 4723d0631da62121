// Entity leakage: when one customer, patient or device contributes many rows (repeat visits,
// monthly snapshots of the same accounts), a random split puts some of their rows in training
// and others in test. The model then recognises the entity instead of generalising to new ones,
// and the test score measures memory. Splitting by group on the entity key keeps each entity on
// one side.
import { z } from 'zod';
import type { Lineage, LineageSplits } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { partDataset, splitsRowsAtRandom } from './support/lineage.ts';
import { lineAt } from './support/locate.ts';
import { listOf } from './support/wording.ts';

const code = (names: readonly string[]) => listOf(names.map((n) => `\`${n}\``));

/** Datasets the split draws from that declare an entity key; all with one when no part names its dataset. */
function entityDatasets(doc: Lineage, splits: LineageSplits): { name: string; key: string[]; line: number }[] {
  const named = new Set((['train', 'validation', 'test'] as const).map((p) => partDataset(splits, p)).filter((d): d is string => d !== undefined));
  return doc.datasets.flatMap((d) => (d.entityKey && (named.size === 0 || named.has(d.name)) ? [{ name: d.name, key: d.entityKey, line: d.line }] : []));
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export default defineRule({
  meta: {
    id: 'lineage-group-split',
    title: 'Data with an entity key is split by group',
    antipattern: 'data leakage',
    area: 'lineage',
    risk: 'leakage',
    rationale:
      'Data leakage across entities: when a dataset has several rows per entity (`entity_key: customer_id`: repeat transactions, ' +
      'monthly snapshots of the same accounts, several scans of one patient), a random or stratified split puts one entity\'s rows ' +
      'on both sides. The model is tested on people it has already seen, and the test score overstates how it does on new ones. ' +
      'A `group` split on the entity key keeps every entity in one part. A `temporal` split is left to lineage-temporal-split.',
    howToFix:
      'Split with `method: group` and `group_by: <entity key>` (scikit-learn `GroupShuffleSplit`/`GroupKFold`), or split by time; ' +
      'if rows really are independent, remove `entity_key` from the dataset.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.measure2_5)],
    options: z.object({}),
    messages: {
      randomSplitOfEntities:
        '`{{dataset}}` has several rows per {{key}} (`entity_key`) but is split with method `{{method}}`: the same entities land in ' +
        'train and test, so test metrics measure entities the model has seen; split with `method: group` and `group_by: {{keyList}}`.',
      groupKeyMissing:
        'The group split names no `group_by`: nothing shows it keeps each {{key}} of `{{dataset}}` in one part; set `group_by: {{keyList}}`.',
      groupKeyMismatch:
        'The group split keeps {{groupBy}} together, not the entity key {{key}} of `{{dataset}}`: one entity can still land in train ' +
        'and test; group by {{keyList}}.',
    },
    examples: {
      valid: [
        'datasets:\n  - {name: visits, version: "sha256:…", entity_key: patient_id}\nsplits:\n  method: group\n  group_by: patient_id\n  seed: 7',
      ],
      invalid: [
        'datasets:\n  - {name: visits, version: "sha256:…", entity_key: patient_id}\nsplits: {method: random, seed: 7}',
        'datasets:\n  - {name: visits, version: "sha256:…", entity_key: patient_id}\nsplits: {method: group, group_by: visit_id}',
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
      for (const dataset of entityDatasets(doc, splits)) {
        const data = { dataset: dataset.name, key: code(dataset.key), keyList: dataset.key.length === 1 ? dataset.key[0]! : `[${dataset.key.join(', ')}]` };
        if (splitsRowsAtRandom(splits)) {
          reports.push({ messageId: 'randomSplitOfEntities', data: { ...data, method: splits.method }, file: doc.file, line: lineAt(doc.locations, 'splits.method', splits.line) });
        } else if (splits.method === 'group' && !splits.groupBy) {
          reports.push({ messageId: 'groupKeyMissing', data, file: doc.file, line: lineAt(doc.locations, 'splits.method', splits.line) });
        } else if (splits.method === 'group' && splits.groupBy && !splits.groupBy.every((g) => dataset.key.some((k) => same(g, k)))) {
          // Grouping on part of a composite key keeps whole entities together (coarser groups); a column outside the key
          // (`[customer_id, region]`) splits one customer's rows by region, so it can land on both sides.
          reports.push({ messageId: 'groupKeyMismatch', data: { ...data, groupBy: code(splits.groupBy) }, file: doc.file, line: lineAt(doc.locations, 'splits.group_by', splits.line) });
        }
      }
    }
    return reports;
  },
});
