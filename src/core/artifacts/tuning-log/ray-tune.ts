// Ray Tune `experiment_state-<date>.json`. Python's json module writes it, so bare NaN and
// -Infinity occur and strict JSON parsers refuse it. Each trial is itself a JSON document
// *encoded as a string*: Ray 1.x lists them under `checkpoints`, Ray 2.x under `trial_data` as
// [trial_state_json, runtime_metadata_json] pairs. A trial's line is the line of its string in
// the file: the inner document has no lines of its own worth reporting.
import type { ParseError, ParseResult, TrialState, TuningLog, TuningTrial } from '../types.ts';
import { isRecord, itemLine, lineOf, parseError, parseJson } from '../source.ts';
import { emptyStudy, flattenParams, numericMetrics, own, splitOfMetric } from './common.ts';

const STATES: Record<string, TrialState> = { TERMINATED: 'complete', ERROR: 'fail', RUNNING: 'running', PENDING: 'waiting', PAUSED: 'waiting' };

// Bookkeeping Ray adds to every result; none of it is a model metric.
const BOOKKEEPING = new Set([
  'done', 'training_iteration', 'iterations_since_restore', 'time_this_iter_s', 'time_total_s', 'time_since_restore',
  'timestamp', 'timesteps_total', 'timesteps_since_restore', 'episodes_total', 'pid', 'warmup_time', 'should_checkpoint',
  'date', 'hostname', 'node_ip', 'experiment_id', 'trial_id', 'experiment_tag',
]);

export function parseRayTuneExperimentState(file: string, text: string): ParseResult<TuningLog> {
  // Lines are looked up for the items of `checkpoints` and `trial_data` (recorded as lists) and
  // `runner_data._metric` only.
  const doc = parseJson(file, text, { allowNonFinite: true, locationDepth: 2, items: ['checkpoints', 'trial_data'] });
  const study = emptyStudy(1);
  const trials: TuningTrial[] = [];
  const locations: Record<string, number> = { study: 1 };
  const value: TuningLog = { format: 'ray-tune-experiment-state', file, study, trials, locations };
  if (doc.errors.length > 0) return { format: 'ray-tune-experiment-state', value, errors: doc.errors };
  const errors: ParseError[] = [];
  const data = doc.data;

  // Ray 1.x: checkpoints = [json]; Ray 2.x: trial_data = [[state_json, runtime_json]].
  let list: unknown[];
  let listPath: string;
  if (isRecord(data) && Array.isArray(data.checkpoints)) {
    list = data.checkpoints;
    listPath = 'checkpoints';
  } else if (isRecord(data) && Array.isArray(data.trial_data)) {
    list = data.trial_data;
    listPath = 'trial_data';
  } else {
    errors.push(parseError(file, 1, 'schema', 'not a Ray Tune experiment state: expected a "checkpoints" or "trial_data" list'));
    return { format: 'ray-tune-experiment-state', value, errors };
  }

  const runner = isRecord(data.runner_data) ? data.runner_data : {};
  if (typeof runner._metric === 'string') {
    const split = splitOfMetric(runner._metric);
    study.objective = { metric: runner._metric, ...(split ? { split } : {}) };
    const mode = runner._mode;
    if (mode === 'max' || mode === 'min') study.objective.direction = mode === 'max' ? 'maximize' : 'minimize';
    locations['study.objective'] = lineOf(doc.locations, 'runner_data._metric');
  }

  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const parts = listPath === 'trial_data' && Array.isArray(item) ? item : [item];
    const line = itemLine(doc, listPath, i);
    // Each trial string is parsed once; a single one (Ray 1.x) is the trial itself, not a copy.
    let merged: Record<string, unknown> | undefined;
    let broken = false;
    for (const part of parts) {
      if (typeof part !== 'string') {
        errors.push(parseError(file, line, 'schema', `${listPath}.${i} must be a JSON-encoded trial string`));
        broken = true;
        break;
      }
      const inner = parseJson(file, part, { allowNonFinite: true, locations: false });
      if (inner.errors.length > 0) {
        // The inner document is one escaped string on this line: its own lines/columns mean nothing here.
        errors.push(...inner.errors.map((e) => parseError(file, line, e.code, `trial at ${listPath}.${i}: ${e.message}`)));
        broken = true;
        break;
      }
      if (!isRecord(inner.data)) continue;
      if (parts.length === 1) merged = inner.data;
      else Object.assign((merged ??= {}), inner.data);
    }
    if (broken) continue;
    const trial = merged ?? {};
    const id = trial.trial_id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      errors.push(parseError(file, line, 'schema', `trial at ${listPath}.${i} has no trial_id`));
      continue;
    }
    const status = typeof trial.status === 'string' ? trial.status : '';
    const config = isRecord(trial.config) ? trial.config : isRecord(trial.evaluated_params) ? trial.evaluated_params : {};
    // Ray 1.x names it `_last_result` (a property wraps it), older releases `last_result`.
    const result = isRecord(trial._last_result) ? trial._last_result : isRecord(trial.last_result) ? trial.last_result : {};
    trials.push({ id, state: own(STATES, status) ?? 'unknown', params: flattenParams(config), metrics: numericMetrics(result, BOOKKEEPING), line });
  }
  return { format: 'ray-tune-experiment-state', value, errors };
}
