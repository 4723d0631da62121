// What the model files were at each commit a review or command was given on. Approvals, waivers
// and acknowledgements go stale when those files change, so each reviewed commit's whole tree is
// read (one REST request each) and the model's files are taken as the union of that tree's and the
// head's: a file deleted since the review is only in the older tree. Reading paths known at head
// alone (as before) never saw a deletion.
import type { BlobsAt } from '../../core/approval/types.ts';
import { modelFilesIn } from '../../core/engine/files-at-commit.ts';
import { fileIdentity, knownLinkTexts, resolveLinks } from '../../core/engine/identity.ts';
import type { Evaluation } from '../../core/engine/evaluate.ts';
import type { FileEntry } from '../../core/engine/snapshot.ts';
import type { GitHubClient, RepoRef } from './client.ts';

/** GitHub's answers for a commit it does not have (force-pushed away and collected, or never pushed). */
const GONE = new Set([404, 409, 422]);

/** Reviewed commit -> its tree; undefined for a commit GitHub no longer has. */
export type ReviewedTrees = ReadonlyMap<string, Readonly<Record<string, FileEntry>> | undefined>;

/**
 * The trees of the commits reviews and commands were given on (the head's excepted): one request
 * each, side by side. They depend only on the PR's reviews and comments, so a review reads them
 * beside the contents, before it knows which files are the models' (review.ts).
 */
export async function readReviewedTrees(client: GitHubClient, ref: RepoRef, commits: readonly string[], headSha: string): Promise<ReviewedTrees> {
  const wanted = [...new Set(commits)].filter((c) => c !== headSha).sort();
  const read = await Promise.all(wanted.map((commit) => readTree(client, ref, commit)));
  return new Map(wanted.map((commit, i) => [commit, read[i]]));
}

/**
 * For the core: `blobsAt`, for each readable reviewed commit, every path of a touched model there
 * or at head, and the same paths at head; `findingFilesAt`, the files of error findings at those
 * commits and at head (a waiver covers the findings whose file it saw). A commit GitHub no longer
 * has is left out, so what was given on it is stale.
 */
export function blobsAtReviewedCommits(
  trees: ReviewedTrees,
  query: {
    headSha: string;
    headFiles: Readonly<Record<string, FileEntry>>;
    /** The base tree, for the texts of links it shares with a reviewed commit. */
    baseFiles?: Readonly<Record<string, FileEntry>>;
    evaluation: Evaluation;
    findingFiles: readonly string[];
  },
): { blobsAt: BlobsAt; findingFilesAt: BlobsAt } {
  const commits = [...trees.keys()].filter((c) => c !== query.headSha).sort();
  // A link is compared by what it points to; the same link blob at another commit has the same
  // text, so the texts read at head and base resolve the links of a reviewed commit's tree.
  const linkTexts = knownLinkTexts(query.headFiles, query.baseFiles ?? {});
  const modelHeadPaths = query.evaluation.models.flatMap((m) => m.files);
  const headPaths = new Set(modelHeadPaths);
  const findingFiles = [...new Set(query.findingFiles)].sort();
  const blobsAt: Record<string, Record<string, string | null>> = {};
  const findingFilesAt: Record<string, Record<string, string | null>> = {};
  for (const commit of commits) {
    const read = trees.get(commit);
    if (!read) continue;
    const tree = resolveLinks({ ...read }, linkTexts);
    const paths = new Set([...modelHeadPaths, ...modelFilesIn(query.evaluation.models, Object.keys(tree))]);
    for (const path of paths) headPaths.add(path);
    blobsAt[commit] = identities(tree, paths);
    findingFilesAt[commit] = identities(tree, findingFiles);
  }
  blobsAt[query.headSha] = identities(query.headFiles, headPaths);
  findingFilesAt[query.headSha] = identities(query.headFiles, findingFiles);
  return { blobsAt, findingFilesAt };
}

/** path -> identity in `tree`, null where the tree has no such file. */
function identities(tree: Readonly<Record<string, FileEntry>>, paths: Iterable<string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const path of [...paths].sort()) out[path] = fileIdentity(tree, path) ?? null;
  return out;
}

async function readTree(client: GitHubClient, ref: RepoRef, commit: string): Promise<Record<string, FileEntry> | undefined> {
  try {
    return await client.getTree(ref, commit);
  } catch (error) {
    if (GONE.has(Number((error as { status?: unknown } | null)?.status))) return undefined;
    throw error;
  }
}
