// Optuna `study.trials_dataframe().to_csv(...)`: one row per trial. Column names follow
// optuna/study/_dataframe.py with multi_index=False: `number`, `value` (single objective),
// `values_0`.. (multi-objective), `value_<name>`/`values_<name>` after `set_metric_names`,
// `datetime_start`, `datetime_complete`, `duration`, `params_<name>`, `user_attrs_<name>`,
// `system_attrs_<name>`, `intermediate_values_<step>`, `state` (COMPLETE, PRUNED, FAIL, ...).
// pandas adds an unnamed index column first unless `index=False`; it is skipped.
// The CSV records neither the direction nor the search space, so both stay unknown unless
// the caller knows the direction (from the model card, for instance).
import type { ObjectiveDirection, ParseError, ParseResult, TrialState, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { parseError } from '../source.ts';
import { emptyStudy, metricKey, own, splitOfMetric, trialLocations } from './common.ts';

interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines, so a record's
 * line is where it starts, not its index. An unterminated quote is a syntax error at its line.
 */
export function readCsv(file: string, text: string): { records: CsvRecord[]; error?: ParseError } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it is not a trial (pandas never writes one; editors leave them).
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) return { records, error: parseError(file, quoteLine, 'syntax', 'unterminated quoted field: a " opened here is never closed') };
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

const STATES: Record<string, TrialState> = { COMPLETE: 'complete', PRUNED: 'pruned', FAIL: 'fail', RUNNING: 'running', WAITING: 'waiting' };

export function parseOptunaTrialsCsv(file: string, text: string, options: { direction?: ObjectiveDirection } = {}): ParseResult<TuningLog> {
  const errors: ParseError[] = [];
  const study: TuningStudy = emptyStudy(1);
  if (options.direction) study.objective = { direction: options.direction };
  const trials: TuningTrial[] = [];
  const result = (): ParseResult<TuningLog> => {
    const locations = { study: 1 };
    trialLocations(locations, trials);
    return { format: 'optuna-trials-csv', value: { format: 'optuna-trials-csv', file, study, trials, locations }, errors };
  };

  const { records, error } = readCsv(file, text);
  if (error) errors.push(error);
  const header = records[0];
  if (!header) return result();
  const columns = header.fields.map((c) => c.trim());
  if (!columns.some((c) => c === 'number' || c === 'value' || c === 'state' || c.startsWith('params_') || c.startsWith('values_'))) {
    errors.push(parseError(file, header.line, 'schema', 'not an Optuna trials_dataframe() CSV: the header has no number, value, values_*, params_* or state column'));
    return result();
  }
  // `value_<name>` exists only after set_metric_names(): it names the objective.
  const named = columns.filter((c) => c.startsWith('value_')).map((c) => c.slice('value_'.length));
  if (named.length === 1) {
    const metric = named[0]!;
    const split = splitOfMetric(metric);
    study.objective = { ...study.objective, metric, ...(split ? { split } : {}) };
  }

  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      errors.push(parseError(file, record.line, 'schema', `row has ${record.fields.length} fields, the header has ${columns.length}`));
      continue;
    }
    const trial: TuningTrial = { id: trials.length, state: 'unknown', params: {}, metrics: {}, line: record.line };
    columns.forEach((column, c) => {
      const raw = record.fields[c]!;
      if (column === '' || raw === '') return; // pandas index column; NaN is written as nothing
      if (column === 'number') {
        const n = Number(raw);
        trial.id = Number.isInteger(n) ? n : raw;
      } else if (column === 'value' || column.startsWith('value_')) {
        const n = finite(raw);
        if (n !== undefined) trial.value = n;
        if (n !== undefined && column !== 'value') trial.metrics[metricKey(column.slice('value_'.length))] = n;
      } else if (column.startsWith('values_')) {
        const n = finite(raw);
        if (n !== undefined) trial.metrics[metricKey(column)] = n;
      } else if (column.startsWith('params_')) {
        trial.params[column.slice('params_'.length)] = scalar(raw);
      } else if (column === 'user_attrs_seed') {
        const n = Number(raw);
        if (Number.isInteger(n)) trial.seed = n;
      } else if (column === 'state') {
        // Optuna < 1.4 wrote the enum's repr, `TrialState.COMPLETE`.
        const state = own(STATES, raw.trim().replace(/^TrialState\./, ''));
        if (state) trial.state = state;
        else errors.push(parseError(file, record.line, 'schema', `unknown trial state ${JSON.stringify(raw)}: expected COMPLETE, PRUNED, FAIL, RUNNING or WAITING`));
      }
    });
    trials.push(trial);
  }
  return result();
}

/** Finite floats as pandas writes them (`0.84`, `1e-05`); `inf`/`nan` rank nothing. */
function finite(raw: string): number | undefined {
  const n = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** A parameter cell: number, Python bool, or the string as written. */
function scalar(raw: string): unknown {
  const n = finite(raw);
  if (n !== undefined && /^[-+]?(\d|\.\d)/.test(raw.trim())) return n;
  if (raw === 'True') return true;
  if (raw === 'False') return false;
  return raw;
}
