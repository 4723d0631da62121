// A polite reply when a command in the triggering comment was refused (not eligible, no
// reason given, unknown checklist item...). Nothing else changes: the decision already
// ignored the command. The reply quotes no PR text unescaped and mentions nobody. The
// quoted command is made inert too: our App writes this reply, so a copied checklist marker in
// it would make it look like our sticky comment.
//
// One reply per comment and reason: it answers only the commands of the comment whose event
// triggered the run (a later `/modelgate recheck` is not answered about older commands), and it
// ends with a hidden mark naming that comment and a digest of the reasons. A run whose read of
// the PR shows one of the App's own comments ending with that mark, or that this process
// posted it (GitHub's reads can lag behind its writes), does not post it again: a webhook
// redelivered five times gets one reply.
import { createHash } from 'node:crypto';
import type { ApprovalDecision, RefusedCommand } from '../../core/approval/types.ts';
import { MAX_REFUSED_SHOWN } from '../../core/report/approval-view.ts';
import { escapeMessage, inertCodeSpan } from '../../core/report/escape.ts';
import type { GitHubClient, PullComment } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';

/** The hidden last line of a reply: the comment it answers and a digest of what it says about it. */
export function replyMarker(commentId: string | number, refused: readonly Pick<RefusedCommand, 'command' | 'why'>[]): string {
  const reasons = createHash('sha256')
    .update(JSON.stringify(refused.map((r) => [r.command, r.why])))
    .digest('hex')
    .slice(0, 12);
  return `<!-- modelgate:reply comment=${String(commentId).replace(/[^\w-]/g, '')} reasons=${reasons} -->`;
}

/**
 * The reply to `login`'s refused commands: those of the comment `commentId`, marked as its
 * answer; with no comment named, all of theirs, unmarked.
 */
export function refusalReply(decision: ApprovalDecision, login: string, commentId?: string | number): string | undefined {
  const refused = decision.refusedCommands.filter(
    (r) => r.login.toLowerCase() === login.toLowerCase() && (commentId === undefined || (r.commentId !== undefined && String(r.commentId) === String(commentId))),
  );
  if (refused.length === 0) return undefined;
  // `why` is the gate's Markdown (names in code spans) around values a commenter may have typed.
  // A comment can hold any number of command lines; the reply quotes a few and counts the rest,
  // so it stays far under GitHub's comment size limit.
  const shown = refused.slice(0, MAX_REFUSED_SHOWN);
  const lines = shown.map((r) => `- ${inertCodeSpan(r.command, 120)}: ${escapeMessage(r.why, 300, { inert: true })}`);
  if (refused.length > shown.length) lines.push(`- … and ${refused.length - shown.length} more`);
  const text = [`Thanks, ${inertCodeSpan(login)}. modelgate did not apply ${refused.length === 1 ? 'this command' : 'these commands'}:`, '', ...lines, '', 'Nothing about the gate changed. The checklist comment lists who can approve and waive.'].join('\n');
  return commentId === undefined ? text : `${text}\n\n${replyMarker(commentId, refused)}`;
}

/** Replies this process posted (a bounded LRU of their marks): what GitHub's reads may not show yet. */
export class PostedReplies {
  private readonly marks = new Map<string, true>();

  constructor(private readonly max = 1000) {}

  has(key: string): boolean {
    if (!this.marks.has(key)) return false;
    this.marks.delete(key);
    this.marks.set(key, true);
    return true;
  }

  add(key: string): void {
    this.marks.delete(key);
    this.marks.set(key, true);
    for (const oldest of this.marks.keys()) {
      if (this.marks.size <= this.max) break;
      this.marks.delete(oldest);
    }
  }
}

/**
 * Answers the refused commands of the triggering comment, once. `trigger` comes from the webhook
 * payload (no lookup needed); `read` is what the run read of the PR: its decision and comments.
 */
export async function replyToRefusedCommands(
  client: GitHubClient,
  pr: PullRequestRef,
  trigger: { login: string; commentId: number },
  read: { decision: ApprovalDecision; pullComments: readonly PullComment[] },
  posted: PostedReplies,
): Promise<void> {
  const reply = refusalReply(read.decision, trigger.login, trigger.commentId);
  if (!reply) return;
  const marker = reply.slice(reply.lastIndexOf('\n') + 1);
  const key = `${pr.owner}/${pr.repo}#${pr.number} ${marker}`.toLowerCase();
  // Only the App's own comments count, and only a mark on their last line: a quoted command never ends one.
  if (posted.has(key) || read.pullComments.some((c) => c.byViewer && c.body.trimEnd().endsWith(marker))) return;
  await client.createIssueComment({ owner: pr.owner, repo: pr.repo }, pr.number, reply);
  posted.add(key);
}
