// Broken lineage files: each gives exactly the listed errors (code, message, line), and none throws.
import { describe, expect, it } from 'vitest';
import type { Lineage, ParseResult } from '../../../../src/core/artifacts/types.ts';
import {
  parseDvcLock,
  parseDvcPipeline,
  parseDvcPointer,
  parseLineageManifest,
  parseOpenLineageEvent,
} from '../../../../src/core/artifacts/lineage/index.ts';

type Parser = (file: string, text: string) => ParseResult<Lineage>;
type Expected = [line: number, code: string, message: string];

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const OL_HEAD = '"eventTime": "2024-01-01T00:00:00Z", "producer": "https://example.com/p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json"';

const cases: [name: string, parser: Parser, text: string, errors: Expected[]][] = [
  // ---- lineage.yaml: YAML that cannot be read
  ['manifest: truncated YAML (unclosed quote)', parseLineageManifest, lines('version: 1', 'datasets:', '  - name: tx', '    uri: "s3://acme'), [[5, 'syntax', 'Missing closing "quote']]],
  ['manifest: tab indentation', parseLineageManifest, lines('version: 1', 'datasets:', '  - name: tx', '\tversion: abc'), [
    [4, 'syntax', 'Tabs are not allowed as indentation'],
    [4, 'duplicate-key', 'duplicate key: map keys must be unique'],
  ]],
  ['manifest: duplicate key', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'steps:', '  - name: a', '    kind: split', '    kind: train'), [[6, 'duplicate-key', 'duplicate key: map keys must be unique']]],
  ['manifest: alias bomb', parseLineageManifest, `a: &a [x, x, x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join('\n')}\n`, [[1, 'alias-limit', 'YAML uses 120 aliases, over the limit of 100; refused (alias expansion attack)']]],
  // ---- lineage.yaml: wrong shapes
  ['manifest: top level is a list', parseLineageManifest, lines('- version: 1'), [[1, 'schema', 'the top level: expected a map with version, datasets, splits and steps, found a list (line 1)']]],
  ['manifest: datasets as a map', parseLineageManifest, lines('version: 1', 'datasets:', '  transactions: {uri: s3://x}'), [[2, 'schema', 'datasets: expected a list, found a map (line 2)']]],
  ['manifest: seed as a string', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'splits:', '  method: random', '  seed: "42"'), [[5, 'schema', 'splits.seed: expected a number, found the string "42" (line 5)']]],
  ['manifest: unknown key in a dataset', parseLineageManifest, lines('version: 1', 'datasets:', '  - name: tx', '    versoin: abc'), [
    [4, 'unknown-key', 'unknown key "versoin" in datasets.0 (line 4); allowed: name, uri, version, time_column, entity_key, quality_assertions'],
  ]],
  ['manifest: unknown top-level key', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'owner: me'), [[3, 'unknown-key', 'unknown key "owner" at the top level (line 3); allowed: version, datasets, splits, steps']]],
  ['manifest: split method "sometimes"', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'splits:', '  method: sometimes'), [
    [4, 'schema', 'splits.method: expected one of temporal, random, group, stratified, found the string "sometimes" (line 4)'],
  ]],
  ['manifest: empty steps', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'steps: []'), [[3, 'schema', 'steps: expected at least 1 item, found an empty list (line 3)']]],
  ['manifest: steps with no value', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'steps:'), [[3, 'schema', 'steps: expected a list, found an empty value (line 3)']]],
  ['manifest: version 2', parseLineageManifest, lines('version: 2', 'datasets: [{name: tx}]'), [[1, 'schema', 'version: expected 1, found the number 2 (line 1)']]],
  ['manifest: no version', parseLineageManifest, lines('datasets: [{name: tx}]'), [[1, 'schema', 'the top level: missing required key "version" (line 1)']]],
  ['manifest: range with one bound', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx, time_column: ts}]', 'splits:', '  method: temporal', '  train: {range: [2023-01-01]}'), [
    [5, 'schema', 'splits.train.range: expected a list of exactly 2 values [start, end], found 1 (line 5)'],
  ]],
  ['manifest: assertion result "ok"', parseLineageManifest, lines('version: 1', 'datasets:', '  - name: tx', '    quality_assertions:', '      - {check: not_null, result: ok}'), [
    [5, 'schema', 'datasets.0.quality_assertions.0.result: expected one of pass, fail, found the string "ok" (line 5)'],
  ]],
  ['manifest: step without kind', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'steps:', '  - name: fit'), [[4, 'schema', 'steps.0: missing required key "kind" (line 4)']]],
  ['manifest: unknown step kind', parseLineageManifest, lines('version: 1', 'datasets: [{name: tx}]', 'steps:', '  - {name: a, kind: featurize}'), [
    [4, 'schema', 'steps.0.kind: expected a step kind (split, normalize, standardize, impute, encode, target-encode, resample, oversample, select, pca, calibrate, filter, deduplicate, train, evaluate, join, load or other; synonyms such as scale, smote, dedupe and fit are accepted), found the string "featurize" (line 4)'],
  ]],
  ['manifest: CRLF, error on the right line', parseLineageManifest, 'version: 1\r\ndatasets:\r\n  - name: tx\r\nsteps:\r\n  - {name: fit, kind: fit, fitt_on: train}\r\n', [
    [5, 'unknown-key', 'unknown key "fitt_on" in steps.0 (line 5); allowed: name, kind, fit_on, inputs, outputs'],
  ]],
  // ---- OpenLineage
  ['openlineage: inputs is not a list', parseOpenLineageEvent, lines('{', `  ${OL_HEAD},`, '  "run": {"runId": "r"},', '  "job": {"namespace": "n", "name": "train_model"},', '  "inputs": {"namespace": "n", "name": "t"}', '}'), [
    [5, 'schema', 'inputs: expected a list of datasets, found a map (line 5)'],
  ]],
  ['openlineage: truncated JSON', parseOpenLineageEvent, lines('{', '  "eventTime": "2024-01-01T00:00:00Z",', '  "inputs": [', '    {"namespace": "n", "name": "t"'), [[5, 'syntax', 'invalid JSON: close brace expected']]],
  ['openlineage: a list, not an event', parseOpenLineageEvent, lines('[1, 2]'), [[1, 'schema', 'the top level: expected an OpenLineage event (a JSON object), found a list (line 1)']]],
  ['openlineage: bad eventType, run without runId, job name a number', parseOpenLineageEvent, lines('{', `  ${OL_HEAD}, "eventType": "DONE",`, '  "run": {},', '  "job": {"namespace": "n", "name": 3}', '}'), [
    [2, 'schema', 'eventType: expected one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER, found the string "DONE" (line 2)'],
    [3, 'schema', 'run: missing required key "runId" (line 3)'],
    [4, 'schema', 'job.name: expected a string, found the number 3 (line 4)'],
  ]],
  ['openlineage: input without a name', parseOpenLineageEvent, lines('{', `  ${OL_HEAD},`, '  "job": {"namespace": "n", "name": "j"},', '  "inputs": [{"namespace": "n"}]', '}'), [
    [4, 'schema', 'inputs.0: missing required key "name" (line 4)'],
  ]],
  // ---- dvc.yaml
  ['dvc.yaml: stage with no cmd', parseDvcPipeline, lines('stages:', '  train:', '    deps: [data.csv]', '    outs: [model.pkl]'), [[2, 'schema', 'stages.train: missing required key "cmd" (line 2)']]],
  ['dvc.yaml: cmd is a number', parseDvcPipeline, lines('stages:', '  train:', '    cmd: 42'), [[3, 'schema', 'stages.train.cmd: expected a command or a list of commands, found the number 42 (line 3)']]],
  ['dvc.yaml: deps is a string', parseDvcPipeline, lines('stages:', '  train:', '    cmd: python train.py', '    deps: data.csv'), [
    [4, 'schema', 'stages.train.deps: expected a list of strings, found the string "data.csv" (line 4)'],
  ]],
  ['dvc.yaml: duplicate dep', parseDvcPipeline, lines('stages:', '  train:', '    cmd: python train.py', '    deps:', '      - data.csv', '      - data.csv'), [
    [6, 'schema', 'stages.train.deps.1: duplicate entry "data.csv"; DVC requires the entries of this list to be unique (line 6)'],
  ]],
  ['dvc.yaml: foreach without do, cmd beside it', parseDvcPipeline, lines('stages:', '  build:', '    foreach: [a, b]', '    cmd: echo ${item}'), [
    [2, 'schema', 'stages.build: missing required key "do" (line 2)'],
    [4, 'unknown-key', 'unknown key "cmd" in stages.build (line 4); allowed: foreach, do'],
  ]],
  ['dvc.yaml: matrix value not a list', parseDvcPipeline, lines('stages:', '  train:', '    matrix:', '      seed: 3', '    cmd: python train.py --seed ${item.seed}'), [
    [4, 'schema', 'stages.train.matrix.seed: expected a list of values or a ${...} reference, found the number 3 (line 4)'],
  ]],
  ['dvc.yaml: stages as a list', parseDvcPipeline, lines('stages:', '  - train'), [[1, 'schema', 'stages: expected a map, found a list (line 1)']]],
  ['dvc.yaml: empty stage', parseDvcPipeline, lines('stages:', '  train:'), [[2, 'schema', 'stages.train: expected a map (a stage definition), found an empty value (line 2)']]],
  ['dvc.yaml: out flag of the wrong type', parseDvcPipeline, lines('stages:', '  train:', '    cmd: x', '    outs:', '      - model.pkl:', '          cache: "no"'), [
    [6, 'schema', 'stages.train.outs.0.model.pkl.cache: expected true or false, found the string "no" (line 6)'],
  ]],
  ['dvc.yaml: artifact without path', parseDvcPipeline, lines('artifacts:', '  model:', '    type: model'), [[2, 'schema', 'artifacts.model: missing required key "path" (line 2)']]],
  // ---- dvc.lock and .dvc
  ['dvc.lock: no schema (DVC 1.x)', parseDvcLock, lines('train:', '  cmd: python train.py'), [
    [1, 'schema', 'the top level: missing required key "schema" (only the 2.0 lock format of DVC 2 and later is read; DVC 1.x locks are not) (line 1)'],
  ]],
  ['dvc.lock: unknown schema', parseDvcLock, lines("schema: '3.0'", 'stages: {}'), [[1, 'schema', 'schema: expected \'2.0\', found the string "3.0" (line 1)']]],
  // found by fuzzing: String() of this map throws
  ['dvc.lock: schema is a map without toString', parseDvcLock, '{"schema": {"toString": null}}\n', [[1, 'schema', 'schema: expected \'2.0\', found a map (line 1)']]],
  ['dvc.lock: dep without path', parseDvcLock, lines("schema: '2.0'", 'stages:', '  train:', '    cmd: python train.py', '    deps:', '    - md5: abc'), [
    [6, 'schema', 'stages.train.deps.0: missing required key "path" (line 6)'],
  ]],
  ['.dvc: no outs', parseDvcPointer, lines('md5: abc'), [[1, 'schema', 'the top level: missing required key "outs" (line 1)']]],
  ['.dvc: empty outs', parseDvcPointer, lines('outs: []'), [[1, 'schema', 'outs: expected at least 1 item, found an empty list (line 1)']]],
];

