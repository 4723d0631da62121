// Every real lineage file in EXPECTED.tsv: parse-ok files parse with no error and their values
// are asserted; the upstream DVC negative cases give DVC's error at the key's line; reference
// files are fed to every lineage parser, none of which may throw.
import { describe, expect, it } from 'vitest';
import type { Lineage, ParseResult } from '../../../../src/core/artifacts/types.ts';
import {
  mergeDvc,
  parseDvcLock,
  parseDvcPipeline,
  parseDvcPointer,
  parseLineageManifest,
  parseOpenLineageEvent,
  type DvcStep,
} from '../../../../src/core/artifacts/lineage/index.ts';
import { expectedRows, realWorldText } from '../../../helpers/real-world.ts';

const load = realWorldText;
const rows = expectedRows('lineage/');

type Parser = (file: string, text: string) => ParseResult<Lineage>;
const PARSERS: Record<string, Parser> = { parseLineageManifest, parseDvcPipeline, parseDvcLock, parseDvcPointer, parseOpenLineageEvent };

function parserFor(path: string): Parser {
  if (path.endsWith('dvc.yaml')) return parseDvcPipeline;
  if (path.endsWith('dvc.lock')) return parseDvcLock;
  if (path.endsWith('.dvc')) return parseDvcPointer;
  if (path.includes('openlineage')) return parseOpenLineageEvent;
  return parseLineageManifest;
}

function parse(path: string): ParseResult<Lineage> & { value: Lineage } {
  const result = parserFor(path)(path, load(path));
  if (!result.value) throw new Error(`${path}: no value (${JSON.stringify(result.errors)})`);
  return result as ParseResult<Lineage> & { value: Lineage };
}

describe('real-world lineage files', () => {
  it('EXPECTED.tsv lists the lineage fixtures', () => {
    expect(rows.filter(([, status]) => status === 'parse-ok')).toHaveLength(17);
    expect(rows.filter(([, status]) => status === 'parse-error')).toHaveLength(3);
  });

  for (const [path, status] of rows.filter(([, s]) => s === 'parse-ok')) {
    it(`${path} parses with no error`, () => {
      const result = parse(path);
      expect(result.errors).toEqual([]);
      expect(result.value.file).toBe(path);
    });
  }

  for (const [path, status] of rows.filter(([, s]) => s === 'reference')) {
    it(`${path} (${status}) does not crash any lineage parser`, () => {
      const text = load(path);
      for (const [name, parser] of Object.entries(PARSERS)) {
        const result = parser(path, text);
        expect(Array.isArray(result.errors), name).toBe(true);
        for (const e of result.errors) expect(e.line, `${name}: ${e.message}`).toBeGreaterThanOrEqual(1);
      }
    });
  }
});

describe('DVC: upstream negative cases (dvcyaml-schema/invalid)', () => {
  const cases: [string, number, string][] = [
    [
      'outs.extra.dvc.yaml',
      11,
      'unknown key "extra" in stages.copy_multiple.outs.1.bar1 (line 11); allowed: cache, persist, checkpoint, desc, type, labels, meta, remote, push',
    ],
    [
      'stage.extra.dvc.yaml',
      8,
      'unknown key "extra" in stages.stage1 (line 8); allowed: cmd, wdir, deps, params, outs, metrics, plots, frozen, always_changed, vars, desc, meta',
    ],
    ['toplevel.extra.dvc.yaml', 1, 'unknown key "extra" at the top level (line 1); allowed: vars, stages, plots, params, metrics, artifacts'],
  ];
  for (const [name, line, message] of cases) {
    it(`${name}: unknown-key at line ${line}`, () => {
      const path = `lineage/dvcyaml-schema/invalid/${name}`;
      const result = parseDvcPipeline(path, load(path));
      expect(result.errors).toEqual([{ file: path, line, code: 'unknown-key', message }]);
    });
  }
});

