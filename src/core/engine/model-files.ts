// One model at one side of the PR: its card parsed, the artifacts the card names (or, when it
// names none, the conventionally named ones, DESIGN §2) parsed, and the set of files that
// belong to it (for "is this model touched?" and for approval staleness).
import type { ArtifactParseResult } from '../artifacts/index.ts';
import { mergeDvc } from '../artifacts/lineage/dvc.ts';
import { GOVERNANCE_SIDECAR_NAMES, parseGovernanceSidecar, withGovernanceSidecar, type GovernanceSidecar } from '../artifacts/model-card/governance-sidecar.ts';
import { isMlrunsPath, parseError, readText } from '../artifacts/source.ts';
import { parseNniConfig, type NniConfigLog } from '../artifacts/tuning-log/nni.ts';
import type { Lineage, ModelCard, ParseError, ParseErrorCode, TuningLog } from '../artifacts/types.ts';
import type { ModelArtifacts } from '../rules/define.ts';
import type { DiscoveredCard } from './discover.ts';
import { governanceGlob } from './globs.ts';
import { baseOf, deepestOwner, dirOf, joinPath, pathsUnder, resolveFrom } from './paths.ts';
import { referenceError } from './references.ts';
import type { TreeReader } from './reader.ts';

export interface ModelSide {
  card: DiscoveredCard;
  /** Present when the card parsed far enough to be read. */
  artifacts?: ModelArtifacts;
  /** Errors of every file read for this model (card included). */
  parseErrors: ParseError[];
  /** Existing files that belong to the model: its directory, card, artifacts, governance.paths. */
  files: Set<string>;
  /** Existing artifact files read for the model (lineage, tuning logs and their companions). */
  artifactPaths: Set<string>;
  /** Paths the card names, whether or not they exist (adding one changes the model). */
  referenced: string[];
  /** `governance.paths` globs, repository-relative. */
  governancePaths: string[];
}

const LINEAGE_NAME = /^lineage\.ya?ml$/;
const OPENLINEAGE_NAME = /\.openlineage\.json$/;
/** Names that are tuning logs by convention; the content still has to be in a tuning format. */
const TUNING_NAMES = [/^tuning.*\.jsonl$/, /^sweep.*\.ya?ml$/, /^search_space\.json$/, /^experiment_state-.*\.json$/, /^config\.ya?ml$/, /^trials.*\.csv$/];
/** The names above that only a tuning log carries (config.yml and trials.csv may be anything). */
const TUNING_LOG_NAMES = TUNING_NAMES.slice(0, 4);
/** A file whose content was never looked at: what it is cannot be told from its content. */
const NOT_READ: ReadonlySet<ParseErrorCode> = new Set<ParseErrorCode>(['empty-file', 'too-large', 'binary', 'lfs-pointer', 'unreadable']);
const isDvcFile = (path: string) => ['dvc.yaml', 'dvc.yml', 'dvc.lock'].includes(baseOf(path));

/** Files of the tree by the model directory that owns them (the deepest card above), computed once. */
export function filesByOwner(paths: readonly string[], dirs: readonly string[]): Map<string, string[]> {
  const owned = new Map<string, string[]>(dirs.map((d) => [d, []]));
  for (const p of paths) {
    const owner = deepestOwner(p, dirs);
    if (owner !== undefined) owned.get(owner)!.push(p);
  }
  return owned;
}

