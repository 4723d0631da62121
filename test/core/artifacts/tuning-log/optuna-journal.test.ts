import { describe, expect, it } from 'vitest';
import { parseOptunaJournal } from '../../../../src/core/artifacts/tuning-log/optuna-journal.ts';
import { bestTrial } from '../../../../src/core/artifacts/tuning-log/common.ts';

const FILE = 'tuning/optuna.log';
const W = 'w-1';
const FLOAT = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0.001, high: 0.1, log: true } });
const CAT = JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: ['gbdt', 'dart'] } });

const op = (fields: Record<string, unknown>) => JSON.stringify({ worker_id: W, ...fields });
const createStudy = (name: string, direction = 1) => op({ op_code: 0, study_name: name, directions: [direction] });
const createTrial = (study: number) => op({ op_code: 4, study_id: study, datetime_start: '2024-06-07T17:27:27.682770' });
const param = (trial: number, name: string, internal: number, distribution: string) => op({ op_code: 5, trial_id: trial, param_name: name, param_value_internal: internal, distribution });
const finish = (trial: number, value: number | null, state = 1) => op({ op_code: 6, trial_id: trial, state, values: value === null ? null : [value], datetime_complete: '2024-06-07T17:27:28.000000' });
const journal = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseOptunaJournal: replay as Optuna does', () => {
  it('numbers trials globally across studies but reports each trial by its number in its study', () => {
    const text = journal(
      createStudy('a'),
      createStudy('b', 2),
      createTrial(0), // trial_id 0 -> a#0
      createTrial(1), // trial_id 1 -> b#0
      createTrial(1), // trial_id 2 -> b#1
      param(1, 'lr', 0.01, FLOAT),
      param(1, 'booster', 1, CAT),
      finish(1, 0.7),
      param(2, 'lr', 0.05, FLOAT),
      param(2, 'booster', 0, CAT),
      finish(2, 0.9),
      finish(0, 0.1),
    );
    const result = parseOptunaJournal(FILE, text);
    expect(result.errors).toEqual([]);
    const log = result.value!;
    expect(log.study).toEqual({
      name: 'b',
      searchSpace: { lr: { low: 0.001, high: 0.1, log: true }, booster: { choices: ['gbdt', 'dart'] } },
      objective: { direction: 'maximize' },
      line: 2,
    });
    expect(log.trials).toEqual([
      { id: 0, state: 'complete', params: { lr: 0.01, booster: 'dart' }, metrics: {}, value: 0.7, line: 4 },
      { id: 1, state: 'complete', params: { lr: 0.05, booster: 'gbdt' }, metrics: {}, value: 0.9, line: 5 },
    ]);
    expect(bestTrial(log)!.params).toEqual({ lr: 0.05, booster: 'gbdt' });
    expect(parseOptunaJournal(FILE, text, { study: 'a' }).value!.trials).toEqual([{ id: 0, state: 'complete', params: {}, metrics: {}, value: 0.1, line: 3 }]);
  });

  it('ignores updates to a finished trial, as Optuna does', () => {
    const text = journal(createStudy('s'), createTrial(0), param(0, 'lr', 0.01, FLOAT), finish(0, 0.5), param(0, 'lr', 0.09, FLOAT), finish(0, 0.1, 3));
    const log = parseOptunaJournal(FILE, text).value!;
    expect(log.trials).toEqual([{ id: 0, state: 'complete', params: { lr: 0.01 }, metrics: {}, value: 0.5, line: 2 }]);
  });

  it('reads a trial created from a template (enqueue / add_trial), metric names and a seed user attr', () => {
    const text = journal(
      createStudy('s', 2),
      op({ op_code: 3, study_id: 0, system_attr: { 'study:metric_names': ['val_auc'] } }),
      op({ op_code: 2, study_id: 0, user_attr: { seed: 42 } }),
      op({ op_code: 4, study_id: 0, state: 1, value: 0.83, values: null, datetime_start: null, datetime_complete: '2024-06-07T17:27:28', distributions: { booster: CAT }, params: { booster: 0 }, user_attrs: { seed: 7 }, system_attrs: {}, intermediate_values: {} }),
      op({ op_code: 7, trial_id: 0, step: 0, intermediate_value: NaN }).replace('null', 'NaN'),
    );
    const result = parseOptunaJournal(FILE, text);
    expect(result.errors).toEqual([]);
    expect(result.value!.study.objective).toEqual({ direction: 'maximize', metric: 'val_auc', split: 'validation' });
    expect(result.value!.study.seed).toBe(42);
    expect(result.value!.trials).toEqual([{ id: 0, state: 'complete', seed: 7, params: { booster: 'gbdt' }, metrics: { 'validation/val_auc': 0.83 }, value: 0.83, line: 4 }]);
  });

  it('maps every TrialState code', () => {
    const text = journal(createStudy('s'), ...[0, 1, 2, 3, 4].map(() => createTrial(0)), finish(1, 1), finish(2, null, 2), finish(3, null, 3), finish(4, null, 4));
    expect(parseOptunaJournal(FILE, text).value!.trials.map((t) => t.state)).toEqual(['running', 'complete', 'pruned', 'fail', 'waiting']);
  });
});

