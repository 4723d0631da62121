// One review of one pull request, end to end, shared by the App and the Action: two rounds of
// reads -> evaluate (in slices) -> decide -> the gate published -> render -> the rules check, the
// comment and review requests. Any failure on the way ends with the approval check completed as
// `failure` and the reason: the gate fails closed.
import { isBot } from '../../core/approval/actors.ts';
import { gateTier } from '../../core/approval/explain.ts';
import { decide, parseCommands, reviewersToRequest } from '../../core/approval/index.ts';
import type { ApprovalDecision, DecideInput, IssueComment, Review } from '../../core/approval/types.ts';
import type { Evaluation } from '../../core/engine/evaluate.ts';
import type { Policy } from '../../core/policy/types.ts';
import { renderCheckSummary, renderComment } from '../../core/report/render.ts';
import { buildReportView, type ReportView } from '../../core/report/view.ts';
import { ruleById } from '../../core/rules/index.ts';
import { errorMessage, pluralize } from '../messages.ts';
import type { CheckAnnotation, GitHubClient, PullComment } from './client.ts';
import { observeHead, readCommandState, recordCommands, writeCommandState } from './command-state.ts';
import { evaluateInSlices, yieldToEventLoop } from './in-slices.ts';
import { loadEligibility, readContents, readFirstRound, snapshotAndPolicy, type LoadedPullRequest, type PullRequestRef } from './load-snapshot.ts';
import { blobsAtReviewedCommits, readReviewedTrees } from './reviewed-trees.ts';
import { COMMENT_MARKER, publishCheckRun, upsertStickyComment, type CommentAuthor } from './publish.ts';
import { alreadyAsked, reviewRequestFor } from './review-requests.ts';
import { headKey, publishHeadCheck, readHeadState, type HeadQueue } from './shared-head.ts';

export const RULES_CHECK = 'modelgate / rules';
export const APPROVAL_CHECK = 'modelgate / approval';
/** The commit status the Action publishes instead of check runs. */
export const APPROVAL_STATUS = 'modelgate/approval';

export interface ReviewOptions {
  toolVersion: string;
  /** Also whose approval check records of a shared head are trusted: without `appId`, none (shared-head.ts). */
  author: CommentAuthor;
  /**
   * Serializes the approval check's read-combine-publish per head across PRs (shared-head.ts); the
   * App passes its queue. Without it, two PRs with one head reviewed at once could lose an update.
   */
  headQueue?: HeadQueue;
  /** The comment that triggered this run, if any: its command is recorded at the current head when that head predates it. */
  triggeringComment?: { id: number; createdAt: string };
  /** Ask the tier's reviewers for a review (on opened / ready_for_review / synchronize). */
  requestReviewers?: boolean;
  /** Write the sticky comment (the Action skips it without write access). */
  comment?: boolean;
  /**
   * Where the result goes: `checks` (the App's two check runs, default), `status` (the Action: the
   * commit status APPROVAL_STATUS only, never check runs with the App's names), `none` (nothing).
   */
  publish?: 'checks' | 'status' | 'none';
  /** A 403 on the comment or status write (a fork PR's read-only token) is a warning, not a failure (the Action). */
  tolerateReadOnly?: boolean;
  ruleDocsUrl?: string;
  /**
   * Secret the hidden record of commands is signed with (command-state.ts). Without it no record
   * is trusted, so an approval by command counts only in the run its comment triggered.
   */
  stateKey?: string;
  /**
   * The review whose event triggered this run, in the state the event gives it. GitHub's API can
   * lag behind its webhooks; a run that cannot see the review yet (or sees it in an older state)
   * stops with a LaggingReadError instead of deciding on reviews older than the event.
   */
  expectReview?: { id: number; state: string };
  /** Likewise for a comment the event says was edited or deleted (an API still showing it as it was would keep its command). */
  expectComment?: { id: number; change: 'edited' | 'deleted' };
}

/** GitHub's API does not yet show what the event being handled says happened. */
export class LaggingReadError extends Error {}