/** `own` = the tree's files under the model directory, minus those of nested models (filesByOwner). */
export function loadModelSide(reader: TreeReader, card: DiscoveredCard, own: readonly string[]): ModelSide {
  const side: ModelSide = { card, parseErrors: [], files: new Set([card.cardPath]), artifactPaths: new Set(), referenced: [], governancePaths: [] };
  for (const p of own) side.files.add(p);
  const cardResult = reader.parse(card.cardPath, { format: card.format });
  if (!cardResult) return side;
  side.parseErrors.push(...cardResult.errors);
  const read = cardResult.value as ModelCard | undefined;
  if (!read) return side;
  const sidecar = read.format === 'mct-model-card' ? readGovernanceSidecar(reader, card.dir, side.parseErrors) : undefined;
  const parsed = sidecar ? withGovernanceSidecar(read, sidecar.value) : read;
  if (sidecar) {
    side.files.add(sidecar.path);
    side.artifactPaths.add(sidecar.path);
  }

  const gov = parsed.governance;
  side.governancePaths = gov?.paths ?? [];
  if (side.governancePaths.length > 0) {
    for (const glob of side.governancePaths) {
      const { isMatch, base } = governanceGlob(glob);
      for (const p of pathsUnder(reader.paths, base)) if (isMatch(p)) side.files.add(p);
    }
  }
  const candidates = own.filter((p) => !isMlrunsPath(p));
  const used = (path: string) => {
    side.files.add(path);
    side.artifactPaths.add(path);
  };
  const keep = (result: ArtifactParseResult | undefined) => {
    if (result) side.parseErrors.push(...result.errors);
    return result;
  };

  // Lineage: the file the card names, else lineage.y*ml / *.openlineage.json / DVC by convention.
  const lineage: Lineage[] = [];
  const declaredLineage = gov?.lineage === undefined ? undefined : resolveFrom(card.dir, gov.lineage);
  if (declaredLineage) side.referenced.push(declaredLineage);
  const lineageProblem = gov?.lineage === undefined ? undefined : referenceError(reader, parsed, 'lineage', gov.lineage, declaredLineage);
  if (lineageProblem) side.parseErrors.push(lineageProblem);
  const lineageFiles: string[] = [];
  let dvcDir: string | undefined;
  if (declaredLineage !== undefined) {
    if (isDvcFile(declaredLineage)) dvcDir = dirOf(declaredLineage);
    else if (reader.has(declaredLineage)) lineageFiles.push(declaredLineage);
  } else if (gov?.lineage === undefined) {
    lineageFiles.push(...candidates.filter((p) => LINEAGE_NAME.test(baseOf(p)) || OPENLINEAGE_NAME.test(baseOf(p))));
    dvcDir = ['dvc.yaml', 'dvc.lock'].some((n) => reader.has(joinPath(card.dir, n))) ? card.dir : ['dvc.yaml', 'dvc.lock'].some((n) => reader.has(n)) ? '' : undefined;
    lineageFiles.push(...candidates.filter((p) => p.endsWith('.dvc')));
  }
  // DVC has no key for what it does not record (quality assertions, the split): a lineage.yaml
  // beside dvc.yaml holds those and is read with the pipeline, even when the card names dvc.yaml.
  if (dvcDir !== undefined) {
    const companion = ['lineage.yaml', 'lineage.yml'].map((n) => joinPath(dvcDir!, n)).find((p) => reader.has(p));
    if (companion !== undefined && !lineageFiles.includes(companion)) lineageFiles.push(companion);
  }
  // Files that are there but gave no document: artifact-parseable reports them, and no rule may
  // call the model's lineage or tuning log missing (one finding per root cause).
  const unreadLineage: string[] = [];
  const unreadTuningLogs: string[] = [];
  for (const path of lineageFiles) {
    const result = keep(reader.parse(path));
    used(path);
    if (result?.value && result.kind === 'lineage') lineage.push(result.value as Lineage);
    else if (result?.value) side.parseErrors.push(parseError(path, 1, 'schema', `named as the lineage manifest, but read as a ${result.kind ?? 'file of unknown format'}`));
    else if (result) unreadLineage.push(path);
  }
  if (dvcDir !== undefined) {
    const merged = loadDvc(reader, dvcDir, keep, used, side.parseErrors);
    if (merged) lineage.push(merged);
    else unreadLineage.push(...['dvc.yaml', 'dvc.yml', 'dvc.lock'].map((n) => joinPath(dvcDir!, n)).filter((p) => reader.has(p)));
  }

  // Tuning logs: the file the card names, else conventional names whose content is a tuning format.
  const tuningLogs: TuningLog[] = [];
  const declaredTuningLog = gov?.tuningLog === undefined ? undefined : resolveFrom(card.dir, gov.tuningLog);
  if (declaredTuningLog) side.referenced.push(declaredTuningLog);
  const tuningProblem = gov?.tuningLog === undefined ? undefined : referenceError(reader, parsed, 'tuning_log', gov.tuningLog, declaredTuningLog);
  if (tuningProblem) side.parseErrors.push(tuningProblem);
  if (declaredTuningLog !== undefined) {
    if (reader.has(declaredTuningLog)) {
      const result = keep(reader.parse(declaredTuningLog));
      used(declaredTuningLog);
      if (result?.value && result.kind === 'tuning-log') tuningLogs.push(withSearchSpace(reader, result, used, side.parseErrors));
      else if (result?.value) side.parseErrors.push(parseError(declaredTuningLog, 1, 'schema', `named as the tuning log, but read as a ${result.kind ?? 'file of unknown format'}`));
      else if (result) unreadTuningLogs.push(declaredTuningLog);
      if (result?.value && result.format === 'wandb-sweep') tuningLogs.push(...sweepCompanion(reader, declaredTuningLog, keep, used));
    }
  } else if (gov?.tuningLog === undefined) {
    const conventional = candidates.filter((p) => TUNING_NAMES.some((re) => re.test(baseOf(p))));
    const results = conventional.map((path) => ({ path, result: reader.parse(path) }));
    // A search space an NNI config names is read with the config, not as a second log.
    const named = new Set<string>();
    for (const { path, result } of results) {
      const file = (result?.value as NniConfigLog | undefined)?.searchSpaceFile;
      const at = file === undefined ? undefined : resolveFrom(dirOf(path), file);
      if (result?.format === 'nni-config' && at) named.add(at);
    }
    for (const { path, result } of results) {
      // A tuning log by its name that could not even be looked at (an LFS pointer, a binary, an empty
      // file) is reported, not dropped: the gate must not pass on a log it never read.
      if (result && !result.value && result.errors.some((e) => NOT_READ.has(e.code)) && TUNING_LOG_NAMES.some((re) => re.test(baseOf(path)))) {
        keep(result);
        used(path);
        unreadTuningLogs.push(path);
        continue;
      }
      // Speculative names (config.yml, trials.csv) that hold something else are simply not tuning logs.
      if (!result || result.format === 'unknown' || (result.kind !== undefined && result.kind !== 'tuning-log') || named.has(path)) continue;
      keep(result);
      used(path);
      if (result.value) tuningLogs.push(withSearchSpace(reader, result, used, side.parseErrors));
      else unreadTuningLogs.push(path);
    }
  }

  side.artifacts = { cardPath: card.cardPath, card: parsed, lineage, tuningLogs };
  if (sidecar?.value.governance) side.artifacts.governancePath = sidecar.path;
  if (declaredLineage !== undefined) side.artifacts.declaredLineage = declaredLineage;
  if (declaredTuningLog !== undefined) side.artifacts.declaredTuningLog = declaredTuningLog;
  if (unreadLineage.length > 0) side.artifacts.unreadLineage = unreadLineage;
  if (unreadTuningLogs.length > 0) side.artifacts.unreadTuningLogs = unreadTuningLogs;
  return side;
}

