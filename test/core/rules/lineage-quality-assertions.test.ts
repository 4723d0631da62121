import { readFileSync } from 'node:fs';
import { defaultLineage } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { DIR, error, invalidModel, LINEAGE, validModel } from './model-case.ts';

const POINTER = `${DIR}/data/Churn_Modelling.csv.dvc`;
const demo = (name: string) => readFileSync(new URL(`../../fixtures/real-world/lineage/dvc-demo-bank-customer-churn/${name}`, import.meta.url), 'utf8');

const failed = (check: string, target: string) =>
  `Quality assertion \`${check}\` failed on \`${target}\`: fix the data (or the pipeline that produced it) before training on it, ` +
  'and record the passing result.';
const noAssertions = (dataset: string) =>
  `Input dataset \`${dataset}\` has no quality assertions: add \`quality_assertions\` (not-null, uniqueness, row counts, value ranges) ` +
  'with their results, so bad data is caught before it trains a model.';
// DVC has no key for quality assertions (dvc.yaml rejects unknown keys): they go in a lineage.yaml
// beside dvc.yaml, which modelgate reads with the pipeline; an OpenLineage producer emits a facet.
const noAssertionsDvc = (dataset: string, path: string) =>
  `Input dataset \`${dataset}\` has no quality assertions, and DVC has no key for them: list it in a \`lineage.yaml\` beside \`dvc.yaml\` ` +
  `(read with the pipeline) as \`{name: ${path}, quality_assertions: [{check: not_null, column: <column>, result: pass}]}\` under \`datasets:\`, ` +
  'with the results of the checks you run, so bad data is caught before it trains a model.';
const DEMO_FILES = { 'dvc.yaml': demo('dvc.yaml'), 'dvc.lock': demo('dvc.lock'), 'params.yaml': demo('params.yaml'), 'data/Churn_Modelling.csv.dvc': demo('data/Churn_Modelling.csv.dvc') };
/** What the DVC advice asks for: a lineage.yaml beside dvc.yaml with the assertions DVC cannot hold. */
const COMPANION =
  'version: 1\ndatasets:\n  - name: data/Churn_Modelling.csv\n    quality_assertions:\n      - {check: not_null, column: Exited, result: pass}\n      - {check: unique, column: CustomerId, result: pass}\n';
const OPENLINEAGE_JOB = readFileSync(new URL('../../fixtures/real-world/lineage/openlineage-serde_example_job_event.json', import.meta.url), 'utf8');
const [transactions] = defaultLineage().datasets as Record<string, unknown>[];
const closures = { name: 'closures', uri: 's3://acme-data/closures/', version: 'delta:v412' };
const failing = { ...transactions, quality_assertions: [{ check: 'not_null', column: 'amount', result: 'fail' }, { check: 'row_count >= 1000000', result: 'fail' }] };

testRule('lineage-quality-assertions', {
  valid: [
    validModel('every input has passing assertions'),
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    validModel('assertions written as text, not a list', { lineage: { datasets: [{ ...transactions, quality_assertions: 'TBD' }] } }),
    validModel('inputs without assertions accepted by the options', { lineage: { datasets: [transactions, closures] } }, { options: { requireAssertions: false } }),
    validModel('plain card without lineage', { card: { governance: null }, lineage: null, tuning: null }),
    validModel('DVC (real demo pipeline): assertions in a lineage.yaml beside dvc.yaml', {
      card: { governance: { lineage: null } },
      lineage: null,
      files: { ...DEMO_FILES, 'lineage.yaml': COMPANION },
    }),
    validModel('DVC named by the card: the lineage.yaml beside dvc.yaml is read with it', {
      card: { governance: { lineage: 'dvc.yaml' } },
      lineage: null,
      files: { ...DEMO_FILES, 'lineage.yaml': COMPANION },
    }),
  ],
  invalid: [
    invalidModel(
      'a failing not-null assertion',
      { lineage: { datasets: [{ ...transactions, quality_assertions: [{ check: 'not_null', column: 'amount', result: 'fail' }] }] } },
      (at) => [error(failed('not_null', 'transactions.amount'), LINEAGE, at(LINEAGE, '- check: not_null'))],
    ),
    invalidModel('an input without assertions', { lineage: { datasets: [transactions, closures] } }, (at) => [
      error(noAssertions('closures'), LINEAGE, at(LINEAGE, '- name: closures')),
    ]),
    invalidModel('two failing assertions and an unchecked input', { lineage: { datasets: [failing, closures] } }, (at) => [
      error(noAssertions('closures'), LINEAGE, at(LINEAGE, '- name: closures')),
      error(failed('not_null', 'transactions.amount'), LINEAGE, at(LINEAGE, '- check: not_null')),
      error(failed('row_count >= 1000000', 'transactions'), LINEAGE, at(LINEAGE, '- check: row_count')),
    ].sort((a, b) => a.line - b.line)),
    invalidModel(
      'failing assertions are reported even when missing ones are accepted',
      { lineage: { datasets: [failing, closures] } },
      (at) => [error(failed('not_null', 'transactions.amount'), LINEAGE, at(LINEAGE, '- check: not_null')), error(failed('row_count >= 1000000', 'transactions'), LINEAGE, at(LINEAGE, '- check: row_count'))],
      { options: { requireAssertions: false } },
    ),
    // dvc.yaml names the input by path, its .dvc pointer by file name: one input, one finding.
    invalidModel(
      'DVC input without assertions, named by dvc.yaml and its pointer',
      {
        card: { governance: { lineage: null } },
        lineage: null,
        files: { 'dvc.yaml': demo('dvc.yaml'), 'dvc.lock': demo('dvc.lock'), 'params.yaml': demo('params.yaml'), 'data/Churn_Modelling.csv.dvc': demo('data/Churn_Modelling.csv.dvc') },
      },
      (at) => [error(noAssertionsDvc('Churn_Modelling.csv', 'data/Churn_Modelling.csv'), POINTER, at(POINTER, '- md5:'))],
    ),
    invalidModel(
      'an OpenLineage input without the assertions facet (real-world JobEvent)',
      { card: { governance: { lineage: 'job.openlineage.json' } }, lineage: null, files: { 'job.openlineage.json': OPENLINEAGE_JOB } },
      (at) => [
        error(
          'Input dataset `openlineage/dataset_a` has no quality assertions: have the producer emit the `dataQualityAssertions` input facet ' +
            '(`inputFacets.dataQualityAssertions.assertions: [{assertion, success, column}]`) with the results of its checks, so bad data is caught before it trains a model.',
          `${DIR}/job.openlineage.json`,
          at(`${DIR}/job.openlineage.json`, '"inputs"') + 1,
        ),
      ],
    ),
  ],
});
