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

/** True when `path` is inside `dir` (at any depth); every path is inside the root ''. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path.startsWith(`${dir}/`);
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

/** The deepest directory in `dirs` that contains `path`. */
export function deepestOwner(path: string, dirs: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const dir of dirs) {
    if (isUnder(path, dir) && (best === undefined || dir.length > best.length)) best = dir;
  }
  return best;
}
