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
  /** Lines of the items of the arrays named in `items`, by index (such items get no `locations` key). */
  items?: Record<string, number[]>;
  /** For the arrays named in `itemKeys` too: the line of the keys named there in each item that is an object. */
  itemKeys?: Record<string, (Record<string, number> | undefined)[]>;
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

/** Whether the string between `open` and `close` holds an escape. */
function hasEscape(text: string, open: number, close: number): boolean {
  for (let i = open + 1; i < close; i++) if (text.charCodeAt(i) === BACKSLASH) return true;
  return false;
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
export function scanValidJson(text: string, pathDepth: number, items?: readonly string[], itemKeys?: Readonly<Record<string, readonly string[]>>): ValidJsonScan {
  const scan = new Scan(pathDepth, items, itemKeys);
  walkValidJson(text, scan);
  return { keys: scan.keys, depth: scan.depth, locations: scan.locations, ...(scan.items ? { items: scan.items } : {}), ...(scan.itemKeys ? { itemKeys: scan.itemKeys } : {}) };
}

/** The walk over the text: `scan` hears of each key, value start, open and close, in order. */
function walkValidJson(text: string, scan: Scan): void {
  const n = text.length;
  let i = 0;
  let line = scan.line;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      i++; // spaces first: most of a pretty-printed document
    } else if (c === LF) {
      line++;
      i++;
      // The indentation of the next line, in one tight loop.
      while (text.charCodeAt(i) === 32) i++;
    } else if (c === 9 || c === 13 || c === 58) {
      i++; // whitespace and ':'
    } else if (c === QUOTE) {
      scan.line = line;
      const close = stringEnd(text, i);
      if (scan.expectKey) scan.key(text, i, close);
      else scan.valueStart();
      i = close + 1;
    } else if (c === 123 || c === 91) {
      scan.line = line;
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
      scan.line = line;
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

/** The path of a value under an item of an `items` list, or deeper than `pathDepth`: none is recorded. */
const NO_PATH = '\u0000';

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

  /** Item lines of the arrays asked for (their paths must lie within `pathDepth`). */
  readonly items: Record<string, number[]> | undefined;
  readonly itemKeys: Record<string, (Record<string, number> | undefined)[]> | undefined;
  /** The item-line list of each open container, when it is an array asked for. */
  private readonly itemLists: (number[] | undefined)[] = [];
  /** The key-line list of each open container, when it is an array asked for with `itemKeys`. */
  private readonly keyLists: ((Record<string, number> | undefined)[] | undefined)[] = [];
  /** Where each open container's own key lines go, when it is an object item of such an array. */
  private readonly keyTargets: (Record<string, number> | undefined)[] = [];
  /** The key names wanted, by item-key list. */
  private readonly wanted = new Map<unknown[], readonly string[]>();
  /** The key names wanted of each open container (with keyTargets). */
  private readonly wantedNames: (readonly string[] | undefined)[] = [];

  constructor(
    private readonly pathDepth: number,
    itemPaths?: readonly string[],
    itemKeyPaths?: Readonly<Record<string, readonly string[]>>,
  ) {
    if (itemPaths && itemPaths.length > 0) {
      this.items = Object.create(null) as Record<string, number[]>;
      for (const path of itemPaths) this.items[path] = [];
      if (itemKeyPaths) {
        this.itemKeys = Object.create(null) as Record<string, (Record<string, number> | undefined)[]>;
        for (const path of Object.keys(itemKeyPaths)) {
          if (!Object.hasOwn(this.items, path)) continue;
          const list: (Record<string, number> | undefined)[] = [];
          this.itemKeys[path] = list;
          this.wanted.set(list, itemKeyPaths[path]!);
        }
      }
    }
  }

  key(text: string, open: number, close: number): void {
    this.keys++;
    this.expectKey = false;
    const level = this.isArray.length;
    const target = this.keyTargets[level - 1];
    if (target) {
      // Only the keys asked for, compared in place (no string made per key) unless written with escapes.
      for (const name of this.wantedNames[level - 1]!) {
        if (Object.hasOwn(target, name)) continue; // the first, as the full scan keeps it (a duplicate sends the caller there anyway)
        if (close - open - 1 === name.length && text.startsWith(name, open + 1)) target[name] = this.line;
        else if (hasEscape(text, open, close) && keyText(text, open, close) === name) target[name] = this.line;
      }
    }
    if (level <= this.pathDepth) {
      if (this.paths[level - 1] === NO_PATH) {
        this.pendingPath = NO_PATH;
        return;
      }
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
    const list = this.itemLists[level - 1];
    if (list) {
      list.push(this.line);
      this.keyLists[level - 1]?.push(undefined); // replaced by open() for an object item
      return NO_PATH;
    }
    if (level > this.pathDepth || this.paths[level - 1] === NO_PATH) return NO_PATH;
    const path = level === 1 ? String(index) : `${this.paths[level - 1]}.${index}`;
    this.locations[path] = this.line;
    return path;
  }

  open(array: boolean): void {
    const level = this.isArray.length;
    const path = this.valueStart();
    // The root's path is '' like an unrecorded one: only a root asked for, or a recorded path, names a list.
    const named = level === 0 || (path !== '' && path !== NO_PATH);
    const listed = array && named && this.items !== undefined && Object.hasOwn(this.items, path);
    this.itemLists.push(listed ? this.items![path] : undefined);
    this.keyLists.push(listed && this.itemKeys && Object.hasOwn(this.itemKeys, path) ? this.itemKeys[path] : undefined);
    const keyList = level > 0 ? this.keyLists[level - 1] : undefined;
    let target: Record<string, number> | undefined;
    if (keyList && !array) {
      target = {};
      keyList[keyList.length - 1] = target;
    }
    this.keyTargets.push(target);
    this.wantedNames.push(target ? this.wanted.get(keyList!) : undefined);
    this.isArray.push(array);
    this.nextIndex.push(0);
    this.paths.push(path);
    this.expectKey = !array;
  }

  close(): void {
    this.wantedNames.pop();
    this.keyTargets.pop();
    this.keyLists.pop();
    this.itemLists.pop();
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

/**
 * At least as many as the keys valid JSON writes, and in practice exactly as many: the colons
 * that follow a closing quote (an unescaped `"`, then whitespace). Every key's colon is one; inside
 * a string an unescaped quote cannot occur, so the only others are colons at the start of a string
 * value (`": "`), counted too: an upper bound. JSON.parse keeps one key of each duplicate, so when
 * this bound equals the keys the data holds, the text has no duplicate key (and, having none, nests
 * as deep as the data). It costs one native search per colon, not a walk over every character,
 * which is what countKeys costs a JSON Lines record.
 */
export function keysAtMost(text: string): number {
  let keys = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let q = i - 1;
    let c = text.charCodeAt(q);
    while (c === 32 || c === 9 || c === LF || c === 13) c = text.charCodeAt(--q);
    if (c !== QUOTE) continue;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if ((slashes & 1) === 0) keys++;
  }
  return keys;
}

/**
 * Keys held by parsed data, or -1 when it nests deeper than `maxDepth` (a value more than
 * `maxDepth` containers down; the walk stops there), as countKeys would see the text of data
 * without duplicates. Allocates nothing: runs once per JSON Lines record.
 */
export function heldKeys(value: unknown, maxDepth: number): number {
  SHAPE.keys = 0;
  SHAPE.tooDeep = false;
  walkHeld(value, maxDepth, 0);
  return SHAPE.tooDeep ? -1 : SHAPE.keys;
}

const SHAPE = { keys: 0, tooDeep: false };

function walkHeld(value: unknown, maxDepth: number, level: number): void {
  if (level > maxDepth) {
    SHAPE.tooDeep = true;
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkHeld(value[i], maxDepth, level + 1);
    return;
  }
  for (const key in value) {
    SHAPE.keys++;
    walkHeld((value as Record<string, unknown>)[key], maxDepth, level + 1);
  }
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
