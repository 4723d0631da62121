// lineage.yaml (DESIGN §2.2): every field of a complete manifest lands in Lineage with its line;
// the zod schema generates a JSON Schema; written kinds map onto StepKind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lineageManifestSchema, parseLineageManifest } from '../../../../src/core/artifacts/lineage/index.ts';
import { WRITTEN_STEP_KINDS } from '../../../../src/core/artifacts/lineage/kinds.ts';

const COMPLETE = `version: 1
datasets:
  - name: transactions
    uri: s3://acme-data/tx/
    version: sha256:9f2c0a
    time_column: event_time
    quality_assertions:
      - {check: not_null, column: amount, result: pass}
      - {check: "row_count >= 1000000", result: pass, observed: 1203311}
  - name: customers
    uri: warehouse.crm.customers
    version: 42
    quality_assertions:
      - check: unique
        column: customer_id
        result: fail
splits:
  method: temporal                   # temporal | random | group | stratified
  seed: 42
  train: {dataset: transactions, range: ["2023-01-01", "2024-06-30"]}
  validation: {range: ["2024-07-01", "2024-08-31"]}
  test: {range: [2024-09-01, 2024-10-31]}
steps:                               # in execution order
  - {name: join, kind: join, inputs: [transactions, customers], outputs: [joined]}
  - {name: split, kind: split}
  - {name: scale, kind: normalize, fit_on: train}
  - {name: smote, kind: smote, fit_on: Train}
  - name: fit
    kind: fit
    fit_on: train
    inputs: [joined]
    outputs: [model.pkl]
`;

