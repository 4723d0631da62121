// Microsoft NNI: the experiment config (`config.yml`, v2 camelCase keys with the v1 names
// still accepted), the search space (`search_space.json`, {name: {_type, _value}}) and trial
// results as `nnictl experiment import/export` reads and writes them ([{parameter, value}]).
import type { ParseError, ParseResult, SearchDimension, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { isRecord, itemLine, lineOf, parseError, parseJson, parseYaml, type LocatedDocument } from '../source.ts';
import { emptyStudy, finiteNumber, isInteger, numericMetrics, own, parseDirection, resolveRelative } from './common.ts';

/** A parsed NNI config, plus the search-space file it names (relative to the config, as written). */
export interface NniConfigLog extends TuningLog {
  searchSpaceFile?: string;
  /** The tuner (or advisor) name as written: `TPE`, `Random`, `Hyperband`. */
  tuner?: string;
}

export function parseNniConfig(file: string, text: string, options: { searchSpaceText?: string } = {}): ParseResult<NniConfigLog> {
  const doc = parseYaml(file, text);
  const errors: ParseError[] = [...doc.errors];
  const at = (path: string) => lineOf(doc.locations, path);
  const fail = (path: string, message: string) => errors.push(parseError(file, at(path), 'schema', message));
  const study: TuningStudy = emptyStudy(1);
  const locations: Record<string, number> = { study: 1 };
  const value: NniConfigLog = { format: 'nni-config', file, study, trials: [], locations };
  const data = doc.data;
  // A YAML syntax error leaves a guessed structure: report it alone (see wandb.ts).
  if (data === undefined || errors.some((e) => e.code === 'syntax')) return { format: 'nni-config', value, errors };
  if (!isRecord(data)) {
    fail('', 'an NNI experiment config must be a YAML mapping (searchSpace or searchSpaceFile, tuner, ...)');
    return { format: 'nni-config', value, errors };
  }
  if (typeof data.experimentName === 'string') study.name = data.experimentName;

  // v2 `tuner: {name, classArgs}`; v1 `tuner: {builtinTunerName, classArgs}`; `advisor` replaces
  // the tuner for Hyperband/BOHB.
  const tunerKey = data.tuner !== undefined ? 'tuner' : data.advisor !== undefined ? 'advisor' : undefined;
  if (tunerKey) {
    const tuner = data[tunerKey];
    const name = isRecord(tuner) ? (tuner.name ?? tuner.builtinTunerName ?? tuner.builtinAdvisorName ?? tuner.className) : undefined;
    if (typeof name !== 'string' || name === '') fail(tunerKey, `${tunerKey}.name is required (TPE, Random, Anneal, Evolution, GridSearch, ...)`);
    else {
      value.tuner = name;
      study.method = name.toLowerCase();
      locations['study.method'] = at(`${tunerKey}.name`);
    }
    const args = isRecord(tuner) ? tuner.classArgs : undefined;
    if (isRecord(args)) {
      if (args.optimize_mode !== undefined) {
        const direction = parseDirection(args.optimize_mode);
        if (direction) {
          study.objective = { direction };
          locations['study.objective'] = at(`${tunerKey}.classArgs.optimize_mode`);
        } else fail(`${tunerKey}.classArgs.optimize_mode`, `optimize_mode must be "maximize" or "minimize" (got ${JSON.stringify(args.optimize_mode)})`);
      }
      if (isInteger(args.seed)) {
        study.seed = args.seed;
        locations['study.seed'] = at(`${tunerKey}.classArgs.seed`);
      }
    }
  }

  const budgetKey = data.maxTrialNumber !== undefined ? 'maxTrialNumber' : data.maxTrialNum !== undefined ? 'maxTrialNum' : undefined;
  if (budgetKey) {
    if (isInteger(data[budgetKey]) && (data[budgetKey] as number) > 0) {
      study.budget = { trials: data[budgetKey] as number };
      locations['study.budget'] = at(budgetKey);
    } else fail(budgetKey, `${budgetKey} must be a positive integer`);
  }

  const fileKey = data.searchSpaceFile !== undefined ? 'searchSpaceFile' : data.searchSpacePath !== undefined ? 'searchSpacePath' : undefined;
  if (data.searchSpace !== undefined) {
    const space = readSearchSpace(file, data.searchSpace, doc, 'searchSpace');
    errors.push(...space.errors);
    study.searchSpace = space.searchSpace;
    locations['study.search_space'] = at('searchSpace');
    for (const [name, line] of Object.entries(space.lines)) locations[`study.search_space.${name}`] = line;
  } else if (fileKey) {
    const named = data[fileKey];
    if (typeof named !== 'string' || named === '') fail(fileKey, `${fileKey} must be a file path`);
    else {
      value.searchSpaceFile = named;
      locations['study.search_space'] = at(fileKey);
      // The core reads no files: the caller passes the named file's text when it has it.
      if (options.searchSpaceText !== undefined) {
        const space = parseNniSearchSpace(resolveRelative(file, named), options.searchSpaceText);
        errors.push(...space.errors);
        if (space.value) study.searchSpace = space.value.study.searchSpace;
      }
    }
  } else if (data.useAnnotation !== true) {
    fail('', 'no search space: set searchSpace or searchSpaceFile (or useAnnotation: true)');
  }
  return { format: 'nni-config', value, errors };
}

export function parseNniSearchSpace(file: string, text: string): ParseResult<TuningLog> {
  const doc = parseJson(file, text);
  const study = emptyStudy(1);
  const locations: Record<string, number> = { study: 1, 'study.search_space': 1 };
  const value: TuningLog = { format: 'nni-search-space', file, study, trials: [], locations };
  if (doc.errors.length > 0) return { format: 'nni-search-space', value, errors: doc.errors };
  const space = readSearchSpace(file, doc.data, doc, '');
  study.searchSpace = space.searchSpace;
  for (const [name, line] of Object.entries(space.lines)) locations[`study.search_space.${name}`] = line;
  return { format: 'nni-search-space', value, errors: space.errors };
}

// _type -> which _value entries are low/high/q; normal-family types have a mean and a spread,
// no bounds, so they keep only their quantization step.
const TYPES: Record<string, { arity: number[]; kind: 'range' | 'unbounded'; log?: boolean; integer?: boolean }> = {
  randint: { arity: [2], kind: 'range', integer: true },
  uniform: { arity: [2], kind: 'range' },
  quniform: { arity: [3], kind: 'range' },
  loguniform: { arity: [2], kind: 'range', log: true },
  qloguniform: { arity: [3], kind: 'range', log: true },
  normal: { arity: [2], kind: 'unbounded' },
  qnormal: { arity: [3], kind: 'unbounded' },
  lognormal: { arity: [2], kind: 'unbounded' },
  qlognormal: { arity: [3], kind: 'unbounded' },
};

function readSearchSpace(file: string, raw: unknown, doc: LocatedDocument, base: string): { searchSpace: Record<string, SearchDimension>; lines: Record<string, number>; errors: ParseError[] } {
  const searchSpace: Record<string, SearchDimension> = {};
  const lines: Record<string, number> = {};
  const errors: ParseError[] = [];
  const path = (...parts: string[]) => [base, ...parts].filter(Boolean).join('.');
  const fail = (p: string, message: string) => errors.push(parseError(file, lineOf(doc.locations, p), 'schema', message));
  if (!isRecord(raw)) {
    fail(base, 'a search space must be a mapping of name -> {"_type": ..., "_value": [...]}');
    return { searchSpace, lines, errors };
  }
  for (const [name, spec] of Object.entries(raw)) {
    const where = path(name);
    if (!isRecord(spec)) {
      fail(where, `"${name}" must be {"_type": ..., "_value": [...]}`);
      continue;
    }
    const type = spec._type;
    const values = spec._value;
    const known = type === 'choice' || own(TYPES, type) !== undefined;
    if (type === undefined) {
      fail(where, `"${name}": _type is required (choice, randint, uniform, quniform, loguniform, ...)`);
      continue;
    }
    if (!known) {
      fail(path(name, '_type'), `"${name}": unknown _type ${JSON.stringify(type)}: expected choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal or qlognormal`);
      continue;
    }
    if (!Array.isArray(values) || values.length === 0) {
      fail(path(name, '_value'), `"${name}": _value must be a non-empty list`);
      continue;
    }
    lines[name] = lineOf(doc.locations, where);
    if (type === 'choice') {
      searchSpace[name] = { choices: values };
      continue;
    }
    const spec2 = own(TYPES, type)!;
    const numbers = values.map(finiteNumber);
    if (!spec2.arity.includes(values.length) || numbers.some((n) => n === undefined)) {
      const shape = spec2.kind === 'range' ? (spec2.arity[0] === 3 ? '[low, high, q]' : '[low, high]') : spec2.arity[0] === 3 ? '[mu, sigma, q]' : '[mu, sigma]';
      fail(path(name, '_value'), `"${name}": ${type} needs _value ${shape} of numbers`);
      continue;
    }
    const [a, b, q] = numbers as number[];
    if (spec2.kind === 'unbounded') {
      searchSpace[name] = q !== undefined ? { step: q } : {};
      continue;
    }
    if (a! > b!) {
      fail(path(name, '_value'), `"${name}": low must not be greater than high`);
      continue;
    }
    const dim: SearchDimension = { low: a!, high: b! };
    if (spec2.log) dim.log = true;
    // randint's upper bound is exclusive in NNI; SearchDimension bounds are inclusive.
    if (spec2.integer) Object.assign(dim, { high: b! - 1, step: 1 });
    if (q !== undefined) dim.step = q;
    searchSpace[name] = dim;
  }
  return { searchSpace, lines, errors };
}

/** `[{parameter: {...}, value: 0.9}]`; `value` may be a dict of metrics with `default`. */
export function parseNniTrials(file: string, text: string, options: { parsed?: { data: unknown } } = {}): ParseResult<TuningLog> {
  // Every trial's line is looked up (item `<i>` of the root), so only those are recorded, as a
  // list; a bad value's own line (`<i>.value`) comes from a full scan, made the first time one is needed.
  const doc = parseJson(file, text, { locationDepth: 0, items: [''], ...options });
  let full: LocatedDocument | undefined;
  const valueLine = (i: number) => lineOf((full ??= parseJson(file, text)).locations, `${i}.value`);
  const study = emptyStudy(1);
  const trials: TuningTrial[] = [];
  const locations: Record<string, number> = { study: 1 };
  const value: TuningLog = { format: 'nni-trials', file, study, trials, locations };
  if (doc.errors.length > 0) return { format: 'nni-trials', value, errors: doc.errors };
  const errors: ParseError[] = [];
  if (!Array.isArray(doc.data)) {
    errors.push(parseError(file, 1, 'schema', 'NNI trial results must be a JSON array of {"parameter": {...}, "value": ...}'));
    return { format: 'nni-trials', value, errors };
  }
  doc.data.forEach((entry, i) => {
    const line = itemLine(doc, '', i);
    if (!isRecord(entry) || !isRecord(entry.parameter)) {
      errors.push(parseError(file, line, 'schema', `trial ${i}: expected {"parameter": {...}, "value": ...}`));
      return;
    }
    const id = typeof entry.trialJobId === 'string' ? entry.trialJobId : typeof entry.id === 'string' || isInteger(entry.id) ? entry.id : i;
    const trial: TuningTrial = { id, state: 'complete', params: entry.parameter, metrics: {}, line };
    const result = typeof entry.value === 'string' ? safeJson(entry.value) : entry.value;
    if (finiteNumber(result) !== undefined) trial.value = result as number;
    else if (isRecord(result) && finiteNumber(result.default) !== undefined) {
      trial.value = result.default as number;
      trial.metrics = numericMetrics(result, new Set(['default']));
    } else {
      errors.push(parseError(file, valueLine(i), 'schema', `trial ${i}: value must be a number or a dict with a numeric "default"`));
    }
    trials.push(trial);
  });
  return { format: 'nni-trials', value, errors };
}

/** NNI's export writes the final metric as a JSON-encoded string. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
