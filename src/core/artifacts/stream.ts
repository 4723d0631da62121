// Parsing an artifact from bytes fed in pieces, so an adapter can hand over a 100 MB tuning log
// as it reads it. JSON Lines logs (modelgate's, Optuna's journal) are parsed line by line as the
// bytes arrive and never held whole; any other format is collected and given to parseArtifact.
// Either way the result is the one parseArtifact gives for the same bytes: the same guards in the
// same order (mlruns/, size, NUL bytes, UTF-8, LFS pointer, empty), the same detection, the same
// parse. The core stays pure: the caller does the reading.
import { detectFormatAndJson, formatFromName } from './detect.ts';
import { describe, GROWING_FORMATS, kindOf, maxBytesOf, parseArtifact, tooLarge, withKind, type ArtifactParseResult, type ParseArtifactOptions } from './index.ts';
import { isMlrunsPath, LIMITS, parseError } from './source.ts';
import { tuningJsonlParser } from './tuning-log/jsonl.ts';
import { LineSplitter, type LineParser } from './tuning-log/lines.ts';
import { optunaJournalParser } from './tuning-log/optuna-journal.ts';
import type { ArtifactFormat, ParseError, TuningLog } from './types.ts';

/** Where the guards look for NUL bytes, as readText does. */
const SNIFF_BYTES = 8000;
const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\n/;

const LINE_PARSERS: Partial<Record<ArtifactFormat, (file: string) => LineParser<TuningLog>>> = {
  'modelgate-tuning-jsonl': (file) => tuningJsonlParser(file),
  'optuna-journal': (file) => optunaJournalParser(file, {}),
};

/** Reads an artifact from pieces of its bytes (a file stream, say); see the file comment. Never throws. */
export async function parseArtifactStream(file: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ParseArtifactOptions = {}): Promise<ArtifactParseResult> {
  const reader = new ArtifactStreamReader(file, options);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

interface LineMode {
  format: ArtifactFormat;
  parser: LineParser<TuningLog>;
  splitter: LineSplitter;
  decoder: InstanceType<typeof TextDecoder>;
  max: number;
  /** Whether text has come out of the decoder yet (the place of a second BOM). */
  started: boolean;
}

/**
 * The push-driven reader behind parseArtifactStream. Until the first line is whole and the first
 * SNIFF_BYTES are in, the bytes are kept (the head); then the format decides: a JSON Lines log
 * goes to its line parser, anything else keeps being collected for parseArtifact.
 */
export class ArtifactStreamReader {
  private size = 0;
  private head: Uint8Array[] | undefined = [];
  /** Every piece, for a format not read line by line. */
  private collected: Uint8Array[] | undefined;
  private lines: LineMode | undefined;
  /** Why the bytes after the head will not be parsed after all. */
  private refusal: { code: 'utf-8' } | { code: 'bug'; error: unknown } | undefined;

  constructor(
    private readonly file: string,
    private readonly options: ParseArtifactOptions = {},
  ) {}

  push(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.head) {
      this.head.push(chunk);
      if (this.size >= SNIFF_BYTES && chunk.includes(10)) this.decide();
    } else if (this.collected) {
      this.collected.push(chunk);
    } else {
      this.feed(chunk, false);
    }
  }

  /** Whether the bytes are being parsed line by line as they come (else they are kept for parseArtifact). */
  get lineByLine(): boolean {
    return this.lines !== undefined;
  }

  /**
   * The bytes pushed so far, when they are kept rather than parsed line by line (undefined then):
   * for a caller that wants the bytes of a file no line parser reads, instead of a result.
   */
  keptBytes(): Uint8Array | undefined {
    const pieces = this.head ?? this.collected;
    return pieces ? concat(pieces, this.size) : undefined;
  }

  end(): ArtifactParseResult {
    if (this.head) this.collected = this.head; // all of it fitted in the head: parse it whole
    if (this.collected) return parseArtifact(this.file, concat(this.collected, this.size), this.options);
    const lines = this.lines!;
    this.feed(new Uint8Array(0), true);
    const named = this.options.format ?? formatFromName(this.file);
    // Over the cap is what readText says first, whatever else is wrong.
    if (this.size > lines.max) return tooLarge(this.file, this.size, named ?? 'unknown', this.options.maxBytes);
    if (this.refusal?.code === 'utf-8') return this.guardError(parseError(this.file, 1, 'binary', 'file is not valid UTF-8 text'), named);
    let failure = this.refusal?.error;
    if (failure === undefined) {
      try {
        lines.splitter.end();
        return withKind(lines.parser.end());
      } catch (e) {
        failure = e;
      }
    }
    return withKind({ format: lines.format, errors: [parseError(this.file, 1, 'unreadable', `could not parse as ${lines.format} (${describe(failure)}); this is a modelgate bug, please report it`)] });
  }

  /** Line by line for a JSON Lines log whose head passes the guards; anything else is collected. */
  private decide(): void {
    const head = concat(this.head!, this.size);
    this.head = undefined;
    const format = this.lineFormat(head);
    if (format === undefined) {
      this.collected = [head];
      return;
    }
    const parser = LINE_PARSERS[format]!(this.file);
    const splitter = new LineSplitter((text, line) => parser.line(text, line));
    this.lines = { format, parser, splitter, decoder: new TextDecoder('utf-8', { fatal: true }), max: this.options.maxBytes ?? maxBytesOf(format), started: false };
    this.feed(head, false);
  }

  /**
   * The JSON Lines format of a head that passes the guards parseArtifact applies before parsing,
   * when detection over the whole text could only say the same (it reads the first non-empty line,
   * which the head holds); undefined to leave the file to parseArtifact.
   */
  private lineFormat(head: Uint8Array): ArtifactFormat | undefined {
    if (isMlrunsPath(this.file) || head.subarray(0, SNIFF_BYTES).includes(0)) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      return undefined;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    if (LFS_POINTER.test(text) || whole.trim() === '') return undefined;
    const format = this.options.format ?? formatFromName(this.file) ?? detectFormatAndJson(this.file, whole, { yaml: false }).format;
    return LINE_PARSERS[format] && GROWING_FORMATS.has(format) ? format : undefined;
  }

  private feed(chunk: Uint8Array, last: boolean): void {
    const lines = this.lines!;
    // Past the cap nothing more is parsed: end() refuses the file, as readText would.
    if (this.refusal !== undefined || this.size > lines.max) return;
    let text: string;
    try {
      text = lines.decoder.decode(chunk, { stream: !last });
    } catch {
      this.refusal = { code: 'utf-8' };
      return;
    }
    if (!lines.started && text !== '') {
      lines.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // readText drops a second BOM too
    }
    try {
      lines.splitter.push(text);
    } catch (e) {
      this.refusal = { code: 'bug', error: e };
    }
  }

  /** A guard error found past the head, as parseArtifact reports it for the same bytes. */
  private guardError(error: ParseError, named: ArtifactFormat | undefined): ArtifactParseResult {
    if (this.options.maxBytes === undefined && this.size > LIMITS.maxBytes && !(named && GROWING_FORMATS.has(named))) return tooLarge(this.file, this.size, named ?? 'unknown');
    const format = named ?? 'unknown';
    const kind = kindOf(format);
    return kind ? { format, errors: [error], kind } : { format, errors: [error] };
  }
}

function concat(pieces: Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
