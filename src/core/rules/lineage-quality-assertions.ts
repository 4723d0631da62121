// Data quality: a model is only as good as the rows it learned from. Inputs nobody checked, and
// inputs whose checks failed, are how broken upstream data turns into a confidently wrong model.
import { z } from 'zod';
import type { Lineage } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { datasetRepoPath, inputDatasets, lineageDialect, type InputDataset } from './support/lineage.ts';
import { relativeToDir } from './support/locate.ts';
import { mentionFiles, partlyUnread } from './support/unread.ts';

/** The "no assertions" advice in the input's own format: where such a user can write them. */
function missingAssertions(modelDir: string, docs: readonly Lineage[], input: InputDataset): Pick<RuleReport, 'messageId' | 'data'> {
  const dataset = input.dataset.name;
  const dialect = lineageDialect(input.doc);
  if (dialect === 'openlineage') return { messageId: 'noAssertionsOpenLineage', data: { dataset } };
  if (dialect === 'manifest') return { messageId: 'noAssertions', data: { dataset } };
  // modelgate reads a lineage.yaml beside dvc.yaml with the pipeline; it names the file by its
  // path from there, as dvc.yaml does.
  const pipeline = docs.find((d) => d.format === 'dvc-pipeline' || d.format === 'dvc-lock');
  const dir = pipeline ? pipeline.file.split('/').slice(0, -1).join('/') : modelDir;
  const repoPath = datasetRepoPath(input.doc, input.dataset);
  const path = repoPath === undefined ? dataset : relativeToDir(dir, repoPath);
  return { messageId: 'noAssertionsDvc', data: { dataset, path, where: pipeline ? 'beside `dvc.yaml`' : 'beside the model card' } };
}

export default defineRule({
  meta: {
    id: 'lineage-quality-assertions',
    title: 'Input datasets carry passing quality assertions',
    antipattern: 'data quality',
    area: 'lineage',
    risk: 'provenance',
    rationale:
      'Data quality: null floods, duplicated rows, truncated loads and out-of-range values upstream become a model that is ' +
      'confidently wrong. Quality assertions recorded with their results show the data was checked, and a failing one ' +
      'shows it was checked and found bad.',
    howToFix:
      'Add `quality_assertions` to every input dataset (not-null, uniqueness, row counts, value ranges) and fix the data or the ' +
      'pipeline until every assertion passes. DVC has no key for them (dvc.yaml rejects unknown keys): list the inputs with their ' +
      'assertions in a `lineage.yaml` beside `dvc.yaml`, which is read with the pipeline. An OpenLineage producer emits the ' +
      '`dataQualityAssertions` input facet.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
    controls: [partly(C.euArt10_3), partly(C.srDevelopment)],
    options: z.object({
      /** When false, only failing assertions are reported (inputs without any are accepted). */
      requireAssertions: z.boolean().default(true).describe('Report input datasets that carry no quality assertions at all (failing assertions are always reported).'),
    }),
    messages: {
      failed:
        'Quality assertion `{{check}}` failed on `{{target}}`: fix the data (or the pipeline that produced it) before training on it, ' +
        'and record the passing result.',
      noAssertions:
        'Input dataset `{{dataset}}` has no quality assertions: add `quality_assertions` (not-null, uniqueness, row counts, value ranges) ' +
        'with their results, so bad data is caught before it trains a model.',
      noAssertionsDvc:
        'Input dataset `{{dataset}}` has no quality assertions, and DVC has no key for them: list it in a `lineage.yaml` {{where}} ' +
        '(read with the pipeline) as `{name: {{path}}, quality_assertions: [{check: not_null, column: <column>, result: pass}]}` under `datasets:`, ' +
        'with the results of the checks you run, so bad data is caught before it trains a model.',
      noAssertionsOpenLineage:
        'Input dataset `{{dataset}}` has no quality assertions: have the producer emit the `dataQualityAssertions` input facet ' +
        '(`inputFacets.dataQualityAssertions.assertions: [{assertion, success, column}]`) with the results of its checks, so bad data is caught before it trains a model.',
    },
    examples: {
      valid: ['datasets:\n  - name: transactions\n    version: "sha256:9f2c…"\n    quality_assertions:\n      - {check: not_null, column: amount, result: pass}'],
      invalid: [
        'datasets:\n  - {name: transactions, version: "sha256:9f2c…"}   # no quality assertions',
        'datasets:\n  - name: transactions\n    version: "sha256:9f2c…"\n    quality_assertions:\n      - {check: not_null, column: amount, result: fail}',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const reports: RuleReport[] = [];
    for (const input of inputDatasets(model.head.lineage)) {
      const assertions = input.mentions.flatMap((d) => d.qualityAssertions);
      if (assertions.length === 0) {
        // Assertions a manifest wrote in a shape the parser could not read are not "no assertions":
        // the parse error is the finding (artifact-parseable), once.
        if (partlyUnread(ctx.pr, ...mentionFiles(model.head.lineage, input))) continue;
        if (ctx.options.requireAssertions) reports.push({ ...missingAssertions(model.dir, model.head.lineage, input), file: input.doc.file, line: input.dataset.line });
        continue;
      }
      // The same assertion listed by two documents (a RunEvent per stage) is one failure.
      const seen = new Set<string>();
      for (const mention of input.mentions) {
        for (const assertion of mention.qualityAssertions) {
          const target = assertion.column ? `${input.dataset.name}.${assertion.column}` : input.dataset.name;
          const key = `${assertion.check}|${target}`;
          if (assertion.result !== 'fail' || seen.has(key)) continue;
          seen.add(key);
          const file = model.head.lineage.find((d) => d.datasets.includes(mention))?.file ?? input.doc.file;
          reports.push({ messageId: 'failed', data: { check: assertion.check, target }, file, line: assertion.line });
        }
      }
    }
    return reports;
  },
});
