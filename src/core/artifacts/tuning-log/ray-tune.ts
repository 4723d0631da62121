// Ray Tune `experiment_state-<date>.json`. Python's json module writes it, so bare NaN and
// -Infinity occur and strict JSON parsers refuse it. Each trial is itself a JSON document
// *encoded as a string*: Ray 1.x lists them under `checkpoints`, Ray 2.x under `trial_data` as
// [trial_state_json, runtime_metadata_json] pairs. A trial's line is the line of its string in
// the file: the inner document has no lines of its own worth reporting.
import type { ParseError, ParseResult, TrialState, TuningLog, TuningTrial } from '../types.ts';
import { isRecord, lineOf, parseError, parseJson } from '../source.ts';
import { emptyStudy, flattenParams, numericMetrics, own, splitOfMetric, withTrialLocations } from './common.ts';

const STATES: Record<string, TrialState> = { TERMINATED: 'complete', ERROR: 'fail', RUNNING: 'running', PENDING: 'waiting', PAUSED: 'waiting' };

// Bookkeeping Ray adds to every result; none of it is a model metric.
const BOOKKEEPING = new Set([
  'done', 'training_iteration', 'iterations_since_restore', 'time_this_iter_s', 'time_total_s', 'time_since_restore',
  'timestamp', 'timesteps_total', 'timesteps_since_restore', 'episodes_total', 'pid', 'warmup_time', 'should_checkpoint',
  'date', 'hostname', 'node_ip', 'experiment_id', 'trial_id', 'experiment_tag',
]);

export function parseRayTuneExperimentState(file: string, text: string): ParseResult<TuningLog> {
  // Lines are looked up for `checkpoints.<i>`, `trial_data.<i>` and `runner_data._metric` only.
  const doc = parseJson(file, text, { allowNonFinite: true, locationDepth: 2 });
  const study = emptyStudy(1);
  const trials: TuningTrial[] = [];
  const locations: Record<string, number> = { study: 1 };
  const value: TuningLog = { format: 'ray-tune-experiment-state', file, study, trials, locations };
  if (doc.errors.length > 0) return { format: 'ray-tune-experiment-state', value, errors: doc.errors };
  const errors: ParseError[] = [];
  const data = doc.data;
  const at = (path: string) => lineOf(doc.locations, path);

  // Ray 1.x: checkpoints = [json]; Ray 2.x: trial_data = [[state_json, runtime_json]].
  const entries: { parts: unknown[]; path: string }[] = [];
  if (isRecord(data) && Array.isArray(data.checkpoints)) {
    data.checkpoints.forEach((c, i) => entries.push({ parts: [c], path: `checkpoints.${i}` }));
  } else if (isRecord(data) && Array.isArray(data.trial_data)) {
    data.trial_data.forEach((pair, i) => entries.push({ parts: Array.isArray(pair) ? pair : [pair], path: `trial_data.${i}` }));
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
    locations['study.objective'] = at('runner_data._metric');
  }

  for (const { parts, path } of entries) {
    const line = at(path);
    const merged: Record<string, unknown> = {};
    let broken = false;
    for (const part of parts) {
      if (typeof part !== 'string') {
        errors.push(parseError(file, line, 'schema', `${path} must be a JSON-encoded trial string`));
        broken = true;
        break;
      }
      const inner = parseJson(file, part, { allowNonFinite: true, locations: false });
      if (inner.errors.length > 0) {
        // The inner document is one escaped string on this line: its own lines/columns mean nothing here.
        errors.push(...inner.errors.map((e) => parseError(file, line, e.code, `trial at ${path}: ${e.message}`)));
        broken = true;
        break;
      }
      if (isRecord(inner.data)) Object.assign(merged, inner.data);
    }
    if (broken) continue;
    const id = merged.trial_id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      errors.push(parseError(file, line, 'schema', `trial at ${path} has no trial_id`));
      continue;
    }
    const status = typeof merged.status === 'string' ? merged.status : '';
    const config = isRecord(merged.config) ? merged.config : isRecord(merged.evaluated_params) ? merged.evaluated_params : {};
    // Ray 1.x names it `_last_result` (a property wraps it), older releases `last_result`.
    const result = isRecord(merged._last_result) ? merged._last_result : isRecord(merged.last_result) ? merged.last_result : {};
    trials.push({ id, state: own(STATES, status) ?? 'unknown', params: flattenParams(config), metrics: numericMetrics(result, BOOKKEEPING), line });
  }
  value.locations = withTrialLocations(locations, trials);
  return { format: 'ray-tune-experiment-state', value, errors };
}