describe('DVC: demo-bank-customer-churn', () => {
  const dir = 'lineage/dvc-demo-bank-customer-churn';

  it('dvc.yaml: stages become steps in order, with kinds from their names', () => {
    const { value } = parse(`${dir}/dvc.yaml`);
    expect(value.format).toBe('dvc-pipeline');
    expect(value.steps.map((s) => [s.name, s.kind, s.line])).toEqual([
      ['data_split', 'split', 2],
      ['train', 'train', 15],
      ['eval', 'evaluate', 28],
    ]);
    expect(value.steps[1]!.inputs).toEqual(['stages/train.py', 'data/X_train.pkl', 'data/y_train.pkl']);
    expect(value.steps[2]!.outputs).toEqual([
      '${eval.perm_imp_model_path}',
      'feat_imp.csv',
      'metrics.json',
      'eval_plots/cm.png',
      'eval_plots/plots/sklearn/roc.json',
    ]);
    // The one external data input; unversioned (and unresolved) from dvc.yaml alone. Code deps
    // and files an earlier stage writes are not datasets.
    expect(value.datasets).toEqual([{ name: '${base.data_dir}/${base.data_fname}', qualityAssertions: [], line: 6 }]);
  });

  it('dvc.lock: a dep is versioned by its md5; params are what the stages ran with', () => {
    const { value } = parse(`${dir}/dvc.lock`);
    expect(value.format).toBe('dvc-lock');
    expect(value.datasets).toEqual([{ name: 'data/Churn_Modelling.csv', qualityAssertions: [], line: 6, version: 'md5:73fba4fd85b6dbaf95c9d5e3836d3926' }]);
    expect(value.steps.map((s) => [s.name, s.kind, s.line])).toEqual([
      ['data_split', 'split', 3],
      ['train', 'train', 47],
      ['eval', 'evaluate', 91],
    ]);
    expect(value.params?.['train.params.max_depth']).toBe(20);
    expect(value.params?.['base.random_state']).toBe(42);
  });

  it('data/Churn_Modelling.csv.dvc: one dataset versioned by md5', () => {
    const path = `${dir}/data/Churn_Modelling.csv.dvc`;
    const { value } = parse(path);
    expect(value).toEqual({
      format: 'dvc-pointer',
      file: path,
      datasets: [{ name: 'Churn_Modelling.csv', qualityAssertions: [], line: 2, version: 'md5:73fba4fd85b6dbaf95c9d5e3836d3926' }],
      steps: [],
      locations: value.locations,
    });
  });

  it('mergeDvc: params.yaml resolves ${...}, the lock versions the input', () => {
    const merged = mergeDvc(parse(`${dir}/dvc.yaml`).value, parse(`${dir}/dvc.lock`).value, load(`${dir}/params.yaml`));
    expect(merged.format).toBe('dvc-pipeline');
    expect(merged.datasets).toEqual([{ name: 'data/Churn_Modelling.csv', qualityAssertions: [], line: 6, version: 'md5:73fba4fd85b6dbaf95c9d5e3836d3926' }]);
    expect(merged.steps[0]!.inputs).toEqual(['stages/data_split.py', 'data/Churn_Modelling.csv']);
    expect(merged.steps[1]!.outputs).toEqual(['model//clf-model', 'model//clf-model.mlem']);
    expect(merged.steps[2]!.outputs[0]).toBe('models/perm_imp.joblib');
    expect(merged.params?.['train.params.n_estimators']).toBe(150);
    expect(merged.params?.['eval.perm_imp_model_path']).toBe('models/perm_imp.joblib');
  });

  it('mergeDvc without params still resolves from the lock, and is pure', () => {
    const pipeline = parse(`${dir}/dvc.yaml`).value;
    const before = JSON.stringify(pipeline);
    const merged = mergeDvc(pipeline, parse(`${dir}/dvc.lock`).value);
    expect(merged.datasets[0]!.version).toBe('md5:73fba4fd85b6dbaf95c9d5e3836d3926');
    expect(JSON.stringify(pipeline)).toBe(before);
    expect(mergeDvc(pipeline).datasets).toEqual(pipeline.datasets);
  });
});

describe('DVC: dvcyaml-schema/valid', () => {
  const valid = (name: string) => parse(`lineage/dvcyaml-schema/valid/${name}`).value;

  it('foreach stages are one templated step each, with the item count when literal', () => {
    const steps = valid('foreach.dvc.yaml').steps as DvcStep[];
    expect(steps.map((s) => [s.name, s.line, s.template])).toEqual([
      ['test_dict', 2, { kind: 'foreach', count: 3 }],
      ['test_seq', 9, { kind: 'foreach', count: 3 }],
      ['test_nested_seq', 13, { kind: 'foreach', count: 3 }],
      ['test_variables', 23, { kind: 'foreach' }],
      ['test_nested', 27, { kind: 'foreach' }],
      ['test_index', 31, { kind: 'foreach' }],
    ]);
  });

  it('a matrix stage is one step; its count uses the top-level vars', () => {
    const value = valid('matrix.dvc.yaml');
    const steps = value.steps as DvcStep[];
    // processor (2) x dataset (${datasets}: 2) x config (2) x labels (2)
    expect(steps.map((s) => [s.name, s.kind, s.line, s.template])).toEqual([['stage1', 'train', 5, { kind: 'matrix', count: 16 }]]);
    expect(value.params).toEqual({ datasets: ['dataset1/', 'dataset2/'] });
  });

  it('vars: inline maps are known values; file entries are left to mergeDvc', () => {
    const value = valid('vars.dvc.yaml');
    expect(value.params).toEqual({ 'models.us.threshold': 10, desc: 'Reusable description', myvar: 'value' });
    expect(value.steps.map((s) => s.name)).toEqual(['test_vars', 'test_foreach_vars']);
  });

  it('simple: the dep is a dataset, the out is an output', () => {
    const value = valid('simple.dvc.yaml');
    expect(value.datasets).toEqual([{ name: 'input', qualityAssertions: [], line: 5 }]);
    expect(value.steps).toEqual([{ name: 'stage1', kind: 'train', inputs: ['input'], outputs: ['output'], line: 2 }]);
  });

  it('metrics: files a stage writes are not inputs of the pipeline', () => {
    const value = valid('metrics.dvc.yaml');
    expect(value.datasets).toEqual([]);
    expect(value.steps.map((s) => s.outputs)).toEqual([['scores.json'], ['scores2.json'], ['scores3.json']]);
  });
});

