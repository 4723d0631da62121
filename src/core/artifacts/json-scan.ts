// A scan of JSON text that JSON.parse has already accepted, for what JSON.parse does not say:
// how many keys the text writes (more than the data holds means a duplicate key), how deep it
// nests, and the line of each key and array item. Because the text is known to be valid JSON the
// scan never has to judge syntax: it jumps over strings with indexOf and needs no tokenizer, so
// it costs a fraction of a jsonc-parser visit. Anything it finds wrong (a duplicate, too deep)
// sends the caller back to the full scan in source.ts, which says where, so errors are unchanged.
import type { Locations } from './types.ts';

export interface ValidJsonScan {
  /** Keys written, duplicates included. */
  keys: number;
  /** Containers around the deepest value (the root value is at 0). */
  depth: number;
  /** Line of each key and array item whose path has at most `pathDepth` segments, and of the root (''). */
  locations: Locations;
}

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;

/** Offset of the quote that closes the string opened at `open`. */
function stringEnd(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    let slashes = 0;
    for (let b = end - 1; text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** A key as written between quotes, unescaped as JSON.parse would. */
function keyText(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes('\\') ? (JSON.parse(text.slice(open, close + 1)) as string) : raw;
}

/**
 * Scans valid JSON. `pathDepth` bounds the paths recorded (-1: none, not even the root), so a
 * caller that looks up only `trial_data.3` does not pay for a path string per node; a lookup of a
 * deeper path would find an ancestor's line, so callers pass the depth of what they look up.
 * Lines count LF only: valid JSON holds no raw LF inside a string.
 */
export function scanValidJson(text: string, pathDepth: number): ValidJsonScan {
  const scan = new Scan(pathDepth);
  walkValidJson(text, scan);
  return { keys: scan.keys, depth: scan.depth, locations: scan.locations };
}

/** The walk over the text: `scan` hears of each key, value start, open and close, in order. */
function walkValidJson(text: string, scan: Scan): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      scan.line++;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 58) {
      i++; // whitespace and ':'
    } else if (c === QUOTE) {
      const close = stringEnd(text, i);
      if (scan.expectKey) scan.key(text, i, close);
      else scan.valueStart();
      i = close + 1;
    } else if (c === 123 || c === 91) {
      scan.open(c === 91); // '{' or '['
      i++;
    } else if (c === 125 || c === 93) {
      scan.close(); // '}' or ']'
      i++;
    } else if (c === 44) {
      // ',': inside an object a key comes next
      scan.expectKey = scan.isArray.length > 0 && !scan.isArray[scan.isArray.length - 1];
      i++;
    } else {
      // A number, true, false or null: runs to the next delimiter.
      scan.valueStart();
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === LF || d === 13 || d === 9) break;
        i++;
      }
    }
  }
}

/** The state of a scan (a class, so the per-document work creates no closures). */
class Scan {
  readonly locations: Locations = {};
  keys = 0;
  depth = 0;
  line = 1;
  // Open containers: whether each is an array, its next index, its path (when recorded).
  readonly isArray: boolean[] = [];
  private readonly nextIndex: number[] = [];
  private readonly paths: string[] = [];
  expectKey = false;
  /** Path of the value that comes next inside an object (its key's path). */
  private pendingPath = '';

  constructor(private readonly pathDepth: number) {}

  key(text: string, open: number, close: number): void {
    this.keys++;
    this.expectKey = false;
    const level = this.isArray.length;
    if (level <= this.pathDepth) {
      const key = keyText(text, open, close);
      this.pendingPath = level === 1 ? key : `${this.paths[level - 1]}.${key}`;
      this.locations[this.pendingPath] = this.line;
    }
  }

  /** A value starts: records an array item's line; returns the value's path (for a container). */
  valueStart(): string {
    const level = this.isArray.length;
    if (level === 0) {
      if (this.pathDepth >= 0) this.locations[''] = this.line;
      return '';
    }
    if (level > this.depth) this.depth = level;
    if (!this.isArray[level - 1]) return this.pendingPath;
    const index = this.nextIndex[level - 1]!++;
    if (level > this.pathDepth) return '';
    const path = level === 1 ? String(index) : `${this.paths[level - 1]}.${index}`;
    this.locations[path] = this.line;
    return path;
  }

  open(array: boolean): void {
    const path = this.valueStart();
    this.isArray.push(array);
    this.nextIndex.push(0);
    this.paths.push(path);
    this.expectKey = !array;
  }

  close(): void {
    this.isArray.pop();
    this.nextIndex.pop();
    this.paths.pop();
    this.expectKey = false;
  }
}

/**
 * Which open containers are objects, by level, for countKeys (reused: countKeys runs once per
 * JSON Lines record and must not allocate). Past its end the types are not kept: that document
 * nests far deeper than LIMITS.maxDepth and is refused by the full scan whatever the count.
 */
const OPEN_IS_OBJECT = new Uint8Array(256);

/**
 * Keys written and nesting depth of valid JSON, as scanValidJson counts them, without recording
 * any line: the per-record check of a JSON Lines file.
 */
export function countKeys(text: string): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  let level = 0;
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (expectKey) {
        keys++;
        expectKey = false;
      } else if (level > depth) depth = level;
      i = stringEnd(text, i) + 1;
    } else if (c === 123 || c === 91) {
      // '{' or '['
      if (level > depth) depth = level;
      if (level < OPEN_IS_OBJECT.length) OPEN_IS_OBJECT[level] = c === 123 ? 1 : 0;
      level++;
      expectKey = c === 123;
      i++;
    } else if (c === 125 || c === 93) {
      level--;
      expectKey = false;
      i++;
    } else if (c === 44) {
      // ',': inside an object a key comes next
      expectKey = level > 0 && level <= OPEN_IS_OBJECT.length && OPEN_IS_OBJECT[level - 1] === 1;
      i++;
    } else if (c === 32 || c === 9 || c === LF || c === 13 || c === 58) {
      i++; // whitespace and ':'
    } else {
      // A number, true, false or null: runs to the next delimiter.
      if (level > depth) depth = level;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === LF || d === 13 || d === 9) break;
        i++;
      }
    }
  }
  return { keys, depth };
}

/** Keys held by parsed data, counted only where it nests no deeper than `maxDepth`. */
export function keysHeld(value: unknown, maxDepth: number, level = 0): number {
  if (value === null || typeof value !== 'object' || level > maxDepth) return 0;
  let keys = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) keys += keysHeld(value[i], maxDepth, level + 1);
    return keys;
  }
  for (const key in value) {
    keys++;
    keys += keysHeld((value as Record<string, unknown>)[key], maxDepth, level + 1);
  }
  return keys;
}
