// The approval gate's own view of its inputs and its result. The input types are deliberately
// minimal and lenient (readonly, optional where a schema default may be absent) so that the real
// `Policy` (src/core/policy) and `Evaluation` (src/core/engine) are structurally assignable to
// them without this module importing either: the gate depends on what it reads, nothing more.
import type { RiskTier } from '../artifacts/types.ts';

export type { RiskTier };

// ---------------------------------------------------------------------------------------------
// Policy (the parts of `.github/modelgate.yml` the gate reads). Keys are camelCase, as in the
// effective `Policy` (the loader maps the file's snake_case names once: `invalidate_on`, ...).

export interface TierRequirement {
  approvals: number;
  /** `@org/team` or `@login` as written; empty or absent = anyone with write access. */
  reviewers?: readonly string[];
}

export type InvalidateOn = 'model-change' | 'any-push' | 'never';

export interface ChecklistItem {
  id: string;
  text: string;
  /** Tiers the item applies to; absent or empty = every tier. */
  tiers?: readonly RiskTier[];
}

export interface ApprovalPolicy {
  tiers: Readonly<Record<RiskTier, TierRequirement>>;
  approval: {
    invalidateOn: InvalidateOn;
    allowAuthor: boolean;
    allowContributors: boolean;
    requestReviewers: boolean;
    /** `by` empty = the tier's eligible approvers may waive. */
    waivers: { by: readonly string[]; requireReason: boolean };
  };
  checklist: readonly ChecklistItem[];
}

// ---------------------------------------------------------------------------------------------
// Evaluation (what the engine found)

export interface GateFinding {
  ruleId: string;
  /** Only `error` blocks; anything else is informational here. */
  severity: string;
  message: string;
  file: string;
  line: number;
  model?: string;
}

export interface GateModel {
  /** Model directory, repository-relative. */
  dir: string;
  /** Effective tier as the engine computed it (highest of base and head). */
  tier: RiskTier;
  tierBase?: RiskTier;
  tierHead?: RiskTier;
  findings: readonly GateFinding[];
  /** Every file that belongs to the model at head (card, artifacts, directory, governance.paths). */
  files: readonly string[];
  /** path -> git blob SHA at head. */
  blobs: Readonly<Record<string, string | undefined>>;
}

/** Shaped like the engine's `Evaluation`; the lead passes that object as is. */
export interface GateInput {
  /** Touched models only. */
  models: readonly GateModel[];
  /** PR-wide findings (not tied to one model). */
  findings: readonly GateFinding[];
  /** Any entry fails the gate closed; entries with a `message` are quoted in the reasons. */
  policyErrors: readonly unknown[];
}

// ---------------------------------------------------------------------------------------------
// GitHub state, gathered by the adapter and handed over as plain data (no clock, no I/O here)

export interface GateUser {
  login: string;
  type: 'User' | 'Bot' | string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number | string;
  /** null for a deleted ("ghost") account: such a review never counts. */
  user: GateUser | null;
  state: ReviewState;
  /** The commit the review was submitted on; null/absent = unknown, so any approval is stale. */
  commitId: string | null | undefined;
  /** ISO 8601, as GitHub returns it. */
  submittedAt: string;
}

export interface IssueComment {
  id: number | string;
  user: GateUser | null;
  body: string;
  createdAt: string;
  /** Edited comments are ignored: an approval must not be created or widened after the fact. */
  edited: boolean;
  /** PR head SHA when the comment was created, as recorded by the adapter; absent = unknown. */
  commitIdAtTime?: string;
  /**
   * Created through a GitHub App (`performed_via_github_app`), or the adapter cannot vouch that a
   * person posted it: its commands never count. GitHub's GraphQL API does not say which App
   * created a comment, so the adapter vouches only for comments whose own delivery it saw.
   */
  viaApp?: boolean;
}

export interface PullRequestFacts {
  author: string;
  headSha: string;
  /**
   * Logins of everyone who authored or committed a commit of the PR (the adapter leaves out
   * `web-flow` and commits it chose to ignore). The PR author may be in it; it is judged by
   * `allowAuthor` alone.
   */
  commitAuthors: readonly string[];
  /**
   * Author and committer identities of the PR's commits that GitHub links to no account, as
   * written in the commits (untrusted text): whoever they are, they are contributors, so an
   * approver whose public e-mail, profile name or login matches one is judged as a commit
   * author. Absent = none.
   */
  unlinkedCommitIdentities?: readonly UnlinkedCommitIdentity[];
  /**
   * Commits whose author and committer both name no account (GitHub's `web-flow` committer names
   * nobody): anyone may have written them, so at tier `high` a member of one of the tier's teams
   * who is not a possible author must approve. Absent = none.
   */
  unattributedCommits?: readonly string[];
}

