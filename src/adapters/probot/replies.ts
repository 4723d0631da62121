// A polite reply when a command in the triggering comment was refused (not eligible, no
// reason given, unknown checklist item...). Nothing else changes: the decision already
// ignored the command. The reply quotes no PR text unescaped and mentions nobody. The
// quoted command is made inert too: our App writes this reply, so a copied checklist marker in
// it would make it look like our sticky comment.
import type { ApprovalDecision } from '../../core/approval/types.ts';
import { MAX_REFUSED_SHOWN } from '../../core/report/approval-view.ts';
import { escapeMessage, inertCodeSpan } from '../../core/report/escape.ts';
import type { GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';

export function refusalReply(decision: ApprovalDecision, login: string): string | undefined {
  const refused = decision.refusedCommands.filter((r) => r.login.toLowerCase() === login.toLowerCase());
  if (refused.length === 0) return undefined;
  // `why` is the gate's Markdown (names in code spans) around values a commenter may have typed.
  // A comment can hold any number of command lines; the reply quotes a few and counts the rest,
  // so it stays far under GitHub's comment size limit.
  const shown = refused.slice(0, MAX_REFUSED_SHOWN);
  const lines = shown.map((r) => `- ${inertCodeSpan(r.command, 120)}: ${escapeMessage(r.why, 300, { inert: true })}`);
  if (refused.length > shown.length) lines.push(`- … and ${refused.length - shown.length} more`);
  return [`Thanks, ${inertCodeSpan(login)}. modelgate did not apply ${refused.length === 1 ? 'this command' : 'these commands'}:`, '', ...lines, '', 'Nothing about the gate changed. The checklist comment lists who can approve and waive.'].join('\n');
}

/** `login` is the triggering comment's author, from the webhook payload (no lookup needed). */
export async function replyToRefusedCommands(client: GitHubClient, pr: PullRequestRef, login: string, decision: ApprovalDecision): Promise<void> {
  const reply = refusalReply(decision, login);
  if (reply) await client.createIssueComment({ owner: pr.owner, repo: pr.repo }, pr.number, reply);
}
