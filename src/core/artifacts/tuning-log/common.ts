// Helpers shared by the tuning-log parsers (one file per format in this folder).
//
// Location keys. Every parser fills `TuningLog.locations` with the same normalized keys, whatever
// the format's own layout, so a rule can point at a line without knowing the format:
//   study, study.name, study.method, study.seed, study.objective, study.budget,
//   study.search_space, study.search_space.<name>, final
// A trial's line is its own `line` (a `trials.<index>` key per trial cost a string and a
// dictionary entry per trial, and no rule looked one up).
import type { z } from 'zod';
import type { Locations, ObjectiveDirection, ParseError, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { parseError } from '../source.ts';

export function emptyStudy(line = 1): TuningStudy {
  return { searchSpace: {}, line };
}

/** Finite numbers only: NaN / ±Infinity (Python's json writes them) are no metric anyone can rank. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/**
 * The evaluation split a metric name implies (`val_loss`, `validation/auc`, `test_accuracy`,
 * `train-loss`), so the test-leakage rule can see an objective on the test set even in formats
 * that only record a metric name (W&B, Ray Tune). `eval` is left unknown on purpose: Hugging
 * Face's Trainer uses it for the validation set, other tools for the test set.
 */
export function splitOfMetric(name: string): string | undefined {
  // Every trial of a log names the same few metrics: remember the answers (bounded).
  const known = splitOfMetricMemo.get(name);
  if (known !== undefined || splitOfMetricMemo.has(name)) return known;
  const split = inferSplit(name);
  if (splitOfMetricMemo.size < 10_000) splitOfMetricMemo.set(name, split);
  return split;
}

const splitOfMetricMemo = new Map<string, string | undefined>();

function inferSplit(name: string): string | undefined {
  const tokens = name.toLowerCase().split(/[/_.\-\s]+/).filter(Boolean);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  for (const token of [first, last]) {
    if (token === 'test' || token === 'testing' || token === 'holdout') return 'test';
    if (token === 'val' || token === 'valid' || token === 'validation' || token === 'dev') return 'validation';
    if (token === 'train' || token === 'training') return 'train';
  }
  return undefined;
}

/** `split/metric` when the split is known, else the bare metric name (see TuningTrial.metrics). */
export function metricKey(name: string, split?: string): string {
  if (name.includes('/')) return name;
  const inferred = split ?? splitOfMetric(name);
  return inferred ? `${inferred}/${name}` : name;
}

/** Numeric entries of a result dict, keyed as `split/metric`. */
export function numericMetrics(result: Record<string, unknown>, skip?: ReadonlySet<string>): Record<string, number> {
  const out: Record<string, number> = {};
  // for...in, not Object.entries: no pair array per key (a Ray Tune state has thousands of results).
  for (const name in result) {
    if (!Object.hasOwn(result, name)) continue;
    const n = finiteNumber(result[name]);
    if (n !== undefined && !skip?.has(name)) out[metricKey(name)] = n;
  }
  return out;
}

export function parseDirection(value: unknown): ObjectiveDirection | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return v === 'maximize' || v === 'minimize' ? v : undefined;
}

/**
 * Nested dicts flattened to dotted names (`optimizer.lr`), the naming W&B uses for nested
 * parameters; search spaces and trial params of every format then use the same keys.
 */
export function flattenParams(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && hasOwnKey(v)) {
      flattenParams(v as Record<string, unknown>, name, out);
    } else {
      out[name] = v;
    }
  }
  return out;
}

function hasOwnKey(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** Errors of a parse that saw one line (or one embedded string) as its whole input, moved to `line`. */
export function atLine(errors: ParseError[], line: number): ParseError[] {
  return errors.map((e) => ({ ...e, line: line + e.line - 1 }));
}

/** A zod issue as a ParseError: `path: message`, `unknown-key` for keys a strict object refuses. */
export function zodIssueErrors(file: string, line: number, issues: readonly z.core.$ZodIssue[]): ParseError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const where = path ? ` in ${path}` : '';
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return parseError(file, line, 'unknown-key', `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${where}`);
    }
    return parseError(file, line, 'schema', path ? `${path}: ${issue.message}` : issue.message);
  });
}

/**
 * `table[key]` for own keys only: names come from untrusted files, and `constructor` or
 * `__proto__` must not find Object.prototype's members.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Location keys for a study whose fields all sit on one line (JSONL, journal). */
export function studyLocations(locations: Locations, study: TuningStudy, line: number): void {
  locations['study'] = line;
  for (const key of ['name', 'method', 'seed', 'objective', 'budget'] as const) {
    if (study[key] !== undefined) locations[`study.${key}`] = line;
  }
  locations['study.search_space'] = line;
  for (const name of Object.keys(study.searchSpace)) locations[`study.search_space.${name}`] = line;
}

/** The objective value a trial is ranked by: its `value`, else the objective metric it recorded. */
export function objectiveValue(log: TuningLog, trial: TuningTrial): number | undefined {
  if (trial.value !== undefined) return finiteNumber(trial.value);
  const metric = log.study.objective?.metric;
  if (!metric) return undefined;
  const key = metricKey(metric, log.study.objective?.split);
  return finiteNumber(trial.metrics[key] ?? trial.metrics[metric]);
}

/**
 * The best complete trial under the study's direction (first one on ties, as Optuna's
 * best_trial does); undefined when the direction or every objective value is unknown.
 */
export function bestTrial(log: TuningLog, direction = log.study.objective?.direction): TuningTrial | undefined {
  if (!direction) return undefined;
  let best: { trial: TuningTrial; value: number } | undefined;
  for (const trial of log.trials) {
    if (trial.state !== 'complete') continue;
    const value = objectiveValue(log, trial);
    if (value === undefined) continue;
    if (!best || (direction === 'maximize' ? value > best.value : value < best.value)) best = { trial, value };
  }
  return best?.trial;
}

/** `a/b/../c.json` relative to the directory of `file`, with POSIX separators (no node:path in core). */
export function resolveRelative(file: string, relative: string): string {
  if (relative.startsWith('/')) return relative;
  const parts = file.split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Line-by-line formats stop listing errors here: a wrong file type must not bury the report. */
export const MAX_LINE_ERRORS = 50;

/**
 * Errors of a JSON Lines file, made readable when the file is not JSON Lines at all: a
 * pretty-printed JSON document becomes one error instead of one per line, and past
 * MAX_LINE_ERRORS the rest are counted, not listed. `errors` may hold only the first
 * MAX_LINE_ERRORS + 1 of `total` (see LineErrors).
 */
export function lineErrorsSummary(file: string, text: string, errors: ParseError[], what: string, total = errors.length): ParseError[] {
  const syntaxOnLine1 = errors[0]?.line === 1 && errors[0].code === 'syntax';
  if (syntaxOnLine1 && /^\s*[[{]/.test(text) && text.trim().includes('\n')) {
    try {
      JSON.parse(text);
      return [parseError(file, 1, 'syntax', `a JSON document spread over several lines, not ${what}: each record must be on one line`)];
    } catch {
      // not one JSON document either: report line by line
    }
  }
  if (total <= MAX_LINE_ERRORS) return errors;
  const rest = errors[MAX_LINE_ERRORS]!;
  return [...errors.slice(0, MAX_LINE_ERRORS), parseError(file, rest.line, rest.code, `${total - MAX_LINE_ERRORS} more errors from this line on are not listed`)];
}
