// Words for a decision: the one-line summary (the comment heading, the check-run title) and the
// reasons behind it. Logins, team names and rule ids go in code spans, never as @-mentions, so
// the comment notifies nobody; free text from the PR (waiver reasons, command lines) stays out
// of these strings and is left to the report, which escapes it.
import type { GateFinding, RiskTier } from './types.ts';
import type { ApprovalDecision } from './types.ts';
import { inertCodeSpan } from '../report/escape.ts';
import { listOf, plural } from '../rules/support/wording.ts';

export type Facts = Omit<ApprovalDecision, 'summary' | 'reasons' | 'conclusion'> & {
  inputError?: string;
  policyProblems: string[];
  blockingFindings: readonly GateFinding[];
  unknownTeams: string[];
};

// Names come from the base policy and from GitHub (logins are restricted, policy strings are
// not): a code span that stays inert whatever the text.
const code = (text: string): string => inertCodeSpan(text);
// Every name is listed: the summary and reasons are the record of who decided.
const list = (items: readonly string[], conjunction: 'and' | 'or'): string => listOf(items, Number.POSITIVE_INFINITY, conjunction);

/** Who can approve, as a person reads it: "`acme/model-risk`", "anyone with write access". */
export function describeReviewers(reviewers: readonly string[]): string {
  return reviewers.length === 0 ? 'anyone with write access' : list(reviewers.map(code), 'or');
}

const missingApprovals = (facts: Facts): number => Math.max(0, facts.required - facts.approvedBy.length);
const unacked = (facts: Facts): number => facts.checklist.filter((item) => !item.acked).length;

export function summarize(facts: Facts): string {
  if (facts.state === 'fail') {
    if (facts.inputError !== undefined) return `failed closed — could not read the pull request's state`;
    if (facts.policyProblems.length > 0) return `failed closed — the policy has ${plural(facts.policyProblems.length, 'error')}`;
    const then: string[] = [];
    const missing = missingApprovals(facts);
    if (missing > 0) then.push(`${plural(missing, 'approval')} from ${describeReviewers(facts.reviewers)}`);
    if (unacked(facts) > 0) then.push(`${plural(unacked(facts), 'checklist item')} to acknowledge`);
    const rest = then.length > 0 ? `, then ${list(then, 'and')}` : '';
    return `blocked — ${plural(facts.blockingErrors, 'error')} to fix${rest}`;
  }
  if (facts.state === 'pending') {
    const parts: string[] = [];
    if (facts.changesRequestedBy.length > 0) parts.push(`changes requested by ${list(facts.changesRequestedBy.map(code), 'and')}`);
    const missing = missingApprovals(facts);
    if (missing > 0) {
      const more = facts.approvedBy.length > 0 ? `${missing} more ${missing === 1 ? 'approval' : 'approvals'}` : plural(missing, 'approval');
      parts.push(`${more} from ${describeReviewers(facts.reviewers)} (${facts.approvedBy.length} of ${facts.required})`);
    }
    if (unacked(facts) > 0) parts.push(`${plural(unacked(facts), 'checklist item')} to acknowledge`);
    return `waiting — ${parts.join('; ')}`;
  }
  if (!facts.tier) return 'no model changes';
  const waived = facts.waivers.length > 0 ? `; ${plural(facts.waivers.length, 'rule')} waived` : '';
  if (facts.approvedBy.length === 0) return `passed — tier ${facts.tier} requires no approval${waived}`;
  return `approved by ${list(facts.approvedBy.map((a) => code(a.login)), 'and')} (tier ${facts.tier})${waived}`;
}

const RANK: Record<RiskTier, number> = { low: 0, medium: 1, high: 2 };

export function explain(facts: Facts): string[] {
  const reasons: string[] = [];
  if (facts.inputError !== undefined) reasons.push(`could not read the pull request's state: ${facts.inputError} — failing closed`);
  for (const problem of facts.policyProblems) reasons.push(`policy error: ${problem}`);
  if (facts.blockingErrors > 0) {
    const rules = [...new Set(facts.blockingFindings.map((f) => f.ruleId))].map(code);
    reasons.push(`${plural(facts.blockingErrors, 'error')} to fix (${list(rules, 'and')})`);
  }
  for (const waiver of facts.waivers) {
    reasons.push(`${code(waiver.ruleId)} waived by ${code(waiver.by)} (${plural(waiver.findings, 'error')})`);
  }
  if (!facts.tier) {
    reasons.push('no model changes');
    return reasons;
  }
  // Against a broken policy, counts of approvals would only mislead.
  if (facts.policyProblems.length > 0) return reasons;
  reasons.push(tierReason(facts.tier, facts.tierBase, facts.tierHead));
  const approvers = facts.approvedBy.length > 0 ? `: ${list(facts.approvedBy.map((a) => code(a.login)), 'and')}` : '';
  reasons.push(`${facts.approvedBy.length} of ${facts.required} approvals from ${describeReviewers(facts.reviewers)}${approvers}`);
  for (const team of facts.unknownTeams) reasons.push(`members of ${code(team)} are unknown, so nobody qualifies through it`);
  for (const stale of facts.stale) {
    const files = stale.changedFiles.length > 0 ? ` (${stale.changedFiles.map(code).join(', ')})` : '';
    reasons.push(`approval by ${code(stale.login)} is stale: ${stale.why}${files}`);
  }
  for (const ignored of facts.ignored) reasons.push(`${code(ignored.login)} does not count: ${ignored.why}`);
  if (facts.changesRequestedBy.length > 0) {
    reasons.push(`changes requested by ${list(facts.changesRequestedBy.map(code), 'and')}; a new approval from them clears it`);
  }
  for (const item of facts.checklist) if (!item.acked) reasons.push(`checklist item ${code(item.id)} not acknowledged`);
  return reasons;
}

function tierReason(tier: RiskTier, base: RiskTier | undefined, head: RiskTier | undefined): string {
  const sides = base && head ? (base === head ? ' (base and head)' : ` (base ${base}, head ${head})`) : '';
  const lowered = base && head && RANK[head] < RANK[base] ? '; lowering the tier in a pull request does not lower the bar' : '';
  return `tier ${tier}${sides}${lowered}`;
}

/** The highest tier, or undefined for none. */
export function highestTier(tiers: readonly (RiskTier | undefined)[]): RiskTier | undefined {
  let best: RiskTier | undefined;
  for (const tier of tiers) if (tier && (!best || RANK[tier] > RANK[best])) best = tier;
  return best;
}

/**
 * The gate tier: the highest of every touched model's tier on base or head (lowering it in the
 * pull request does not lower the bar); undefined when no model is touched.
 */
export function gateTier(models: readonly { tier: RiskTier; tierBase?: RiskTier | undefined; tierHead?: RiskTier | undefined }[]): RiskTier | undefined {
  return highestTier(models.flatMap((m) => [m.tier, m.tierBase, m.tierHead]));
}
