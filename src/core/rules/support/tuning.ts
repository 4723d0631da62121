// Tuning-log facts the tuning rules share: which split a metric was measured on, which trial
// a study would pick, and whether two parameter values are the same value written differently.
// A model's tuning may be spread over several files (an NNI config naming its search_space.json
// and a trials export), so the study is read across all of them.
import type { ObjectiveDirection, SearchDimension, TuningLog, TuningStudy, TuningTrial } from '../../artifacts/types.ts';
import { splitOfMetric } from '../../artifacts/tuning-log/common.ts';
import { metricDirection } from './metrics.ts';

const TEST_SPLITS = new Set(['test', 'testing', 'holdout', 'heldout', 'held-out']);

export function isTestSplit(split: string | undefined): boolean {
  return split !== undefined && TEST_SPLITS.has(split.trim().toLowerCase());
}

// Keys that count rows rather than measure the model (`test_size`, `n_test_samples`).
const NOT_A_SCORE = new Set(['size', 'samples', 'count', 'rows', 'n', 'fraction', 'frac']);

/**
 * The split a trial's metric key names: the prefix of `split/metric` (`test/auc`), else the split
 * a segment's own name implies (`test_auc`, `testAUC`, `auc-test`, `eval/test_auc`); logs written
 * by hand or exported from other tools use every one of these shapes.
 */
export function splitOfMetricKey(key: string): string | undefined {
  const segments = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split('/');
  const tokens = key.toLowerCase().split(/[^a-z0-9]+/);
  if (NOT_A_SCORE.has(tokens[tokens.length - 1]!)) return undefined;
  for (const segment of segments) {
    const split = splitOfMetric(segment);
    if (split !== undefined) return split;
  }
  return segments.length > 1 && segments[0] !== '' ? segments[0]!.toLowerCase() : undefined;
}

/** The line a finding about a log's study points at. */
export function studyLine(log: TuningLog): number {
  return log.locations['study'] ?? log.study.line;
}

export interface CombinedStudy {
  method?: string;
  searchSpace: Record<string, SearchDimension>;
  seed?: number;
  objective: NonNullable<TuningStudy['objective']>;
  /** The log findings about the study point at: the one the card names, else the first that has a study. */
  primary: TuningLog;
}

/** The study as all of a model's tuning logs describe it together; undefined without logs. */
export function combinedStudy(logs: readonly TuningLog[], declared?: string): CombinedStudy | undefined {
  if (logs.length === 0) return undefined;
  const described = (l: TuningLog) => l.study.method !== undefined || Object.keys(l.study.searchSpace).length > 0;
  const primary = logs.find((l) => l.file === declared) ?? logs.find(described) ?? logs[0]!;
  const ordered = [primary, ...logs.filter((l) => l !== primary)];
  const first = <T>(pick: (s: TuningStudy) => T | undefined): T | undefined => ordered.map((l) => pick(l.study)).find((v) => v !== undefined);
  const searchSpace: Record<string, SearchDimension> = {};
  for (const log of [...ordered].reverse()) Object.assign(searchSpace, log.study.searchSpace);
  return {
    method: first((s) => s.method),
    searchSpace,
    seed: first((s) => s.seed),
    objective: {
      metric: first((s) => s.objective?.metric),
      split: first((s) => s.objective?.split),
      direction: first((s) => s.objective?.direction),
    },
    primary,
  };
}

/** The metrics key of the objective (`validation/auc`), when the study names a metric. */
export function objectiveKey(objective: CombinedStudy['objective']): string | undefined {
  const metric = objective.metric;
  if (!metric) return undefined;
  if (metric.includes('/') || !objective.split) return metric;
  return `${objective.split}/${metric}`;
}

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);

/**
 * The value a trial is ranked by: the objective metric it recorded (`split/metric`, or the one
 * non-test `*\/metric` when the study names no split), else its single recorded `value`.
 */
export function trialObjective(trial: TuningTrial, objective: CombinedStudy['objective']): number | undefined {
  const key = objectiveKey(objective);
  if (key !== undefined) {
    const direct = finite(trial.metrics[key]);
    if (direct !== undefined) return direct;
    if (!objective.split) {
      const candidates = Object.keys(trial.metrics).filter((k) => k.endsWith(`/${key}`) && !isTestSplit(splitOfMetricKey(k)));
      if (candidates.length === 1) return finite(trial.metrics[candidates[0]!]);
    }
  }
  return finite(trial.value);
}

/** The study's direction; when it says none, the objective metric's (loss: minimize, auc: maximize). */
export function objectiveDirection(objective: CombinedStudy['objective']): ObjectiveDirection | undefined {
  if (objective.direction) return objective.direction;
  if (!objective.metric) return undefined;
  return metricDirection(objective.metric) === 'lower' ? 'minimize' : 'maximize';
}

export interface BestTrials {
  /** Every trial tied for best, in log order; the first is the one messages name. */
  trials: TuningTrial[];
  value: number;
  direction: ObjectiveDirection;
}

/**
 * The best finished trials under the objective. Trials in state `unknown` count when they have
 * an objective value (NNI's import format records no state); pruned, failed and running do not.
 */
export function bestTrials(trials: readonly TuningTrial[], objective: CombinedStudy['objective']): BestTrials | undefined {
  const direction = objectiveDirection(objective);
  if (!direction) return undefined;
  let best: BestTrials | undefined;
  for (const trial of trials) {
    if (trial.state !== 'complete' && trial.state !== 'unknown') continue;
    const value = trialObjective(trial, objective);
    if (value === undefined) continue;
    if (!best || (direction === 'maximize' ? value > best.value : value < best.value)) best = { trials: [trial], value, direction };
    else if (value === best.value) best.trials.push(trial);
  }
  return best;
}

/** Nested parameter maps as dotted names (`optimizer.lr`), the form every tuning parser uses. */
export function flattenParams(params: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(out, flattenParams(value as Record<string, unknown>, name));
    else out[name] = value;
  }
  return out;
}

/** `"0.05"` (CSV) is 0.05, `"True"` (Python) is true, `"None"` is null. */
function canonical(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (lower === 'none' || lower === 'null') return null;
  return value;
}

/** Same parameter value: numbers within a relative tolerance, other values after `canonical`. */
export function sameParamValue(a: unknown, b: unknown, relativeTolerance = 1e-9): boolean {
  const x = canonical(a);
  const y = canonical(b);
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
    return x === y || Math.abs(x - y) <= relativeTolerance * Math.max(Math.abs(x), Math.abs(y));
  }
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameParamValue(v, y[i], relativeTolerance));
  return JSON.stringify(x) === JSON.stringify(y);
}