describe('parseLineageManifest', () => {
  it('maps every field of a complete manifest, with lines', () => {
    const result = parseLineageManifest('models/churn/lineage.yaml', COMPLETE);
    expect(result.format).toBe('modelgate-lineage');
    expect(result.errors).toEqual([]);
    const { locations, ...value } = result.value!;
    expect(value).toEqual({
      format: 'modelgate-lineage',
      file: 'models/churn/lineage.yaml',
      datasets: [
        {
          name: 'transactions',
          uri: 's3://acme-data/tx/',
          version: 'sha256:9f2c0a',
          timeColumn: 'event_time',
          qualityAssertions: [
            { check: 'not_null', column: 'amount', result: 'pass', line: 8 },
            { check: 'row_count >= 1000000', result: 'pass', line: 9 },
          ],
          line: 3,
        },
        {
          name: 'customers',
          uri: 'warehouse.crm.customers',
          version: '42',
          qualityAssertions: [{ check: 'unique', column: 'customer_id', result: 'fail', line: 14 }],
          line: 10,
        },
      ],
      splits: {
        method: 'temporal',
        seed: 42,
        train: { dataset: 'transactions', range: ['2023-01-01', '2024-06-30'], line: 20 },
        validation: { range: ['2024-07-01', '2024-08-31'], line: 21 },
        test: { range: ['2024-09-01', '2024-10-31'], line: 22 },
        line: 17,
      },
      steps: [
        { name: 'join', kind: 'join', inputs: ['transactions', 'customers'], outputs: ['joined'], line: 24 },
        { name: 'split', kind: 'split', inputs: [], outputs: [], line: 25 },
        { name: 'scale', kind: 'normalize', fitOn: 'train', inputs: [], outputs: [], line: 26 },
        { name: 'smote', kind: 'oversample', fitOn: 'train', inputs: [], outputs: [], line: 27 },
        { name: 'fit', kind: 'train', fitOn: 'train', inputs: ['joined'], outputs: ['model.pkl'], line: 28 },
      ],
    });
    expect(locations['splits.method']).toBe(18);
    expect(locations['steps.4.fit_on']).toBe(30);
  });

  it('the DESIGN §2.2 example parses clean (smote written as resample stays resample)', () => {
    const text = COMPLETE.replace('{name: smote, kind: smote, fit_on: Train}', '{name: smote, kind: resample, fit_on: train}');
    const result = parseLineageManifest('lineage.yaml', text);
    expect(result.errors).toEqual([]);
    expect(result.value?.steps[3]).toEqual({ name: 'smote', kind: 'resample', fitOn: 'train', inputs: [], outputs: [], line: 27 });
  });

  it('CRLF line endings: same values, same lines', () => {
    const crlf = parseLineageManifest('lineage.yaml', COMPLETE.replace(/\n/g, '\r\n'));
    const lf = parseLineageManifest('lineage.yaml', COMPLETE);
    expect(crlf.errors).toEqual([]);
    expect(crlf.value).toEqual(lf.value);
  });

  it('a minimal manifest: one dataset, nothing else', () => {
    const result = parseLineageManifest('lineage.yaml', 'version: 1\ndatasets:\n  - name: tx\n');
    expect(result.errors).toEqual([]);
    expect(result.value).toMatchObject({ datasets: [{ name: 'tx', qualityAssertions: [], line: 3 }], steps: [] });
    expect(result.value?.splits).toBeUndefined();
  });

  it('real-world-shaped: a random split described by fractions, with dedupe, filter and calibrate steps', () => {
    const path = 'bank-churn-random-split.lineage.yaml';
    const text = readFileSync(new URL(`../../../fixtures/lineage/${path}`, import.meta.url), 'utf8');
    const result = parseLineageManifest(path, text);
    expect(result.errors).toEqual([]);
    expect(result.value?.splits).toEqual({
      method: 'random',
      seed: 42,
      line: 13,
      train: { dataset: 'data/Churn_Modelling.csv', fraction: 0.6, line: 16 },
      validation: { fraction: 0.15, line: 17 },
      test: { fraction: 0.25, line: 18 },
    });
    expect(result.value?.steps.map((s) => [s.name, s.kind, s.fitOn])).toEqual([
      ['drop_duplicates', 'deduplicate', undefined],
      ['drop_missing_target', 'filter', undefined],
      ['data_split', 'split', undefined],
      ['one_hot_geography', 'encode', 'train'],
      ['train', 'train', 'train'],
      ['calibrate_probabilities', 'calibrate', 'validation'],
      ['eval', 'evaluate', undefined],
    ]);
  });

  it('a split fraction outside (0, 1] is an error at its line', () => {
    const text = 'version: 1\ndatasets: [{name: tx}]\nsplits:\n  method: random\n  train: {fraction: 80}\n';
    expect(parseLineageManifest('lineage.yaml', text).errors.map((e) => [e.line, e.message])).toEqual([[5, 'splits.train.fraction: expected a share of the rows above 0 and at most 1 (0.8 for 80 %), found the number 80 (line 5)']]);
  });

  it('kind spelling: case, underscores and spaces do not matter', () => {
    const text = 'version: 1\ndatasets: [{name: tx}]\nsteps:\n  - {name: a, kind: Target_Encode}\n  - {name: b, kind: Feature Selection}\n  - {name: c, kind: STANDARDISE}\n';
    const result = parseLineageManifest('lineage.yaml', text);
    expect(result.errors).toEqual([]);
    expect(result.value?.steps.map((s) => s.kind)).toEqual(['target-encode', 'select', 'standardize']);
  });

  // Names people write after their library (scikit-learn, imbalanced-learn) must not turn a
  // fitted transform into a schema error and kind `other`: the leak would then go unnamed.
  it.each([
    ['StandardScaler', 'standardize'],
    ['standardization', 'standardize'],
    ['MinMaxScaler', 'normalize'],
    ['min-max', 'normalize'],
    ['normalization', 'normalize'],
    ['scaling', 'normalize'],
    ['one-hot', 'encode'],
    ['OneHot', 'encode'],
    ['one_hot_encoding', 'encode'],
    ['target encoding', 'target-encode'],
    ['imputation', 'impute'],
    ['oversampling', 'oversample'],
    ['undersampling', 'resample'],
    ['SelectKBest', 'select'],
    ['select-k-best', 'select'],
    ['calibrate', 'calibrate'],
    ['Platt scaling', 'calibrate'],
    ['temperature_scaling', 'calibrate'],
    ['filter', 'filter'],
    ['deduplicate', 'deduplicate'],
    ['drop_duplicates', 'deduplicate'],
  ])('kind %s is read as %s', (written, kind) => {
    const result = parseLineageManifest('lineage.yaml', `version: 1\ndatasets: [{name: tx}]\nsteps:\n  - {name: a, kind: ${written}}\n`);
    expect(result.errors).toEqual([]);
    expect(result.value?.steps[0]?.kind).toBe(kind);
  });
});

describe('lineageManifestSchema', () => {
  it('generates a JSON Schema (input side) with descriptions and the kind enum', () => {
    const schema = z.toJSONSchema(lineageManifestSchema, { io: 'input' }) as Record<string, any>;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'datasets']);
    expect(schema.properties.splits.properties.method.enum).toEqual(['temporal', 'random', 'group', 'stratified']);
    expect(schema.properties.steps.items.properties.kind.enum).toEqual(Object.keys(WRITTEN_STEP_KINDS));
    expect(schema.properties.splits.properties.train.properties.range.prefixItems[0].type).toEqual(['string', 'number']);
    // every property of every object is described, so editors can explain it
    const undescribed: string[] = [];
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        if (!child.description) undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  it('accepts Date range bounds (a YAML 1.1 reader) and bare years', () => {
    const parsed = lineageManifestSchema.parse({
      version: 1,
      datasets: [{ name: 'tx' }],
      splits: { method: 'temporal', train: { range: [new Date('2023-01-01T00:00:00Z'), 2024] } },
    });
    expect(parsed.splits?.train?.range).toEqual(['2023-01-01', '2024']);
  });
});
