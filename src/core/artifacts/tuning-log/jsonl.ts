// modelgate's own tuning log (JSON Lines). Read line by line so one bad line is reported at
// *its* line and every other line still counts: a reviewer sees all problems at once, and the
// rules still see the trials that did parse.
import type { ParseResult, SearchDimension, TuningFinal, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { isRecord, parseError, parseJson } from '../source.ts';
import { atLine, emptyStudy, lineErrorsSummary, studyLocations, zodIssueErrors } from './common.ts';
import { FirstLineSuspect, LineErrors, parseLines, type LineParser } from './lines.ts';
import { tuningLogLineSchema, type FinalLine, type StudyLine, type TrialLine, type TuningLogLine } from './schema.ts';

const TYPES = ['study', 'trial', 'final'];

export function parseTuningJsonl(file: string, text: string): ParseResult<TuningLog> {
  return parseLines(tuningJsonlParser(file), text);
}

/** The JSON Lines parser fed one line at a time (text fed in pieces, see LineSplitter). */
export function tuningJsonlParser(file: string): LineParser<TuningLog> {
  const errors = new LineErrors();
  const suspect = new FirstLineSuspect();
  let study: TuningStudy | undefined;
  let final: TuningFinal | undefined;
  const trials: TuningTrial[] = [];
  const trialLines = new Map<string | number, number>();
  // A study line that failed already has its error; "no study line" on top would only mislead.
  let studyLineFailed = false;

  const line = (lineText: string, line: number): void => {
    suspect.keep(lineText, line, errors);
    if (lineText.trim() === '') return; // blank lines separate nothing and hide nothing
    const doc = parseJson(file, lineText, { locations: false });
    if (doc.errors.length > 0) {
      errors.push(...atLine(doc.errors, line));
      if (/"type"\s*:\s*"study"/.test(lineText)) studyLineFailed = true;
      return;
    }
    const data = doc.data;
    if (!isRecord(data)) {
      errors.push(parseError(file, line, 'schema', 'each line must be a JSON object with a "type" of "study", "trial" or "final"'));
      return;
    }
    // Checked before zod so the message names the bad value instead of "invalid discriminator".
    if (!TYPES.includes(data.type as string)) {
      const what = data.type === undefined ? 'line has no "type"' : `unknown record type ${JSON.stringify(data.type)}`;
      errors.push(parseError(file, line, 'schema', `${what}: expected "study", "trial" or "final"`));
      return;
    }
    // Trial lines are nearly all of a log: one that plainly fits the schema skips zod, which
    // still reads (and words the errors of) every other line.
    let record: TuningLogLine | undefined = validTrialLine(data);
    if (!record) {
      const parsed = tuningLogLineSchema.safeParse(data);
      if (!parsed.success) {
        if (data.type === 'study') studyLineFailed = true;
        errors.push(...zodIssueErrors(file, line, parsed.error.issues));
        return;
      }
      record = parsed.data;
    }
    if (record.type === 'study') {
      if (study) {
        errors.push(parseError(file, line, 'schema', `more than one study line (the first is on line ${study.line})`));
        return;
      }
      study = toStudy(record, line);
    } else if (record.type === 'trial') {
      // Ids 7 and "7" are different trials; a string key keeps them apart.
      const key = typeof record.id === 'number' ? record.id : `s:${record.id}`;
      const first = trialLines.get(key);
      if (first !== undefined) {
        errors.push(parseError(file, line, 'schema', `duplicate trial id ${JSON.stringify(record.id)} (first on line ${first})`));
        return;
      }
      trialLines.set(key, line);
      trials.push(toTrial(record, line));
    } else {
      if (final) {
        errors.push(parseError(file, line, 'schema', `more than one final line (the first is on line ${final.line})`));
        return;
      }
      final = toFinal(record, line);
    }
  };

  const end = (): ParseResult<TuningLog> => {
    if (!study && !studyLineFailed) {
      errors.push(parseError(file, 1, 'schema', 'no study line: a modelgate tuning log needs one {"type":"study", ...} line'));
    }
    const finalStudy = study ?? emptyStudy(1);
    const locations = {};
    if (study) studyLocations(locations, finalStudy, finalStudy.line);
    if (final) Object.assign(locations, { final: final.line });
    const value: TuningLog = { format: 'modelgate-tuning-jsonl', file, study: finalStudy, trials, locations };
    if (final) value.final = final;
    return { format: 'modelgate-tuning-jsonl', value, errors: lineErrorsSummary(file, suspect.text(), errors.kept, 'JSON Lines', errors.count) };
  };

  return { line, end };
}

const TRIAL_KEYS = new Set(['type', 'id', 'state', 'seed', 'params', 'metrics']);
const TRIAL_STATES = new Set(['complete', 'pruned', 'fail', 'running', 'waiting']);
const METRIC_KEY = /^[^/]+\/.+$/;

/**
 * A trial line that `trialLineSchema` accepts as it is, checked by hand; undefined for anything
 * else (zod then decides and words the errors). Each check is the schema's own: a strict object,
 * a safe non-negative integer or non-empty string id, a known state, a safe integer seed, params
 * with non-empty names, "split/metric" numbers. `__proto__` keys go to zod, which copies records.
 */
function validTrialLine(data: Record<string, unknown>): TrialLine | undefined {
  if (data.type !== 'trial') return undefined;
  for (const key in data) if (!TRIAL_KEYS.has(key)) return undefined;
  const { id, seed, params, metrics } = data;
  if (!(typeof id === 'string' ? id.length > 0 : Number.isSafeInteger(id) && (id as number) >= 0)) return undefined;
  if (!TRIAL_STATES.has(data.state as string)) return undefined;
  if (seed !== undefined && !Number.isSafeInteger(seed)) return undefined;
  if (!isRecord(params) || Object.hasOwn(params, '__proto__')) return undefined;
  for (const name in params) if (name === '') return undefined;
  if (metrics !== undefined) {
    if (!isRecord(metrics) || Object.hasOwn(metrics, '__proto__')) return undefined;
    for (const name in metrics) {
      const value = metrics[name];
      if (typeof value !== 'number' || !Number.isFinite(value) || !METRIC_KEY.test(name)) return undefined;
    }
  }
  return data as TrialLine;
}

function toStudy(record: StudyLine, line: number): TuningStudy {
  const searchSpace: Record<string, SearchDimension> = {};
  for (const [name, dim] of Object.entries(record.search_space ?? {})) {
    searchSpace[name] = 'choices' in dim ? { choices: dim.choices } : { ...dim };
  }
  const study: TuningStudy = { searchSpace, line };
  if (record.name !== undefined) study.name = record.name;
  if (record.method !== undefined) study.method = record.method.toLowerCase();
  if (record.seed !== undefined) study.seed = record.seed;
  if (record.objective) study.objective = { ...record.objective };
  if (record.budget) study.budget = { trials: record.budget.trials };
  return study;
}

function toTrial(record: TrialLine, line: number): TuningTrial {
  const trial: TuningTrial = { id: record.id, state: record.state, params: record.params, metrics: record.metrics ?? {}, line };
  if (record.seed !== undefined) trial.seed = record.seed;
  return trial;
}

function toFinal(record: FinalLine, line: number): TuningFinal {
  return { trial: record.trial, split: record.split, metrics: record.metrics, line };
}