/** dvc.yaml + dvc.lock + params.yaml of one directory, as one lineage (DVC's own view). */
function loadDvc(reader: TreeReader, dir: string, keep: (r: ArtifactParseResult | undefined) => ArtifactParseResult | undefined, used: (p: string) => void, errors: ParseError[]): Lineage | undefined {
  const pipelinePath = ['dvc.yaml', 'dvc.yml'].map((n) => joinPath(dir, n)).find((p) => reader.has(p));
  const lockPath = joinPath(dir, 'dvc.lock');
  const paramsPath = joinPath(dir, 'params.yaml');
  const pipeline = pipelinePath ? keep(reader.parse(pipelinePath, { format: 'dvc-pipeline' })) : undefined;
  const lock = reader.has(lockPath) ? keep(reader.parse(lockPath, { format: 'dvc-lock' })) : undefined;
  if (pipelinePath) used(pipelinePath);
  if (lock) used(lockPath);
  if (!pipeline?.value) return lock?.value as Lineage | undefined;
  let params: string | undefined;
  if (reader.has(paramsPath)) {
    params = companionText(reader, paramsPath, errors);
    used(paramsPath);
  }
  return mergeDvc(pipeline.value as Lineage, lock?.value as Lineage | undefined, params);
}

/**
 * A W&B sweep config has no key for the seed of its search: a `tuning.jsonl` beside the sweep
 * records it in its study record, and is read with the sweep the card names.
 */
function sweepCompanion(reader: TreeReader, sweep: string, keep: (r: ArtifactParseResult | undefined) => ArtifactParseResult | undefined, used: (p: string) => void): TuningLog[] {
  const path = joinPath(dirOf(sweep), 'tuning.jsonl');
  if (!reader.has(path)) return [];
  const result = keep(reader.parse(path));
  used(path);
  return result?.value && result.kind === 'tuning-log' ? [result.value as TuningLog] : [];
}

/**
 * A Model Card Toolkit card's `governance.yaml` (or `.yml`) beside it, read with the checks every
 * artifact gets; undefined when there is none (or its text is not at hand yet).
 */
function readGovernanceSidecar(reader: TreeReader, dir: string, errors: ParseError[]): { path: string; value: GovernanceSidecar } | undefined {
  const path = GOVERNANCE_SIDECAR_NAMES.map((n) => joinPath(dir, n)).find((p) => reader.has(p));
  if (path === undefined) return undefined;
  const text = companionText(reader, path, errors);
  if (text === undefined) return undefined;
  const value = parseGovernanceSidecar(path, text);
  errors.push(...value.errors);
  return { path, value };
}

/** An NNI config that names its search space file is re-read with that file's text. */
function withSearchSpace(reader: TreeReader, result: ArtifactParseResult, used: (p: string) => void, errors: ParseError[]): TuningLog {
  const log = result.value as TuningLog;
  const named = (log as NniConfigLog).searchSpaceFile;
  if (result.format !== 'nni-config' || named === undefined) return log;
  const spacePath = resolveFrom(dirOf(log.file), named);
  if (!spacePath || !reader.has(spacePath)) return log;
  used(spacePath);
  const configText = reader.text(log.file);
  const spaceText = companionText(reader, spacePath, errors);
  if (configText === undefined || spaceText === undefined) return log;
  const reparsed = parseNniConfig(log.file, configText, { searchSpaceText: spaceText });
  // The config's own errors were already kept; add only those of the search space file.
  errors.push(...reparsed.errors.filter((e) => e.file !== log.file));
  return reparsed.value ?? log;
}

/**
 * A file another artifact names (params.yaml, an NNI search space), read as text with the checks
 * every artifact gets: one that cannot be read is an error, never silently left out.
 */
function companionText(reader: TreeReader, path: string, errors: ParseError[]): string | undefined {
  const reason = reader.unreadableReason(path);
  if (reason !== undefined) {
    errors.push(parseError(path, 1, 'unreadable', `could not be read: ${reason}`));
    return undefined;
  }
  const content = reader.content(path);
  if (content === undefined) return undefined;
  const read = readText(path, content);
  if (read.error) errors.push(read.error);
  return read.text;
}
