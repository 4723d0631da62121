// Writes modelgate's results to GitHub: the sticky checklist comment, the two check runs,
// review requests and (for the Action) a commit status. Pure decisions about *what* to write
// are made before this point; these functions only make the fewest writes that get it there.
import type { CheckAnnotation, CheckRunOutput, GitHubClient, IssueCommentRecord, RepoRef } from './client.ts';

export const COMMENT_MARKER = '<!-- modelgate:checklist -->';

/** GitHub rejects check-run summaries and texts over 65,535 characters. */
export const MAX_CHECK_TEXT = 65_535;

/** GitHub accepts at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

export interface CommentAuthor {
  /** The App's id: comments it wrote carry `performed_via_github_app.id`. */
  appId?: number;
  /** The bot login (`modelgate[bot]`, or `github-actions[bot]` for the Action). */
  botLogin?: string;
}

/**
 * Ours = carries the marker AND was written by our bot; a user quoting the marker is not us.
 * (The inventory issues are judged the same way, by their own marker: inventory-client.ts.)
 */
export function isOwnComment(comment: Pick<IssueCommentRecord, 'body' | 'user' | 'appId'> & Partial<IssueCommentRecord>, author: CommentAuthor, marker = COMMENT_MARKER): boolean {
  if (!comment.body.includes(marker)) return false;
  if (comment.user.type !== 'Bot') return false;
  if (author.appId !== undefined && comment.appId === author.appId) return true;
  return author.botLogin !== undefined && comment.user.login === author.botLogin;
}

export type CommentWrite = 'created' | 'updated' | 'unchanged' | 'skipped';

/**
 * Keeps exactly one checklist comment: updates ours in place (no write when the body is the
 * same), deletes duplicates a race may have left, creates one when there is none, unless
 * `createIfMissing` is false (a PR with nothing to report gets no new comment, but an
 * existing one is still brought up to date, e.g. after a model change was reverted).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  ref: RepoRef,
  issueNumber: number,
  body: string,
  author: CommentAuthor,
  createIfMissing = true,
): Promise<{ write: CommentWrite; id?: number }> {
  const ours = (await client.listIssueComments(ref, issueNumber)).filter((c) => isOwnComment(c, author));
  const [keep, ...duplicates] = ours;
  for (const duplicate of duplicates) await client.deleteIssueComment(ref, duplicate.id);
  if (!keep && !createIfMissing) return { write: 'skipped' };
  if (!keep) return { write: 'created', id: await client.createIssueComment(ref, issueNumber, body) };
  if (keep.body === body) return { write: 'unchanged', id: keep.id };
  await client.updateIssueComment(ref, keep.id, body);
  return { write: 'updated', id: keep.id };
}

/** Cuts text to GitHub's limit, saying so in the text itself. */
export function fitCheckText(text: string, limit = MAX_CHECK_TEXT, pointer = 'the full report is in the PR comment'): string {
  if (text.length <= limit) return text;
  const note = `\n\n… truncated: ${text.length - limit} more characters; ${pointer}.`;
  return text.slice(0, limit - note.length) + note;
}

export interface CheckRunResult {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure' | 'neutral' | 'action_required';
  output: CheckRunOutput;
  annotations: CheckAnnotation[];
}

/** Creates a completed check run, then adds annotations in batches of 50. */
export async function publishCheckRun(client: GitHubClient, ref: RepoRef, run: CheckRunResult): Promise<number> {
  const output: CheckRunOutput = {
    title: run.output.title.slice(0, 255),
    summary: fitCheckText(run.output.summary),
    ...(run.output.text ? { text: fitCheckText(run.output.text) } : {}),
  };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < run.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(run.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const [first, ...rest] = batches;
  const id = await client.createCheckRun(ref, {
    name: run.name,
    headSha: run.headSha,
    status: 'completed',
    conclusion: run.conclusion,
    output: first ? { ...output, annotations: first } : output,
  });
  for (const batch of rest) await client.updateCheckRun(ref, id, { output: { ...output, annotations: batch } });
  return id;
}
