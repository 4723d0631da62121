import { describe, expect, it } from 'vitest';
import { parseWandbSweep } from '../../../../src/core/artifacts/tuning-log/wandb.ts';

const FILE = 'models/churn/sweep.yaml';
const sweep = (...lines: string[]) => parseWandbSweep(FILE, lines.join('\n') + '\n');
const PARAMS = ['parameters:', '  lr:', '    values: [0.01, 0.1]'];

describe('parseWandbSweep: reading', () => {
  it('maps every distribution form onto search dimensions', () => {
    const result = sweep(
      'method: random',
      'name: churn-sweep',
      'run_cap: 40',
      'metric: {name: val_auc, goal: maximize}',
      'parameters:',
      '  seed: {value: 1234}',
      '  depth: {min: 2, max: 10}',
      '  dropout: {min: 0.0, max: 0.5}',
      '  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}',
      '  wd: {distribution: log_uniform, min: 0, max: 1}',
      '  batch: {distribution: q_uniform, min: 16, max: 256, q: 16}',
      '  noise: {distribution: normal, mu: 0, sigma: 1}',
      '  act: {values: [relu, gelu], probabilities: [0.5, 0.5]}',
    );
    expect(result.errors).toEqual([]);
    const study = result.value!.study;
    expect(study).toMatchObject({ name: 'churn-sweep', method: 'random', budget: { trials: 40 } });
    // A constant `seed` parameter is passed to every run's training; it does not seed the search.
    expect(study.seed).toBeUndefined();
    expect(study.objective).toEqual({ metric: 'val_auc', split: 'validation', direction: 'maximize' });
    expect(study.searchSpace).toEqual({
      seed: { value: 1234 },
      depth: { low: 2, high: 10, step: 1 },
      dropout: { low: 0, high: 0.5 },
      lr: { low: 0.0001, high: 0.1, log: true },
      wd: { low: 1, high: Math.E, log: true },
      batch: { low: 16, high: 256, step: 16 },
      noise: {},
      act: { choices: ['relu', 'gelu'] },
    });
    expect(result.value!.locations).toMatchObject({ 'study.budget': 3, 'study.search_space.seed': 6, 'study.search_space.batch': 11 });
    expect(result.value!.locations['study.seed']).toBeUndefined();
  });

  it('a missing metric goal is minimize, as W&B defaults it (not an error)', () => {
    const result = sweep('method: bayes', 'metric:', '  name: val_loss', ...PARAMS);
    expect(result.errors).toEqual([]);
    expect(result.value!.study.objective).toEqual({ metric: 'val_loss', split: 'validation', direction: 'minimize' });
  });

  it('sees an objective computed on the test split', () => {
    expect(sweep('method: bayes', 'metric: {name: test_accuracy, goal: maximize}', ...PARAMS).value!.study.objective).toEqual({ metric: 'test_accuracy', split: 'test', direction: 'maximize' });
  });
});

describe('parseWandbSweep: malformed input', () => {
  it('method "magic" is a schema error at the method line', () => {
    const result = sweep('program: train.py', 'method: magic', ...PARAMS);
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'method must be one of bayes, random, grid, custom (got "magic")' }]);
    expect(result.value!.study.method).toBeUndefined();
  });

  it('a missing method is a schema error at line 1', () => {
    expect(sweep(...PARAMS).errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'method is required: one of bayes, random, grid, custom' }]);
  });

  it('metric goal "up" is a schema error at the goal line', () => {
    const result = sweep('method: grid', 'metric:', '  name: loss', '  goal: up', ...PARAMS);
    expect(result.errors).toEqual([{ file: FILE, line: 4, code: 'schema', message: 'metric.goal must be "minimize" or "maximize" (got "up")' }]);
  });

  it('a metric without a name is a schema error', () => {
    expect(sweep('method: grid', 'metric:', '  goal: minimize', ...PARAMS).errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'metric.name is required: the metric the sweep optimizes' }]);
  });

  it('tabs in YAML indentation are a syntax error at their line, reported alone', () => {
    const result = sweep('method: grid', 'metric:', '\tname: loss', ...PARAMS);
    expect(result.errors).toEqual([{ file: FILE, line: 3, column: 1, code: 'syntax', message: 'Tabs are not allowed as indentation' }]);
  });

  it('a duplicate parameter is a duplicate-key error', () => {
    const result = sweep('method: grid', ...PARAMS, '  lr:', '    value: 0.5');
    expect(result.errors).toEqual([{ file: FILE, line: 5, column: 3, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' }]);
  });

  it('a misspelled top-level key is an unknown-key error, and the missing parameters are reported', () => {
    const result = sweep('method: grid', 'paramters:', '  lr:', '    values: [1, 2]');
    expect(result.errors).toEqual([
      { file: FILE, line: 2, code: 'unknown-key', message: 'unknown key "paramters": not a W&B sweep setting' },
      { file: FILE, line: 1, code: 'schema', message: 'parameters is required: the sweep searches nothing without it' },
    ]);
  });

  it('an unknown distribution is a schema error at its parameter', () => {
    const result = sweep('method: random', 'parameters:', '  lr:', '    distribution: lognormalish', '    min: 0', '    max: 1');
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'parameter "lr": unknown distribution "lognormalish"' }]);
  });

  it('a parameter with min greater than max is a schema error', () => {
    expect(sweep('method: random', 'parameters:', '  lr: {min: 1, max: 0.1}').errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'parameter "lr": min must not be greater than max' }]);
  });

  it('an unknown key inside a parameter is an unknown-key error', () => {
    expect(sweep('method: grid', 'parameters:', '  lr:', '    valuess: [1, 2]', '    values: [1, 2]').errors).toEqual([
      { file: FILE, line: 4, code: 'unknown-key', message: 'unknown key "valuess" in parameter "lr"' },
    ]);
  });

  it('early_terminate of another type is a schema error', () => {
    const result = sweep('method: grid', 'early_terminate:', '  type: median', ...PARAMS);
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'early_terminate.type must be "hyperband" (got "median")' }]);
  });

  it('a document that is not a mapping is a schema error', () => {
    expect(sweep('- method: grid').errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'a W&B sweep config must be a YAML mapping with method, metric and parameters' }]);
  });
});
