// One builder for every gate input: the planted example of COMMENT-MOCK.md (models/churn, high
// tier, `acme/model-risk` approves, `dana` wrote the PR) with overrides per case.
import type {
  ApprovalDecision,
  ApprovalPolicy,
  DecideInput,
  GateFinding,
  GateModel,
  IssueComment,
  Review,
} from '../../../src/core/approval/types.ts';

export const HEAD = 'headsha'.padEnd(40, '0');
/** Model file changed since (model.txt differs). */
export const OLD = 'oldsha1'.padEnd(40, '0');
/** Only docs changed since: every model blob equal to head. */
export const DOCS = 'docsha2'.padEnd(40, '0');
/** A commit the adapter gave no blobs for. */
export const UNKNOWN = 'unknown'.padEnd(40, '0');

export const CARD = 'models/churn/MODEL_CARD.md';
export const WEIGHTS = 'models/churn/model.txt';

export interface PolicyOverrides {
  tiers?: Partial<ApprovalPolicy['tiers']>;
  approval?: Partial<ApprovalPolicy['approval']>;
  checklist?: ApprovalPolicy['checklist'];
}

export function policy(over: PolicyOverrides = {}): ApprovalPolicy {
  return {
    tiers: {
      low: { approvals: 1, reviewers: [] },
      medium: { approvals: 1, reviewers: ['@acme/ml-reviewers'] },
      high: { approvals: 2, reviewers: ['@acme/model-risk'] },
      ...over.tiers,
    },
    approval: {
      invalidateOn: 'model-change',
      allowAuthor: false,
      allowContributors: false,
      requestReviewers: true,
      waivers: { by: ['@acme/model-risk'], requireReason: true },
      ...over.approval,
    },
    checklist: over.checklist ?? [],
  };
}

export function model(over: Partial<GateModel> = {}): GateModel {
  return {
    dir: 'models/churn',
    tier: 'high',
    tierBase: 'high',
    tierHead: 'high',
    findings: [],
    files: [CARD, WEIGHTS],
    blobs: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v2' },
    ...over,
  };
}

export function finding(ruleId: string, over: Partial<GateFinding> = {}): GateFinding {
  return { ruleId, severity: 'error', message: `${ruleId} found`, file: 'models/churn/lineage.yaml', line: 31, model: 'models/churn', ...over };
}

type InputOverrides = Omit<Partial<DecideInput>, 'pr' | 'evaluation'> & {
  pr?: Partial<DecideInput['pr']>;
  models?: GateModel[];
  findings?: GateFinding[];
  policyErrors?: unknown[];
};

export function input(over: InputOverrides = {}): DecideInput {
  const { pr, models, findings, policyErrors, ...rest } = over;
  return {
    evaluation: { models: models ?? [model()], findings: findings ?? [], policyErrors: policyErrors ?? [] },
    policy: policy(),
    pr: { author: 'dana', headSha: HEAD, commitAuthors: ['dana'], ...pr },
    reviews: [],
    comments: [],
    eligibility: {
      teamMembers: { 'acme/model-risk': ['alice', 'bob', 'carol', 'erin', 'dana'], 'acme/ml-reviewers': ['frank'] },
      writers: ['alice', 'bob', 'carol', 'dana', 'erin', 'frank', 'gina'],
    },
    blobsAt: {
      [HEAD]: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v2' },
      [OLD]: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v1' },
      [DOCS]: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v2' },
    },
    ...rest,
  };
}

let nextId = 1;
/** Minutes after 10:00 on one day keep the order of events readable in the tables. */
export const at = (minute: number): string => `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`;

export function review(login: string, state: Review['state'], opts: { commit?: string | null; minute?: number; bot?: boolean } = {}): Review {
  return {
    id: nextId++,
    user: { login, type: opts.bot ? 'Bot' : 'User' },
    state,
    commitId: opts.commit === undefined ? HEAD : opts.commit,
    submittedAt: at(opts.minute ?? 0),
  };
}

export const approve = (login: string, opts: Parameters<typeof review>[2] = {}): Review => review(login, 'APPROVED', opts);

export function comment(
  login: string,
  body: string,
  opts: { commit?: string | null; minute?: number; edited?: boolean; bot?: boolean } = {},
): IssueComment {
  const commit = opts.commit === undefined ? HEAD : opts.commit;
  return {
    id: nextId++,
    user: { login, type: opts.bot ? 'Bot' : 'User' },
    body,
    createdAt: at(opts.minute ?? 0),
    edited: opts.edited ?? false,
    ...(commit !== null && { commitIdAtTime: commit }),
  };
}

/** The fields a case asserts on, so each table row states exactly what it means. */
export function pick<K extends keyof ApprovalDecision>(decision: ApprovalDecision, keys: readonly K[]): Pick<ApprovalDecision, K> {
  return Object.fromEntries(keys.map((key) => [key, decision[key]])) as Pick<ApprovalDecision, K>;
}
