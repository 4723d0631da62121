// An artifact that did not parse in full is artifact-parseable's finding. A rule that reports
// something *absent* from it ("no seed", "no version", "no quality assertions") may be reporting
// the part the parser could not read: one defect, two findings, the second a guess (issue 11).
// Such rules ask here first; what a rule finds *present* (a failing assertion) still counts.
import type { Lineage, ParseError } from '../../artifacts/types.ts';
import type { PullRequestContext } from '../define.ts';
import type { InputDataset } from './lineage.ts';

/**
 * The files with a parse error, with and without warnings, by the pull request's list of errors:
 * every model's rules ask, and scanning every error of the pull request for each made a large
 * repository quadratic. Worked out again if the list grows (a test may build it up).
 */
const filesWithErrors = new WeakMap<readonly ParseError[], { length: number; any: Set<string>; unread: Set<string> }>();

function errorFiles(pr: PullRequestContext): { any: Set<string>; unread: Set<string> } {
  let known = filesWithErrors.get(pr.parseErrors);
  if (known?.length !== pr.parseErrors.length) {
    known = { length: pr.parseErrors.length, any: new Set(pr.parseErrors.map((e) => e.file)), unread: new Set(pr.parseErrors.filter((e) => e.severity !== 'warn').map((e) => e.file)) };
    filesWithErrors.set(pr.parseErrors, known);
  }
  return known;
}

/** True when one of `files` has a parse error (a warning means it was read in full, so it does not count). */
export function partlyUnread(pr: PullRequestContext, ...files: string[]): boolean {
  const unread = errorFiles(pr).unread;
  return files.some((file) => unread.has(file));
}

/** True when `file` has a parse error, a warning included. */
export function hasParseError(pr: PullRequestContext, file: string): boolean {
  return errorFiles(pr).any.has(file);
}

/** The documents that mention an input dataset (dvc.yaml and dvc.lock may both). */
export function mentionFiles(docs: readonly Lineage[], input: InputDataset): string[] {
  return docs.filter((d) => input.mentions.some((m) => d.datasets.includes(m))).map((d) => d.file);
}
