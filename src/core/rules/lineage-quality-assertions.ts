// Data quality: a model is only as good as the rows it learned from. Inputs nobody checked, and
// inputs whose checks failed, are how broken upstream data turns into a confidently wrong model.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { inputDatasets } from './support/lineage.ts';

export default defineRule({
  meta: {
    id: 'lineage-quality-assertions',
    title: 'Input datasets carry passing quality assertions',
    antipattern: 'data quality',
    area: 'lineage',
    rationale:
      'Data quality: null floods, duplicated rows, truncated loads and out-of-range values upstream become a model that is ' +
      'confidently wrong. Quality assertions recorded with their results show the data was checked, and a failing one ' +
      'shows it was checked and found bad.',
    howToFix:
      'Add `quality_assertions` to every input dataset (not-null, uniqueness, row counts, value ranges — or the ' +
      'OpenLineage `dataQualityAssertions` facet) and fix the data or the pipeline until every assertion passes.',
    defaultSeverity: 'error',
    appliesTo: 'lineage',
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
        if (ctx.options.requireAssertions) {
          reports.push({ messageId: 'noAssertions', data: { dataset: input.dataset.name }, file: input.doc.file, line: input.dataset.line });
        }
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
