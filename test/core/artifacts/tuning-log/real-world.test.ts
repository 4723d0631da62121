// Every real tuning file in EXPECTED.tsv: parse-ok files parse with no error and their values
// are asserted; reference files are fed to every tuning parser, none of which may throw.
import { describe, expect, it } from 'vitest';
import type { ParseResult, TuningLog } from '../../../../src/core/artifacts/types.ts';
import { bestTrial } from '../../../../src/core/artifacts/tuning-log/common.ts';
import {
  parseNniConfig,
  parseNniSearchSpace,
  parseNniTrials,
  parseOptunaJournal,
  parseOptunaTrialsCsv,
  parseRayTuneExperimentState,
  parseTuningJsonl,
  parseWandbSweep,
} from '../../../../src/core/artifacts/tuning-log/index.ts';
import { expectedRows, realWorldText } from '../../../helpers/real-world.ts';

const load = realWorldText;
const rows = expectedRows('tuning-logs/');

/** The parser a tuning file's name calls for, as artifact discovery picks it. */
function parserFor(path: string): (file: string, text: string) => ParseResult<TuningLog> {
  if (/sweep[^/]*\.ya?ml$/.test(path)) return parseWandbSweep;
  if (path.endsWith('.log')) return parseOptunaJournal;
  if (path.endsWith('search_space.json')) return parseNniSearchSpace;
  if (/config[^/]*\.ya?ml$/.test(path)) return parseNniConfig;
  if (/experiment_state-[^/]*\.json$/.test(path)) return parseRayTuneExperimentState;
  if (path.includes('/nni/') && path.endsWith('.json')) return parseNniTrials;
  throw new Error(`no tuning parser for ${path}`);
}

const ALL_PARSERS = [
  parseTuningJsonl,
  parseOptunaJournal,
  parseOptunaTrialsCsv,
  parseWandbSweep,
  parseNniConfig,
  parseNniSearchSpace,
  parseNniTrials,
  parseRayTuneExperimentState,
];

describe('EXPECTED.tsv tuning files', () => {
  it('lists the parse-ok and reference files this suite covers', () => {
    expect(rows.filter((r) => r[1] === 'parse-ok')).toHaveLength(11);
    expect(rows.filter((r) => r[1] === 'reference')).toHaveLength(3);
  });

  for (const [path, role] of rows.filter((r) => r[1] === 'parse-ok')) {
    it(`${path} (${role}) parses with no error`, () => {
      const result = parserFor(path)(path, load(path));
      expect(result.errors).toEqual([]);
      expect(result.value?.file).toBe(path);
    });
  }

  for (const [path] of rows.filter((r) => r[1] === 'reference')) {
    it(`${path} (reference) crashes no tuning parser`, () => {
      const text = load(path);
      for (const parse of ALL_PARSERS) {
        const result = parse(path, text);
        expect(result.value).toBeDefined();
        for (const e of result.errors) {
          expect(e.file).toBe(path);
          expect(e.line).toBeGreaterThanOrEqual(1);
        }
      }
    });
  }
});