/** The event's review must be visible as the event says, or already dismissed since. */
function assertReviewVisible(reviews: readonly { id: number; state: string }[], expected: { id: number; state: string }): void {
  const seen = reviews.find((r) => r.id === expected.id);
  if (seen && (seen.state === expected.state || seen.state === 'DISMISSED')) return;
  throw new LaggingReadError(`GitHub does not show review ${expected.id} as ${expected.state} yet (its API lags behind the event)`);
}

/** An edited comment must read as edited, a deleted one must be gone (an edited one may be gone since, too). */
function assertCommentChanged(comments: readonly PullComment[], expected: { id: number; change: 'edited' | 'deleted' }): void {
  const seen = comments.find((c) => c.id === expected.id);
  if (!seen || (expected.change === 'edited' && seen.edited)) return;
  throw new LaggingReadError(`GitHub still shows comment ${expected.id} as it was before it was ${expected.change} (its API lags behind the event)`);
}

export interface ReviewResult {
  evaluation: Evaluation;
  decision: ApprovalDecision;
  comment: string;
  view: ReportView;
  /** Best-effort steps that failed without affecting the gate (e.g. a review request GitHub refused). */
  warnings: string[];
  /** The pull request's comments as this review read them (the App's own marked `byViewer`), e.g. to see what it already replied. */
  pullComments: readonly PullComment[];
  /** Other open PRs with this head that have no decision recorded on it (shared-head.ts): they need a review of their own. */
  unreviewedOnHead: number[];
  /** Why the sticky comment was not written although asked for (`tolerateReadOnly`: the token may not write). */
  commentSkipped?: string;
  /** Likewise for the commit status (`publish: 'status'`). */
  statusSkipped?: string;
}

const areaOf = (ruleId: string) => ruleById(ruleId)?.meta.area;

/** Commands that carry a decision (and so depend on who wrote them, and on which head). */
const GATING = new Set(['approve', 'waive', 'ack']);

function toGateReviews(reviews: readonly { id: number; user: { login: string; type: string }; state: Review['state']; commitId: string; submittedAt: string }[]): Review[] {
  return reviews.map((r) => ({ id: r.id, user: r.user, state: r.state, commitId: r.commitId || null, submittedAt: r.submittedAt }));
}

/**
 * `heads`: the recorded commands (command-state.ts). A command comment not recorded there was
 * never seen through its own delivery, where bots and `performed_via_github_app` are checked;
 * GraphQL does not say which App created a comment, so it is not vouched for (`viaApp`).
 */
function toGateComments(comments: readonly PullComment[], heads: Record<string, string>, commandIds: ReadonlySet<number>): IssueComment[] {
  return comments
    .filter((c) => !c.byViewer)
    .map((c) => ({
      id: c.id,
      user: c.user,
      body: c.body,
      createdAt: c.createdAt,
      edited: c.edited,
      ...(heads[String(c.id)] ? { commitIdAtTime: heads[String(c.id)] } : {}),
      ...(commandIds.has(c.id) && heads[String(c.id)] === undefined ? { viaApp: true } : {}),
    }));
}

/**
 * Teams whose members the gate may need: the gate tier's reviewers and, when someone asked for a
 * waiver, whoever may waive (`waivers.by`; with an empty list the tier's reviewers, or with no
 * model touched the `high` tier's, as the core decides). A team not read here qualifies nobody.
 */
function teamsToRead(policy: Policy, evaluation: Evaluation, waiverAsked: boolean): string[] {
  // The same tier the gate decides with, so the teams read are the teams it asks about.
  const tier = gateTier(evaluation.models);
  const tierReviewers = tier ? (policy.tiers[tier]?.reviewers ?? []) : [];
  const waivers = !waiverAsked ? [] : policy.approval.waivers.by.length > 0 ? policy.approval.waivers.by : tier ? [] : (policy.tiers.high?.reviewers ?? []);
  return [...tierReviewers, ...waivers].filter((r) => r.includes('/'));
}

/**
 * Every team `teamsToRead` could name, whatever the evaluation finds: the reviewers of every tier
 * and, when someone asked for a waiver, `waivers.by`. Read beside the contents, before the
 * evaluation says which tier gates (one GraphQL query for up to 50 teams, so reading a few teams
 * more costs no request and saves a round).
 */
