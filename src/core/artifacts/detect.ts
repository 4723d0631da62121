// Which format a file is in, from its name first and its content second.
// Names decide when a tool fixes them (dvc.lock, experiment_state-*.json); content decides
// for names people choose freely (config.yml, journal.log, trials.jsonl). Detection reads only
// top-level keys and never expands YAML aliases, so it is cheap and safe on untrusted text.
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { isRecord } from './source.ts';
import type { ArtifactFormat } from './types.ts';

/** Front-matter keys that make a Markdown file a model card rather than an ordinary README (DESIGN §2). */
export const CARD_MARKERS = ['governance', 'model-index', 'base_model', 'pipeline_tag', 'library_name'] as const;

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).toLowerCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
}

/** The format a file name alone settles, or undefined when the content has to decide. */
export function formatFromName(file: string): ArtifactFormat | undefined {
  const name = baseName(file);
  const ext = extensionOf(name);
  if (name === 'model_card.json') return 'mct-model-card';
  // HF cards need no front matter (the Hub renders a bare README as a card), so any Markdown
  // handed to modelgate is read as one; directory walks apply isDiscoverableArtifact instead.
  if (ext === 'md' || ext === 'markdown') return 'hf-model-card';
  if (name === 'lineage.yaml' || name === 'lineage.yml') return 'modelgate-lineage';
  if (name === 'dvc.yaml' || name === 'dvc.yml' || name.endsWith('.dvc.yaml') || name.endsWith('.dvc.yml')) return 'dvc-pipeline';
  if (name === 'dvc.lock') return 'dvc-lock';
  if (ext === 'dvc') return 'dvc-pointer';
  if (name.endsWith('.openlineage.json')) return 'openlineage-event';
  if (/^experiment_state.*\.json$/.test(name)) return 'ray-tune-experiment-state';
  if (name === 'search_space.json') return 'nni-search-space';
  if (/^sweep.*\.ya?ml$/.test(name)) return 'wandb-sweep';
  return undefined;
}

/** Recognises a file's format; 'unknown' when it is in no format modelgate reads. */
export function detectFormat(file: string, text: string): ArtifactFormat {
  return detectFormatAndJson(file, text).format;
}

/** What JSON.parse gave for the whole text, when detection parsed it as strict JSON. */
export interface DetectedJson {
  data: unknown;
}

/**
 * detectFormat, plus the data of the whole text when detection had to parse it as JSON (strictly,
 * without help for NaN), so that the format's parser need not parse a large document twice.
 * `yaml: false` answers 'unknown' where YAML would decide: for a file too large to parse as YAML.
 */
export function detectFormatAndJson(file: string, text: string, options: { yaml?: boolean } = {}): { format: ArtifactFormat; json?: DetectedJson } {
  const ofYaml = (): ArtifactFormat => (options.yaml === false ? 'unknown' : formatOfYaml(text));
  const byName = formatFromName(file);
  if (byName) return { format: byName };
  const name = baseName(file);
  const ext = extensionOf(name);
  const ofJson = () => {
    const parsed = parseJsonLoosely(text);
    return { format: formatOfJson(parsed.data), ...(parsed.strict ? { json: { data: parsed.data } } : {}) };
  };
  if (ext === 'json') return ofJson();
  if (ext === 'csv') return { format: formatOfCsv(text) };
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'log') return { format: formatOfJsonLines(name, text) };
  if (ext === 'yaml' || ext === 'yml') return { format: ofYaml() };
  // No telling extension: try the shapes from the most to the least distinctive.
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const lines = formatOfJsonLines(name, text);
    if (lines !== 'unknown') return { format: lines };
    return ofJson();
  }
  const csv = formatOfCsv(text);
  return { format: csv !== 'unknown' ? csv : ofYaml() };
}

/**
 * Whether a directory walk should pick the file up. Stricter than detectFormat for Markdown:
 * a README or notes file is a card only when named MODEL_CARD.md or its front matter carries
 * a card marker, so an ordinary README never turns a folder into a model.
 */
export function isDiscoverableArtifact(file: string, text: string): boolean {
  const format = detectFormat(file, text);
  if (format === 'unknown') return false;
  if (format !== 'hf-model-card') return true;
  return baseName(file) === 'model_card.md' || hasCardMarkers(text);
}

/** Whether a Markdown file's front matter carries a card marker: what makes a README a model card. */
export function hasCardMarkers(text: string): boolean {
  const keys = frontMatterKeys(text);
  return CARD_MARKERS.some((marker) => keys.includes(marker));
}

/** Top-level keys of a Markdown file's YAML front matter; [] when it has none. */
export function frontMatterKeys(text: string): string[] {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  return match ? yamlTopLevelKeys(yamlDocument(match[1]!)) : [];
}

