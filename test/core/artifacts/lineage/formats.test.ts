// Behaviour beyond the real fixtures: DVC 3 locks, imports, templated inputs across a merge,
// OpenLineage version facets and failing assertions, step-kind inference, and no throw on any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inferStepKind,
  mergeDvc,
  parseDvcLock,
  parseDvcPipeline,
  parseDvcPointer,
  parseLineageManifest,
  parseOpenLineageEvent,
  type DvcStep,
} from '../../../../src/core/artifacts/lineage/index.ts';
import { isCodePath } from '../../../../src/core/artifacts/lineage/dvc-paths.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('DVC', () => {
  it('DVC 3 lock: `hash: md5` names the algorithm of the `md5` value; code deps are not datasets', () => {
    const lock = parseDvcLock(
      'dvc.lock',
      lines("schema: '2.0'", 'stages:', '  prepare:', '    cmd: python src/prepare.py', '    deps:', '    - path: data/raw.csv', '      hash: md5', '      md5: 0123abcd', '    - path: src/prepare.py', '      hash: md5', '      md5: ffff'),
    );
    expect(lock.errors).toEqual([]);
    expect(lock.value?.datasets).toEqual([{ name: 'data/raw.csv', qualityAssertions: [], line: 6, version: 'md5:0123abcd' }]);
    expect(lock.value?.steps).toEqual([{ name: 'prepare', kind: 'other', inputs: ['data/raw.csv', 'src/prepare.py'], outputs: [], line: 3 }]);
  });

  it('an imported .dvc pointer: uri from the source repository, version from the md5', () => {
    const result = parseDvcPointer(
      'data/raw.csv.dvc',
      lines('md5: 1', 'frozen: true', 'deps:', '- path: data/raw.csv', '  repo:', '    url: https://github.com/acme/data', '    rev_lock: abc123', 'outs:', '- md5: 9f9f', '  size: 1', '  hash: md5', '  path: raw.csv'),
    );
    expect(result.errors).toEqual([]);
    expect(result.value?.datasets).toEqual([{ name: 'raw.csv', uri: 'https://github.com/acme/data', version: 'md5:9f9f', qualityAssertions: [], line: 9 }]);
  });

  it('a foreach input is understood, not expanded: versioned when every generated dep is locked', () => {
    const pipeline = parseDvcPipeline(
      'dvc.yaml',
      lines('stages:', '  prepare:', '    foreach: [eu, us]', '    do:', '      cmd: python prepare.py ${item}', '      deps:', '        - data/${item}.csv', '        - prepare.py', '      outs:', '        - prepared/${item}.pkl'),
    );
    expect(pipeline.errors).toEqual([]);
    const steps = pipeline.value!.steps as DvcStep[];
    expect(steps).toEqual([
      { name: 'prepare', kind: 'other', inputs: ['data/${item}.csv', 'prepare.py'], outputs: ['prepared/${item}.pkl'], line: 2, template: { kind: 'foreach', count: 2 } },
    ]);
    expect(pipeline.value!.datasets).toEqual([{ name: 'data/${item}.csv', qualityAssertions: [], line: 7 }]);
    const entry = (stage: string, path: string, md5: string) => [`  ${stage}:`, '    cmd: x', '    deps:', `    - path: ${path}`, `      md5: ${md5}`];
    const lock = parseDvcLock('dvc.lock', lines("schema: '2.0'", 'stages:', ...entry('prepare@eu', 'data/eu.csv', 'aa'), ...entry('prepare@us', 'data/us.csv', 'bb')));
    expect(mergeDvc(pipeline.value!, lock.value).datasets[0]?.version).toBe('md5:aa, md5:bb');
    const partial = parseDvcLock('dvc.lock', lines("schema: '2.0'", 'stages:', ...entry('prepare@eu', 'data/eu.csv', 'aa'), '  prepare@us:', '    cmd: x', '    deps:', '    - path: data/us.csv'));
    expect(mergeDvc(pipeline.value!, partial.value).datasets[0]?.version).toBeUndefined();
  });

  it('mergeDvc: inline vars resolve at parse time, params.yaml the rest; unknown references stay as written', () => {
    const pipeline = parseDvcPipeline(
      'dvc.yaml',
      lines('vars:', '  - data_dir: data', 'stages:', '  train_model:', '    cmd: python train.py', '    deps:', '      - ${data_dir}/train.csv', '      - ${raw.dir}/x.csv', '      - ${missing.key}/y.csv'),
    );
    expect(pipeline.value?.datasets.map((d) => d.name)).toEqual(['data/train.csv', '${raw.dir}/x.csv', '${missing.key}/y.csv']);
    const merged = mergeDvc(pipeline.value!, undefined, 'raw:\n  dir: s3/raw\n');
    expect(merged.steps[0]?.inputs).toEqual(['data/train.csv', 's3/raw/x.csv', '${missing.key}/y.csv']);
    expect(merged.datasets.map((d) => [d.name, d.line])).toEqual([
      ['data/train.csv', 7],
      ['s3/raw/x.csv', 8],
      ['${missing.key}/y.csv', 9],
    ]);
    expect(merged.params).toEqual({ data_dir: 'data', 'raw.dir': 's3/raw' });
    // params text that is not YAML is ignored rather than thrown on
    expect(mergeDvc(pipeline.value!, undefined, 'a: [1,\n').params).toEqual({ data_dir: 'data' });
  });

  it('${...} reads only the values given, never Object.prototype', () => {
    const pipeline = parseDvcPipeline('dvc.yaml', lines('stages:', '  s:', '    foreach: ${constructor}', '    do:', '      cmd: x', '      deps:', '        - ${toString}/${__proto__}.csv'));
    expect(pipeline.errors).toEqual([]);
    expect((pipeline.value?.steps[0] as DvcStep).template).toEqual({ kind: 'foreach' });
    expect(mergeDvc(pipeline.value!, undefined, 'a: 1\n').datasets.map((d) => d.name)).toEqual(['${toString}/${__proto__}.csv']);
  });

  it('code, configuration and data deps', () => {
    expect(['src/train.py', 'notebooks/eda.ipynb', 'src', 'requirements.txt', 'configs/train.yaml'].map(isCodePath)).toEqual([true, true, true, true, true]);
    expect(['data/raw.csv', 'data', 'features.parquet', 'annotations.json', 'corpus/train.txt', 'src/data.csv'].map(isCodePath)).toEqual([false, false, false, false, false, false]);
  });
});

