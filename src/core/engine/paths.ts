// Repository paths are `/`-separated and relative to the root ('' is the root directory).
// Hand-rolled instead of node:path so the core stays platform-independent and import-pure.

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/**
 * Resolves a path written in a card (relative to the card's directory) to a repository path.
 * A leading `/` means the repository root. Undefined when it climbs out of the repository or is
 * a URL: such a reference cannot name a file of this PR.
 */
export function resolveFrom(dir: string, written: string): string | undefined {
  const text = written.trim().replace(/\\/g, '/');
  if (text === '' || /^[a-z][a-z0-9+.-]*:/i.test(text)) return undefined;
  const parts = text.startsWith('/') ? [] : dir === '' ? [] : dir.split('/');
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

const dirSets = new WeakMap<readonly string[], Set<string>>();

/**
 * The deepest directory in `dirs` that contains `path`. Walks up the path's ancestors against a
 * set (cached per `dirs` array), so it costs the path's depth, not the number of models.
 */
export function deepestOwner(path: string, dirs: readonly string[]): string | undefined {
  let set = dirSets.get(dirs);
  if (!set) dirSets.set(dirs, (set = new Set(dirs)));
  for (let d = dirOf(path); ; d = dirOf(d)) {
    if (set.has(d)) return d;
    if (d === '') return undefined;
  }
}

/** Index of the first element of a sorted array that is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The paths of a sorted list that lie under `base` (or equal it). A glob only matches below
 * its static base, so `src/churn/**` is tested against src/churn's files, not the whole tree.
 */
export function pathsUnder(sorted: readonly string[], base: string): readonly string[] {
  if (base === '') return sorted;
  const out: string[] = [];
  for (let i = lowerBound(sorted, base); i < sorted.length; i++) {
    const p = sorted[i]!;
    if (!p.startsWith(base)) break;
    if (p.length === base.length || p[base.length] === '/') out.push(p);
  }
  return out;
}
