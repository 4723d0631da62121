// Optuna JournalStorage log (`JournalFileBackend`): one JSON object per line, each an operation
// that Optuna replays to rebuild its studies. The replay below follows
// optuna/storages/journal/_storage.py (JournalStorageReplayResult) so a reviewer sees the study
// Optuna itself would load:
// - op codes: 0 CREATE_STUDY, 1 DELETE_STUDY, 2/3 SET_STUDY_USER/SYSTEM_ATTR, 4 CREATE_TRIAL,
//   5 SET_TRIAL_PARAM, 6 SET_TRIAL_STATE_VALUES, 7 SET_TRIAL_INTERMEDIATE_VALUE,
//   8/9 SET_TRIAL_USER/SYSTEM_ATTR;
// - StudyDirection NOT_SET=0, MINIMIZE=1, MAXIMIZE=2; TrialState RUNNING=0, COMPLETE=1,
//   PRUNED=2, FAIL=3, WAITING=4;
// - study ids count successful CREATE_STUDY ops (a duplicate name is ignored); trial ids are
//   global across studies in creation order (`len(self._trials)`, deleted studies' trials
//   included), while a trial's `number` counts within its study — the number is what users see;
// - updates to a finished trial, or to a trial/study that does not exist, are ignored.
// Optuna's file backend (JournalFileBackend.read_logs) skips an unparsable *last* line (a write
// cut short by a crash) and fails on an unparsable line anywhere else. We mirror that, but report
// and skip a bad earlier line instead of failing, so the rest of the journal is still reviewed.
// One deliberate difference: Optuna also drops a valid last line that lacks its newline; a
// committed file loses its final newline to editors and tools, so we keep that line.
import type { ObjectiveDirection, ParseError, ParseResult, SearchDimension, TrialState, TuningLog, TuningStudy, TuningTrial } from '../types.ts';
import { isRecord, parseError, parseJson } from '../source.ts';
import { atLine, emptyStudy, finiteNumber, lineErrorsSummary, isInteger, metricKey, splitOfMetric, studyLocations } from './common.ts';
import { FirstLineSuspect, LineErrors, parseLines, type LineParser } from './lines.ts';
import { decodeDistribution } from './optuna-distribution.ts';

const OPS = ['CREATE_STUDY', 'DELETE_STUDY', 'SET_STUDY_USER_ATTR', 'SET_STUDY_SYSTEM_ATTR', 'CREATE_TRIAL', 'SET_TRIAL_PARAM', 'SET_TRIAL_STATE_VALUES', 'SET_TRIAL_INTERMEDIATE_VALUE', 'SET_TRIAL_USER_ATTR', 'SET_TRIAL_SYSTEM_ATTR'];
const DIRECTIONS: (ObjectiveDirection | undefined)[] = [undefined, 'minimize', 'maximize'];
const STATES: TrialState[] = ['running', 'complete', 'pruned', 'fail', 'waiting'];
const FINISHED = new Set<TrialState>(['complete', 'pruned', 'fail']);

