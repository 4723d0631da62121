import { describe, expect, it } from 'vitest';
import { parseNniConfig, parseNniSearchSpace, parseNniTrials } from '../../../../src/core/artifacts/tuning-log/nni.ts';

const SPACE = 'nni/search_space.json';
const CONFIG = 'nni/exp/config.yml';
const TRIALS = 'nni/trials.json';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

describe('parseNniSearchSpace', () => {
  it('maps every _type', () => {
    const text = JSON.stringify({
      units: { _type: 'randint', _value: [8, 65] },
      lr: { _type: 'loguniform', _value: [0.0001, 0.1] },
      drop: { _type: 'quniform', _value: [0, 0.5, 0.1] },
      width: { _type: 'qloguniform', _value: [16, 512, 16] },
      init: { _type: 'normal', _value: [0, 1] },
      act: { _type: 'choice', _value: ['relu', { _name: 'leaky', slope: 0.1 }] },
    });
    const result = parseNniSearchSpace(SPACE, text);
    expect(result.errors).toEqual([]);
    expect(result.value!.study.searchSpace).toEqual({
      units: { low: 8, high: 64, step: 1 }, // randint's upper bound is exclusive
      lr: { low: 0.0001, high: 0.1, log: true },
      drop: { low: 0, high: 0.5, step: 0.1 },
      width: { low: 16, high: 512, log: true, step: 16 },
      init: {},
      act: { choices: ['relu', { _name: 'leaky', slope: 0.1 }] },
    });
  });

  it('an unknown _type is a schema error at the _type line', () => {
    const text = '{\n  "lr": {"_type": "choice", "_value": [0.1, 0.01]},\n  "momentum": {\n    "_type": "gaussian",\n    "_value": [0, 1]\n  }\n}\n';
    const result = parseNniSearchSpace(SPACE, text);
    expect(result.errors).toEqual([
      { file: SPACE, line: 4, code: 'schema', message: '"momentum": unknown _type "gaussian": expected choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal or qlognormal' },
    ]);
    expect(Object.keys(result.value!.study.searchSpace)).toEqual(['lr']);
  });

  it('an Object.prototype name as _type is unknown, not a crash', () => {
    const result = parseNniSearchSpace(SPACE, '{"lr": {"_type": "constructor", "_value": [1, 2]}}');
    expect(result.errors.map((e) => e.message)).toEqual(['"lr": unknown _type "constructor": expected choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal or qlognormal']);
  });

  it('a _value of the wrong shape is a schema error', () => {
    const result = parseNniSearchSpace(SPACE, '{\n  "lr": {"_type": "quniform", "_value": [0, 1]}\n}\n');
    expect(result.errors).toEqual([{ file: SPACE, line: 2, code: 'schema', message: '"lr": quniform needs _value [low, high, q] of numbers' }]);
  });

  it('invalid JSON is a syntax error with its line', () => {
    const result = parseNniSearchSpace(SPACE, '{\n  "lr": {"_type": "choice", "_value": [0.1, 0.01]},\n}\n');
    expect(result.errors).toEqual([{ file: SPACE, line: 3, column: 1, code: 'syntax', message: 'invalid JSON: property name expected' }]);
  });
});

