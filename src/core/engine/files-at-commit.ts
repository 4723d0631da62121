// Which files of another commit's tree belong to the models a PR touches. Approvals and waivers
// go stale when a model's files change, and "the model's files" must be the union of its files at
// the reviewed commit and at head: a file removed since the review (a deleted thresholds.yaml) is
// only in the older tree, so the head's file list alone would never notice it.
import picomatch from 'picomatch';
import type { ModelEvaluation } from './pipeline.ts';

/**
 * Paths of `paths` (another commit's tree) that lie in a touched or removed model's directory or
 * match its card's `governance.paths`. A nested model's files under a touched directory are
 * included: that can only make an approval stale, never keep one.
 */
export function modelFilesIn(models: readonly Pick<ModelEvaluation, 'dir' | 'context'>[], paths: readonly string[]): string[] {
  const dirs = models.map((m) => m.dir);
  const globs = models.flatMap((m) => m.context.head.card.governance?.paths ?? []);
  const inGovernance = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  const underDir = (path: string) => dirs.some((dir) => dir === '' || path.startsWith(`${dir}/`));
  return paths.filter((path) => underDir(path) || inGovernance(path));
}
