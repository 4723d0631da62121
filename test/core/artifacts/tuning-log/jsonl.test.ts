import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTuningJsonl } from '../../../../src/core/artifacts/tuning-log/jsonl.ts';
import { tuningLogLineSchema } from '../../../../src/core/artifacts/tuning-log/schema.ts';
import { bestTrial } from '../../../../src/core/artifacts/tuning-log/common.ts';
import { BEST_PARAMS, tuningJsonl } from '../../../helpers/fixtures.ts';

const FILE = 'models/churn/tuning/trials.jsonl';
const STUDY = '{"type":"study","method":"random","seed":1,"search_space":{"lr":{"low":0.001,"high":0.1,"log":true}},"objective":{"metric":"auc","split":"validation","direction":"maximize"},"budget":{"trials":3}}';
const trial = (id: number, auc = 0.8) => `{"type":"trial","id":${id},"state":"complete","params":{"lr":0.01},"metrics":{"validation/auc":${auc}}}`;
const FINAL = '{"type":"final","trial":2,"split":"test","metrics":{"test/auc":0.8}}';
const parse = (...lines: string[]) => parseTuningJsonl(FILE, lines.join('\n') + '\n');

describe('parseTuningJsonl: valid logs', () => {
  it('reads the default clean log completely', () => {
    const result = parseTuningJsonl(FILE, tuningJsonl());
    expect(result.format).toBe('modelgate-tuning-jsonl');
    expect(result.errors).toEqual([]);
    const log = result.value!;
    expect(log.study).toEqual({
      method: 'random',
      seed: 1234,
      searchSpace: { learning_rate: { low: 0.0001, high: 0.1, log: true }, max_depth: { low: 2, high: 10, step: 1 } },
      objective: { metric: 'auc', split: 'validation', direction: 'maximize' },
      budget: { trials: 5 },
      line: 1,
    });
    expect(log.trials).toHaveLength(5);
    expect(log.trials[3]).toEqual({ id: 3, state: 'complete', seed: 1237, params: { ...BEST_PARAMS }, metrics: { 'validation/auc': 0.858 }, line: 5 });
    expect(log.final).toEqual({ trial: 3, split: 'test', metrics: { 'test/auc': 0.861 }, line: 7 });
    expect(bestTrial(log)!.id).toBe(3);
    expect(log.locations).toMatchObject({ study: 1, 'study.seed': 1, 'study.search_space.max_depth': 1, final: 7 });
    // A trial's line is its own `line`: no `trials.<index>` key per trial.
    expect([log.trials[0]!.line, log.trials[4]!.line]).toEqual([2, 6]);
    expect(log.locations['trials.0']).toBeUndefined();
  });

  it('skips blank lines and reads CRLF line ends, keeping real line numbers', () => {
    const result = parseTuningJsonl(FILE, ['', STUDY, '', '   ', trial(0), trial(1), ''].join('\r\n'));
    expect(result.errors).toEqual([]);
    expect(result.value!.study.line).toBe(2);
    expect(result.value!.trials.map((t) => t.line)).toEqual([5, 6]);
  });

  it('accepts a study without seed or method (the reproducibility rule reports those, not the parser)', () => {
    const result = parse('{"type":"study","search_space":{"kernel":{"choices":["rbf","linear"]}}}', trial(0));
    expect(result.errors).toEqual([]);
    expect(result.value!.study).toEqual({ searchSpace: { kernel: { choices: ['rbf', 'linear'] } }, line: 1 });
  });

  it('lower-cases the method', () => {
    expect(parse('{"type":"study","method":"TPE"}').value!.study.method).toBe('tpe');
  });

  it('its zod schema converts to JSON Schema (io: input) without throwing', () => {
    const schema = z.toJSONSchema(tuningLogLineSchema, { io: 'input' }) as { oneOf: unknown[]; description: string };
    expect(schema.oneOf).toHaveLength(3);
    expect(schema.description).toBe('One line of a modelgate tuning log (JSON Lines).');
  });
});

