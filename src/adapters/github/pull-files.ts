// The changed files of a pull request as GitHub lists them (REST, 100 a page), in as few
// rounds as the event allows: a review's reads have two rounds in all (load-snapshot.ts).
import type { Octokit } from '@octokit/rest';
import type { RepoRef } from './client.ts';

/** GitHub lists at most 3,000 files of a pull request, 100 a page. */
const MAX_FILE_PAGES = 30;

/**
 * The pull request's files, page by page as GitHub lists them. When the event says how many
 * there are, every page is asked for at once (one round of reads, not one per 100 files); should
 * the last of them be full and GitHub name a next page (a push added files since), the rest
 * follow one after another.
 */
export async function listFilePages(octokit: Octokit, { owner, repo }: RepoRef, pullNumber: number, expectedCount: number | undefined) {
  const pages = Math.min(Math.ceil((expectedCount ?? 0) / 100), MAX_FILE_PAGES);
  const params = { owner, repo, pull_number: pullNumber, per_page: 100 };
  if (pages <= 1) return octokit.paginate(octokit.rest.pulls.listFiles, params);
  const read = await Promise.all(Array.from({ length: pages }, (_, i) => octokit.rest.pulls.listFiles({ ...params, ...(i > 0 ? { page: i + 1 } : {}) })));
  const files = read.flatMap((r) => r.data);
  const last = read.at(-1)!;
  if (pages < MAX_FILE_PAGES && last.data.length === 100 && /rel="next"/.test(last.headers.link ?? '')) files.push(...(await octokit.paginate(octokit.rest.pulls.listFiles, { ...params, page: pages + 1 })));
  return files;
}
