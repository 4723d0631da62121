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
import { emptyStudy, metricKey, own, splitOfMetric } from './common.ts';

interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines, so a record's
 * line is where it starts, not its index. An unterminated quote is a syntax error at its line.
 * A line with no quote and no CR (nearly every line pandas writes) is split on commas at once;
 * any other record is read character by character.
 */
export function readCsv(file: string, text: string): { records: CsvRecord[]; error?: ParseError } {
  const records: CsvRecord[] = [];
  // A line with nothing on it is not a trial (pandas never writes one; editors leave them).
  const add = (fields: string[], line: number) => {
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ fields, line });
  };
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const lf = text.indexOf('\n', i);
    const lineEnd = lf === -1 ? text.length : lf;
    const plain = text.slice(i, lineEnd);
    if (!plain.includes('"') && !plain.includes('\r')) {
      add(plain.split(','), line);
      line++;
      i = lineEnd + 1;
      continue;
    }
    const record = readQuotedRecord(file, text, i, line);
    if (record.error) return { records, error: record.error };
    add(record.fields, line);
    line = record.nextLine;
    i = record.next;
  }
  return { records };
}

/** One record from `start`, quotes and lone CRs included; `next` is where the following record starts. */
function readQuotedRecord(file: string, text: string, start: number, startLine: number): { fields: string[]; next: number; nextLine: number; error?: ParseError } {
  const fields: string[] = [];
  let field = '';
  let line = startLine;
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) return { fields, next: i, nextLine: line, error: parseError(file, quoteLine, 'syntax', 'unterminated quoted field: a " opened here is never closed') };
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
      fields.push(field);
      return { fields, next: i + 1, nextLine: line + 1 };
    } else {
      field += ch;
    }
    i++;
  }
  fields.push(field);
  return { fields, next: i, nextLine: line };
}

const STATES: Record<string, TrialState> = { COMPLETE: 'complete', PRUNED: 'pruned', FAIL: 'fail', RUNNING: 'running', WAITING: 'waiting' };

export function parseOptunaTrialsCsv(file: string, text: string, options: { direction?: ObjectiveDirection } = {}): ParseResult<TuningLog> {
  const errors: ParseError[] = [];
  const study: TuningStudy = emptyStudy(1);
  if (options.direction) study.objective = { direction: options.direction };
  const trials: TuningTrial[] = [];
  const result = (): ParseResult<TuningLog> => {
    const locations = { study: 1 };
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

  // What each column holds, worked out once rather than for every cell.
  const kinds = columns.map(columnKind);
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    if (record.fields.length !== columns.length) {
      errors.push(parseError(file, record.line, 'schema', `row has ${record.fields.length} fields, the header has ${columns.length}`));
      continue;
    }
    const trial: TuningTrial = { id: trials.length, state: 'unknown', params: {}, metrics: {}, line: record.line };
    for (let c = 0; c < kinds.length; c++) {
      const kind = kinds[c]!;
      const raw = record.fields[c]!;
      if (kind.type === 'skip' || raw === '') continue; // pandas index column; NaN is written as nothing
      if (kind.type === 'number') {
        const n = Number(raw);
        trial.id = Number.isInteger(n) ? n : raw;
      } else if (kind.type === 'value') {
        const n = finite(raw);
        if (n !== undefined) trial.value = n;
        if (n !== undefined && kind.metric !== undefined) trial.metrics[kind.metric] = n;
      } else if (kind.type === 'metric') {
        const n = finite(raw);
        if (n !== undefined) trial.metrics[kind.metric] = n;
      } else if (kind.type === 'param') {
        trial.params[kind.name] = scalar(raw);
      } else if (kind.type === 'seed') {
        const n = Number(raw);
        if (Number.isInteger(n)) trial.seed = n;
      } else if (kind.type === 'state') {
        // Optuna < 1.4 wrote the enum's repr, `TrialState.COMPLETE`.
        const state = own(STATES, raw.trim().replace(/^TrialState\./, ''));
        if (state) trial.state = state;
        else errors.push(parseError(file, record.line, 'schema', `unknown trial state ${JSON.stringify(raw)}: expected COMPLETE, PRUNED, FAIL, RUNNING or WAITING`));
      }
    }
    trials.push(trial);
  }
  return result();
}

type ColumnKind =
  | { type: 'skip' | 'number' | 'seed' | 'state' }
  | { type: 'value'; metric?: string }
  | { type: 'metric'; metric: string }
  | { type: 'param'; name: string };

/** What a (trimmed) header column holds; 'skip' for the pandas index and columns no rule reads. */
function columnKind(column: string): ColumnKind {
  if (column === '') return { type: 'skip' };
  if (column === 'number') return { type: 'number' };
  if (column === 'value') return { type: 'value' };
  if (column.startsWith('value_')) return { type: 'value', metric: metricKey(column.slice('value_'.length)) };
  if (column.startsWith('values_')) return { type: 'metric', metric: metricKey(column) };
  if (column.startsWith('params_')) return { type: 'param', name: column.slice('params_'.length) };
  if (column === 'user_attrs_seed') return { type: 'seed' };
  if (column === 'state') return { type: 'state' };
  return { type: 'skip' };
}

/** Finite floats as pandas writes them (`0.84`, `1e-05`); `inf`/`nan` rank nothing. */
function finite(raw: string): number | undefined {
  const trimmed = raw.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : undefined;
}

/** A parameter cell: number, Python bool, or the string as written. */
function scalar(raw: string): unknown {
  const n = finite(raw);
  if (n !== undefined && /^[-+]?(\d|\.\d)/.test(raw.trim())) return n;
  if (raw === 'True') return true;
  if (raw === 'False') return false;
  return raw;
}
