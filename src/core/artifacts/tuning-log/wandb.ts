// Weights & Biases sweep configuration (YAML). Checked against the shape of W&B's own schema
// (wandb/sweeps src/sweeps/config/schema.json): `method` is required, top-level keys and
// parameter keys are closed sets, `metric.goal` defaults to minimize as W&B does. The sweep
// holds no trials; its runs live in W&B, so `trials` is empty.
import type { ParseError, ParseResult, SearchDimension, TuningLog, TuningStudy } from '../types.ts';
import { isRecord, lineOf, parseError, parseYaml } from '../source.ts';
import { emptyStudy, finiteNumber, isInteger, parseDirection, splitOfMetric } from './common.ts';

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'controller', 'description', 'program', 'job', 'image_uri', 'entity', 'project', 'method', 'command', 'name', 'run_cap', 'metric', 'metrics', 'scheduler', 'early_terminate', 'parameters']);
const METHODS = ['bayes', 'random', 'grid', 'custom'];
const METRIC_KEYS = new Set(['name', 'goal', 'target', 'impute', 'impute_while_running']);
const PARAM_KEYS = new Set(['value', 'values', 'probabilities', 'distribution', 'min', 'max', 'q', 'mu', 'sigma', 'a', 'b', 'parameters']);
const DISTRIBUTIONS = new Set(['constant', 'categorical', 'categorical_w_probabilities', 'int_uniform', 'uniform', 'q_uniform', 'log_uniform', 'log_uniform_values', 'q_log_uniform', 'q_log_uniform_values', 'inv_log_uniform', 'inv_log_uniform_values', 'normal', 'q_normal', 'log_normal', 'q_log_normal', 'beta', 'q_beta']);

/** A parsed sweep, plus the early-termination settings the shared TuningLog has no field for. */
export interface WandbSweepLog extends TuningLog {
  earlyTerminate?: { type: string; minIter?: number; maxIter?: number; s?: number; eta?: number };
}

export function parseWandbSweep(file: string, text: string): ParseResult<WandbSweepLog> {
  const doc = parseYaml(file, text);
  const errors: ParseError[] = [...doc.errors];
  const loc = doc.locations;
  const at = (path: string) => lineOf(loc, path);
  const fail = (path: string, message: string) => errors.push(parseError(file, at(path), 'schema', message));
  const study: TuningStudy = emptyStudy(1);
  const locations: Record<string, number> = { study: 1 };
  const value: WandbSweepLog = { format: 'wandb-sweep', file, study, trials: [], locations };
  const data = doc.data;
  // After a YAML syntax error the recovered structure is a guess (a tab-indented key moves to the
  // top level): report the syntax error alone rather than the guess's schema errors.
  if (data === undefined || errors.some((e) => e.code === 'syntax')) return { format: 'wandb-sweep', value, errors };
  if (!isRecord(data)) {
    fail('', 'a W&B sweep config must be a YAML mapping with method, metric and parameters');
    return { format: 'wandb-sweep', value, errors };
  }

  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL.has(key)) errors.push(parseError(file, at(key), 'unknown-key', `unknown key "${key}": not a W&B sweep setting`));
  }
  if (data.method === undefined) fail('', 'method is required: one of bayes, random, grid, custom');
  else if (typeof data.method !== 'string' || !METHODS.includes(data.method)) fail('method', `method must be one of bayes, random, grid, custom (got ${JSON.stringify(data.method)})`);
  else {
    study.method = data.method;
    locations['study.method'] = at('method');
  }
  if (typeof data.name === 'string') {
    study.name = data.name;
    locations['study.name'] = at('name');
  }
  if (data.run_cap !== undefined) {
    if (isInteger(data.run_cap) && data.run_cap > 0) {
      study.budget = { trials: data.run_cap };
      locations['study.budget'] = at('run_cap');
    } else fail('run_cap', 'run_cap must be a positive integer');
  }
  readMetric(data.metric, study, locations, at, fail, errors, file);
  if (data.early_terminate !== undefined) {
    const early = readEarlyTerminate(data.early_terminate, fail);
    if (early) value.earlyTerminate = early;
  }
  if (data.parameters === undefined) {
    if (data.method !== 'custom') fail('', 'parameters is required: the sweep searches nothing without it');
  } else {
    readParameters(data.parameters, 'parameters', '', study.searchSpace, locations, at, fail, errors, file);
  }
  // A sweep config has no key for the seed of its search: a constant `seed` parameter
  // (`seed: {value: 42}`) reaches every run as a training parameter, and the controller's draws
  // stay unseeded. So `study.seed` stays unset; a study record beside the sweep may supply it.
  return { format: 'wandb-sweep', value, errors };
}

type At = (path: string) => number;
type Fail = (path: string, message: string) => void;

