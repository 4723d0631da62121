// modelgate's own tuning log (JSON Lines). Read line by line so one bad line is reported at
// *its* line and every other line still counts: a reviewer sees all problems at once, and the
// rules still see the trials that did parse.
import type { ParseError, ParseResult, SearchDimension, TuningFinal, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { isRecord, parseError, parseJson } from '../source.ts';
import { atLine, emptyStudy, lineErrorsSummary, splitLines, studyLocations, trialLocations, zodIssueErrors } from './common.ts';
import { tuningLogLineSchema, type FinalLine, type StudyLine, type TrialLine } from './schema.ts';

const TYPES = ['study', 'trial', 'final'];

export function parseTuningJsonl(file: string, text: string): ParseResult<TuningLog> {
  const errors: ParseError[] = [];
  let study: TuningStudy | undefined;
  let final: TuningFinal | undefined;
  const trials: TuningTrial[] = [];
  const trialLines = new Map<string, number>();
  // A study line that failed already has its error; "no study line" on top would only mislead.
  let studyLineFailed = false;

  for (const { text: lineText, line } of splitLines(text)) {
    if (lineText.trim() === '') continue; // blank lines separate nothing and hide nothing
    const doc = parseJson(file, lineText, { locations: false });
    if (doc.errors.length > 0) {
      errors.push(...atLine(doc.errors, line));
      if (/"type"\s*:\s*"study"/.test(lineText)) studyLineFailed = true;
      continue;
    }
    const data = doc.data;
    if (!isRecord(data)) {
      errors.push(parseError(file, line, 'schema', 'each line must be a JSON object with a "type" of "study", "trial" or "final"'));
      continue;
    }
    // Checked before zod so the message names the bad value instead of "invalid discriminator".
    if (!TYPES.includes(data.type as string)) {
      const what = data.type === undefined ? 'line has no "type"' : `unknown record type ${JSON.stringify(data.type)}`;
      errors.push(parseError(file, line, 'schema', `${what}: expected "study", "trial" or "final"`));
      continue;
    }
    const parsed = tuningLogLineSchema.safeParse(data);
    if (!parsed.success) {
      if (data.type === 'study') studyLineFailed = true;
      errors.push(...zodIssueErrors(file, line, parsed.error.issues));
      continue;
    }
    const record = parsed.data;
    if (record.type === 'study') {
      if (study) {
        errors.push(parseError(file, line, 'schema', `more than one study line (the first is on line ${study.line})`));
        continue;
      }
      study = toStudy(record, line);
    } else if (record.type === 'trial') {
      const key = `${typeof record.id}:${record.id}`;
      const first = trialLines.get(key);
      if (first !== undefined) {
        errors.push(parseError(file, line, 'schema', `duplicate trial id ${JSON.stringify(record.id)} (first on line ${first})`));
        continue;
      }
      trialLines.set(key, line);
      trials.push(toTrial(record, line));
    } else {
      if (final) {
        errors.push(parseError(file, line, 'schema', `more than one final line (the first is on line ${final.line})`));
        continue;
      }
      final = toFinal(record, line);
    }
  }

  if (!study && !studyLineFailed) {
    errors.push(parseError(file, 1, 'schema', 'no study line: a modelgate tuning log needs one {"type":"study", ...} line'));
  }
  const finalStudy = study ?? emptyStudy(1);
  const locations = {};
  if (study) studyLocations(locations, finalStudy, finalStudy.line);
  trialLocations(locations, trials);
  if (final) Object.assign(locations, { final: final.line });
  const value: TuningLog = { format: 'modelgate-tuning-jsonl', file, study: finalStudy, trials, locations };
  if (final) value.final = final;
  return { format: 'modelgate-tuning-jsonl', value, errors: lineErrorsSummary(file, text, errors, 'JSON Lines') };
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