function teamsAnyTierMayNeed(policy: Policy, waiverAsked: boolean): string[] {
  const reviewers = Object.values(policy.tiers).flatMap((tier) => tier?.reviewers ?? []);
  return [...reviewers, ...(waiverAsked ? policy.approval.waivers.by : [])].filter((r) => r.includes('/'));
}

const teamKey = (team: string) => team.replace(/^@/, '').toLowerCase();

/** The members of exactly the teams the gate asks about: the decision sees what it saw when only those were read. */
function onlyTeams(teamMembers: Record<string, string[]>, teams: readonly string[]): Record<string, string[]> {
  const wanted = new Set(teams.map(teamKey));
  return Object.fromEntries(Object.entries(teamMembers).filter(([team]) => wanted.has(teamKey(team))));
}

function annotationsOf(evaluation: Evaluation): CheckAnnotation[] {
  const all = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
  return all.map((f) => ({
    path: f.file,
    start_line: Math.max(1, f.line),
    end_line: Math.max(1, f.line),
    annotation_level: f.severity === 'error' ? 'failure' : 'warning',
    message: f.message.slice(0, 64_000),
    title: f.ruleId,
  }));
}

/**
 * The review, in the order GitHub should see it: the approval check (or the Action's status)
 * first, as soon as the gate is decided, then the rules check, the comment and review requests.
 * Writes to GitHub are paced about a second apart per installation, so each write placed
 * before the approval check would delay the gate by that much.
 */
export async function reviewPullRequest(client: GitHubClient, pr: PullRequestRef, options: ReviewOptions): Promise<ReviewResult> {
  const ref = { owner: pr.owner, repo: pr.repo };
  const publish = options.publish ?? 'checks';
  // The approval check of a head may combine several PRs' decisions (shared-head.ts): from the
  // read of the head's open PRs and record (round 1 and 2 of the reads) to the approval check's
  // write, no other PR's review of that head may write in between, so the head's queue is held
  // for all of it. Only PRs sharing a head wait for each other.
  const gate = () => decideAndPublishGate(client, pr, options);
  const gated = publish === 'checks' && options.headQueue ? await options.headQueue.run(headKey(ref, pr.headSha), gate) : await gate();
  const { loaded, evaluation, decision, state, seal, warnings, confirmed, onHead, statusSkipped } = gated;
  const policy = loaded.policy.policy;

  const target = { serverUrl: pr.serverUrl ?? 'https://github.com', repository: `${pr.owner}/${pr.repo}`, headSha: pr.headSha };
  const policyRef = loaded.snapshot.policy ? { path: loaded.snapshot.policy.path, ref: loaded.snapshot.policy.ref ?? pr.baseSha } : undefined;
  const fullReportUrl = fullReportUrlOf(pr);
  // Rendering waits until the gate is out: it is the rest of the work, and nothing of the gate needs it.
  await yieldToEventLoop();
  const view = buildReportView({ evaluation, decision, target, fullReportUrl, ...(policyRef ? { policyRef } : {}), toolVersion: options.toolVersion, areaOf, ...(options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {}) });
  await yieldToEventLoop();
  const comment = `${renderComment(view)}${writeCommandState(state, seal)}\n`;
  await yieldToEventLoop();
  const summary = renderCheckSummary(view);

  if (publish === 'checks') {
    await publishCheckRun(client, ref, {
      name: RULES_CHECK,
      headSha: pr.headSha,
      conclusion: evaluation.errors > 0 ? 'failure' : 'success',
      output: { title: `${pluralize(evaluation.errors, 'error')}, ${pluralize(evaluation.warnings, 'warning')}`, summary },
      annotations: annotationsOf(evaluation),
    });
  }
  const readOnly = (error: unknown) => options.tolerateReadOnly === true && (error as { status?: unknown } | null)?.status === 403;
  let commentSkipped: string | undefined;
  // Checks belong to one commit, so an event about an older head may still complete its own;
  // the one comment belongs to the PR, and must not be turned back to an older head's report.
  if (!confirmed) {
    warnings.push(`GitHub reports ${loaded.context.headSha ?? 'no commit'} as the head, not ${pr.headSha}; the comment is left to that head's review`);
  } else if (options.comment !== false) {
    // A PR that touches no model and has no finding is not worth a new comment on every PR.
    const worthAComment = evaluation.models.length > 0 || evaluation.errors + evaluation.warnings > 0 || decision.state !== 'pass';
    try {
      await upsertStickyComment(client, ref, pr.number, comment, options.author, worthAComment);
    } catch (error) {
      if (!readOnly(error)) throw error;
      commentSkipped = `the token may not write comments on this pull request (${errorMessage(error)})`;
      warnings.push(`no comment: ${commentSkipped}`);
    }
  }
  // Who is asked already, or has reviewed, is read from GitHub with the rest (not from the event,
  // whose copy may be older): runs of a PR follow each other, so a redelivery sees the request made.
  const asked = alreadyAsked(loaded.context.reviewRequests, loaded.context.reviews, decision.stale.map((s) => s.login));
  const request = options.requestReviewers ? reviewRequestFor(reviewersToRequest(decision, policy, pr.author), pr.owner, asked) : undefined;
  if (request) {
    // Asking for a review is a courtesy: the gate is already published, so a refusal (a user
    // without access, a team not visible to the App) must not turn it into a failure.
    try {
      await client.requestReviewers(ref, pr.number, request);
    } catch (error) {
      warnings.push(`could not request reviewers ${JSON.stringify(request)}: ${errorMessage(error)}`);
    }
  }
  return { evaluation, decision, comment, view, warnings, pullComments: loaded.context.comments, unreviewedOnHead: onHead.unreviewed, ...(commentSkipped ? { commentSkipped } : {}), ...(statusSkipped ? { statusSkipped } : {}) };
}

