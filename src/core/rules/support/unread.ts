// An artifact that did not parse in full is artifact-parseable's finding. A rule that reports
// something *absent* from it ("no seed", "no version", "no quality assertions") may be reporting
// the part the parser could not read: one defect, two findings, the second a guess (issue 11).
// Such rules ask here first; what a rule finds *present* (a failing assertion) still counts.
import type { Lineage } from '../../artifacts/types.ts';
import type { PullRequestContext } from '../define.ts';
import type { InputDataset } from './lineage.ts';

/** True when one of `files` has a parse error (a warning means it was read in full, so it does not count). */
export function partlyUnread(pr: PullRequestContext, ...files: string[]): boolean {
  return pr.parseErrors.some((e) => files.includes(e.file) && e.severity !== 'warn');
}

/** The documents that mention an input dataset (dvc.yaml and dvc.lock may both). */
export function mentionFiles(docs: readonly Lineage[], input: InputDataset): string[] {
  return docs.filter((d) => input.mentions.some((m) => d.datasets.includes(m))).map((d) => d.file);
}
