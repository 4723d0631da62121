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
const [transactions] = defaultLineage().datasets as Record<string, unknown>[];
const closures = { name: 'closures', uri: 's3://acme-data/closures/', quality_assertions: [{ check: 'not_null', column: 'closed_at', result: 'pass' }] };

testRule('lineage-inputs-versioned', {
  valid: [
    validModel('every input pinned'),
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
      error(unversioned('data/Churn_Modelling.csv'), `${DIR}/dvc.yaml`, at(`${DIR}/dvc.yaml`, '${base.data_dir}')),
    ]),
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
