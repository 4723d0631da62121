import { describe, expect, it } from 'vitest';
import type { TuningLog, TuningTrial } from '../../../../src/core/artifacts/types.ts';
import {
  bestTrials,
  combinedStudy,
  flattenParams,
  isTestSplit,
  objectiveDirection,
  objectiveKey,
  sameParamValue,
  splitOfMetricKey,
  trialObjective,
} from '../../../../src/core/rules/support/tuning.ts';

const trial = (id: number, metrics: Record<string, number>, extra: Partial<TuningTrial> = {}): TuningTrial => ({
  id,
  state: 'complete',
  params: {},
  metrics,
  line: id + 2,
  ...extra,
});
const log = (file: string, study: Partial<TuningLog['study']>, trials: TuningTrial[] = []): TuningLog => ({
  format: 'modelgate-tuning-jsonl',
  file,
  study: { searchSpace: {}, line: 1, ...study },
  trials,
  locations: { study: 1 },
});

describe('splits', () => {
  it('recognises test splits and the split of a metric key', () => {
    expect(isTestSplit('Test')).toBe(true);
    expect(isTestSplit('holdout')).toBe(true);
    expect(isTestSplit('validation')).toBe(false);
    expect(isTestSplit(undefined)).toBe(false);
    expect(splitOfMetricKey('test/auc')).toBe('test');
    expect(splitOfMetricKey('auc')).toBeUndefined();
    for (const key of ['test_auc', 'testAUC', 'auc-test', 'eval/test_auc', 'holdout.auc']) expect(splitOfMetricKey(key), key).toBe('test');
    expect(splitOfMetricKey('val_auc')).toBe('validation');
    // Bookkeeping about the test split is not a score measured on it.
    expect(splitOfMetricKey('test/test_size')).toBeUndefined();
    expect(splitOfMetricKey('n_test_samples')).toBeUndefined();
  });
});

describe('combinedStudy', () => {
  it('reads method, space and seed across files, preferring the declared log', () => {
    const config = log('nni/config.yml', { method: 'tpe', objective: { direction: 'maximize' } });
    const space = log('nni/search_space.json', { searchSpace: { lr: { low: 0.001, high: 0.1 } } });
    const trials = log('nni/trials.json', {}, [trial(0, {}, { value: 0.9 })]);
    const study = combinedStudy([trials, space, config], 'nni/config.yml')!;
    expect(study.primary.file).toBe('nni/config.yml');
    expect(study.method).toBe('tpe');
    expect(study.searchSpace).toEqual({ lr: { low: 0.001, high: 0.1 } });
    expect(study.seed).toBeUndefined();
    expect(study.objective).toEqual({ metric: undefined, split: undefined, direction: 'maximize' });
    expect(combinedStudy([trials, space])!.primary.file).toBe('nni/search_space.json');
    expect(combinedStudy([])).toBeUndefined();
  });
});

describe('objective', () => {
  it('keys the objective as split/metric', () => {
    expect(objectiveKey({ metric: 'auc', split: 'validation' })).toBe('validation/auc');
    expect(objectiveKey({ metric: 'validation/auc', split: 'validation' })).toBe('validation/auc');
    expect(objectiveKey({ metric: 'auc' })).toBe('auc');
    expect(objectiveKey({})).toBeUndefined();
  });
  it('reads the objective metric, the one non-test match, or the trial value', () => {
    expect(trialObjective(trial(0, { 'validation/auc': 0.8 }, { value: 0.1 }), { metric: 'auc', split: 'validation' })).toBe(0.8);
    expect(trialObjective(trial(0, { 'validation/auc': 0.8, 'test/auc': 0.9 }), { metric: 'auc' })).toBe(0.8);
    expect(trialObjective(trial(0, {}, { value: 0.7 }), { metric: 'auc', split: 'validation' })).toBe(0.7);
    expect(trialObjective(trial(0, { 'validation/auc': Number.NaN }), { metric: 'auc', split: 'validation' })).toBeUndefined();
  });
  it('infers a missing direction from the metric name', () => {
    expect(objectiveDirection({ metric: 'val_loss' })).toBe('minimize');
    expect(objectiveDirection({ metric: 'auc' })).toBe('maximize');
    expect(objectiveDirection({ metric: 'auc', direction: 'minimize' })).toBe('minimize');
    expect(objectiveDirection({})).toBeUndefined();
  });
});

describe('bestTrials', () => {
  const objective = { metric: 'auc', split: 'validation', direction: 'maximize' as const };
  it('ranks finished trials only and keeps ties in log order', () => {
    const best = bestTrials(
      [
        trial(0, { 'validation/auc': 0.8 }),
        trial(1, { 'validation/auc': 0.95 }, { state: 'pruned' }),
        trial(2, { 'validation/auc': 0.9 }),
        trial(3, { 'validation/auc': 0.9 }, { state: 'unknown' }),
        trial(4, { 'validation/auc': 0.99 }, { state: 'fail' }),
      ],
      objective,
    )!;
    expect(best.trials.map((t) => t.id)).toEqual([2, 3]);
    expect(best.value).toBe(0.9);
    expect(best.direction).toBe('maximize');
  });
  it('minimizes when told to and gives up without a direction or values', () => {
    const trials = [trial(0, { 'validation/loss': 0.3 }), trial(1, { 'validation/loss': 0.2 })];
    expect(bestTrials(trials, { metric: 'loss', split: 'validation', direction: 'minimize' })!.trials[0]!.id).toBe(1);
    expect(bestTrials(trials, {})).toBeUndefined();
    expect(bestTrials([], objective)).toBeUndefined();
  });
});

describe('parameter values', () => {
  it('flattens nested maps to dotted names', () => {
    expect(flattenParams({ optimizer: { lr: 0.1, nadam: { beta: 0.9 } }, depth: 6, layers: [1, 2] })).toEqual({
      'optimizer.lr': 0.1,
      'optimizer.nadam.beta': 0.9,
      depth: 6,
      layers: [1, 2],
    });
  });
  it.each([
    [0.05, 0.05, true],
    [0.1 + 0.2, 0.3, true],
    [0.05, 0.0500001, false],
    [0.05, '0.05', true],
    [6, '6', true],
    [true, 'True', true],
    [null, 'None', true],
    ['adam', 'adam', true],
    ['adam', 'sgd', false],
    [[1, 2], ['1', 2], true],
    [[1, 2], [1, 2, 3], false],
    [0, 0, true],
    [0, 1e-12, false],
  ] as const)('%j vs %j -> %s', (a, b, same) => {
    expect(sameParamValue(a, b)).toBe(same);
  });
});
