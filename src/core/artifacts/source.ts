// Reading untrusted bytes into documents with line numbers, safely.
// Every artifact parser goes through here, so the guards (size, binary, Git LFS pointers,
// committed MLflow runs, YAML alias bombs, nesting depth, duplicate keys) are enforced once.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import * as jsonc from 'jsonc-parser';
import { countKeys, heldKeys, keysAtMost, keysHeld, scanValidJson } from './json-scan.ts';
import type { Locations, ParseError, ParseErrorCode } from './types.ts';

export const LIMITS = {
  /** Governance artifacts are small text files; anything larger is a data file committed by mistake. */
  maxBytes: 2 * 1024 * 1024,
  /**
   * Tuning logs that grow with every trial (JSON Lines, Optuna journals and trial CSVs, NNI trial
   * results, Ray Tune experiment states) are read up to what an adapter reads at all. Configs
   * (W&B sweeps, NNI configs and search spaces) keep `maxBytes`: they do not grow, and YAML is
   * not parsed at this size.
   */
  maxTuningLogBytes: 100 * 1024 * 1024,
  /**
   * What an adapter reads at most, so the CLI and the App see the same bytes and the parsers
   * decide alike: GitHub's blobs API serves files up to 100 MB. Larger files are not read at all
   * (a model binary can be gigabytes); `tooLargeToRead` says so.
   */
  maxReadBytes: 100 * 1024 * 1024,
  /** Aliases a YAML document may dereference (blocks billion-laughs expansion). */
  maxYamlAliases: 100,
  /** Nesting depth of any YAML/JSON document. */
  maxDepth: 64,
} as const;

/** Why an adapter did not read a file over `LIMITS.maxReadBytes` (the same words from the CLI and the App). */
export function tooLargeToRead(size: number): string {
  return `file is ${size} bytes, over the ${LIMITS.maxReadBytes}-byte limit of what modelgate reads`;
}

export function parseError(file: string, line: number, code: ParseErrorCode, message: string, column?: number): ParseError {
  return column === undefined ? { file, line, code, message } : { file, line, column, code, message };
}

const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\n/;

/** True for a path inside a committed MLflow tracking directory (`mlruns/`). */
export function isMlrunsPath(file: string): boolean {
  return /(^|\/)mlruns\//.test(file);
}

/**
 * Decodes bytes as UTF-8 text after the checks that make a file unfit to parse.
 * Returns the text (BOM removed) or the one error that explains why it was not read, and the
 * size in bytes once known (not for an mlruns/ path, refused by name).
 */
