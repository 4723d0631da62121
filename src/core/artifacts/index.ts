// One entry point from bytes to a parsed artifact: guards, then detection, then the format's parser.
// Whatever the bytes, the caller gets a ParseResult: a parser that throws is a modelgate bug,
// reported as an 'unreadable' error on the file rather than a crashed run.
import { detectFormatAndJson, formatFromName, type DetectedJson } from './detect.ts';
import { parseHuggingFaceCard } from './model-card/huggingface.ts';
import { parseMctCard } from './model-card/mct.ts';
import { parseDvcLock, parseDvcPipeline, parseDvcPointer } from './lineage/dvc.ts';
import { parseLineageManifest } from './lineage/manifest.ts';
import { parseOpenLineageEvent } from './lineage/openlineage.ts';
import { parseTuningJsonl } from './tuning-log/jsonl.ts';
import { parseNniConfig, parseNniSearchSpace, parseNniTrials } from './tuning-log/nni.ts';
import { parseOptunaTrialsCsv } from './tuning-log/optuna-csv.ts';
import { parseOptunaJournal } from './tuning-log/optuna-journal.ts';
import { parseRayTuneExperimentState } from './tuning-log/ray-tune.ts';
import { parseWandbSweep } from './tuning-log/wandb.ts';
import { LIMITS, parseError, readText } from './source.ts';
import type { ArtifactFormat, ArtifactKind, Lineage, ModelCard, ParseResult, TuningLog } from './types.ts';

export { ArtifactStreamReader, parseArtifactStream } from './stream.ts';
export { CARD_MARKERS, detectFormat, formatFromName, frontMatterKeys, hasCardMarkers, isDiscoverableArtifact } from './detect.ts';

export type Artifact = ModelCard | Lineage | TuningLog;

export type KnownFormat = Exclude<ArtifactFormat, 'unknown'>;

export interface ParseArtifactOptions {
  /** Skip detection: the caller knows the format (a card's `governance.lineage`, an Optuna journal the card names). */
  format?: ArtifactFormat;
  /** Size cap in bytes for every format; defaults to LIMITS.maxBytes, LIMITS.maxTuningLogBytes for a growing tuning log. */
  maxBytes?: number;
}

export type ArtifactParseResult = ParseResult<Artifact> & { kind?: ArtifactKind };

export const UNKNOWN_FORMAT_MESSAGE = 'not a format modelgate reads: expected a model card, lineage manifest or tuning log';

/** `json`: the whole text as JSON.parse read it, when format detection already did. */
type Parser = (file: string, text: string, json?: DetectedJson) => ParseResult<Artifact>;

const PARSERS: Record<KnownFormat, { kind: ArtifactKind; parse: Parser }> = {
  'hf-model-card': { kind: 'model-card', parse: parseHuggingFaceCard },
  'mct-model-card': { kind: 'model-card', parse: parseMctCard },
  'modelgate-lineage': { kind: 'lineage', parse: parseLineageManifest },
  'dvc-pipeline': { kind: 'lineage', parse: parseDvcPipeline },
  'dvc-lock': { kind: 'lineage', parse: parseDvcLock },
  'dvc-pointer': { kind: 'lineage', parse: parseDvcPointer },
  'openlineage-event': { kind: 'lineage', parse: parseOpenLineageEvent },
  'modelgate-tuning-jsonl': { kind: 'tuning-log', parse: parseTuningJsonl },
  'optuna-journal': { kind: 'tuning-log', parse: (file, text) => parseOptunaJournal(file, text, {}) },
  'optuna-trials-csv': { kind: 'tuning-log', parse: (file, text) => parseOptunaTrialsCsv(file, text) },
  'wandb-sweep': { kind: 'tuning-log', parse: parseWandbSweep },
  'nni-config': { kind: 'tuning-log', parse: (file, text) => parseNniConfig(file, text, {}) },
  'nni-search-space': { kind: 'tuning-log', parse: parseNniSearchSpace },
  'nni-trials': { kind: 'tuning-log', parse: (file, text, json) => parseNniTrials(file, text, json ? { parsed: json } : {}) },
  'ray-tune-experiment-state': { kind: 'tuning-log', parse: parseRayTuneExperimentState },
};

