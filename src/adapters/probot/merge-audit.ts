// On merge, the audit record of the decision in force is written as a check run on the merge
// commit, so "who let this model in, on which evidence" can be read from the commit itself.
// Only modelgate's own comment is read (marker + our App or bot login): a user pasting a
// forged audit block under a copied marker must not become the record.
import type { GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import { isOwnComment, type CommentAuthor } from '../github/publish.ts';

export const AUDIT_CHECK = 'modelgate / audit';

/** The audit JSON block of modelgate's own checklist comment, if any. */
export function auditFromComment(body: string): string | undefined {
  const match = /<summary>Audit record<\/summary>\s*(`{3,})json\n([\s\S]*?)\n\1/.exec(body);
  return match?.[2];
}

export function auditSummary(pullNumber: number, audit: string | undefined, toolVersion: string): string {
  if (!audit) {
    return `Pull request #${pullNumber} merged; modelgate found no checklist comment of its own (no model changes were reviewed). modelgate ${toolVersion}.`;
  }
  // The block is our own JSON, but fence it longer than any backtick run inside, to be sure.
  const fence = '`'.repeat(Math.max(3, ...[...audit.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `Pull request #${pullNumber} merged with this decision in force:\n\n${fence}json\n${audit}\n${fence}`;
}

export async function recordMergeAudit(client: GitHubClient, pr: PullRequestRef, mergeSha: string | undefined, toolVersion: string, author: CommentAuthor): Promise<void> {
  if (!mergeSha) return;
  const comments = await client.listIssueComments(pr, pr.number);
  const ours = comments.find((c) => isOwnComment(c, author));
  const audit = ours ? auditFromComment(ours.body) : undefined;
  await client.createCheckRun(
    { owner: pr.owner, repo: pr.repo },
    { name: AUDIT_CHECK, headSha: mergeSha, status: 'completed', conclusion: 'neutral', output: { title: `Merged: audit record of #${pr.number}`, summary: auditSummary(pr.number, audit, toolVersion) } },
  );
}