export function readText(file: string, content: string | Uint8Array, limits: { maxBytes?: number } = {}): { text?: string; error?: ParseError; size?: number } {
  const maxBytes = limits.maxBytes ?? LIMITS.maxBytes;
  if (isMlrunsPath(file)) {
    return { error: parseError(file, 1, 'mlruns', 'committed MLflow tracking data (mlruns/) is not a governance artifact: log runs to a tracking server and reference them from the model card') };
  }
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const size = bytes.length;
  if (size > maxBytes) {
    return { error: parseError(file, 1, 'too-large', `file is ${size} bytes, over the ${maxBytes}-byte limit for governance artifacts; it was not parsed`), size };
  }
  const sniff = bytes.subarray(0, 8000);
  if (sniff.includes(0)) {
    return { error: parseError(file, 1, 'binary', 'file is binary (contains NUL bytes); governance artifacts must be text'), size };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: parseError(file, 1, 'binary', 'file is not valid UTF-8 text'), size };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (LFS_POINTER.test(text)) {
    return { error: parseError(file, 1, 'lfs-pointer', 'file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS)'), size };
  }
  if (text.trim() === '') {
    return { error: parseError(file, 1, 'empty-file', 'file is empty'), size };
  }
  return { text, size };
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export interface LocatedDocument {
  data: unknown;
  errors: ParseError[];
  locations: Locations;
  /** Lines of the items of the arrays parseJson was asked for (`items`), by index; read them with itemLine. */
  items?: Record<string, number[]>;
  /** For the arrays parseJson was asked for with `itemKeys`: the line of each key of each object item. */
  itemKeys?: Record<string, (Record<string, number> | undefined)[]>;
}

/**
 * Line of `key` (a name parseJson was asked for in `itemKeys`) in item `index` of the array at
 * `path`, as lineOf gives `path.index.key`: from `itemKeys` when parseJson recorded them (the
 * item's own line when the item lacks the key), else from `locations`.
 */
export function itemKeyLine(doc: LocatedDocument, path: string, index: number, key: string): number {
  const keys = doc.itemKeys?.[path];
  if (keys) {
    const item = keys[index];
    return item && Object.hasOwn(item, key) ? item[key]! : itemLine(doc, path, index);
  }
  return lineOf(doc.locations, path === '' ? `${index}.${key}` : `${path}.${index}.${key}`);
}

/**
 * Line of item `index` of the array at `path` ('' for the root): from `items` when parseJson
 * recorded that list, else from `locations` as for any path.
 */
export function itemLine(doc: LocatedDocument, path: string, index: number): number {
  const line = doc.items?.[path]?.[index];
  return line ?? lineOf(doc.locations, path === '' ? String(index) : `${path}.${index}`);
}

/** Nearest recorded line for a dotted path, walking up to its parents; 1 when nothing is known. */
export function lineOf(locations: Locations, path: string | (string | number)[]): number {
  // Most lookups are of a recorded path: answer those without splitting it.
  if (typeof path === 'string' && path !== '' && Object.hasOwn(locations, path)) return locations[path]!;
  let parts = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(String);
  while (parts.length > 0) {
    // Own keys only: a path from an untrusted document may be `toString` or `__proto__`.
    const key = parts.join('.');
    if (Object.hasOwn(locations, key)) return locations[key]!;
    parts = parts.slice(0, -1);
  }
  return locations[''] ?? 1;
}

function yamlErrorCode(code: string): ParseErrorCode {
  if (code === 'DUPLICATE_KEY') return 'duplicate-key';
  return 'syntax';
}

/**
 * Parses YAML (or JSON, which is YAML) into plain data plus a map of paths to lines.
 * `lineOffset` shifts every line (front matter starts after the opening `---`).
 */
export function parseYaml(file: string, text: string, options: { lineOffset?: number } = {}): LocatedDocument {
  const offset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  const errors: ParseError[] = [];
  const at = (pos: number) => lineCounter.linePos(pos);
  for (const e of doc.errors) {
    const { line, col } = at(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key: map keys must be unique' : e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    errors.push(parseError(file, line + offset, yamlErrorCode(e.code), message, col));
  }
  const locations: Locations = {};
  if (doc.contents) {
    locations[''] = at(doc.contents.range?.[0] ?? 0).line + offset;
  }
  let aliases = 0;
  let depthError: ParseError | undefined;
  const walk = (node: unknown, path: string[], depth: number): void => {
    if (depthError) return;
    if (depth > LIMITS.maxDepth) {
      const pos = (node as Node).range?.[0] ?? 0;
      depthError = parseError(file, at(pos).line + offset, 'too-deep', `document nests deeper than ${LIMITS.maxDepth} levels`);
      return;
    }
    if (isAlias(node)) {
      aliases++;
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyNode = pair.key as Node | null;
        const childPath = [...path, key];
        const pos = keyNode?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
        if (pos !== undefined) locations[childPath.join('.')] = at(pos).line + offset;
        walk(pair.value, childPath, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const childPath = [...path, String(i)];
        const pos = (item as Node | null)?.range?.[0];
        if (pos !== undefined) locations[childPath.join('.')] = at(pos).line + offset;
        walk(item, childPath, depth + 1);
      });
    }
  };
  walk(doc.contents, [], 0);
  if (depthError) return { data: undefined, errors: [...errors, depthError], locations };
  if (aliases > LIMITS.maxYamlAliases) {
    return {
      data: undefined,
      errors: [...errors, parseError(file, 1 + offset, 'alias-limit', `YAML uses ${aliases} aliases, over the limit of ${LIMITS.maxYamlAliases}; refused (alias expansion attack)`)],
      locations,
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: LIMITS.maxYamlAliases * 10 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code: ParseErrorCode = /alias/i.test(message) ? 'alias-limit' : 'syntax';
    return { data: undefined, errors: [...errors, parseError(file, 1 + offset, code, code === 'alias-limit' ? 'YAML alias expansion is too large; refused (alias expansion attack)' : message)], locations };
  }
  return { data, errors, locations };
}

/**
 * Parses JSON strictly: JSON.parse decides validity and gives the data; a scan of the text gives
 * the lines, the duplicate keys and the nesting depth (which JSON.parse lets through), and, for
 * invalid JSON, where the first problem is. Lines, errors and messages are the ones the YAML reader
 * gave for the same text (JSON is YAML), at a fraction of its cost.
 * `allowNonFinite` accepts bare NaN / Infinity / -Infinity, as Python's json module writes them.
 * `locations: false` is for a record whose line the caller knows (a JSON Lines line): `locations`
 * comes back empty. `locationDepth` records only paths of at most that many segments, for a caller
 * that looks up no deeper ones (a trial list's items), so a large document costs no path per node.
 * `items` names arrays (within `locationDepth`) whose items' lines come back as lists (`items`)
 * rather than a path string each: a trial list of 100,000 items. Read them with itemLine.
 * `itemKeys` (array paths of `items` -> key names) also records the line of those keys in each
 * object item, read with itemKeyLine; nothing deeper in those items is recorded.
 * `parsed` is JSON.parse's result for `text` when the caller already has it (format detection).
 */
export function parseJson(file: string, text: string, options: { allowNonFinite?: boolean; locations?: boolean; locationDepth?: number; items?: readonly string[]; itemKeys?: Readonly<Record<string, readonly string[]>>; parsed?: { data: unknown } } = {}): LocatedDocument {
  const nonFinite = options.allowNonFinite ? replaceNonFinite(text) : undefined;
  const source = nonFinite?.text ?? text;
  const restore = nonFinite?.sentinels === true;
  let data: unknown;
  let parseFailure: unknown;
  if (options.parsed && !options.allowNonFinite) {
    data = options.parsed.data; // JSON.parse of this very text, done by format detection
  } else {
    try {
      data = JSON.parse(source);
    } catch (e) {
      parseFailure = e;
    }
  }
  if (parseFailure === undefined) {
    // Valid JSON: a quick scan suffices unless it finds a duplicate key or too deep a nesting,
    // which the full scan below then locates.
    // (No object spread here: on a JSON Lines file this runs once a line, and spreading cost more than the count.)
    if (options.locations === false) {
      // A record: keysAtMost bounds the keys written from above, so equal to the keys held means
      // no duplicate (see there); only a record it cannot settle is counted exactly.
      const held = heldKeys(data, LIMITS.maxDepth);
      if (held >= 0 && (keysAtMost(source) === held || countKeys(source).keys === held)) {
        return { data: restore ? restoreNonFinite(data) : data, errors: NO_ERRORS, locations: NO_LOCATIONS };
      }
    } else {
      const scanned = scanValidJson(source, options.locationDepth ?? Infinity, options.items, options.itemKeys);
      if (scanned.depth <= LIMITS.maxDepth && scanned.keys === keysHeld(data, LIMITS.maxDepth)) {
        const lists = { ...(scanned.items ? { items: scanned.items } : {}), ...(scanned.itemKeys ? { itemKeys: scanned.itemKeys } : {}) };
        return { data: restore ? restoreNonFinite(data) : data, errors: [], locations: scanned.locations, ...lists };
      }
    }
  }
  const scan = scanJson(file, source);
  if (parseFailure !== undefined) {
    const first = scan.syntax;
    if (first) {
      const line = scan.lineOf(first.offset);
      const column = first.offset - source.lastIndexOf('\n', first.offset - 1);
      return { data: undefined, errors: [parseError(file, line, 'syntax', `invalid JSON: ${humanize(jsonc.printParseErrorCode(first.error))}`, column)], locations: scan.locations };
    }
    const message = parseFailure instanceof Error ? parseFailure.message.split('\n')[0]! : String(parseFailure);
    return { data: undefined, errors: [parseError(file, 1, 'syntax', `invalid JSON: ${message}`)], locations: scan.locations };
  }
  if (scan.depthError) return { data: undefined, errors: [...scan.errors, scan.depthError], locations: scan.locations };
  // Non-finite numbers come back from their sentinel strings.
  return { data: restore ? restoreNonFinite(data) : data, errors: scan.errors, locations: scan.locations };
}

/**
 * What a record read without locations (`locations: false`) gets when it has no error: shared, and
 * frozen so that a caller that would add to them fails loudly instead of changing every record's.
 */
const NO_ERRORS = Object.freeze([]) as unknown as ParseError[];
const NO_LOCATIONS = Object.freeze({}) as Locations;

interface JsonScan {
  locations: Locations;
  /** Duplicate keys, in document order. */
  errors: ParseError[];
  depthError?: ParseError;
  /** The first syntax problem jsonc-parser found (only looked at when JSON.parse failed). */
  syntax?: { error: jsonc.ParseErrorCode; offset: number };
  lineOf: (offset: number) => number;
}

/** A collection being read: its dotted path (as `lineOf` looks it up), next index, keys seen. */
interface Frame {
  path: string;
  root: boolean;
  array: boolean;
  index: number;
  keys?: Set<string>;
  /** Path of the property whose value comes next (objects only). */
  pending: string;
}

/**
 * One scan of JSON text: the line of every key and array item under its dotted path (a key's line
 * is where the key starts, as the YAML reader recorded it), duplicate keys and the first node deeper
 * than `LIMITS.maxDepth`. Lines count LF only (a lone CR is JSON whitespace), as `lineAt` does.
 */
function scanJson(file: string, text: string): JsonScan {
  const lineOf = lineTable(text);
  const locations: Locations = {};
  const errors: ParseError[] = [];
  let depthError: ParseError | undefined;
  let syntax: JsonScan['syntax'];
  const stack: Frame[] = [];
  const childPath = (frame: Frame, key: string) => (frame.root ? key : `${frame.path}.${key}`);
  /** Where a value starts: records an array item's line and checks depth; returns the value's path. */
  const value = (offset: number): string => {
    const parent = stack[stack.length - 1];
    let path = '';
    if (!parent) {
      if (!depthError) locations[''] = lineOf(offset);
    } else if (parent.array) {
      path = childPath(parent, String(parent.index++));
      if (!depthError) locations[path] = lineOf(offset);
    } else {
      path = parent.pending;
    }
    if (!depthError && stack.length > LIMITS.maxDepth) {
      depthError = parseError(file, lineOf(offset), 'too-deep', `document nests deeper than ${LIMITS.maxDepth} levels`);
    }
    return path;
  };
  const open = (offset: number, array: boolean) => {
    const path = value(offset);
    stack.push({ path, root: stack.length === 0, array, index: 0, pending: '', ...(array ? {} : { keys: new Set<string>() }) });
  };
  jsonc.visit(
    text,
    {
      onObjectBegin: (offset) => open(offset, false),
      onArrayBegin: (offset) => open(offset, true),
      onObjectEnd: () => void stack.pop(),
      onArrayEnd: () => void stack.pop(),
      onObjectProperty: (property, offset) => {
        const frame = stack[stack.length - 1];
        if (!frame) return;
        if (frame.keys!.has(property)) {
          const line = lineOf(offset);
          errors.push(parseError(file, line, 'duplicate-key', 'duplicate key: map keys must be unique', offset - lineStartOf(text, offset) + 1));
        } else {
          frame.keys!.add(property);
        }
        frame.pending = childPath(frame, property);
        if (!depthError) locations[frame.pending] = lineOf(offset);
      },
      onLiteralValue: (_value, offset) => void value(offset),
      onError: (error, offset) => {
        syntax ??= { error, offset };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return { locations, errors, ...(depthError ? { depthError } : {}), ...(syntax ? { syntax } : {}), lineOf };
}

/** Offset where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * 1-based line of an offset, from where lines start (LF only). The scan asks in increasing order,
 * so the answer is found by walking on from the previous one; an earlier offset searches again.
 */
function lineTable(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  let line = 0; // index into starts of the last answer
  return (offset) => {
    if (starts[line]! > offset) line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return line + 1;
  };
}

const NON_FINITE_SENTINEL = '__modelgate_nonfinite__:';

/**
 * Replaces bare NaN/Infinity tokens outside strings with sentinel strings (same line count).
 * `sentinels` says whether the result may hold one (replaced, or written in the file), so data
 * without any skips the walk that restores them.
 */
function replaceNonFinite(text: string): { text: string; sentinels: boolean } {
  // Most documents have no such token: then nothing outside a string can be replaced.
  const found = /NaN|Infinity|__modelgate_nonfinite__:/.exec(text);
  if (!found) return { text, sentinels: false };
  if (found[0] === NON_FINITE_SENTINEL && !/NaN|Infinity/.test(text)) return { text, sentinels: true };
  // Strings are copied as they are; between them every token is replaced (jumping from quote to
  // quote with indexOf: a char-by-char loop made this the slowest step of a Ray Tune state).
  const token = /-?Infinity|NaN/g;
  const replace = (outside: string) => outside.replace(token, (m) => JSON.stringify(NON_FINITE_SENTINEL + m));
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('"', i);
    if (open === -1) {
      out += replace(text.slice(i));
      break;
    }
    const close = closingQuote(text, open);
    out += replace(text.slice(i, open)) + text.slice(open, close + 1);
    i = close + 1;
  }
  return { text: out, sentinels: true };
}

/** The quote closing the string opened at `open` (one not escaped by a backslash); the text's end when none. */
function closingQuote(text: string, open: number): number {
  for (let end = text.indexOf('"', open + 1); end !== -1; end = text.indexOf('"', end + 1)) {
    let slashes = 0;
    for (let b = end - 1; text.charCodeAt(b) === 92; b--) slashes++;
    if (slashes % 2 === 0) return end;
  }
  return text.length;
}

function restoreNonFinite(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(NON_FINITE_SENTINEL)) {
    const token = value.slice(NON_FINITE_SENTINEL.length);
    return token === 'NaN' ? Number.NaN : token.startsWith('-') ? -Infinity : Infinity;
  }
  if (Array.isArray(value)) return value.map(restoreNonFinite);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreNonFinite(v)]));
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at a key path (a zod issue's path) in parsed data; undefined when any step is
 * missing. Own keys only: paths come from untrusted documents.
 */
export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let cur = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, String(key))) return undefined;
    cur = (cur as Record<string, unknown>)[String(key)];
  }
  return cur;
}

/** `ValueExpected` -> `value expected`. */
function humanize(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
