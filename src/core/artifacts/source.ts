// Reading untrusted bytes into documents with line numbers, safely.
// Every artifact parser goes through here, so the guards (size, binary, Git LFS pointers,
// committed MLflow runs, YAML alias bombs, nesting depth, duplicate keys) are enforced once.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import * as jsonc from 'jsonc-parser';
import type { Locations, ParseError, ParseErrorCode } from './types.ts';

export const LIMITS = {
  /** Governance artifacts are small text files; anything larger is a data file committed by mistake. */
  maxBytes: 2 * 1024 * 1024,
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
 * Returns the text (BOM removed) or the one error that explains why it was not read.
 */
export function readText(file: string, content: string | Uint8Array, limits: { maxBytes?: number } = {}): { text?: string; error?: ParseError } {
  const maxBytes = limits.maxBytes ?? LIMITS.maxBytes;
  if (isMlrunsPath(file)) {
    return { error: parseError(file, 1, 'mlruns', 'committed MLflow tracking data (mlruns/) is not a governance artifact: log runs to a tracking server and reference them from the model card') };
  }
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  if (bytes.length > maxBytes) {
    return { error: parseError(file, 1, 'too-large', `file is ${bytes.length} bytes, over the ${maxBytes}-byte limit for governance artifacts; it was not parsed`) };
  }
  const sniff = bytes.subarray(0, 8000);
  if (sniff.includes(0)) {
    return { error: parseError(file, 1, 'binary', 'file is binary (contains NUL bytes); governance artifacts must be text') };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: parseError(file, 1, 'binary', 'file is not valid UTF-8 text') };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (LFS_POINTER.test(text)) {
    return { error: parseError(file, 1, 'lfs-pointer', 'file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS)') };
  }
  if (text.trim() === '') {
    return { error: parseError(file, 1, 'empty-file', 'file is empty') };
  }
  return { text };
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
}

/** Nearest recorded line for a dotted path, walking up to its parents; 1 when nothing is known. */
export function lineOf(locations: Locations, path: string | (string | number)[]): number {
  let parts = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(String);
  while (parts.length > 0) {
    const line = locations[parts.join('.')];
    if (line !== undefined) return line;
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
 * Parses JSON strictly: JSON.parse decides validity and gives the data; one pass of jsonc-parser's
 * scanner gives the lines, the duplicate keys and the nesting depth (which JSON.parse lets through),
 * and, for invalid JSON, where the first problem is. Lines, errors and messages are the ones the
 * YAML reader gave for the same text (JSON is YAML), at a fraction of its cost.
 * `allowNonFinite` accepts bare NaN / Infinity / -Infinity, as Python's json module writes them.
 * `locations: false` is for a record whose line the caller knows (a JSONL line): no scan unless the
 * text has a duplicate key or nests too deep (then the scan says where); `locations` comes back empty.
 */
export function parseJson(file: string, text: string, options: { allowNonFinite?: boolean; locations?: boolean } = {}): LocatedDocument {
  const source = options.allowNonFinite ? replaceNonFinite(text) : text;
  let data: unknown;
  let parseFailure: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    parseFailure = e;
  }
  if (parseFailure === undefined && options.locations === false) {
    const shape = shapeOf(data);
    if (shape.depth <= LIMITS.maxDepth && shape.keys === keyCount(source)) {
      return { data: options.allowNonFinite ? restoreNonFinite(data) : data, errors: [], locations: {} };
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
  return { data: options.allowNonFinite ? restoreNonFinite(data) : data, errors: scan.errors, locations: scan.locations };
}

/** Keys written in valid JSON text: strings followed by a colon (no quote stands outside a string). */
function keyCount(text: string): number {
  let keys = 0;
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?/g)) if (m[1] !== undefined) keys++;
  return keys;
}

/**
 * Keys held by parsed data and its deepest node (the root is 0, as the scan counts): fewer keys
 * than the text wrote means a duplicate key, which JSON.parse silently resolved.
 */
function shapeOf(data: unknown): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  const walk = (value: unknown, level: number): void => {
    if (level > depth) depth = level;
    if (value === null || typeof value !== 'object' || level > LIMITS.maxDepth) return;
    const children = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) keys += children.length;
    for (const child of children) walk(child, level + 1);
  };
  walk(data, 0);
  return { keys, depth };
}

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

/** Replaces bare NaN/Infinity tokens outside strings with sentinel strings (same line count). */
function replaceNonFinite(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (m) {
      out += JSON.stringify(NON_FINITE_SENTINEL + m[1]);
      i += m[1]!.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
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