function readMetric(metric: unknown, study: TuningStudy, locations: Record<string, number>, at: At, fail: Fail, errors: ParseError[], file: string): void {
  if (metric === undefined) return;
  if (!isRecord(metric)) return fail('metric', 'metric must be a mapping with name and goal');
  for (const key of Object.keys(metric)) {
    if (!METRIC_KEYS.has(key)) errors.push(parseError(file, at(`metric.${key}`), 'unknown-key', `unknown key "${key}" in metric: expected name, goal, target, impute`));
  }
  if (typeof metric.name !== 'string' || metric.name === '') return fail('metric', 'metric.name is required: the metric the sweep optimizes');
  // W&B's schema defaults the goal to minimize; an absent goal is read the way W&B runs it.
  const direction = metric.goal === undefined ? 'minimize' : parseDirection(metric.goal);
  if (!direction || (typeof metric.goal === 'string' && metric.goal !== direction)) {
    return fail('metric.goal', `metric.goal must be "minimize" or "maximize" (got ${JSON.stringify(metric.goal)})`);
  }
  const split = splitOfMetric(metric.name);
  study.objective = { metric: metric.name, direction, ...(split ? { split } : {}) };
  locations['study.objective'] = at('metric');
}

function readEarlyTerminate(early: unknown, fail: Fail): WandbSweepLog['earlyTerminate'] {
  if (!isRecord(early)) return void fail('early_terminate', 'early_terminate must be a mapping with type: hyperband');
  if (early.type !== 'hyperband') return void fail('early_terminate.type', `early_terminate.type must be "hyperband" (got ${JSON.stringify(early.type)})`);
  if (!(isInteger(early.min_iter) || (isInteger(early.max_iter) && finiteNumber(early.s) !== undefined))) {
    return void fail('early_terminate', 'hyperband early_terminate needs min_iter, or max_iter and s');
  }
  const out: NonNullable<WandbSweepLog['earlyTerminate']> = { type: 'hyperband' };
  if (isInteger(early.min_iter)) out.minIter = early.min_iter;
  if (isInteger(early.max_iter)) out.maxIter = early.max_iter;
  if (finiteNumber(early.s) !== undefined) out.s = early.s as number;
  if (finiteNumber(early.eta) !== undefined) out.eta = early.eta as number;
  return out;
}

/** Parameters, recursing into nested `parameters:` blocks with dotted names (optimizer.lr). */
function readParameters(params: unknown, path: string, prefix: string, space: Record<string, SearchDimension>, locations: Record<string, number>, at: At, fail: Fail, errors: ParseError[], file: string): void {
  if (!isRecord(params) || Object.keys(params).length === 0) return fail(path, `${path} must be a non-empty mapping of parameter name -> settings`);
  for (const [key, spec] of Object.entries(params)) {
    const name = prefix + key;
    const specPath = `${path}.${key}`;
    if (!isRecord(spec)) {
      fail(specPath, `parameter "${name}" must be a mapping with value, values, min/max or parameters`);
      continue;
    }
    const unknown = Object.keys(spec).filter((k) => !PARAM_KEYS.has(k));
    for (const k of unknown) errors.push(parseError(file, at(`${specPath}.${k}`), 'unknown-key', `unknown key "${k}" in parameter "${name}"`));
    if (spec.parameters !== undefined) {
      readParameters(spec.parameters, `${specPath}.parameters`, `${name}.`, space, locations, at, fail, errors, file);
      continue;
    }
    const dimension = readDimension(name, spec, specPath, fail);
    if (dimension) {
      space[name] = dimension;
      locations[`study.search_space.${name}`] = at(specPath);
    }
  }
}

function readDimension(name: string, spec: Record<string, unknown>, path: string, fail: Fail): SearchDimension | undefined {
  const bad = (message: string) => void fail(path, `parameter "${name}": ${message}`);
  if ('value' in spec) return { value: spec.value };
  if (spec.values !== undefined) {
    if (!Array.isArray(spec.values) || spec.values.length === 0) return bad('values must be a non-empty list');
    return { choices: spec.values };
  }
  const distribution = spec.distribution;
  if (distribution !== undefined && (typeof distribution !== 'string' || !DISTRIBUTIONS.has(distribution))) {
    return bad(`unknown distribution ${JSON.stringify(distribution)}`);
  }
  const min = finiteNumber(spec.min);
  const max = finiteNumber(spec.max);
  const q = finiteNumber(spec.q);
  const d = distribution ?? (min !== undefined && max !== undefined ? (isInteger(min) && isInteger(max) ? 'int_uniform' : 'uniform') : undefined);
  if (d === undefined) return bad('needs value, values, min and max, a distribution, or nested parameters');
  if (/normal|beta/.test(d)) return q !== undefined ? { step: q } : {}; // unbounded: no low/high
  if (d === 'constant' || d.startsWith('categorical')) return bad(`distribution ${d} needs ${d === 'constant' ? 'value' : 'values'}`);
  if (min === undefined || max === undefined) return bad(`distribution ${d} needs numeric min and max`);
  if (min > max) return bad('min must not be greater than max');
  // log_uniform / q_log_uniform take exponents (W&B samples exp(U(min, max))), inv_log_uniform
  // the exponents of 1/x; the *_values forms take the values themselves. Record the values.
  let dim: SearchDimension;
  if (d === 'log_uniform' || d === 'q_log_uniform') dim = { low: Math.exp(min), high: Math.exp(max), log: true };
  else if (d === 'inv_log_uniform') dim = { low: Math.exp(-max), high: Math.exp(-min), log: true };
  else if (d.includes('log_uniform')) dim = { low: min, high: max, log: true };
  else dim = { low: min, high: max };
  if (d === 'int_uniform') dim.step = 1;
  else if (d.startsWith('q_')) dim.step = q ?? 1;
  return dim;
}