describe('malformed lineage input', () => {
  for (const [name, parser, text, expected] of cases) {
    it(name, () => {
      const result = parser('lineage/file', text);
      expect(result.errors.map((e) => [e.line, e.code, e.message])).toEqual(expected);
      for (const e of result.errors) expect(e.file).toBe('lineage/file');
    });
  }

  it('a YAML error carries its column', () => {
    const result = parseLineageManifest('l.yaml', lines('version: 1', 'datasets:', '  - name: a', '    kind: split', '    kind: train'));
    expect(result.errors).toEqual([{ file: 'l.yaml', line: 5, column: 5, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' }]);
    expect(result.value).toBeUndefined();
  });

  it('a schema error keeps the rest of the manifest (a typo must not hide a leak)', () => {
    const result = parseLineageManifest(
      'l.yaml',
      lines('version: 1', 'datasets:', '  - name: tx', '    versoin: abc', 'steps:', '  - {name: scale, kind: scale, fit_on: ALL}', '  - {name: fit, kind: train, fit_on: train}'),
    );
    expect(result.errors.map((e) => e.code)).toEqual(['unknown-key']);
    expect(result.value?.datasets).toEqual([{ name: 'tx', qualityAssertions: [], line: 3 }]);
    expect(result.value?.steps.map((s) => [s.name, s.kind, s.fitOn, s.line])).toEqual([
      ['scale', 'normalize', 'all', 6],
      ['fit', 'train', 'train', 7],
    ]);
  });
});