interface JStudy {
  name: string;
  directions: number[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  trialIds: number[];
  line: number;
}

interface JTrial {
  number: number;
  state: TrialState;
  values?: number[];
  params: Record<string, unknown>;
  dimensions: Record<string, SearchDimension>;
  /** Made at the first user attr: most trials have none, and a 100 MB journal has 100,000 trials. */
  userAttrs?: Record<string, unknown>;
  line: number;
}

type Op = Record<string, unknown>;
type Kind = 'int' | 'string' | 'object' | 'array';
const KIND_TEXT: Record<Kind, string> = { int: 'an integer', string: 'a string', object: 'an object', array: 'a list' };
/** Fields an op must carry, in the order they are checked (the first missing one is reported). */
type Fields = readonly (readonly [string, Kind])[];
const CREATE_STUDY: Fields = [['study_name', 'string'], ['directions', 'array']];
const STUDY_ID: Fields = [['study_id', 'int']];
const STUDY_USER_ATTR: Fields = [['study_id', 'int'], ['user_attr', 'object']];
const STUDY_SYSTEM_ATTR: Fields = [['study_id', 'int'], ['system_attr', 'object']];
const TRIAL_ID: Fields = [['trial_id', 'int']];
const SET_PARAM: Fields = [['trial_id', 'int'], ['param_name', 'string']];
const SET_STATE: Fields = [['trial_id', 'int'], ['state', 'int']];
const TRIAL_USER_ATTR: Fields = [['trial_id', 'int'], ['user_attr', 'object']];

export function parseOptunaJournal(file: string, text: string, options: { study?: string } = {}): ParseResult<TuningLog> {
  return parseLines(optunaJournalParser(file, options), text);
}

/**
 * The journal parser fed one line at a time. Each line is replayed when the next one arrives (or
 * the input ends), because the last line is read differently: see the file comment.
 */
export function optunaJournalParser(file: string, options: { study?: string } = {}): LineParser<TuningLog> {
  const errors = new LineErrors();
  const suspect = new FirstLineSuspect();
  const studies = new Map<number, JStudy>();
  const trials: JTrial[] = [];
  let nextStudyId = 0;
  // The line held back until the next one arrives (two variables: no object per line).
  let heldText: string | undefined;
  let heldLine = 0;
  const decode = cachedDecoder();

  // The op being replayed and its line: `fail`, `need` and `updatable` read them, so the hot
  // loop creates no closures per line.
  let op: Op = {};
  let code = 0;
  let line = 0;
  const fail = (message: string): void => errors.push(parseError(file, line, 'schema', message));
  const need = (fields: Fields): boolean => {
    for (const [field, kind] of fields) {
      if (!hasKind(op[field], kind)) {
        fail(`op_code ${code} (${OPS[code]}): "${field}" must be ${KIND_TEXT[kind]}`);
        return false;
      }
    }
    return true;
  };
  // A finished trial cannot be updated: Optuna ignores such ops, and so do we.
  const updatable = (): JTrial | undefined => {
    if (!need(TRIAL_ID)) return undefined;
    const trial = trials[op.trial_id as number];
    return trial && !FINISHED.has(trial.state) ? trial : undefined;
  };

  const replay = (lineText: string, lineNumber: number, last: boolean): void => {
    line = lineNumber;
    suspect.keep(lineText, line, errors);
    if (lineText.trim() === '') {
      // json.loads('') fails too: Optuna refuses a journal with an empty line before its end.
      if (!last) errors.push(parseError(file, line, 'syntax', 'empty line: Optuna cannot load a journal with an empty line before its last line'));
      return;
    }
    const doc = parseJson(file, lineText, { allowNonFinite: true, locations: false }); // Python's json writes NaN
    if (doc.errors.length > 0) {
      if (!last) errors.push(...atLine(doc.errors, line));
      return;
    }
    if (!isRecord(doc.data)) return fail('journal line must be a JSON object with an "op_code"');
    op = doc.data;
    const opCode = op.op_code;
    if (!isInteger(opCode) || opCode < 0 || opCode >= OPS.length) return fail(`unknown op_code ${JSON.stringify(opCode)}: Optuna's journal has op codes 0-9`);
    code = opCode;

    switch (code) {
      case 0: {
        if (!need(CREATE_STUDY)) return;
        const directions = op.directions as unknown[];
        if (!directions.every((d) => isInteger(d) && d >= 0 && d <= 2)) return fail('op_code 0 (CREATE_STUDY): "directions" must be a list of 0 (NOT_SET), 1 (MINIMIZE) or 2 (MAXIMIZE)');
        if ([...studies.values()].some((s) => s.name === op.study_name)) return;
        // Null-prototype attr maps: a `__proto__` attr from the file stays a plain key.
        studies.set(nextStudyId++, { name: op.study_name as string, directions: directions as number[], userAttrs: Object.create(null), systemAttrs: Object.create(null), trialIds: [], line });
        return;
      }
      case 1:
        if (need(STUDY_ID)) studies.delete(op.study_id as number);
        return;
      case 2:
      case 3: {
        const field = code === 2 ? 'user_attr' : 'system_attr';
        if (!need(code === 2 ? STUDY_USER_ATTR : STUDY_SYSTEM_ATTR)) return;
        const study = studies.get(op.study_id as number);
        if (study) Object.assign(code === 2 ? study.userAttrs : study.systemAttrs, op[field]);
        return;
      }
      case 4: {
        if (!need(STUDY_ID)) return;
        const study = studies.get(op.study_id as number);
        if (!study) return;
        const trial = createTrial(op, study.trialIds.length, line, decode, fail);
        if (!trial) return;
        study.trialIds.push(trials.length);
        trials.push(trial);
        return;
      }
      case 5: {
        if (!need(SET_PARAM)) return;
        const trial = updatable();
        if (trial) setParam(trial, op.param_name as string, op.param_value_internal, decode(op.distribution), fail);
        return;
      }
      case 6: {
        if (!need(SET_STATE)) return;
        const state = STATES[op.state as number]; // need() checked it is an integer
        if (!state) return fail(`op_code 6 (SET_TRIAL_STATE_VALUES): unknown trial state ${op.state}`);
        const trial = updatable();
        if (!trial || (state === 'running' && trial.state === 'running')) return;
        trial.state = state;
        if (Array.isArray(op.values)) trial.values = op.values as number[];
        return;
      }
      case 8: {
        if (!need(TRIAL_USER_ATTR)) return;
        const trial = updatable();
        if (trial) Object.assign((trial.userAttrs ??= Object.create(null) as Record<string, unknown>), op.user_attr);
        return;
      }
      default:
        return; // intermediate values and system attrs say nothing the rules read
    }
  };

  const onLine = (lineText: string, lineNumber: number): void => {
    if (heldText !== undefined) replay(heldText, heldLine, false);
    heldText = lineText;
    heldLine = lineNumber;
  };

  const end = (): ParseResult<TuningLog> => {
    if (heldText !== undefined) replay(heldText, heldLine, true);
    heldText = undefined;
    return select(file, studies, trials, lineErrorsSummary(file, suspect.text(), errors.kept, 'an Optuna journal', errors.count), options.study);
  };

  return { line: onLine, end };
}

function hasKind(value: unknown, kind: Kind): boolean {
  if (kind === 'int') return isInteger(value);
  if (kind === 'string') return typeof value === 'string';
  if (kind === 'array') return Array.isArray(value);
  return isRecord(value);
}

/** CREATE_TRIAL: a fresh RUNNING trial, or a full copy when Optuna wrote a template trial. */
function createTrial(op: Op, number: number, line: number, decode: Decode, fail: (m: string) => void): JTrial | undefined {
  const state = op.state === undefined ? 'running' : isInteger(op.state) ? STATES[op.state] : undefined;
  if (!state) {
    fail(`op_code 4 (CREATE_TRIAL): unknown trial state ${JSON.stringify(op.state)}`);
    return undefined;
  }
  const trial: JTrial = { number, state, params: {}, dimensions: {}, line };
  if (isRecord(op.user_attrs)) trial.userAttrs = Object.assign(Object.create(null) as Record<string, unknown>, { ...op.user_attrs });
  if (Array.isArray(op.values)) trial.values = op.values as number[];
  else if (typeof op.value === 'number') trial.values = [op.value];
  if (isRecord(op.params)) {
    const distributions = isRecord(op.distributions) ? op.distributions : {};
    for (const [name, internal] of Object.entries(op.params)) setParam(trial, name, internal, decode(distributions[name]), fail);
  }
  return trial;
}

type Decode = (raw: unknown) => ReturnType<typeof decodeDistribution>;

/**
 * decodeDistribution, remembered per JSON string: a journal repeats the same few distributions
 * on every SET_TRIAL_PARAM line. Bounded, so a journal of distinct strings grows no cache.
 */
function cachedDecoder(): Decode {
  const cache = new Map<string, ReturnType<typeof decodeDistribution>>();
  return (raw) => {
    if (typeof raw !== 'string') return decodeDistribution(raw);
    let decoded = cache.get(raw);
    if (!decoded) {
      decoded = decodeDistribution(raw);
      if (cache.size < 1000) cache.set(raw, decoded);
    }
    return decoded;
  };
}

function setParam(trial: JTrial, name: string, internal: unknown, decoded: ReturnType<typeof decodeDistribution>, fail: (m: string) => void): void {
  if (!decoded.distribution) return fail(`parameter "${name}": ${decoded.error}`);
  const external = decoded.distribution.toExternal(internal);
  if (external.error) return fail(`parameter "${name}": ${external.error}`);
  trial.params[name] = external.value;
  trial.dimensions[name] = decoded.distribution.dimension;
}

function select(file: string, studies: Map<number, JStudy>, trials: JTrial[], errors: ParseError[], wanted: string | undefined): ParseResult<TuningLog> {
  const empty = (): ParseResult<TuningLog> => ({ format: 'optuna-journal', value: { format: 'optuna-journal', file, study: emptyStudy(1), trials: [], locations: {} }, errors });
  const all = [...studies.values()];
  let study: JStudy | undefined;
  if (wanted !== undefined) {
    study = all.find((s) => s.name === wanted);
    if (!study) {
      const names = all.map((s) => JSON.stringify(s.name)).join(', ') || 'none';
      errors.push(parseError(file, 1, 'schema', `no study named ${JSON.stringify(wanted)} in the journal (studies: ${names})`));
      return empty();
    }
  } else {
    // The study with the most completed trials; the first created wins a tie.
    const completed = (s: JStudy) => s.trialIds.filter((id) => trials[id]!.state === 'complete').length;
    for (const s of all) if (!study || completed(s) > completed(study)) study = s;
    if (!study) {
      // After other errors (a file that is no journal at all) this would only repeat them.
      if (errors.length === 0) errors.push(parseError(file, 1, 'schema', 'the journal creates no study (no op_code 0 line that still exists)'));
      return empty();
    }
  }
  return { format: 'optuna-journal', value: toLog(file, study, trials), errors };
}

function toLog(file: string, s: JStudy, all: JTrial[]): TuningLog {
  const single = s.directions.length === 1;
  // `study.set_metric_names()` stores the names as a study system attr.
  const names = Array.isArray(s.systemAttrs['study:metric_names']) ? (s.systemAttrs['study:metric_names'] as unknown[]).map(String) : undefined;
  const study: TuningStudy = { name: s.name, searchSpace: {}, line: s.line };
  if (single) {
    const objective: NonNullable<TuningStudy['objective']> = {};
    const direction = DIRECTIONS[s.directions[0]!];
    if (direction) objective.direction = direction;
    const metric = names?.[0];
    const split = metric ? splitOfMetric(metric) : undefined;
    if (metric) objective.metric = metric;
    if (split) objective.split = split;
    if (Object.keys(objective).length > 0) study.objective = objective;
  }
  // Seeds are not journaled by Optuna; a `seed` user attr is the convention to record one.
  if (isInteger(s.userAttrs.seed)) study.seed = s.userAttrs.seed;

  const trials: TuningTrial[] = s.trialIds.map((id) => {
    const t = all[id]!;
    // First distribution seen wins: Optuna refuses incompatible ones within a study.
    for (const [name, dim] of Object.entries(t.dimensions)) study.searchSpace[name] ??= dim;
    const trial: TuningTrial = { id: t.number, state: t.state, params: t.params, metrics: {}, line: t.line };
    const values = (t.values ?? []).map(finiteNumber);
    if (single && values[0] !== undefined) trial.value = values[0];
    values.forEach((v, i) => {
      const name = names?.[i] ?? (single ? undefined : `values_${i}`);
      if (v !== undefined && name) trial.metrics[metricKey(name)] = v;
    });
    if (isInteger(t.userAttrs?.seed)) trial.seed = t.userAttrs.seed;
    return trial;
  });
  const locations = {};
  studyLocations(locations, study, s.line);
  return { format: 'optuna-journal', file, study, trials, locations };
}
