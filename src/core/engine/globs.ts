// Governance globs compiled once per glob. collect() runs once per fetch round and again in
// evaluate, each time for every model, and compiling its `governance.paths` was a fifth of its
// time on a large repository. Pure: a glob compiles to the same matcher every time.
import picomatch from 'picomatch';

export interface CompiledGlob {
  isMatch: (path: string) => boolean;
  /** The directory the glob starts from (picomatch.scan's base): no path outside it can match. */
  base: string;
}

const compiled = new Map<string, CompiledGlob>();
/** Bounded, so a repository of odd globs cannot grow it without end. */
const MAX_REMEMBERED = 10_000;

/** A governance glob (`dot: true`: `.github/**` and `.dvc` files are matched too). */
export function governanceGlob(glob: string): CompiledGlob {
  let found = compiled.get(glob);
  if (!found) {
    found = { isMatch: picomatch(glob, { dot: true }), base: picomatch.scan(glob).base };
    if (compiled.size < MAX_REMEMBERED) compiled.set(glob, found);
  }
  return found;
}

/** Whether any of `globs` matches the path. */
export function anyGovernanceGlob(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const matchers = globs.map((g) => governanceGlob(g).isMatch);
  return (path) => matchers.some((isMatch) => isMatch(path));
}
