import { readFileSync } from 'node:fs';
import { defaultLineage } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { DIR, error, invalidModel, LINEAGE, validModel } from './model-case.ts';

const demo = (name: string) => readFileSync(new URL(`../../fixtures/real-world/lineage/dvc-demo-bank-customer-churn/${name}`, import.meta.url), 'utf8');
/** The real DVC demo pipeline as the model's lineage, with the files given. */
const dvcModel = (files: Record<string, string>) => ({ card: { governance: { lineage: null } }, lineage: null, files: { 'params.yaml': demo('params.yaml'), ...files } });

const unversioned = (dataset: string) =>
  `Input dataset \`${dataset}\` has no version: pin it with a content hash, DVC md5, snapshot id or table version ` +
  'so the model can be traced to the exact data it was trained on.';
// In the file's own format: DVC records hashes itself (a `version:` key in dvc.yaml is an error),
// an OpenLineage producer emits a facet.
const unversionedDvc = (dataset: string) =>
  `Input dataset \`${dataset}\` has no DVC hash: run \`dvc repro\` (or \`dvc commit\`) and commit \`dvc.lock\`, or track the file with ` +
  '`dvc add` and commit its `.dvc` file, so the model can be traced to the exact data it was trained on.';
const OPENLINEAGE_JOB = readFileSync(new URL('../../fixtures/real-world/lineage/openlineage-serde_example_job_event.json', import.meta.url), 'utf8');
const [transactions] = defaultLineage().datasets as Record<string, unknown>[];
const closures = { name: 'closures', uri: 's3://acme-data/closures/', quality_assertions: [{ check: 'not_null', column: 'closed_at', result: 'pass' }] };

testRule('lineage-inputs-versioned', {
  valid: [
    validModel('every input pinned'),
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    validModel('a version written as a list, not a string', { lineage: { datasets: [{ ...transactions, version: ['sha256:9f2c'] }] } }),
    validModel('a derived dataset needs no version of its own', {
      lineage: {
        datasets: [transactions, { name: 'features', quality_assertions: [{ check: 'not_null', column: 'tenure', result: 'pass' }] }],
        steps: [
          { name: 'featurize', kind: 'other', inputs: ['transactions'], outputs: ['features'] },
          { name: 'split', kind: 'split' },
          { name: 'fit', kind: 'train', fit_on: 'train' },
        ],
      },
    }),
    validModel('DVC pipeline pinned by dvc.lock', dvcModel({ 'dvc.yaml': demo('dvc.yaml'), 'dvc.lock': demo('dvc.lock') })),
    validModel('DVC pipeline whose input is pinned by a .dvc pointer', dvcModel({ 'dvc.yaml': demo('dvc.yaml'), 'data/Churn_Modelling.csv.dvc': demo('data/Churn_Modelling.csv.dvc') })),
    validModel('plain card without lineage', { card: { governance: null }, lineage: null, tuning: null }),
  ],
  invalid: [
    invalidModel('the input has no version', { lineage: { datasets: [{ ...transactions, version: undefined }] } }, (at) => [
      error(unversioned('transactions'), LINEAGE, at(LINEAGE, '- name: transactions')),
    ]),
    invalidModel('the second input has no version', { lineage: { datasets: [transactions, closures] } }, (at) => [
      error(unversioned('closures'), LINEAGE, at(LINEAGE, '- name: closures')),
    ]),
    invalidModel(
      'two inputs without versions',
      { lineage: { datasets: [{ ...transactions, version: undefined }, closures] } },
      (at) => [error(unversioned('transactions'), LINEAGE, at(LINEAGE, '- name: transactions')), error(unversioned('closures'), LINEAGE, at(LINEAGE, '- name: closures'))],
    ),
    invalidModel('DVC pipeline without its lock or a pointer', dvcModel({ 'dvc.yaml': demo('dvc.yaml') }), (at) => [
      error(unversionedDvc('data/Churn_Modelling.csv'), `${DIR}/dvc.yaml`, at(`${DIR}/dvc.yaml`, '${base.data_dir}')),
    ]),
    invalidModel(
      'an OpenLineage input without a version facet (real-world JobEvent)',
      { card: { governance: { lineage: 'job.openlineage.json' } }, lineage: null, files: { 'job.openlineage.json': OPENLINEAGE_JOB } },
      (at) => [
        error(
          'Input dataset `openlineage/dataset_a` has no version: have the producer emit the `version` dataset facet ' +
            '(`facets.version.datasetVersion`: a snapshot id, table version or content hash) so the model can be traced to the exact data it was trained on.',
          `${DIR}/job.openlineage.json`,
          at(`${DIR}/job.openlineage.json`, '"inputs"') + 1,
        ),
      ],
    ),
    invalidModel('a version that floats (latest) pins nothing', { lineage: { datasets: [{ ...transactions, version: 'latest' }] } }, (at) => [
      error(
        'Input dataset `transactions` has version `latest`, which names whatever the data is today, not one version of it: pin it ' +
          'with a content hash, DVC md5, snapshot id or table version so the model can be traced to the exact data it was trained on.',
        LINEAGE,
        at(LINEAGE, '- name: transactions'),
      ),
    ]),
  ],
});
