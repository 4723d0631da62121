// On merge, the audit record of the decision in force is written as a check run on the merge
// commit, so "who let this model in, on which evidence" can be read from the commit itself.
import type { GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import { COMMENT_MARKER } from '../github/publish.ts';

export const AUDIT_CHECK = 'modelgate / audit';

/** The audit JSON block of modelgate's own checklist comment, if any. */
export function auditFromComment(body: string): string | undefined {
  const match = /<summary>Audit record<\/summary>\s*(`{3,})json\n([\s\S]*?)\n\1/.exec(body);
  return match?.[2];
}

export async function recordMergeAudit(client: GitHubClient, pr: PullRequestRef, mergeSha: string | undefined, toolVersion: string): Promise<void> {
  if (!mergeSha) return;
  const comments = await client.listIssueComments(pr, pr.number);
  const ours = comments.find((c) => c.user.type === 'Bot' && c.body.includes(COMMENT_MARKER));
  const audit = ours ? auditFromComment(ours.body) : undefined;
  const summary = audit
    ? `Pull request #${pr.number} merged with this decision in force:\n\n\`\`\`json\n${audit}\n\`\`\``
    : `Pull request #${pr.number} merged; modelgate found no checklist comment of its own (no model changes were reviewed). modelgate ${toolVersion}.`;
  await client.createCheckRun(pr, { name: AUDIT_CHECK, headSha: mergeSha, status: 'completed', conclusion: 'neutral', output: { title: `Merged: audit record of #${pr.number}`, summary } });
}