/** The YAML document, unresolved (aliases stay aliases); undefined if the reader throws. */
function yamlDocument(text: string): Document.Parsed | undefined {
  try {
    return parseDocument(text, { prettyErrors: false });
  } catch {
    return undefined;
  }
}

function yamlTopLevelKeys(doc: Document.Parsed | undefined): string[] {
  if (!isMap(doc?.contents)) return [];
  return doc.contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')).filter((key) => key !== '');
}

/** DVC stages map to dicts with `cmd` (or templated `foreach`/`matrix`); that shape is DVC's alone. */
function hasDvcStages(doc: Document.Parsed | undefined): boolean {
  const stages = doc?.get('stages');
  if (!isMap(stages)) return false;
  return stages.items.some((pair) => {
    const stage = pair.value;
    return isMap(stage) && ['cmd', 'foreach', 'matrix'].some((key) => stage.has(key));
  });
}

function formatOfYaml(text: string): ArtifactFormat {
  // One parse serves the key check and the DVC stage check.
  const doc = yamlDocument(text);
  const keys = yamlTopLevelKeys(doc);
  const has = (...wanted: string[]) => wanted.some((key) => keys.includes(key));
  if (has('searchSpace', 'searchSpaceFile', 'searchSpacePath', 'trialCommand')) return 'nni-config';
  if (has('method') && has('parameters')) return 'wandb-sweep';
  if (has('stages') && hasDvcStages(doc)) return has('schema') ? 'dvc-lock' : 'dvc-pipeline';
  if (has('datasets', 'splits', 'steps')) return 'modelgate-lineage';
  return 'unknown';
}

/**
 * JSON.parse, with Python's bare NaN / Infinity tolerated (Ray Tune writes them); undefined when
 * not JSON. `strict` when JSON.parse took the text as it is.
 */
function parseJsonLoosely(text: string): { data: unknown; strict: boolean } {
  try {
    return { data: JSON.parse(text), strict: true };
  } catch {
    try {
      return { data: JSON.parse(text.replace(/(?<![\w."])(-?Infinity|NaN)(?![\w"])/g, 'null')), strict: false };
    } catch {
      return { data: undefined, strict: false };
    }
  }
}

function formatOfJson(data: unknown): ArtifactFormat {
  if (Array.isArray(data)) {
    return data.length > 0 && data.every((item) => isRecord(item) && 'parameter' in item) ? 'nni-trials' : 'unknown';
  }
  if (!isRecord(data)) return 'unknown';
  const has = (key: string) => key in data;
  if (has('model_details') || has('quantitative_analysis')) return 'mct-model-card';
  const isEvent = has('eventTime') || has('eventType') || has('producer');
  if (isEvent && (has('run') || has('job') || has('dataset'))) return 'openlineage-event';
  if (has('checkpoints') && has('runner_data')) return 'ray-tune-experiment-state';
  if (has('searchSpace') || has('searchSpaceFile') || has('trialCommand')) return 'nni-config';
  if (has('method') && has('parameters')) return 'wandb-sweep';
  const values = Object.values(data);
  if (values.length > 0 && values.every((value) => isRecord(value) && '_type' in value)) return 'nni-search-space';
  if (has('datasets') || has('splits') || has('steps')) return 'modelgate-lineage';
  return 'unknown';
}

function formatOfJsonLines(name: string, text: string): ArtifactFormat {
  const first = firstNonEmptyLine(text);
  let record: unknown;
  try {
    record = JSON.parse(first ?? '');
  } catch {
    record = undefined;
  }
  if (isRecord(record)) {
    if ('op_code' in record) return 'optuna-journal';
    if (record['type'] === 'study' || record['type'] === 'trial' || record['type'] === 'final') return 'modelgate-tuning-jsonl';
  }
  // A conventionally named log is ours even when its first line is broken: the parser says where.
  return /^tuning.*\.jsonl$/.test(name) ? 'modelgate-tuning-jsonl' : 'unknown';
}

/** The first line (split at LF, one CR before it dropped) with more than whitespace; found without splitting a large text whole. */
function firstNonEmptyLine(text: string): string | undefined {
  for (let start = 0; start <= text.length; ) {
    const lf = text.indexOf('\n', start);
    const end = lf === -1 ? text.length : lf;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 && lf !== -1 ? end - 1 : end);
    if (line.trim() !== '') return line;
    if (lf === -1) return undefined;
    start = lf + 1;
  }
  return undefined;
}

/** Optuna's trials_dataframe().to_csv(): number, value (or values_0), params_*, state; pandas may prepend an index column. */
function formatOfCsv(text: string): ArtifactFormat {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  if (!header.includes(',')) return 'unknown';
  const columns = header.split(',').map((column) => column.trim().replace(/^"(.*)"$/, '$1'));
  const hasValue = columns.includes('value') || columns.includes('values_0');
  return columns.includes('number') && hasValue && columns.includes('state') ? 'optuna-trials-csv' : 'unknown';
}