/** The artifact kind a format is parsed into; undefined for 'unknown'. */
export function kindOf(format: ArtifactFormat): ArtifactKind | undefined {
  return format === 'unknown' ? undefined : PARSERS[format].kind;
}

/** Tuning logs that grow with every trial: read up to LIMITS.maxTuningLogBytes (see there). */
export const GROWING_FORMATS: ReadonlySet<ArtifactFormat> = new Set<ArtifactFormat>(['modelgate-tuning-jsonl', 'optuna-journal', 'optuna-trials-csv', 'nni-trials', 'ray-tune-experiment-state']);

/** The size cap of a format: LIMITS.maxBytes, or LIMITS.maxTuningLogBytes for a growing tuning log. */
export function maxBytesOf(format: ArtifactFormat | undefined): number {
  return format !== undefined && GROWING_FORMATS.has(format) ? LIMITS.maxTuningLogBytes : LIMITS.maxBytes;
}

/**
 * The refusal of a file over its format's cap (`format` as far as known without parsing), or over
 * the cap a caller set (`maxBytes`), worded as readText words it.
 */
export function tooLarge(file: string, size: number, format: ArtifactFormat, maxBytes?: number): ArtifactParseResult {
  const max = maxBytes ?? maxBytesOf(format);
  const what = maxBytes === undefined && max === LIMITS.maxTuningLogBytes ? 'tuning logs' : 'governance artifacts';
  return withKind({ format, errors: [parseError(file, 1, 'too-large', `file is ${size} bytes, over the ${max}-byte limit for ${what}; it was not parsed`)] });
}

/**
 * Reads, recognises and parses one artifact. Never throws.
 * Guard failures (too large, binary, LFS pointer, mlruns/, empty) come back as the single error,
 * with the format the file name promises when it promises one.
 * A file over LIMITS.maxBytes is parsed only when it is a growing tuning log (named so, or
 * recognised without YAML, which is not parsed at that size); any other is refused as before.
 */
export function parseArtifact(file: string, content: string | Uint8Array, options: ParseArtifactOptions = {}): ArtifactParseResult {
  const capped = options.maxBytes !== undefined;
  const named = options.format ?? formatFromName(file);
  // A file its name does not place may still turn out a growing log: read it up to that cap.
  const read = readText(file, content, { maxBytes: options.maxBytes ?? (named ? maxBytesOf(named) : LIMITS.maxTuningLogBytes) });
  const size = read.size ?? 0;
  const large = !capped && size > LIMITS.maxBytes;
  if (read.error || read.text === undefined) {
    const format = named ?? 'unknown';
    // Over the general cap, only a file named as a growing log is judged on its content.
    if (large && read.error?.code !== 'mlruns' && (read.error?.code === 'too-large' || !GROWING_FORMATS.has(format))) return tooLarge(file, size, format);
    return withKind({ format, errors: read.error ? [read.error] : [] });
  }
  const text = read.text;
  let detected: { format: ArtifactFormat; json?: DetectedJson };
  try {
    detected = named ? { format: named } : detectFormatAndJson(file, text, { yaml: !large });
  } catch (e) {
    return { format: 'unknown', errors: [parseError(file, 1, 'unreadable', `could not recognise the file's format (${describe(e)}); this is a modelgate bug, please report it`)] };
  }
  const format = detected.format;
  if (large && !GROWING_FORMATS.has(format)) return tooLarge(file, size, named ?? 'unknown');
  if (format === 'unknown') {
    return { format, errors: [parseError(file, 1, 'unknown-format', UNKNOWN_FORMAT_MESSAGE)] };
  }
  try {
    return withKind(PARSERS[format].parse(file, text, detected.json));
  } catch (e) {
    return withKind({ format, errors: [parseError(file, 1, 'unreadable', `could not parse as ${format} (${describe(e)}); this is a modelgate bug, please report it`)] });
  }
}

export function withKind(result: ParseResult<Artifact>): ArtifactParseResult {
  const kind = kindOf(result.format);
  return kind === undefined ? result : { ...result, kind };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
