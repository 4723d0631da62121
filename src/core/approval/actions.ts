// Turning reviews and comments into the actions the gate weighs: for each person, their latest
// approval or request for changes, and the commands they typed.
import { parseCommands, type Command } from './commands.ts';
import { loginKey } from './actors.ts';
import type { GateUser, IssueComment, RefusedCommand, Review } from './types.ts';

export type Stance = 'approve' | 'request-changes';

export interface Action {
  user: GateUser;
  stance: Stance;
  via: 'review' | 'command';
  /** The head the action was taken on; undefined when unknown. */
  commit: string | undefined;
  at: string;
}

export interface CommentCommand {
  user: GateUser;
  command: Command;
  commit: string | undefined;
  at: string;
  /** The comment the command was written in. */
  commentId: string | number;
}

/**
 * An ISO 8601 timestamp as milliseconds; NaN when unreadable. A timestamp without a zone would be
 * read in the machine's local time, so it counts as unreadable: the same input must decide the
 * same way everywhere. (GitHub always sends `Z`.)
 */
export function instant(iso: string): number {
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? Date.parse(iso) : NaN;
}

/**
 * Sort key for "latest wins". Equal or unreadable times must never let an approval overtake a
 * request for changes, so a blocking action sorts after an approving one at the same instant,
 * and an unreadable time counts as the earliest approval or the latest objection.
 */
function order(action: Action): [number, number] {
  const time = instant(action.at);
  const blocking = action.stance === 'request-changes' ? 1 : 0;
  if (Number.isNaN(time)) return [blocking ? Infinity : -Infinity, blocking];
  return [time, blocking];
}

function compare(a: Action, b: Action): number {
  const [ta, ba] = order(a);
  const [tb, bb] = order(b);
  return ta !== tb ? (ta < tb ? -1 : 1) : ba - bb;
}

/**
 * Reviews that state a position. COMMENTED does not change one (as on GitHub), a DISMISSED
 * review no longer holds one (a dismissed request for changes stops blocking, a dismissed
 * approval stops counting), PENDING is not submitted, and a ghost account cannot act.
 */
export function reviewActions(reviews: readonly Review[]): Action[] {
  const actions: Action[] = [];
  for (const review of reviews) {
    if (!review.user) continue;
    const stance = review.state === 'APPROVED' ? 'approve' : review.state === 'CHANGES_REQUESTED' ? 'request-changes' : undefined;
    if (!stance) continue;
    actions.push({ user: review.user, stance, via: 'review', commit: review.commitId ?? undefined, at: review.submittedAt });
  }
  return actions;
}

/** Latest action per login, in the order people first acted (stable output for the comment). */
export function latestPerUser(actions: readonly Action[]): Action[] {
  const latest = new Map<string, Action>();
  for (const action of [...actions].sort(compare)) latest.set(loginKey(action.user.login), action);
  return [...latest.values()];
}

/**
 * Commands of unedited comments, oldest first. Commands in edited comments are refused: GitHub
 * lets the author rewrite a comment silently, so an approval there could be created or widened
 * after the fact. `recheck` only asks the adapter to run again and carries no decision.
 */
export function commentCommands(comments: readonly IssueComment[]): {
  commands: CommentCommand[];
  refused: RefusedCommand[];
} {
  const commands: CommentCommand[] = [];
  const refused: RefusedCommand[] = [];
  const sorted = [...comments].sort((a, b) => instant(a.createdAt) - instant(b.createdAt) || 0);
  for (const comment of sorted) {
    if (!comment.user) continue;
    const login = comment.user.login;
    const commentId = comment.id;
    for (const command of parseCommands(comment.body)) {
      if (command.kind === 'recheck') continue;
      if (comment.viaApp) refused.push({ login, command: command.text, why: 'modelgate cannot vouch that a person posted it (through a GitHub App, while modelgate was not receiving events, or its record was lost); post the command in a new comment', commentId });
      else if (comment.edited) refused.push({ login, command: command.text, why: 'the comment was edited; post the command in a new comment', commentId });
      else if (command.kind === 'unknown') refused.push({ login, command: command.text, why: `unknown command \`${command.name}\``, commentId });
      else if (command.kind === 'invalid') refused.push({ login, command: command.text, why: command.problem, commentId });
      else commands.push({ user: comment.user, command, commit: comment.commitIdAtTime, at: comment.createdAt, commentId });
    }
  }
  return { commands, refused };
}

/** `/modelgate approve` comments as approval actions. */
export function commandApprovals(commands: readonly CommentCommand[]): Action[] {
  return commands
    .filter((entry) => entry.command.kind === 'approve')
    .map((entry) => ({ user: entry.user, stance: 'approve' as const, via: 'command' as const, commit: entry.commit, at: entry.at }));
}
