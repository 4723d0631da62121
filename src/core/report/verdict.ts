// The verdict when no reviews can be seen (the CLI, the JSON/SARIF reports): what the files
// decide on their own. `fail` on any error finding; `pending` when there is none but a touched
// model's tier needs at least one approval (DESIGN §7: the CLI cannot see reviews); else `pass`.
import type { RiskTier } from '../artifacts/types.ts';
import { gateTier } from '../approval/explain.ts';
import { applicableItems } from '../approval/waivers.ts';
import type { Evaluation } from '../engine/evaluate.ts';
import { plural } from '../rules/support/wording.ts';

export type LocalDecision = 'pass' | 'pending' | 'fail';

export interface ApprovalNeed {
  /** The gate tier: the highest of every touched model, base or head. */
  tier: RiskTier;
  approvals: number;
  /** As written in the policy (`@acme/model-risk`); empty = anyone with write access. */
  reviewers: string[];
  /** Checklist items of that tier, to acknowledge on the pull request. */
  checklist: { id: string; text: string }[];
}

/** What the policy asks of the pull request before it may merge; undefined when no model is touched. */
export function approvalNeed(evaluation: Evaluation): ApprovalNeed | undefined {
  // The same tier and checklist the approval gate computes, so the CLI and the App agree.
  const tier = gateTier(evaluation.models);
  if (!tier) return undefined;
  const requirement = evaluation.policy.tiers[tier];
  return {
    tier,
    approvals: requirement.approvals,
    reviewers: [...requirement.reviewers],
    checklist: applicableItems(evaluation.policy.checklist, tier).map((c) => ({ id: c.id, text: c.text })),
  };
}

export function localDecision(evaluation: Evaluation): LocalDecision {
  if (evaluation.errors > 0) return 'fail';
  const policy = evaluation.policy;
  return evaluation.models.some((m) => (policy.tiers[m.tier]?.approvals ?? 0) >= 1) ? 'pending' : 'pass';
}

/** Team and user names as the report shows them: without `@`, so nobody is notified. */
export function withoutAt(name: string): string {
  return name.replace(/^@/, '');
}

/**
 * The verdict's words. `code` formats a team or user name (a code span in Markdown, the bare
 * name in a terminal), so the same sentence serves both.
 */
export function localVerdict(evaluation: Evaluation, code: (name: string) => string): { state: LocalDecision; text: string } {
  const state = localDecision(evaluation);
  const need = approvalNeed(evaluation);
  const who = need && need.reviewers.length > 0 ? need.reviewers.map((r) => code(withoutAt(r))).join(' or ') : 'anyone with write access';
  const approvals = need && need.approvals > 0 ? `${plural(need.approvals, 'approval')} from ${who}` : undefined;
  if (state === 'fail') return { state, text: `blocked — ${plural(evaluation.errors, 'error')} to fix${approvals ? `, then ${approvals}` : ''}` };
  if (state === 'pending') return { state, text: `pending — no errors; the pull request needs ${approvals ?? 'approval'} (tier ${need?.tier ?? 'medium'})` };
  if (!need) return { state, text: evaluation.warnings > 0 ? `pass — no model changes, ${plural(evaluation.warnings, 'warning')}` : 'pass — no model changes' };
  return { state, text: evaluation.warnings > 0 ? `pass — no errors, ${plural(evaluation.warnings, 'warning')}` : 'pass — no errors' };
}