/** A truncated check summary points at the PR, whose checklist comment carries the full report. */
const fullReportUrlOf = (pr: PullRequestRef) => `${pr.serverUrl ?? 'https://github.com'}/${pr.owner}/${pr.repo}/pull/${pr.number}`;

/**
 * Reads in two rounds (load-snapshot.ts), evaluates without holding the event loop, decides and
 * publishes the gate: the approval check (with its shared-head record) or the Action's status.
 *   Round 1, what the event names: changed files, both trees, the PR context with the policy
 *   (and the organisation's), and the open PRs with this head.
 *   Round 2, what round 1 names: the contents, who may approve (every tier's teams: which tier
 *   gates is known only after the evaluation), the trees of reviewed commits, and the head's
 *   latest approval check when another open PR shares the head.
 */
async function decideAndPublishGate(client: GitHubClient, pr: PullRequestRef, options: ReviewOptions) {
  const ref = { owner: pr.owner, repo: pr.repo };
  const publish = options.publish ?? 'checks';
  const openOnHead = publish === 'checks' ? client.findOpenPullsByHead(ref, pr.headSha) : undefined;
  // Awaited in round 2; a failure of round 1 before then must not leave it unhandled.
  openOnHead?.catch(() => undefined);
  const first = await readFirstRound(client, pr);
  const context = first.context;
  if (options.expectReview) assertReviewVisible(context.reviews, options.expectReview);
  if (options.expectComment) assertCommentChanged(context.comments, options.expectComment);
  const { snapshot, policy: loadedPolicy } = await snapshotAndPolicy(client, pr, first);
  const policy = loadedPolicy.policy;
  // Past GitHub's own limit on listed commits, a contributor could be missing and then approve.
  // That matters only when contributors may not approve; then the gate fails closed, saying why.
  if (context.commitAuthorsIncomplete && !policy.approval.allowContributors) {
    throw new Error(`${context.commitAuthorsIncomplete}, so modelgate cannot tell every contributor (who may not approve) from a reviewer; split the pull request, or set approval.allow_contributors`);
  }

  const warnings: string[] = [];
  const ownComment = context.comments.find((c) => c.byViewer && c.body.includes(COMMENT_MARKER));
  // Comments whose commands the gate weighs (approve, waive, ack): their heads are recorded and
  // their authors' access read. `recheck` only triggers a run, and anyone may ask for one.
  // Each comment is parsed once: its kinds also say whether anyone asked for a waiver.
  const commandKinds = new Map<number, Set<string>>();
  for (const c of context.comments) {
    if (c.byViewer || c.edited) continue;
    const kinds = new Set(parseCommands(c.body).map((cmd) => cmd.kind));
    if ([...kinds].some((kind) => GATING.has(kind))) commandKinds.set(c.id, kinds);
  }
  const waiverAsked = [...commandKinds.values()].some((kinds) => kinds.has('waive'));
  const commandIds = [...commandKinds.keys()];
  const seal = { key: options.stateKey, scope: `${pr.owner}/${pr.repo}#${pr.number}`.toLowerCase() };
  const recorded = readCommandState(ownComment?.body, seal);
  if (recorded.distrusted) warnings.push(recorded.distrusted);
  const observed = observeHead(recorded.state, pr.headSha, pr.updatedAt);
  const state = recordCommands(observed, commandIds, options.triggeringComment);

  const reviews = toGateReviews(context.reviews);
  const comments = toGateComments(context.comments, state.commands, new Set(commandIds));
  // Only people whose stance can count are looked up: reviewers who approved or asked for
  // changes, and authors of commands; and only commits an approval or command was given on.
  const stances = reviews.filter((r) => r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED');
  const commanders = comments.filter((c) => commandKinds.has(Number(c.id)));
  // Bots never count (the gate refuses them, by the same test, before looking at permissions): no lookup for them.
  const actors = [...stances.map((r) => r.user), ...commanders.map((c) => c.user)]
    .filter((u): u is NonNullable<typeof u> => !!u && !isBot(u))
    .map((u) => u.login);
  const approvedAt = reviews.filter((r) => r.state === 'APPROVED').map((r) => r.commitId);
  const reviewedCommits = [...approvedAt, ...Object.values(state.commands)].filter((c): c is string => !!c && c !== pr.headSha);
  const headCheck = { name: APPROVAL_CHECK, number: pr.number, headSha: pr.headSha };
  const anyTierTeams = teamsAnyTierMayNeed(policy, waiverAsked);
  const [, eligibility, teamsReadAhead, reviewedTrees, headState] = await Promise.all([
    readContents(client, pr, snapshot, loadedPolicy),
    loadEligibility(client, ref, {
      teams: [],
      users: actors,
      // Public names and e-mails matter only against commit identities GitHub links to no account.
      identities: context.unlinkedCommitIdentities.length > 0 ? actors : [],
    }),
    // Read before anyone knows they are needed, so a team GitHub refuses to show (an organisation
    // misspelt in a tier that does not gate this PR) must not fail the review: such a read is
    // dropped here, and the teams the gate does need are read again below, failing as they would.
    loadEligibility(client, ref, { teams: anyTierTeams, users: [] }).catch(() => undefined),
    readReviewedTrees(client, ref, reviewedCommits, pr.headSha),
    openOnHead?.then((open) => readHeadState(client, ref, headCheck, options.author.appId, open)),
  ]);

  const evaluation = await evaluateInSlices(snapshot, loadedPolicy);
  const teams = teamsToRead(policy, evaluation, waiverAsked);
  const readAhead = new Set(teamsReadAhead ? anyTierTeams.map(teamKey) : []);
  const unread = teams.filter((t) => !readAhead.has(teamKey(t)));
  // Only when the teams read ahead could not be read (or a change to teamsToRead outgrew them): a
  // round more, and a team is never taken as empty for want of reading it.
  const again = unread.length > 0 ? await loadEligibility(client, ref, { teams: unread, users: [] }) : undefined;
  const teamMembers = onlyTeams({ ...teamsReadAhead?.teamMembers, ...again?.teamMembers }, teams);
  const errorFiles = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)].filter((f) => f.severity === 'error').map((f) => f.file);
  const { blobsAt, findingFilesAt } = blobsAtReviewedCommits(reviewedTrees, {
    headSha: pr.headSha,
    headFiles: snapshot.head.files,
    baseFiles: snapshot.base?.files ?? {},
    evaluation,
    findingFiles: errorFiles,
  });

  const input: DecideInput = {
    evaluation,
    policy,
    pr: {
      author: pr.author,
      headSha: pr.headSha,
      commitAuthors: context.commitAuthors,
      unlinkedCommitIdentities: context.unlinkedCommitIdentities,
      unattributedCommits: context.unattributedCommits,
    },
    reviews,
    comments,
    eligibility: { teamMembers, permissions: eligibility.permissions, ...(eligibility.identities ? { identities: eligibility.identities } : {}) },
    blobsAt,
    findingFilesAt,
  };
  const decision = decide(input);
  // What was read (reviews, comments, commit authors) belongs to the head GraphQL reports. When
  // that is not the commit being checked (the PR moved on, or GitHub's API lags behind a push),
  // the checks still complete for this commit, but never as a pass: the commit authors of a
  // newer head could be missing, and a contributor's approval would then count.
  const currentHead = context.headSha;
  const confirmed = currentHead === pr.headSha;
  const decisionLines = [decision.summary, '', ...decision.reasons.map((r) => `- ${r}`)].join('\n');
  const own =
    confirmed || decision.conclusion !== 'success'
      ? { conclusion: decision.conclusion, title: decision.summary.replace(/`/g, ''), summary: decisionLines }
      : {
          conclusion: 'failure' as const,
          title: 'modelgate could not confirm the head of this pull request',
          summary: `GitHub reports ${currentHead ?? 'no commit'} as the head, not ${pr.headSha}, so what modelgate read may belong to another commit. It does not pass a commit it cannot confirm; the newer head gets its own review, or comment \`/modelgate recheck\`.\n\nWhat it read:\n\n${decisionLines}`,
        };

  const loaded: LoadedPullRequest = { snapshot, context, policy: loadedPolicy };
  let onHead: { unreviewed: number[] } = { unreviewed: [] };
  let statusSkipped: string | undefined;
  // The check belongs to the commit, which other open PRs may head too: it carries the strictest
  // of their decisions (shared-head.ts). A commit status carries no record of a shared head:
  // each PR's run sets it for the head alone.
  if (publish === 'checks') {
    onHead = await publishHeadCheck(client, ref, { ...headCheck, ...own }, options.author.appId, headState);
  } else if (publish === 'status') {
    const status = own.conclusion === 'success' ? 'success' : own.conclusion === 'failure' ? 'failure' : 'pending';
    try {
      await client.createCommitStatus(ref, pr.headSha, { state: status, context: APPROVAL_STATUS, description: own.title, targetUrl: fullReportUrlOf(pr) });
    } catch (error) {
      if (!(options.tolerateReadOnly === true && (error as { status?: unknown } | null)?.status === 403)) throw error;
      statusSkipped = `the token may not write commit statuses (${errorMessage(error)})`;
      warnings.push(`no ${APPROVAL_STATUS} status: ${statusSkipped}`);
    }
  }
  return { loaded, evaluation, decision, state, seal, warnings, confirmed, onHead, statusSkipped };
}

/**
 * Fail closed: the approval check is completed as `failure`, saying why. Never throws. It carries
 * no record of a shared head, so the next review of any PR on that head reviews the others again
 * (shared-head.ts); `headQueue` keeps it from landing between another PR's read and publish.
 */
export async function failClosed(client: GitHubClient, pr: { owner: string; repo: string; headSha: string }, error: unknown, headQueue?: HeadQueue): Promise<void> {
  const reason = errorMessage(error);
  const ref = { owner: pr.owner, repo: pr.repo };
  const write = () =>
    client.createCheckRun(ref, {
      name: APPROVAL_CHECK,
      headSha: pr.headSha,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'modelgate could not review this pull request', summary: `The gate fails closed when it cannot read what it needs.\n\nReason: ${reason.slice(0, 2000)}\n\nComment \`/modelgate recheck\` to try again.` },
    });
  try {
    await (headQueue ? headQueue.run(headKey(ref, pr.headSha), write) : write());
  } catch {
    // Nothing more can be written; the missing check itself keeps branch protection closed.
  }
}
