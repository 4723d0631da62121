// Reads one side (head or base) of a snapshot and remembers what it could not read. The same
// walk serves filesToFetch (which returns the misses) and evaluate (which fails closed on
// them), so the files the adapter fetches are exactly the files the evaluation reads.
import { maxBytesOf, parseArtifact, tooLarge, type ArtifactParseResult, type ParseArtifactOptions } from '../artifacts/index.ts';
import { parseError } from '../artifacts/source.ts';
import type { FileEntry, RepoState } from './snapshot.ts';

/**
 * Parse results by file entry, shared by every reader. An adapter calls filesToFetch once per
 * round and evaluate once more, each over fresh readers of the same entries: without this, every
 * card was parsed three times and every artifact twice (most of `check --all`'s time). Held
 * weakly on the entry (an adapter puts a new entry when it fetches a file) and checked against
 * the content it was parsed from, so an entry given other bytes is parsed again. Safe to share:
 * a parse is a function of path, bytes and options, and nothing changes a parse result.
 */
const parsedByEntry = new WeakMap<FileEntry, { content: string | Uint8Array; results: Map<string, ArtifactParseResult> }>();

export class TreeReader {
  /** Paths that exist in the tree but whose content the adapter has not provided yet. */
  readonly missing = new Set<string>();
  private readonly parsed: Map<string, ArtifactParseResult | undefined>;
  /** Every path of the tree, sorted, for directory walks. */
  readonly paths: string[];

  /**
   * `borrow`: the other side of the snapshot. A base file with the same blob SHA as at head has
   * the same bytes, so it is read from head and never fetched twice.
   */
  constructor(
    readonly state: RepoState,
    private readonly borrow?: RepoState,
    shared?: { paths: string[]; parsed: Map<string, ArtifactParseResult | undefined> },
  ) {
    this.paths = shared?.paths ?? Object.keys(state.files).sort();
    this.parsed = shared?.parsed ?? new Map();
  }

  /**
   * A reader over the same tree and parse cache whose misses are not recorded here: for looking
   * at a model before knowing the PR touches it, so untouched models cost no fetches.
   */
  probe(): TreeReader {
    return new TreeReader(this.state, this.borrow, { paths: this.paths, parsed: this.parsed });
  }

  /** Records a probe's misses here: the model it looked at turned out to be needed. */
  recordMisses(probe: TreeReader): void {
    for (const path of probe.missing) this.missing.add(path);
  }

  has(path: string): boolean {
    return Object.hasOwn(this.state.files, path);
  }

  sha(path: string): string | undefined {
    return this.state.files[path]?.sha;
  }

  /** The file's bytes; undefined (and recorded as missing) when not fetched yet. */
  content(path: string): string | Uint8Array | undefined {
    const entry = this.state.files[path];
    // A file the adapter parsed as it read it has no bytes to give, and none to fetch.
    if (!entry || entry.unreadable !== undefined || entry.parsed !== undefined) return undefined;
    const content = this.atHand(path, entry);
    if (content === undefined) this.missing.add(path);
    return content;
  }

  /** The entry's bytes, or those of the other side's file with the same blob SHA; nothing is recorded. */
  private atHand(path: string, entry: FileEntry): string | Uint8Array | undefined {
    if (entry.content !== undefined) return entry.content;
    const twin = entry.sha === undefined ? undefined : this.borrow?.files[path];
    return twin?.content !== undefined && twin.sha === entry.sha ? twin.content : undefined;
  }

  /** Why the adapter could not read the file, when it flagged it so. */
  unreadableReason(path: string): string | undefined {
    return this.state.files[path]?.unreadable;
  }

  /** Whether `content(path)` would be answered without a fetch. */
  isReadable(path: string): boolean {
    const entry = this.state.files[path];
    if (!entry) return false;
    return entry.unreadable !== undefined || entry.parsed !== undefined || this.atHand(path, entry) !== undefined;
  }

  /**
   * Parses a file once per reader. Undefined when the path is not in the tree or its content is
   * still missing; an adapter-flagged unreadable file is an 'unreadable' parse error.
   */
  parse(path: string, options: ParseArtifactOptions = {}): ArtifactParseResult | undefined {
    const key = `${options.format ?? ''}\u0000${path}`;
    if (this.parsed.has(key)) return this.parsed.get(key);
    let result: ArtifactParseResult | undefined;
    const entry = this.state.files[path];
    if (entry?.unreadable !== undefined) {
      result = { format: options.format ?? 'unknown', errors: [parseError(path, 1, 'unreadable', `could not be read: ${entry.unreadable}`)] };
    } else if (entry?.parsed !== undefined) {
      result = streamedResult(path, entry, options);
    } else if (entry) {
      const content = this.content(path);
      result = content === undefined ? undefined : memoParse(entry, path, content, options);
    }
    // A miss is not cached: the next round may bring the content.
    if (result !== undefined) this.parsed.set(key, result);
    return result;
  }

  /** The file as text, for the companion files parsers take as text (params.yaml, search spaces). */
  text(path: string): string | undefined {
    const content = this.content(path);
    if (content === undefined) return undefined;
    const text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/**
 * The parse of a file the adapter parsed as it read it (with no options): that result when the
 * options change nothing, the refusal parseArtifact gives when they name a format capped below the
 * file's size, and otherwise an error saying it was not parsed as asked (no bytes to parse again).
 */
function streamedResult(path: string, entry: FileEntry, options: ParseArtifactOptions): ArtifactParseResult {
  const parsed = entry.parsed!;
  if (options.maxBytes === undefined && (options.format === undefined || options.format === parsed.format)) return parsed;
  const size = entry.size ?? 0;
  const cap = options.maxBytes ?? maxBytesOf(options.format);
  if (size > cap) return tooLarge(path, size, options.format ?? parsed.format, options.maxBytes);
  return { format: options.format ?? 'unknown', errors: [parseError(path, 1, 'unreadable', `could not be read: the file (${size} bytes) was read in pieces as ${parsed.format}, not as ${options.format ?? 'asked'}`)] };
}

function memoParse(entry: FileEntry, path: string, content: string | Uint8Array, options: ParseArtifactOptions): ArtifactParseResult {
  let memo = parsedByEntry.get(entry);
  if (memo?.content !== content) parsedByEntry.set(entry, (memo = { content, results: new Map() }));
  const key = `${options.format ?? ''}\u0000${options.maxBytes ?? ''}\u0000${path}`;
  let result = memo.results.get(key);
  if (!result) memo.results.set(key, (result = parseArtifact(path, content, options)));
  return result;
}
