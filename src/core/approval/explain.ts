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
  attribution?: Attribution;
};

/** Commits linked to no GitHub account, and at tier high who vouched for them (decide.ts). */
export interface Attribution {
  /** SHAs of the commits whose author and committer name no account. */
  commits: string[];
  /** Tier high only: the teams one of whose members must vouch (empty = none named: it cannot be met). */
  teams?: string[];
  /** Tier high only: counted approvers in those teams who are not possible authors. */
  vouchedBy?: string[];
}

export const attributionMet = (attribution: Attribution): boolean => attribution.teams === undefined || (attribution.vouchedBy ?? []).length > 0;

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
    const vouch = facts.attribution && !attributionMet(facts.attribution) ? facts.attribution.teams ?? [] : undefined;
    // With approvals still missing from a team, those approvals are the ask; otherwise say what else is.
    if (vouch && vouch.length === 0) parts.push(`a team to vouch for the unlinked commits (tier ${facts.tier} names none)`);
    else if (vouch && missing === 0) parts.push(`an approval from a member of ${list(vouch.map(code), 'or')} who is not a possible commit author`);
    return `waiting — ${parts.join('; ')}`;
  }
  // A waiver passed something modelgate flagged: never call that "no model changes".
  if (!facts.tier) return facts.waivers.length > 0 ? `passed — no model card touched; ${plural(facts.waivers.length, 'rule')} waived` : 'no model changes';
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
    const flagged = facts.waivers.length > 0 || facts.blockingErrors > 0;
    reasons.push(flagged ? 'no model card touched (what was flagged is listed above)' : 'no model changes');
    return reasons;
  }
  // Against a broken policy, counts of approvals would only mislead.
  if (facts.policyProblems.length > 0) return reasons;
  reasons.push(tierReason(facts.tier, facts.tierBase, facts.tierHead));
  const approvers = facts.approvedBy.length > 0 ? `: ${list(facts.approvedBy.map((a) => code(a.login)), 'and')}` : '';
  reasons.push(`${facts.approvedBy.length} of ${facts.required} approvals from ${describeReviewers(facts.reviewers)}${approvers}`);
  for (const team of facts.unknownTeams) reasons.push(`members of ${code(team)} are unknown, so nobody qualifies through it`);
  if (facts.attribution) reasons.push(...attributionReasons(facts.attribution, facts.tier));
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

function attributionReasons({ commits, teams, vouchedBy = [] }: Attribution, tier: RiskTier): string[] {
  const one = commits.length === 1;
  const shas = listOf(commits.map((sha) => code(sha.slice(0, 7))), 10, 'and');
  const reasons = [
    one
      ? `commit ${shas} is linked to no GitHub account (neither its author nor its committer), so who wrote it is unknown`
      : `commits ${shas} are linked to no GitHub account (neither their authors nor their committers), so who wrote them is unknown`,
  ];
  if (teams === undefined) return reasons;
  const why = "who is not a possible commit author (the unlinked commits could be anyone's)";
  if (teams.length === 0) {
    reasons.push(
      `tier ${tier} needs an approval from a member of one of its teams ${why}, but it names no team: link the commits' e-mail address to the author's GitHub account, or name a team (\`@org/team\`) in the tier's reviewers`,
    );
  } else {
    const given = vouchedBy.length > 0 ? `: given by ${list(vouchedBy.map(code), 'and')}` : '; none yet';
    reasons.push(`tier ${tier} needs an approval from a member of ${list(teams.map(code), 'or')} ${why}${given}`);
  }
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