describe('OpenLineage', () => {
  const event = (inputs: string) =>
    `{"eventTime": "2024-01-01T00:00:00Z", "producer": "p", "schemaURL": "s", "eventType": "COMPLETE",\n "run": {"runId": "r"},\n "job": {"namespace": "airflow", "name": "churn.fit_scaler"},\n "inputs": ${inputs}}\n`;

  it('version from facets.version.datasetVersion; failing assertions are fail', () => {
    const result = parseOpenLineageEvent(
      'run.openlineage.json',
      event(
        '[{"namespace": "s3://acme", "name": "tx",\n   "facets": {"version": {"_producer": "p", "_schemaURL": "s", "datasetVersion": "v42"}},\n   "inputFacets": {"dataQualityAssertions": {"_producer": "p", "_schemaURL": "s", "assertions": [\n     {"assertion": "not_null", "success": false, "column": "amount"}]}}}]',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.value?.datasets).toEqual([
      { name: 's3://acme/tx', version: 'v42', line: 4, qualityAssertions: [{ check: 'not_null', column: 'amount', result: 'fail', line: 7 }] },
    ]);
    expect(result.value?.steps).toEqual([{ name: 'churn.fit_scaler', kind: 'normalize', inputs: ['s3://acme/tx'], outputs: [], line: 3 }]);
  });

  it('an assertion facet that is not a list is an error at its line', () => {
    const result = parseOpenLineageEvent('e.json', event('[{"namespace": "n", "name": "t",\n  "inputFacets": {"dataQualityAssertions": {"assertions": {}}}}]'));
    expect(result.errors.map((e) => [e.line, e.code, e.message])).toEqual([
      [5, 'schema', 'inputs.0.inputFacets.dataQualityAssertions.assertions: expected a list, found a map (line 5)'],
    ]);
  });
});

describe('inferStepKind', () => {
  const table: [string, string | string[] | undefined, string][] = [
    ['data_split', undefined, 'split'],
    ['train_test_split', undefined, 'split'],
    ['train', undefined, 'train'],
    ['fit_scaler', undefined, 'normalize'],
    ['StandardScaler', undefined, 'standardize'],
    ['impute_missing', undefined, 'impute'],
    ['target_encoding', undefined, 'target-encode'],
    ['one_hot_encode', undefined, 'encode'],
    ['apply_smote', undefined, 'oversample'],
    ['feature_selection', undefined, 'select'],
    ['select_columns', undefined, 'other'],
    ['pca', undefined, 'pca'],
    ['evaluate', undefined, 'evaluate'],
    ['eval', undefined, 'evaluate'],
    ['merge_sources', undefined, 'join'],
    ['download', undefined, 'load'],
    // only a name that says so is a fitted transform
    ['featurize', undefined, 'other'],
    ['preprocess', undefined, 'other'],
    ['prepare', 'python src/prepare.py', 'other'],
    // the script a stage runs, when its name says nothing
    ['stage1', 'python train.py input output', 'train'],
    ['step', ['echo start', 'python -m pkg.evaluate --split test'], 'evaluate'],
  ];
  for (const [name, cmd, kind] of table) {
    it(`${name}${cmd ? ` (${String(cmd)})` : ''} -> ${kind}`, () => expect(inferStepKind(name, cmd)).toBe(kind));
  }
});

describe('no input makes a lineage parser throw', () => {
  const parsers = [parseLineageManifest, parseDvcPipeline, parseDvcLock, parseDvcPointer, parseOpenLineageEvent];
  const yamlish = fc.stringMatching(/^[a-z_:\-\[\]{}"' \n\t,.$0-9]{0,80}$/);

  it('arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        for (const parse of parsers) {
          const result = parse('f', text);
          for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        for (const parse of parsers) parse('f', text);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary values under the keys each format reads', () => {
    const keys = ['version', 'datasets', 'splits', 'steps', 'stages', 'vars', 'outs', 'deps', 'schema', 'run', 'job', 'inputs', 'outputs', 'dataset', 'eventTime', 'plots', 'artifacts'];
    const doc = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }));
    fc.assert(
      fc.property(doc, (value) => {
        for (const parse of parsers) parse('f', JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });
});