describe('values read from the real files', () => {
  it('Optuna journal: picks single_optimization (most completed trials), minimize, best trial 0', () => {
    const path = 'tuning-logs/optuna/journal-4.0.0.dev.log';
    const log = parseOptunaJournal(path, load(path)).value!;
    expect(log.study.name).toBe('single_optimization');
    expect(log.study.line).toBe(12);
    expect(log.study.objective).toEqual({ direction: 'minimize' });
    expect(log.study.searchSpace).toEqual({
      x: { low: -5, high: 5 },
      y: { low: 0, high: 10, step: 1 },
      z: { choices: [-5, 0, 5] },
    });
    expect(log.trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.trials.every((t) => t.state === 'complete')).toBe(true);
    const best = bestTrial(log)!;
    expect(best.id).toBe(0);
    expect(best.value).toBe(21.263949809511352);
    // z is stored as choice index 1 -> choices[1] = 0
    expect(best.params).toEqual({ x: -3.501992262914262, y: 3, z: 0 });
    expect(best.line).toBe(13);
    // trial 2: y internal 10.0 -> 10, z index 0 -> -5
    expect(log.trials[2]!.params).toEqual({ x: 1.9294968260202507, y: 10, z: -5 });
  });

  it('Optuna journal: another study can be chosen by name', () => {
    const path = 'tuning-logs/optuna/journal-4.0.0.dev.log';
    const result = parseOptunaJournal(path, load(path), { study: 'single_user_attr' });
    expect(result.errors).toEqual([]);
    expect(result.value!.study).toEqual({ name: 'single_user_attr', searchSpace: {}, objective: { direction: 'minimize' }, line: 4 });
    expect(result.value!.trials).toEqual([]);
  });

  it('Optuna journal: a deleted study cannot be chosen', () => {
    const path = 'tuning-logs/optuna/journal-4.0.0.dev.log';
    const result = parseOptunaJournal(path, load(path), { study: 'single_to_be_deleted' });
    expect(result.errors).toEqual([
      {
        file: path,
        line: 1,
        code: 'schema',
        message: 'no study named "single_to_be_deleted" in the journal (studies: "single_empty", "single_user_attr", "single_system_attr", "single_optimization")',
      },
    ]);
  });

  it('W&B local bayes sweep: objective loss_metric, minimize', () => {
    const path = 'tuning-logs/wandb-sweeps/sweep-local-bayes.yaml';
    const log = parseWandbSweep(path, load(path)).value!;
    expect(log.study.method).toBe('bayes');
    expect(log.study.objective).toEqual({ metric: 'loss_metric', direction: 'minimize' });
    expect(log.locations['study.objective']).toBe(17);
    expect(log.study.searchSpace['base']).toEqual({ choices: [10, 15, 20] });
    expect(log.study.searchSpace['epochs']).toEqual({ value: 27 });
  });

  it('W&B nested sweep: nested parameters get dotted names', () => {
    const path = 'tuning-logs/wandb-sweeps/sweep-nested-cli.yaml';
    const log = parseWandbSweep(path, load(path)).value!;
    expect(Object.keys(log.study.searchSpace)).toEqual(['batch_size', 'optimizer.lr', 'optimizer.nadam.beta']);
    expect(log.study.searchSpace['optimizer.nadam.beta']).toEqual({ choices: [0.9, 0.95] });
    expect(log.locations['study.search_space.optimizer.nadam.beta']).toBe(29);
    expect(log.study.objective).toEqual({ metric: 'loss', direction: 'minimize' });
  });

  it('W&B hyperband sweep: grid method with hyperband early termination', () => {
    const path = 'tuning-logs/wandb-sweeps/sweep-local-hyperband.yaml';
    const log = parseWandbSweep(path, load(path)).value!;
    expect(log.study.method).toBe('grid');
    expect(log.earlyTerminate).toEqual({ type: 'hyperband', maxIter: 10, s: 2, eta: 3 });
  });

  it('NNI trial results: params and value of each trial', () => {
    const path = 'tuning-logs/nni/nnictl-import-trials.json';
    const log = parseNniTrials(path, load(path)).value!;
    expect(log.trials).toEqual([
      { id: 0, state: 'complete', params: { C: 0.15940134774738896, kernel: 'sigmoid', degree: 3, gamma: 0.07295826917955316, coef0: 0.0978204758732429 }, metrics: {}, value: 0.6, line: 2 },
      { id: 1, state: 'complete', params: { C: 0.5556430724708544, kernel: 'linear', degree: 3, gamma: 0.04957496655414671, coef0: 0.08520868779907687 }, metrics: {}, value: 0.7, line: 3 },
    ]);
    expect(bestTrial(log, 'maximize')!.params['kernel']).toBe('linear');
  });

  it('NNI search space: four dimensions with their lines', () => {
    const path = 'tuning-logs/nni/mnist-pytorch/search_space.json';
    const log = parseNniSearchSpace(path, load(path)).value!;
    expect(log.study.searchSpace).toEqual({
      batch_size: { choices: [16, 32, 64, 128] },
      hidden_size: { choices: [128, 256, 512, 1024] },
      lr: { choices: [0.0001, 0.001, 0.01, 0.1] },
      momentum: { low: 0, high: 1 },
    });
    expect(log.locations['study.search_space.momentum']).toBe(5);
  });

  it('NNI config: names search_space.json and the TPE tuner, maximize', () => {
    const path = 'tuning-logs/nni/mnist-pytorch/config.yml';
    const result = parseNniConfig(path, load(path));
    expect(result.value!.searchSpaceFile).toBe('search_space.json');
    expect(result.value!.tuner).toBe('TPE');
    expect(result.value!.study.method).toBe('tpe');
    expect(result.value!.study.objective).toEqual({ direction: 'maximize' });
    expect(result.value!.study.searchSpace).toEqual({});
  });

  it('NNI config: the named search-space file is read when the caller passes its text', () => {
    const path = 'tuning-logs/nni/mnist-pytorch/config.yml';
    const space = load('tuning-logs/nni/mnist-pytorch/search_space.json');
    const result = parseNniConfig(path, load(path), { searchSpaceText: space });
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.value!.study.searchSpace)).toEqual(['batch_size', 'hidden_size', 'lr', 'momentum']);
  });

  it('NNI detailed config: inline search space, name, budget', () => {
    const path = 'tuning-logs/nni/mnist-pytorch/config_detailed.yml';
    const log = parseNniConfig(path, load(path)).value!;
    expect(log.searchSpaceFile).toBeUndefined();
    expect(log.tuner).toBe('TPE');
    expect(log.study.name).toBe('MNIST');
    expect(log.study.budget).toEqual({ trials: 10 });
    expect(log.study.searchSpace['momentum']).toEqual({ low: 0, high: 1 });
    expect(log.locations['study.search_space.lr']).toBe(18);
    expect(log.locations['study.budget']).toBe(30);
  });

  it('Ray Tune experiment state: one TERMINATED trial, read despite -Infinity', () => {
    const path = 'tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json';
    const log = parseRayTuneExperimentState(path, load(path)).value!;
    expect(log.trials).toEqual([{ id: 'e122b_00000', state: 'complete', params: {}, metrics: {}, line: 3 }]);
  });
});