describe('OpenLineage', () => {
  it('example_full_event: input named namespace/name, with its assertions (and no version facet)', () => {
    const { value } = parse('lineage/openlineage-example_full_event.json');
    expect(value.datasets).toEqual([
      {
        name: 'my-datasource-namespace/instance.schema.table',
        line: 51,
        qualityAssertions: [
          { check: 'row_count_equal_to', result: 'pass', line: 59 },
          { check: 'no_null_values', column: 'id', result: 'pass', line: 64 },
        ],
      },
    ]);
    expect(value.datasets[0]!.version).toBeUndefined();
    expect(value.steps).toEqual([
      {
        name: 'myjob.mytask',
        kind: 'other',
        inputs: ['my-datasource-namespace/instance.schema.table'],
        outputs: ['my-datasource-namespace/instance.schema.table'],
        line: 39,
      },
    ]);
  });

  // Hand-written events and some producers leave out `schemaURL` (the spec requires it): the
  // event is still read in full, and the missing URL is a warning, never a refusal.
  it('example_full_event without its schemaURL: read in full, with one warning at the top', () => {
    const path = 'lineage/openlineage-example_full_event.json';
    const text = load(path).replace(/,\n\s*"schemaURL": "http:\/\/test\.schema\.url"\n}/, '\n}');
    expect(text).not.toMatch(/"schemaURL"/);
    const result = parseOpenLineageEvent(path, text);
    expect(result.value).toEqual({ ...parse(path).value, locations: result.value!.locations });
    expect(result.errors).toEqual([
      {
        file: path,
        line: 1,
        code: 'schema',
        severity: 'warn',
        message:
          'the top level: missing key "schemaURL" (line 1), so the spec version the event follows is unknown; it was read as OpenLineage 2-0: ' +
          'add the spec URL the producer writes, e.g. "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"',
      },
    ]);
  });

  it('tab-indented RunEvent with empty inputs: the job is the one step', () => {
    const { value } = parse('lineage/openlineage-serde_example_run_event.json');
    expect(value.datasets).toEqual([]);
    expect(value.steps).toEqual([{ name: 'name', kind: 'other', inputs: [], outputs: [], line: 15 }]);
  });

  it('JobEvent (no run): inputs and outputs', () => {
    const { value } = parse('lineage/openlineage-serde_example_job_event.json');
    expect(value.datasets).toEqual([{ name: 'openlineage/dataset_a', qualityAssertions: [], line: 9 }]);
    expect(value.steps).toEqual([{ name: 'name', kind: 'other', inputs: ['openlineage/dataset_a'], outputs: ['openlineage/dataset_b'], line: 3 }]);
  });

  it('DatasetEvent: the single dataset, no steps', () => {
    const { value } = parse('lineage/openlineage-serde_example_dataset_event.json');
    expect(value.datasets).toEqual([{ name: 'openlineage/name', qualityAssertions: [], line: 3 }]);
    expect(value.steps).toEqual([]);
  });

  it('the OpenLineage JSON Schema itself is not an event', () => {
    const path = 'lineage/openlineage-spec-OpenLineage.schema.json';
    expect(parseOpenLineageEvent(path, load(path)).errors).toEqual([
      {
        file: path,
        line: 1,
        code: 'schema',
        message: 'the top level: not an OpenLineage event: expected "run" and "job" (RunEvent), "job" (JobEvent) or "dataset" (DatasetEvent) (line 1)',
      },
    ]);
  });
});
