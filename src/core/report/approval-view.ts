// The Approval section: who must approve, who did, whose approval went stale and why, waivers,
// refused commands and the checklist. With no decision (the CLI cannot see reviews) it states
// the requirement from the policy alone.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation } from '../engine/evaluate.ts';
import { escapeMarkdown, inertCodeSpan } from './escape.ts';
import type { Links } from './links.ts';
import { unreadableTierModels } from './tier.ts';
import { approvalNeed, withoutAt } from './verdict.ts';
import { listOf, plural } from '../rules/support/wording.ts';

export interface ApprovalView {
  requirement: string;
  approved: string;
  stale: string | null;
  changesRequested: string | null;
  ignored: string | null;
  waivers: string | null;
  refused: string | null;
  checklist: { box: string; text: string }[];
}

const person = (login: string) => inertCodeSpan(withoutAt(login), 100);
const commit = (sha: string) => inertCodeSpan(sha.slice(0, 7) || 'unknown', 40);

function people(logins: readonly string[]): string {
  return logins.map(person).join(', ');
}

function whoCanApprove(reviewers: readonly string[]): string {
  return reviewers.length ? `from ${reviewers.map(person).join(' or ')}` : 'from anyone with write access';
}

function exclusions(evaluation: Evaluation): string {
  const { allowAuthor, allowContributors } = evaluation.policy.approval;
  if (!allowAuthor && !allowContributors) return '; authors and contributors cannot approve';
  if (!allowAuthor) return '; the author cannot approve';
  if (!allowContributors) return '; commit authors cannot approve';
  return '';
}

/**
 * When the gate tier is high only because tiers could not be read, that is where it comes from
 * (a "base low, head medium" note would hide it); undefined otherwise.
 */
function unreadableNote(evaluation: Evaluation, tier: string | undefined): string | undefined {
  const models = unreadableTierModels(evaluation.models, tier === 'high' ? 'high' : undefined);
  if (models.length === 0) return undefined;
  const names = listOf(models.map((m) => inertCodeSpan(m.dir || '.')), 3);
  return ` (tier unreadable: the risk tier of ${names} could not be read, so ${models.length === 1 ? 'it counts' : 'they count'} as high)`;
}

function requirementText(tier: string | undefined, note: string, required: number, reviewers: readonly string[], evaluation: Evaluation): string {
  if (!tier) return 'No model changes: no approval needed.';
  if (required === 0) return `Tier **${tier}**${note}: no approval required.`;
  return `Tier **${tier}**${note}: **${required}** ${required === 1 ? 'approval' : 'approvals'} ${whoCanApprove(reviewers)}${exclusions(evaluation)}.`;
}

function staleText(decision: ApprovalDecision): string | null {
  if (decision.stale.length === 0) return null;
  const items = decision.stale.map((s) => {
    const files = s.changedFiles.slice(0, 3).map((f) => inertCodeSpan(f));
    const more = s.changedFiles.length > 3 ? ` and ${s.changedFiles.length - 3} more` : '';
    const why = files.length ? `, and ${files.join(', ')}${more} changed since` : ` (${escapeMarkdown(s.why)})`;
    return `${person(s.login)} approved ${commit(s.commit)}${why}`;
  });
  return `Stale: ${items.join('; ')}.`;
}

/**
 * Anyone who can comment can write refused commands, as many as a comment holds: only the first
 * few are quoted (the commenter is answered in a reply), so they cannot push the findings out of the
 * size-limited comment.
 */
export const MAX_REFUSED_SHOWN = 5;

function refusedText(decision: ApprovalDecision): string | null {
  const refused = decision.refusedCommands;
  if (refused.length === 0) return null;
  const shown = refused.slice(0, MAX_REFUSED_SHOWN).map((r) => `${inertCodeSpan(r.command, 120)} by ${person(r.login)} — ${escapeMarkdown(r.why)}`);
  const more = refused.length > MAX_REFUSED_SHOWN ? `; and ${plural(refused.length - MAX_REFUSED_SHOWN, 'more refused command')}` : '';
  return `Refused: ${shown.join('; ')}${more}.`;
}

/**
 * Where the gate tier comes from, when no unreadable tier explains it: both sides agree, they
 * differ (the higher counts), or only one side declares it (a new model has no base card).
 */
function tierSource(tierBase: string | undefined, tierHead: string | undefined): string {
  if (tierBase && tierHead) return tierBase !== tierHead ? ` (base ${tierBase}, head ${tierHead}: the higher counts)` : ' (base and head)';
  if (tierHead) return ' (head; no base card)';
  if (tierBase) return ' (base)';
  return '';
}

export function approvalView(decision: ApprovalDecision | undefined, evaluation: Evaluation, links: Links): ApprovalView {
  if (!decision) return localApprovalView(evaluation);
  const tierNote = unreadableNote(evaluation, decision.tier) ?? tierSource(decision.tierBase, decision.tierHead);
  return {
    requirement: requirementText(decision.tier, tierNote, decision.required, decision.reviewers, evaluation),
    approved: `Approved: ${decision.approvedBy.length ? decision.approvedBy.map((a) => `${person(a.login)} (${a.via} on ${commit(a.commit)})`).join(', ') : 'none'}.`,
    stale: staleText(decision),
    changesRequested: decision.changesRequestedBy.length ? `Changes requested by ${people(decision.changesRequestedBy)}: blocks until they approve.` : null,
    ignored: decision.ignored.length ? `Not counted: ${decision.ignored.map((i) => `${person(i.login)} (${escapeMarkdown(i.why)})`).join(', ')}.` : null,
    waivers: decision.waivers.length
      ? `Waived: ${decision.waivers.map((w) => `${links.rule(w.ruleId)} by ${person(w.by)} (${plural(w.findings, 'finding')}) — ${escapeMarkdown(w.reason, 300)}`).join('; ')}.`
      : null,
    refused: refusedText(decision),
    checklist: decision.checklist.map((c) => ({
      box: c.acked ? '☑' : '☐',
      text: `${inertCodeSpan(c.id, 80)} — ${escapeMarkdown(c.text, 300)}${c.acked ? ` (acknowledged by ${person(c.by ?? 'unknown')})` : ` (${inertCodeSpan(`/modelgate ack ${c.id}`, 120)})`}`,
    })),
  };
}

function localApprovalView(evaluation: Evaluation): ApprovalView {
  const need = approvalNeed(evaluation);
  return {
    requirement: requirementText(need?.tier, unreadableNote(evaluation, need?.tier) ?? '', need?.approvals ?? 0, need?.reviewers ?? [], evaluation),
    approved: need ? 'Reviews are not visible to a local run: approvals, waivers and acknowledgements are counted on the pull request.' : '',
    stale: null,
    changesRequested: null,
    ignored: null,
    waivers: null,
    refused: null,
    checklist: (need?.checklist ?? []).map((c) => ({ box: '☐', text: `${inertCodeSpan(c.id, 80)} — ${escapeMarkdown(c.text, 300)} (${inertCodeSpan(`/modelgate ack ${c.id}`, 120)})` })),
  };
}