export interface UnlinkedCommitIdentity {
  /** The first commit of the PR that carries this identity. */
  sha: string;
  name: string;
  email: string;
}

/** What GitHub shows of a user: the profile name and the public e-mail ("" or absent when hidden). */
export interface PublicIdentity {
  name?: string;
  email?: string;
}

export interface Eligibility {
  /** `org/team` (no `@`) -> member logins. A team missing here has unknown members: nobody qualifies through it. */
  teamMembers: Readonly<Record<string, readonly string[]>>;
  /** Logins with write, maintain or admin permission. */
  writers?: readonly string[];
  /** login -> collaborator permission (`admin|maintain|write|triage|read|none`). */
  permissions?: Readonly<Record<string, string>>;
  /** login -> public name and e-mail, for comparing approvers with `unlinkedCommitIdentities`. */
  identities?: Readonly<Record<string, PublicIdentity>>;
}

/** commit SHA -> (path -> blob SHA at that commit, null = file absent there). */
export type BlobsAt = Readonly<Record<string, Readonly<Record<string, string | null>>>>;

export interface DecideInput {
  evaluation: GateInput;
  policy: ApprovalPolicy;
  pr: PullRequestFacts;
  reviews: readonly Review[];
  comments: readonly IssueComment[];
  eligibility: Eligibility;
  /**
   * Model-file blobs at every commit a review or command was made on. Every path listed for a
   * commit counts as a model file (so a file deleted since the review is noticed). A commit with
   * no entry makes approvals on it stale: unknown is never treated as unchanged.
   */
  blobsAt: BlobsAt;
  /**
   * The files of error findings at every commit a waiver was given on, and at head. A waiver
   * covers the errors whose file is the same there as at head; absent = it covers none given on
   * another commit than head.
   */
  findingFilesAt?: BlobsAt;
  /** Set by the adapter when it could not read something the decision needs: fail closed. */
  inputError?: string;
}

// ---------------------------------------------------------------------------------------------
// The decision

export type DecisionState = 'pass' | 'pending' | 'fail';
export type CheckConclusion = 'success' | 'action_required' | 'failure';

export interface CountedApproval {
  login: string;
  via: 'review' | 'command';
  /** The commit the approval was given on ('' when unknown, which only `never` accepts). */
  commit: string;
}

export interface StaleApproval {
  login: string;
  via: 'review' | 'command';
  commit: string;
  /** Model files whose blob differs between that commit and head (empty when the cause is not a file). */
  changedFiles: string[];
  why: string;
}

export interface IgnoredActor {
  login: string;
  why: string;
}

export interface GrantedWaiver {
  ruleId: string;
  by: string;
  reason: string;
  /** How many error findings of the rule it turns into waived ones. */
  findings: number;
}

export interface RefusedCommand {
  login: string;
  /** The command line as written (untrusted text: the report escapes it). */
  command: string;
  why: string;
  /** The comment it was written in (the reply answers that comment only). */
  commentId?: string | number;
}

export interface ChecklistStatus {
  id: string;
  text: string;
  acked: boolean;
  by?: string;
}

export interface ApprovalDecision {
  state: DecisionState;
  conclusion: CheckConclusion;
  /** Gate tier: the highest of every touched model on base or head. Absent when no model is touched. */
  tier?: RiskTier;
  tierBase?: RiskTier;
  tierHead?: RiskTier;
  /** Approvals the tier requires (0 when no model is touched). */
  required: number;
  /** Teams / users that can approve, as written without `@`; empty = anyone with write access. */
  reviewers: string[];
  approvedBy: CountedApproval[];
  stale: StaleApproval[];
  ignored: IgnoredActor[];
  changesRequestedBy: string[];
  waivers: GrantedWaiver[];
  refusedCommands: RefusedCommand[];
  checklist: ChecklistStatus[];
  /** Unwaived error findings. */
  blockingErrors: number;
  /** One line, Markdown with logins and team names in code spans. */
  summary: string;
  /** Every fact behind the state, one sentence each, most important first. */
  reasons: string[];
}
