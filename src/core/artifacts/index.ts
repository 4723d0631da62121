// One entry point from bytes to a parsed artifact: guards, then detection, then the format's parser.
// Whatever the bytes, the caller gets a ParseResult: a parser that throws is a modelgate bug,
// reported as an 'unreadable' error on the file rather than a crashed run.
import { formatFromName, detectFormat } from './detect.ts';
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
import { parseError, readText } from './source.ts';
import type { ArtifactFormat, ArtifactKind, Lineage, ModelCard, ParseResult, TuningLog } from './types.ts';

export { CARD_MARKERS, detectFormat, formatFromName, frontMatterKeys, hasCardMarkers, isDiscoverableArtifact } from './detect.ts';

export type Artifact = ModelCard | Lineage | TuningLog;

export type KnownFormat = Exclude<ArtifactFormat, 'unknown'>;

export interface ParseArtifactOptions {
  /** Skip detection: the caller knows the format (a card's `governance.lineage`, an Optuna journal the card names). */
  format?: ArtifactFormat;
  /** Size cap in bytes; defaults to LIMITS.maxBytes. */
  maxBytes?: number;
}

export type ArtifactParseResult = ParseResult<Artifact> & { kind?: ArtifactKind };

export const UNKNOWN_FORMAT_MESSAGE = 'not a format modelgate reads: expected a model card, lineage manifest or tuning log';

type Parser = (file: string, text: string) => ParseResult<Artifact>;

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
  'optuna-trials-csv': { kind: 'tuning-log', parse: parseOptunaTrialsCsv },
  'wandb-sweep': { kind: 'tuning-log', parse: parseWandbSweep },
  'nni-config': { kind: 'tuning-log', parse: (file, text) => parseNniConfig(file, text, {}) },
  'nni-search-space': { kind: 'tuning-log', parse: parseNniSearchSpace },
  'nni-trials': { kind: 'tuning-log', parse: parseNniTrials },
  'ray-tune-experiment-state': { kind: 'tuning-log', parse: parseRayTuneExperimentState },
};

/** The artifact kind a format is parsed into; undefined for 'unknown'. */
export function kindOf(format: ArtifactFormat): ArtifactKind | undefined {
  return format === 'unknown' ? undefined : PARSERS[format].kind;
}

/**
 * Reads, recognises and parses one artifact. Never throws.
 * Guard failures (too large, binary, LFS pointer, mlruns/, empty) come back as the single error,
 * with the format the file name promises when it promises one.
 */
export function parseArtifact(file: string, content: string | Uint8Array, options: ParseArtifactOptions = {}): ArtifactParseResult {
  const read = readText(file, content, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  if (read.error || read.text === undefined) {
    const format = options.format ?? formatFromName(file) ?? 'unknown';
    return withKind({ format, errors: read.error ? [read.error] : [] });
  }
  const text = read.text;
  let format: ArtifactFormat;
  try {
    format = options.format ?? detectFormat(file, text);
  } catch (e) {
    return { format: 'unknown', errors: [parseError(file, 1, 'unreadable', `could not recognise the file's format (${describe(e)}); this is a modelgate bug, please report it`)] };
  }
  if (format === 'unknown') {
    return { format, errors: [parseError(file, 1, 'unknown-format', UNKNOWN_FORMAT_MESSAGE)] };
  }
  try {
    return withKind(PARSERS[format].parse(file, text));
  } catch (e) {
    return withKind({ format, errors: [parseError(file, 1, 'unreadable', `could not parse as ${format} (${describe(e)}); this is a modelgate bug, please report it`)] });
  }
}

function withKind(result: ParseResult<Artifact>): ArtifactParseResult {
  const kind = kindOf(result.format);
  return kind === undefined ? result : { ...result, kind };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