describe('parseTuningJsonl: malformed input', () => {
  it('a bad JSON line in the middle (line 3 of 5) is an error at line 3; the other lines still parse', () => {
    const result = parse(STUDY, trial(0), '{"type":"trial","id":1,"state":"complete",', trial(2), FINAL);
    expect(result.errors).toEqual([{ file: FILE, line: 3, column: 43, code: 'syntax', message: 'invalid JSON: property name expected' }]);
    expect(result.value!.trials.map((t) => t.id)).toEqual([0, 2]);
    expect(result.value!.final?.line).toBe(5);
  });

  it('an unknown record type is a schema error at its line', () => {
    const result = parse(STUDY, '{"type":"experiment","id":1}', trial(1));
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'unknown record type "experiment": expected "study", "trial" or "final"' }]);
    expect(result.value!.trials).toHaveLength(1);
  });

  it('a line without "type" says so', () => {
    expect(parse(STUDY, '{"id":1}').errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'line has no "type": expected "study", "trial" or "final"' }]);
  });

  it('a line that is not an object is a schema error', () => {
    expect(parse(STUDY, '[1,2]').errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'each line must be a JSON object with a "type" of "study", "trial" or "final"' }]);
  });

  it('a trial with params as a list is a schema error naming the key', () => {
    const result = parse(STUDY, trial(0), '{"type":"trial","id":1,"state":"complete","params":[0.1,6]}');
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'params: params must be an object of name -> value' }]);
  });

  it('objective direction "up" is a schema error with the key path', () => {
    const result = parse('{"type":"study","objective":{"metric":"auc","split":"validation","direction":"up"}}', trial(0));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'objective.direction: direction must be "maximize" or "minimize"' }]);
    // the failed study line already explains the missing study: no second "no study line" error
    expect(result.value!.trials).toHaveLength(1);
  });

  it('duplicate keys in a line are an error at that line', () => {
    const result = parse(STUDY, '{"type":"trial","id":0,"id":1,"state":"complete","params":{}}');
    expect(result.errors).toEqual([{ file: FILE, line: 2, column: 24, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' }]);
  });

  it('a missing study line is an error at line 1', () => {
    const result = parse(trial(0), trial(1));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'no study line: a modelgate tuning log needs one {"type":"study", ...} line' }]);
    expect(result.value!.trials).toHaveLength(2);
  });

  it('a second study line is an error at its line', () => {
    const result = parse(STUDY, trial(0), STUDY);
    expect(result.errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'more than one study line (the first is on line 1)' }]);
  });

  it('a second final line is an error at its line', () => {
    expect(parse(STUDY, trial(2), FINAL, FINAL).errors).toEqual([{ file: FILE, line: 4, code: 'schema', message: 'more than one final line (the first is on line 3)' }]);
  });

  it('a repeated trial id is an error at the repeat', () => {
    expect(parse(STUDY, trial(0), trial(0, 0.9)).errors).toEqual([{ file: FILE, line: 3, code: 'schema', message: 'duplicate trial id 0 (first on line 2)' }]);
  });

  it('an unknown key is refused (strict objects)', () => {
    const result = parse('{"type":"study","method":"random","seeds":[1,2]}');
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'unknown-key', message: 'unknown key "seeds"' }]);
  });

  it('a metric key without its split is refused', () => {
    const result = parse(STUDY, '{"type":"trial","id":0,"state":"complete","params":{},"metrics":{"auc":0.8}}');
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'metrics.auc: metric keys are "split/metric", e.g. "validation/auc"' }]);
  });

  it('a search-space dimension of neither shape is refused', () => {
    const result = parse('{"type":"study","search_space":{"lr":{"min":0.1,"max":1}}}');
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'schema', message: 'search_space.lr: a search-space dimension is {"low", "high", "log"?, "step"?} or {"choices": [...]}' }]);
  });

  it('a trial state outside the five states is refused', () => {
    const result = parse(STUDY, '{"type":"trial","id":0,"state":"done","params":{}}');
    expect(result.errors).toEqual([{ file: FILE, line: 2, code: 'schema', message: 'state: state must be one of complete, pruned, fail, running, waiting' }]);
  });

  it('a pretty-printed JSON document is one error, not one per line', () => {
    const result = parseTuningJsonl(FILE, JSON.stringify({ type: 'study', method: 'random' }, null, 2));
    expect(result.errors).toEqual([{ file: FILE, line: 1, code: 'syntax', message: 'a JSON document spread over several lines, not JSON Lines: each record must be on one line' }]);
  });

  it('stops listing errors after 50 lines', () => {
    const lines = [STUDY, ...Array.from({ length: 60 }, () => 'nope')];
    const errors = parse(...lines).errors;
    expect(errors).toHaveLength(51);
    expect(errors[50]).toEqual({ file: FILE, line: 52, code: 'syntax', message: '10 more errors from this line on are not listed' });
  });
});
