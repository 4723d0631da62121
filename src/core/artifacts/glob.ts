// Repository globs written by people (a card's `governance.paths`, the policy's `models.paths`).
// picomatch never reports a bad pattern: it compiles it to a regex that matches nothing, or
// throws on a very long one. A glob that matches nothing would silently leave files out of a
// model (or out of the gate), so every such glob is an error with its reason instead.
import picomatch from 'picomatch';
import type { z } from 'zod';

/** Far above any real glob, far below picomatch's own limit (65,536), at which it throws. */
export const MAX_GLOB_LENGTH = 1024;

/** Why `glob` cannot be used as a repository-relative glob; undefined when it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; a glob may have at most ${MAX_GLOB_LENGTH}`;
  const shown = JSON.stringify(glob);
  if (glob.trim() === '') return 'is empty';
  if (glob.startsWith('/')) return `${shown} starts with /; globs are relative to the repository root, without a leading /`;
  if (glob.split('/').includes('..')) return `${shown} leaves the repository (..); globs are relative to the repository root`;
  if (glob.startsWith('!')) return `${shown} is negated; list the paths that belong to the model instead`;
  if (glob.includes('\\')) return `${shown} contains a backslash; separate directories with /`;
  try {
    if (picomatch.makeRe(glob, { dot: true }).source === '$^') return `${shown} is not a valid glob`;
  } catch {
    return `${shown} is not a valid glob`;
  }
  return undefined;
}

/** A zod refinement for a glob field: its globProblem as an issue (policy `models.paths`, card `governance.paths`). */
export function refineGlob(glob: string, ctx: z.core.$RefinementCtx<string>): void {
  const problem = globProblem(glob);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
