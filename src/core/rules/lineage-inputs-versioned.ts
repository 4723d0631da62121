// Audit trail: "trained on s3://acme-data/tx/" names a place, not data. Without a content hash
// or table version the data behind the model changes silently and no one can say which rows
// it learned from.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { inputDatasets, lineageDialect } from './support/lineage.ts';
import { mentionFiles, partlyUnread } from './support/unread.ts';
import { isBlank } from './support/wording.ts';

// Names of whatever the data is today, not of one version of it: they move with every write.
const FLOATING = new Set(['latest', 'head', 'main', 'master', 'current', 'live', 'newest', 'tip', 'stable', '*']);

function isFloating(version: string | undefined): boolean {
  return version !== undefined && FLOATING.has(version.trim().toLowerCase());
}

export default defineRule({
  meta: {
    id: 'lineage-inputs-versioned',
    title: 'Every input dataset is pinned to a version',
    antipattern: 'audit trail',
    area: 'lineage',
    risk: 'provenance',
    rationale:
      'An input named only by its location can change under the model: the next retrain, an audit or a bug hunt then sees ' +
      'different rows than the model was trained on. A content hash or table version pins the exact data; `latest`, `main` or ' +
      '`current` do not.',
    howToFix:
      'Give every input dataset a `version`: a content hash (`sha256:…`), a snapshot id, or a Delta/Iceberg table version. DVC ' +
      'records the md5 itself: run `dvc repro` (or `dvc commit`) and commit `dvc.lock`, or `dvc add` the file and commit its `.dvc` ' +
      'pointer. An OpenLineage producer emits the `version` dataset facet.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    controls: [partly(C.euArt10_2b), partly(C.euAnnexIV_2d), partly(C.srDevelopment), partly(C.isoA7_5)],
    options: z.object({}),
    messages: {
      unversioned:
        'Input dataset `{{dataset}}` has no version: pin it with a content hash, DVC md5, snapshot id or table version ' +
        'so the model can be traced to the exact data it was trained on.',
      unversionedDvc:
        'Input dataset `{{dataset}}` has no DVC hash: run `dvc repro` (or `dvc commit`) and commit `dvc.lock`, or track the file with ' +
        '`dvc add` and commit its `.dvc` file, so the model can be traced to the exact data it was trained on.',
      unversionedOpenLineage:
        'Input dataset `{{dataset}}` has no version: have the producer emit the `version` dataset facet (`facets.version.datasetVersion`: ' +
        'a snapshot id, table version or content hash) so the model can be traced to the exact data it was trained on.',
      floatingVersion:
        'Input dataset `{{dataset}}` has version `{{version}}`, which names whatever the data is today, not one version of it: pin it ' +
        'with a content hash, DVC md5, snapshot id or table version so the model can be traced to the exact data it was trained on.',
    },
    examples: {
      valid: ['datasets:\n  - {name: transactions, uri: "s3://acme-data/tx/", version: "sha256:9f2c…"}'],
      invalid: ['datasets:\n  - {name: transactions, uri: "s3://acme-data/tx/"}   # no version'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    // dvc.yaml names a dep that dvc.lock pins: a dataset is versioned when any mention of it is.
    return inputDatasets(model.head.lineage).flatMap((input) => {
      if (input.mentions.some((d) => !isBlank(d.version) && !isFloating(d.version))) return [];
      const at = { file: input.doc.file, line: input.dataset.line };
      const floating = input.mentions.find((d) => isFloating(d.version))?.version;
      if (floating !== undefined) return [{ messageId: 'floatingVersion', data: { dataset: input.dataset.name, version: floating }, ...at }];
      // A version written in a shape the parser could not read is not "no version": the parse error
      // is the finding (artifact-parseable), once.
      if (partlyUnread(ctx.pr, ...mentionFiles(model.head.lineage, input))) return [];
      // In the input's own format: a `version:` key in dvc.yaml is an error DVC reports.
      const dialect = lineageDialect(input.doc);
      const data = { dataset: input.dataset.name };
      if (dialect === 'dvc') return [{ messageId: 'unversionedDvc', data, ...at }];
      if (dialect === 'openlineage') return [{ messageId: 'unversionedOpenLineage', data, ...at }];
      return [{ messageId: 'unversioned', data, ...at }];
    });
  },
});