describe('parseNniConfig', () => {
  it('reads a v1 config: builtinTunerName, maxTrialNum, searchSpacePath, classArgs seed', () => {
    const result = parseNniConfig(CONFIG, yaml(
      'authorName: default',
      'maxTrialNum: 20',
      'searchSpacePath: ../spaces/space.json',
      'tuner:',
      '  builtinTunerName: Random',
      '  classArgs:',
      '    optimize_mode: minimize',
      '    seed: 99',
    ));
    expect(result.errors).toEqual([]);
    expect(result.value!.searchSpaceFile).toBe('../spaces/space.json');
    expect(result.value!.tuner).toBe('Random');
    expect(result.value!.study).toEqual({ method: 'random', seed: 99, objective: { direction: 'minimize' }, budget: { trials: 20 }, searchSpace: {}, line: 1 });
    expect(result.value!.locations).toMatchObject({ 'study.seed': 8, 'study.budget': 2, 'study.search_space': 3 });
  });

  it('errors in the named search-space file carry that file (resolved next to the config)', () => {
    const result = parseNniConfig(CONFIG, yaml('searchSpaceFile: ./space.json', 'tuner:', '  name: TPE'), { searchSpaceText: '{"lr": {"_type": "choise", "_value": [1]}}' });
    expect(result.errors).toEqual([{ file: 'nni/exp/space.json', line: 1, code: 'schema', message: '"lr": unknown _type "choise": expected choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal or qlognormal' }]);
  });

  it('optimize_mode "up" is a schema error at its line', () => {
    const result = parseNniConfig(CONFIG, yaml('searchSpaceFile: space.json', 'tuner:', '  name: TPE', '  classArgs:', '    optimize_mode: up'));
    expect(result.errors).toEqual([{ file: CONFIG, line: 5, code: 'schema', message: 'optimize_mode must be "maximize" or "minimize" (got "up")' }]);
  });

  it('a config with no search space says so', () => {
    expect(parseNniConfig(CONFIG, yaml('tuner:', '  name: TPE')).errors).toEqual([{ file: CONFIG, line: 1, code: 'schema', message: 'no search space: set searchSpace or searchSpaceFile (or useAnnotation: true)' }]);
  });

  it('an inline search space with an unknown _type is an error at its line in the config', () => {
    const result = parseNniConfig(CONFIG, yaml('searchSpace:', '  lr:', '    _type: uniformish', '    _value: [0, 1]', 'tuner:', '  name: TPE'));
    expect(result.errors).toEqual([{ file: CONFIG, line: 3, code: 'schema', message: '"lr": unknown _type "uniformish": expected choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal or qlognormal' }]);
  });

  it('tabs in the YAML are a syntax error, reported alone', () => {
    expect(parseNniConfig(CONFIG, yaml('searchSpaceFile: space.json', 'tuner:', '\tname: TPE')).errors).toEqual([{ file: CONFIG, line: 3, column: 1, code: 'syntax', message: 'Tabs are not allowed as indentation' }]);
  });
});

describe('parseNniTrials', () => {
  it('reads value dicts (default + other metrics) and exported trial ids', () => {
    const text = JSON.stringify([{ parameter: { lr: 0.1 }, value: { default: 0.9, val_loss: 0.3 }, trialJobId: 'Ab3xY' }, { parameter: { lr: 0.2 }, value: '0.8' }], null, 1);
    const result = parseNniTrials(TRIALS, text);
    expect(result.errors).toEqual([]);
    expect(result.value!.trials).toEqual([
      { id: 'Ab3xY', state: 'complete', params: { lr: 0.1 }, metrics: { 'validation/val_loss': 0.3 }, value: 0.9, line: 2 },
      { id: 1, state: 'complete', params: { lr: 0.2 }, metrics: {}, value: 0.8, line: 12 },
    ]);
  });

  it('an entry without parameter is a schema error at its line', () => {
    const result = parseNniTrials(TRIALS, '[\n  {"parameter": {"C": 1}, "value": 0.6},\n  {"params": {"C": 2}, "value": 0.7}\n]\n');
    expect(result.errors).toEqual([{ file: TRIALS, line: 3, code: 'schema', message: 'trial 1: expected {"parameter": {...}, "value": ...}' }]);
    expect(result.value!.trials).toHaveLength(1);
  });

  it('a non-numeric value is a schema error', () => {
    const result = parseNniTrials(TRIALS, '[\n  {"parameter": {"C": 1}, "value": "high"}\n]\n');
    expect(result.errors).toEqual([{ file: TRIALS, line: 2, code: 'schema', message: 'trial 0: value must be a number or a dict with a numeric "default"' }]);
  });
});
