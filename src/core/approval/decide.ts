// The approval gate (DESIGN §5): data in, a decision that explains itself out. No GitHub I/O,
// no clock. Every unknown resolves towards "not approved": a missing team, a missing blob, an
// unknown commit or an adapter error can delay a merge, never allow one.
import { ActorJudge, Directory, actorName, isBotLogin, isTeam, loginKey, type ActorRules } from './actors.ts';
import { commandApprovals, commentCommands, latestPerUser, reviewActions, type Action } from './actions.ts';
import { attributionMet, explain, gateTier, highestTier, summarize, type Attribution, type Facts } from './explain.ts';
import { StalenessJudge } from './staleness.ts';
import { applicableItems, judgeAcks, judgeWaivers } from './waivers.ts';
import type {
  ApprovalDecision,
  ApprovalPolicy,
  CheckConclusion,
  CountedApproval,
  DecideInput,
  DecisionState,
  GateFinding,
  GateInput,
  IgnoredActor,
  RiskTier,
  StaleApproval,
} from './types.ts';

const CONCLUSION: Record<DecisionState, CheckConclusion> = {
  pass: 'success',
  pending: 'action_required',
  fail: 'failure',
};

export function decide(input: DecideInput): ApprovalDecision {
  const { evaluation, policy, pr } = input;
  const tier = gateTier(evaluation.models);
  const tierBase = highestTier(evaluation.models.map((m) => m.tierBase));
  const tierHead = highestTier(evaluation.models.map((m) => m.tierHead));
  const policyProblems = [...evaluation.policyErrors.map(messageOf), ...tierProblems(policy, tier)];
  const requirement = tier ? policy.tiers[tier] : undefined;
  const required = requirement && policyProblems.length === 0 ? requirement.approvals : 0;
  const reviewers = reviewerNames(requirement?.reviewers);

  const directory = new Directory(input.eligibility);
  const actors = new ActorJudge(directory, pr);
  const staleness = new StalenessJudge(policy.approval.invalidateOn, pr.headSha, evaluation.models, input.blobsAt);
  const approverRules: ActorRules = {
    allowed: reviewers,
    allowAuthor: policy.approval.allowAuthor,
    allowContributors: policy.approval.allowContributors,
  };
  // With no `waivers.by`, the tier's approvers may waive; with no model touched there is no tier,
  // so the strictest tier's approvers stand in (a PR-wide error is waived by the highest bar).
  const waiverBy = reviewerNames(policy.approval.waivers.by);
  const waiverRules: ActorRules = {
    ...approverRules,
    allowed: waiverBy.length > 0 ? waiverBy : tier ? reviewers : reviewerNames(policy.tiers.high?.reviewers),
  };

  const { commands, refused } = commentCommands(input.comments);
  const ctx = { actors, staleness, refused };
  const errors = uniqueFindings(evaluation).filter((finding) => finding.severity === 'error');
  const { granted: waivers, covered } = judgeWaivers(commands, errors, waiverRules, policy.approval.waivers.requireReason, ctx, { headSha: pr.headSha, filesAt: input.findingFilesAt ?? {} });
  const blockingFindings = errors.filter((finding) => !covered.has(finding));
  const checklist = judgeAcks(commands, policy.checklist, applicableItems(policy.checklist, tier), approverRules, tier, ctx);

  // Approvals are only weighed against a tier from a sound policy: with no model touched nobody is
  // eligible for anything, and counting against a broken policy would only mislead.
  const actions = tier && policyProblems.length === 0 ? latestPerUser([...reviewActions(input.reviews), ...commandApprovals(commands)]) : [];
  const approvals = weighApprovals(actions, actors, approverRules, staleness);
  const attribution = tier && policyProblems.length === 0 ? attributionOf(pr.unattributedCommits ?? [], tier, reviewers, approvals.approvedBy, actors, directory) : undefined;

  const facts: Facts = {
    state: 'pass',
    ...(tier && { tier }),
    ...(tierBase && { tierBase }),
    ...(tierHead && { tierHead }),
    required,
    reviewers,
    ...approvals,
    waivers,
    refusedCommands: refused,
    checklist,
    blockingErrors: blockingFindings.length,
    ...(input.inputError !== undefined && { inputError: input.inputError }),
    policyProblems,
    blockingFindings,
    unknownTeams: tier ? directory.unknownTeams(reviewers) : [],
    ...(attribution && { attribution }),
  };
  facts.state = stateOf(facts);
  const { inputError: _input, policyProblems: _policy, blockingFindings: _findings, unknownTeams: _teams, attribution: _attribution, ...decision } = facts;
  return { ...decision, conclusion: CONCLUSION[facts.state], summary: summarize(facts), reasons: explain(facts) };
}

/** Precedence: anything unreadable, then anything to fix, then anything to wait for. */
function stateOf(facts: Facts): DecisionState {
  if (facts.inputError !== undefined || facts.policyProblems.length > 0 || facts.blockingErrors > 0) return 'fail';
  if (!facts.tier) return 'pass';
  // A request for changes from an eligible reviewer is a person saying "not yet": `pending`
  // (action_required), like missing approvals, because what clears it is a human act. `fail`
  // is kept for what the author must fix in files. Either blocks a required check.
  const waiting =
    facts.changesRequestedBy.length > 0 ||
    facts.approvedBy.length < facts.required ||
    facts.checklist.some((item) => !item.acked) ||
    (facts.attribution !== undefined && !attributionMet(facts.attribution));
  return waiting ? 'pending' : 'pass';
}

