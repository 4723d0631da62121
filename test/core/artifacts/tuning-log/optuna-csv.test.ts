import { describe, expect, it } from 'vitest';
import { parseOptunaTrialsCsv, readCsv } from '../../../../src/core/artifacts/tuning-log/optuna-csv.ts';
import { bestTrial } from '../../../../src/core/artifacts/tuning-log/common.ts';

const FILE = 'tuning/trials.csv';
// As `study.trials_dataframe().to_csv("trials.csv")` writes it: pandas' unnamed index column first.
const HEADER = ',number,value,datetime_start,datetime_complete,duration,params_booster,params_lr,params_use_gpu,user_attrs_seed,state';
const row = (n: number, value: string, booster: string, lr: string, state = 'COMPLETE') =>
  `${n},${n},${value},2024-06-07 17:27:27.682770,2024-06-07 17:27:27.689197,0 days 00:00:00.006427,${booster},${lr},False,${7 + n},${state}`;
const csv = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseOptunaTrialsCsv', () => {
  it('reads trials: number, value, params (typed), seed attr, state; the index column is skipped', () => {
    const result = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.83', 'gbdt', '0.01'), row(1, '', 'dart', '0.05', 'PRUNED'), row(2, '0.91', 'gbdt', '1e-05')));
    expect(result.format).toBe('optuna-trials-csv');
    expect(result.errors).toEqual([]);
    const log = result.value!;
    expect(log.study).toEqual({ searchSpace: {}, line: 1 });
    expect(log.trials).toEqual([
      { id: 0, state: 'complete', seed: 7, params: { booster: 'gbdt', lr: 0.01, use_gpu: false }, metrics: {}, value: 0.83, line: 2 },
      { id: 1, state: 'pruned', seed: 8, params: { booster: 'dart', lr: 0.05, use_gpu: false }, metrics: {}, line: 3 },
      { id: 2, state: 'complete', seed: 9, params: { booster: 'gbdt', lr: 0.00001, use_gpu: false }, metrics: {}, value: 0.91, line: 4 },
    ]);
    // The CSV does not record the direction: no best trial unless the caller knows it.
    expect(bestTrial(log)).toBeUndefined();
    const withDirection = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.83', 'gbdt', '0.01'), row(1, '0.2', 'dart', '0.05')), { direction: 'minimize' }).value!;
    expect(withDirection.study.objective).toEqual({ direction: 'minimize' });
    expect(bestTrial(withDirection)!.id).toBe(1);
  });

  it('reads a quoted field with commas as one field (a categorical choice "gbdt, goss")', () => {
    const result = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.8', '"gbdt, goss"', '0.01'), row(1, '0.7', '"say ""hi"""', '0.02')));
    expect(result.errors).toEqual([]);
    expect(result.value!.trials.map((t) => t.params['booster'])).toEqual(['gbdt, goss', 'say "hi"']);
  });

  it('keeps the starting line of a record whose quoted field spans lines', () => {
    const result = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.8', '"multi\nline"', '0.01'), row(1, '0.7', 'gbdt', '0.02')));
    expect(result.errors).toEqual([]);
    expect(result.value!.trials.map((t) => t.line)).toEqual([2, 4]);
  });

  it('names the objective from value_<name> (set_metric_names) and multi-objective values_*', () => {
    const text = csv('number,value_val_auc,params_lr,state', '0,0.8,0.01,COMPLETE');
    expect(parseOptunaTrialsCsv(FILE, text).value!.study.objective).toEqual({ metric: 'val_auc', split: 'validation' });
    expect(parseOptunaTrialsCsv(FILE, text).value!.trials[0]!.metrics).toEqual({ 'validation/val_auc': 0.8 });
    const multi = parseOptunaTrialsCsv(FILE, csv('number,values_0,values_1,state', '0,0.8,12,COMPLETE')).value!;
    expect(multi.trials[0]).toMatchObject({ metrics: { values_0: 0.8, values_1: 12 } });
    expect(multi.trials[0]!.value).toBeUndefined();
  });

  it('reads CRLF files and the old `TrialState.COMPLETE` spelling', () => {
    const result = parseOptunaTrialsCsv(FILE, 'number,value,state\r\n0,0.5,TrialState.COMPLETE\r\n');
    expect(result.errors).toEqual([]);
    expect(result.value!.trials).toEqual([{ id: 0, state: 'complete', params: {}, metrics: {}, value: 0.5, line: 2 }]);
  });

  it('a short row is an error at its line; the other rows still count', () => {
    const short = '1,1,0.7,2024-06-07 17:27:27.690779,gbdt,COMPLETE';
    const result = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.8', 'gbdt', '0.01'), short, row(2, '0.9', 'dart', '0.02')));
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'row has 6 fields, the header has 11' }]);
    expect(result.value!.trials.map((t) => t.id)).toEqual([0, 2]);
  });

  it('an unquoted comma inside a value makes a long row: an error at its line', () => {
    const result = parseOptunaTrialsCsv(FILE, csv(HEADER, row(0, '0.8', 'gbdt, goss', '0.01')));
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'row has 12 fields, the header has 11' }]);
  });

  it('an unterminated quote is a syntax error where the quote opens', () => {
    const result = parseOptunaTrialsCsv(FILE, csv('number,value,params_booster,state', '0,0.8,gbdt,COMPLETE', '1,0.7,"gbdt,COMPLETE', '2,0.6,dart,COMPLETE'));
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'syntax', message: 'unterminated quoted field: a " opened here is never closed' }]);
    expect(result.value!.trials).toHaveLength(1);
  });

  it('an unknown state is a schema error at its row', () => {
    const result = parseOptunaTrialsCsv(FILE, csv('number,value,state', '0,0.5,DONE'));
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'unknown trial state "DONE": expected COMPLETE, PRUNED, FAIL, RUNNING or WAITING' }]);
    expect(result.value!.trials[0]!.state).toBe('unknown');
  });

  it('a CSV that is not a trials dataframe says so', () => {
    const result = parseOptunaTrialsCsv(FILE, csv('name,age', 'ada,36'));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'not an Optuna trials_dataframe() CSV: the header has no number, value, values_*, params_* or state column' }]);
  });

  it('readCsv: blank lines are no records', () => {
    expect(readCsv(FILE, 'a,b\n\n1,2\n').records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 3 },
    ]);
  });
});