describe('parseOptunaJournal: malformed input', () => {
  it('a truncated last line is skipped without error, as Optuna skips it', () => {
    const full = journal(createStudy('s'), createTrial(0), param(0, 'lr', 0.01, FLOAT));
    const text = full + finish(0, 0.5).slice(0, 40); // crash mid-write: no newline, cut JSON
    const result = parseOptunaJournal(FILE, text);
    expect(result.errors).toEqual([]);
    expect(result.value!.trials).toEqual([{ id: 0, state: 'running', params: { lr: 0.01 }, metrics: {}, line: 2 }]);
  });

  it('a valid last line without its newline is kept (Optuna would drop it; editors strip it)', () => {
    const text = journal(createStudy('s'), createTrial(0)) + finish(0, 0.5);
    expect(parseOptunaJournal(FILE, text).value!.trials[0]).toMatchObject({ state: 'complete', value: 0.5 });
  });

  it('an empty line before the end is an error (Optuna cannot load the journal); a trailing one is not', () => {
    const result = parseOptunaJournal(FILE, journal(createStudy('s'), '', createTrial(0)) + '\n');
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'syntax', message: 'empty line: Optuna cannot load a journal with an empty line before its last line' }]);
    expect(result.value!.trials).toHaveLength(1);
  });

  it('a broken line before the last is an error at its line (Optuna would refuse the whole journal)', () => {
    const text = journal(createStudy('s'), createTrial(0), '{"op_code": 5, "trial_id": 0,', finish(0, 0.5));
    const result = parseOptunaJournal(FILE, text);
    expect(result.errors).toEqual([{ file: FILE, line: 3, column: 30, code: 'syntax', message: 'invalid JSON: property name expected' }]);
    expect(result.value!.trials[0]!.value).toBe(0.5);
  });

  it('an unknown op_code is a schema error', () => {
    const result = parseOptunaJournal(FILE, journal(createStudy('s'), op({ op_code: 12 }), createTrial(0)));
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: "unknown op_code 12: Optuna's journal has op codes 0-9" }]);
  });

  it('an op missing a field it needs is a schema error naming the field', () => {
    const result = parseOptunaJournal(FILE, journal(createStudy('s'), createTrial(0), op({ op_code: 5, trial_id: 0, param_value_internal: 1, distribution: CAT })));
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'op_code 5 (SET_TRIAL_PARAM): "param_name" must be a string' }]);
  });

  it('a categorical index outside the choices is a schema error', () => {
    const result = parseOptunaJournal(FILE, journal(createStudy('s'), createTrial(0), param(0, 'booster', 5, CAT)));
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'parameter "booster": categorical index 5 is outside the 2 choices' }]);
  });

  it('an unknown distribution class is a schema error', () => {
    const dist = JSON.stringify({ name: 'BetaDistribution', attributes: {} });
    const result = parseOptunaJournal(FILE, journal(createStudy('s'), createTrial(0), param(0, 'x', 0.5, dist)));
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'parameter "x": unknown distribution class "BetaDistribution"' }]);
  });

  it('a direction code outside StudyDirection is a schema error', () => {
    const result = parseOptunaJournal(FILE, journal(op({ op_code: 0, study_name: 's', directions: [3] })));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'op_code 0 (CREATE_STUDY): "directions" must be a list of 0 (NOT_SET), 1 (MINIMIZE) or 2 (MAXIMIZE)' }]);
  });

  it('a journal with no study says so', () => {
    const result = parseOptunaJournal(FILE, journal(createTrial(0)));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'the journal creates no study (no op_code 0 line that still exists)' }]);
  });
});