/**
 * Commits linked to no account could be anyone's, a writer hiding behind an address GitHub
 * does not know included. Below tier high that is said, no more. At tier high one counted
 * approval must come from a member of one of the tier's teams who is not a possible author: a
 * team is a list the organisation keeps, while "anyone with write access" or a named user may be
 * the very person hiding. A tier that names no team cannot meet this, and waits (fail closed).
 */
function attributionOf(
  commits: readonly string[],
  tier: RiskTier,
  reviewers: readonly string[],
  approvedBy: readonly CountedApproval[],
  actors: ActorJudge,
  directory: Directory,
): Attribution | undefined {
  if (commits.length === 0) return undefined;
  if (tier !== 'high') return { commits: [...commits] };
  const teams = reviewers.filter(isTeam);
  const vouchedBy = approvedBy.map((a) => a.login).filter((login) => directory.isListed(login, teams) && !actors.isPossibleAuthor(login));
  return { commits: [...commits], teams, vouchedBy };
}

function weighApprovals(
  actions: readonly Action[],
  actors: ActorJudge,
  rules: ActorRules,
  staleness: StalenessJudge,
): { approvedBy: CountedApproval[]; stale: StaleApproval[]; ignored: IgnoredActor[]; changesRequestedBy: string[] } {
  const result = { approvedBy: [] as CountedApproval[], stale: [] as StaleApproval[], ignored: [] as IgnoredActor[], changesRequestedBy: [] as string[] };
  for (const action of actions) {
    const login = action.user.login;
    const verdict = actors.judge(action.user, rules);
    if (!verdict.ok) {
      result.ignored.push({ login, why: verdict.why });
      continue;
    }
    // A request for changes blocks however old it is: it stands until that person says otherwise.
    if (action.stance === 'request-changes') {
      result.changesRequestedBy.push(login);
      continue;
    }
    const commit = action.commit ?? '';
    const judged = staleness.judge(action.commit);
    if (judged.stale) result.stale.push({ login, via: action.via, commit, changedFiles: judged.changedFiles, why: judged.why });
    else result.approvedBy.push({ login, via: action.via, commit });
  }
  return result;
}

/** A finding reported both per model and PR-wide is one finding, counted once. */
function uniqueFindings(evaluation: GateInput): GateFinding[] {
  const seen = new Map<string, GateFinding>();
  for (const finding of [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)]) {
    const key = JSON.stringify([finding.ruleId, finding.severity, finding.file, finding.line, finding.message]);
    if (!seen.has(key)) seen.set(key, finding);
  }
  return [...seen.values()];
}

function reviewerNames(specs: readonly string[] | undefined): string[] {
  return (specs ?? []).map(actorName).filter((name) => name.length > 0);
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    // ParseError carries file and line; a schema issue may carry a key path instead.
    const file = 'file' in error && typeof error.file === 'string' ? error.file : undefined;
    const line = 'line' in error && typeof error.line === 'number' ? `:${error.line}` : '';
    const path = 'path' in error && typeof error.path === 'string' && error.path !== '' ? error.path : undefined;
    const where = file ? `${file}${line}` : path;
    return where ? `${where}: ${error.message}` : error.message;
  }
  return 'unreadable policy error';
}

/** The policy's own schema should prevent these; the gate still refuses to guess. */
function tierProblems(policy: ApprovalPolicy, tier: RiskTier | undefined): string[] {
  if (!tier) return [];
  const requirement = policy.tiers[tier] as ApprovalPolicy['tiers'][RiskTier] | undefined;
  if (!requirement) return [`no requirements for tier ${tier}`];
  if (!Number.isInteger(requirement.approvals) || requirement.approvals < 0) {
    return [`tier ${tier}: approvals must be a whole number of at least 0`];
  }
  return [];
}

/**
 * Whom to ask for a review (`approval.request_reviewers` in the file). Only while the gate waits on
 * approvals: with errors to fix, reviewers would be asked to look at something about to change.
 * Teams come back as written (`org/team`; GitHub takes the slug for the repository's own org).
 * Users exclude the author (GitHub refuses that request), bots and anyone whose approval already
 * counts; stale approvers are asked again. "Anyone with write access" names nobody to ask.
 */
export function reviewersToRequest(
  decision: ApprovalDecision,
  policy: Pick<ApprovalPolicy, 'approval'>,
  prAuthor: string,
): { users: string[]; teams: string[] } {
  const none = { users: [], teams: [] };
  if (!policy.approval.requestReviewers || decision.state !== 'pending') return none;
  if (decision.approvedBy.length >= decision.required) return none;
  const counted = new Set(decision.approvedBy.map((a) => loginKey(a.login)));
  const teams = decision.reviewers.filter(isTeam);
  const users = decision.reviewers.filter(
    (name) => !isTeam(name) && loginKey(name) !== loginKey(prAuthor) && !isBotLogin(name) && !counted.has(loginKey(name)),
  );
  return { users, teams };
}
