// Hugging Face model card (README.md / MODEL_CARD.md): YAML front matter plus a Markdown body.
//
// Reading follows huggingface_hub's RepoCard: no front matter is a card with empty metadata (not
// an error); front matter must be a mapping. What modelgate adds: every problem is an error with
// its line instead of an exception, and the body is always read, so section rules still work on
// a card whose metadata is broken.
//
// When the front matter has YAML errors, `metadata` is left empty (decision): a half-read
// document can look valid while missing the keys after the error, and rules must not judge a
// card on a guess. The YAML error is reported with its file line.
import { isRecord, parseError, parseYaml } from '../source.ts';
import type { Locations, ModelCard, ParseError, ParseResult } from '../types.ts';
import { parseGovernance } from './governance.ts';
import { findFrontMatter, parseSections, splitLines } from './markdown.ts';
import { parseModelIndex } from './model-index.ts';

/** "a list", "a string": what a value is, for messages about the shape of a document. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'a mapping';
}

/** `datasets: beans` and `datasets: [beans, cifar10]` both occur on the Hub. */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

interface Metadata {
  metadata: Record<string, unknown>;
  locations: Locations;
  errors: ParseError[];
  /** 0-based index of the first body line. */
  bodyStart: number;
}

function readFrontMatter(file: string, lines: string[]): Metadata {
  const empty = { metadata: {}, locations: {} };
  const fm = findFrontMatter(lines);
  if (fm.kind === 'none') return { ...empty, errors: [], bodyStart: 0 };
  if (fm.kind === 'unterminated') {
    // Without a closing fence nothing tells metadata from body; the Hub and GitHub then render
    // the whole file as Markdown, so the body is read from the top.
    const message = `front matter opened with --- on line ${fm.openLine} is never closed: end the metadata with a line containing only ---`;
    return { ...empty, errors: [parseError(file, fm.openLine, 'syntax', message)], bodyStart: 0 };
  }
  const doc = parseYaml(file, fm.yaml, { lineOffset: fm.openLine });
  const bodyStart = fm.closeLine;
  if (doc.errors.length > 0) return { ...empty, errors: doc.errors, bodyStart };
  // An empty block (`---\n---`) or one holding only comments is empty metadata, as in huggingface_hub.
  if (doc.data === null || doc.data === undefined) return { ...empty, errors: [], bodyStart };
  if (!isRecord(doc.data)) {
    const line = doc.locations[''] ?? fm.openLine + 1;
    const message = `front matter must be a mapping of keys to values, found ${kindOf(doc.data)}`;
    return { ...empty, errors: [parseError(file, line, 'schema', message)], bodyStart };
  }
  return { metadata: doc.data, locations: doc.locations, errors: [], bodyStart };
}

/** Parses a Hugging Face model card. `text` has passed readText (no BOM, not empty). */
export function parseHuggingFaceCard(file: string, text: string): ParseResult<ModelCard> {
  const lines = splitLines(text);
  const { metadata, locations, errors, bodyStart } = readFrontMatter(file, lines);
  const sections = parseSections(lines, bodyStart);

  const card: ModelCard = {
    format: 'hf-model-card',
    file,
    metadata,
    datasets: stringList(metadata.datasets),
    sections,
    results: [],
    locations,
    bodyLine: bodyStart + 1,
  };
  // Metadata that could not be read may have declared any tier: the engine must not guess low.
  if (errors.length > 0) {
    card.riskTierUnreadable = true;
    card.metadataUnreadable = true;
  }

  if (metadata['model-index'] !== undefined) {
    const index = parseModelIndex(file, metadata['model-index'], locations);
    errors.push(...index.errors);
    card.results = index.results;
    if (index.name !== undefined) card.name = index.name;
  }
  if (card.name === undefined) {
    const title = sections.find((s) => s.level === 1 && s.heading !== '');
    if (title) card.name = title.heading;
  }
  if (typeof metadata.license === 'string') card.license = metadata.license;
  const baseModels = stringList(metadata.base_model);
  // A merge lists several base models; the list stays in `metadata`, the field names them all.
  if (baseModels.length > 0) card.baseModel = baseModels.join(', ');

  if ('governance' in metadata) {
    const result = parseGovernance(file, metadata.governance, locations);
    errors.push(...result.errors);
    if (result.governance) card.governance = result.governance;
    if (result.riskTierUnreadable) card.riskTierUnreadable = true;
  }

  // Stable: errors on one line keep the order in which they were found.
  errors.sort((a, b) => a.line - b.line);
  return { format: 'hf-model-card', value: card, errors };
}
