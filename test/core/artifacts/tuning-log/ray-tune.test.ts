import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRayTuneExperimentState } from '../../../../src/core/artifacts/tuning-log/ray-tune.ts';

const FILE = 'ray/experiment_state-2024-01-01_00-00-00.json';
const REAL = readFileSync(join(import.meta.dirname, '../../../fixtures/real-world/tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json'), 'utf8');

/** A Ray 1.x state: each trial a JSON string, Python-style non-finite numbers inside and out. */
function state(trials: Record<string, unknown>[], runner: Record<string, unknown> = {}): string {
  const encoded = trials.map((t) => JSON.stringify(JSON.stringify(t, null, 2)).replace('"last_update_time\\": null', '"last_update_time\\": -Infinity'));
  return `{\n  "checkpoints": [\n    ${encoded.join(',\n    ')}\n  ],\n  "runner_data": ${JSON.stringify(runner)},\n  "stats": {"start_time": NaN}\n}`;
}

describe('parseRayTuneExperimentState', () => {
  it('reads trials from the encoded checkpoints: id, state, flattened config, metrics without bookkeeping', () => {
    const text = state(
      [
        { trial_id: 'a_00000', status: 'TERMINATED', config: { lr: 0.01, model: { depth: 4 } }, last_update_time: null, _last_result: { val_auc: 0.84, loss: NaN, training_iteration: 10, time_total_s: 3.2 } },
        { trial_id: 'a_00001', status: 'ERROR', config: { lr: 0.1, model: { depth: 8 } }, _last_result: {} },
        { trial_id: 'a_00002', status: 'PENDING', config: { lr: 0.2, model: { depth: 2 } } },
      ],
      { _metric: 'val_auc', _mode: 'max' },
    ).replace('\\"loss\\": null', '\\"loss\\": NaN');
    const result = parseRayTuneExperimentState(FILE, text);
    expect(result.errors).toEqual([]);
    expect(result.value!.study.objective).toEqual({ metric: 'val_auc', split: 'validation', direction: 'maximize' });
    expect(result.value!.trials).toEqual([
      { id: 'a_00000', state: 'complete', params: { lr: 0.01, 'model.depth': 4 }, metrics: { 'validation/val_auc': 0.84 }, line: 3 },
      { id: 'a_00001', state: 'fail', params: { lr: 0.1, 'model.depth': 8 }, metrics: {}, line: 4 },
      { id: 'a_00002', state: 'waiting', params: { lr: 0.2, 'model.depth': 2 }, metrics: {}, line: 5 },
    ]);
  });

  it('reads the Ray 2.x trial_data pairs', () => {
    const pair = [JSON.stringify({ trial_id: 'b_00000', status: 'TERMINATED', config: { lr: 0.3 } }), JSON.stringify({ _last_result: { test_acc: 0.7 } })];
    const result = parseRayTuneExperimentState(FILE, `{\n"trial_data": [\n${JSON.stringify(pair)}\n],\n"runner_data": {}\n}`);
    expect(result.errors).toEqual([]);
    expect(result.value!.trials).toEqual([{ id: 'b_00000', state: 'complete', params: { lr: 0.3 }, metrics: { 'test/test_acc': 0.7 }, line: 3 }]);
  });

  it('a truncated file is a syntax error at the string it cuts', () => {
    // cut inside runner_data (line 8) and inside the trial's own encoded string (line 3)
    const late = parseRayTuneExperimentState(FILE, REAL.slice(0, 4000));
    expect(late.errors).toEqual([{ file: FILE, line: 8, column: 16, code: 'syntax', message: 'invalid JSON: unexpected end of string' }]);
    expect(late.value!.trials).toEqual([]);
    const early = parseRayTuneExperimentState(FILE, REAL.slice(0, 2000));
    expect(early.errors).toEqual([{ file: FILE, line: 3, column: 5, code: 'syntax', message: 'invalid JSON: unexpected end of string' }]);
  });

  it('a checkpoint string that is not JSON is an error at that checkpoint line', () => {
    const text = `{\n  "checkpoints": [\n    ${JSON.stringify(JSON.stringify({ trial_id: 'ok', status: 'TERMINATED' }))},\n    "{\\"trial_id\\": \\"x\\", \\"status\\":"\n  ]\n}`;
    const result = parseRayTuneExperimentState(FILE, text);
    expect(result.errors).toEqual([{ file: FILE, line: 4, code: 'syntax', message: 'trial at checkpoints.1: invalid JSON: value expected' }]);
    expect(result.value!.trials.map((t) => t.id)).toEqual(['ok']);
  });

  it('a JSON document without checkpoints or trial_data is not an experiment state', () => {
    expect(parseRayTuneExperimentState(FILE, '{"runner_data": {}}').errors).toEqual([
      { file: FILE, line: 1, code: 'schema', message: 'not a Ray Tune experiment state: expected a "checkpoints" or "trial_data" list' },
    ]);
  });
});
