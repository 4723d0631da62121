// `/modelgate waive` and `/modelgate ack`: judged as strictly as approvals.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/approval/decide.ts';
import type { ApprovalDecision, DecideInput } from '../../../src/core/approval/types.ts';
import { DOCS, HEAD, OLD, approve, comment, finding, input, model, pick, policy } from './builders.ts';

type Expected = Partial<Pick<ApprovalDecision, 'state' | 'waivers' | 'refusedCommands' | 'blockingErrors' | 'checklist' | 'summary'>>;

const LEAK = 'lineage-split-before-fit';
const leaky = (extra: Parameters<typeof finding>[0][] = []) =>
  model({ findings: [finding(LEAK), finding(LEAK, { line: 40 }), ...extra.map((id) => finding(id)), finding('operations-retirement-criteria', { severity: 'warn' })] });
const waive = (login: string, text = `/modelgate waive ${LEAK} -- scaler is fit per fold`, opts: Parameters<typeof comment>[2] = {}) =>
  comment(login, text, opts);
const approved = [approve('alice'), approve('bob')];
const granted = { ruleId: LEAK, by: 'carol', reason: 'scaler is fit per fold', findings: 2 };

const waivers: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'errors and no waiver: fail, errors first, then approvals',
    input: input({ models: [leaky()] }),
    expected: { state: 'fail', blockingErrors: 2, waivers: [], summary: 'blocked — 2 errors to fix, then 2 approvals from `acme/model-risk`' },
  },
  {
    name: 'waiver of the only erring rule by an allowed waiver, with approvals: pass',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('carol')] }),
    expected: { state: 'pass', blockingErrors: 0, waivers: [granted], refusedCommands: [], summary: 'approved by `alice` and `bob` (tier high); 1 rule waived' },
  },
  {
    name: 'waiver of the only erring rule, approvals missing: pending',
    input: input({ models: [leaky()], comments: [waive('carol')] }),
    expected: { state: 'pending', blockingErrors: 0, waivers: [granted], summary: 'waiting — 2 approvals from `acme/model-risk` (0 of 2)' },
  },
  {
    name: 'waiver of one of two erring rules: still fail, with the rest counted',
    input: input({ models: [leaky(['evaluation-test-set-isolated'])], reviews: approved, comments: [waive('carol')] }),
    expected: { state: 'fail', blockingErrors: 1, waivers: [granted], summary: 'blocked — 1 error to fix' },
  },
  {
    name: 'modelgate\'s own errors (content it could not read) cannot be waived, even by an allowed waiver',
    input: input({ models: [model({ findings: [finding('modelgate')] })], reviews: approved, comments: [waive('carol', '/modelgate waive modelgate -- trust me')] }),
    expected: {
      state: 'fail',
      blockingErrors: 1,
      waivers: [],
      refusedCommands: [{ login: 'carol', command: '/modelgate waive modelgate -- trust me', why: 'modelgate errors (content it could not read or check) cannot be waived: fix the cause and `/modelgate recheck`' }],
    },
  },
  {
    name: 'waiver by a user outside `waivers.by` is refused',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('gina')] }),
    expected: {
      state: 'fail',
      waivers: [],
      refusedCommands: [{ login: 'gina', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'not allowed: not in `acme/model-risk`' }],
    },
  },
  {
    name: 'the PR author cannot waive their own errors, even from the waiver team',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('dana')] }),
    expected: { state: 'fail', refusedCommands: [{ login: 'dana', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'not allowed: pull request author' }] },
  },
  {
    name: 'waiver without a reason is refused when a reason is required',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('carol', `/modelgate waive ${LEAK}`)] }),
    expected: {
      state: 'fail',
      waivers: [],
      refusedCommands: [{ login: 'carol', command: `/modelgate waive ${LEAK}`, why: 'a reason is required: `/modelgate waive <rule-id> -- <reason>`' }],
    },
  },
  {
    name: 'waiver without a reason is granted when none is required',
    input: input({
      models: [leaky()],
      policy: policy({ approval: { waivers: { by: ['@acme/model-risk'], requireReason: false } } }),
      reviews: approved,
      comments: [waive('carol', `/modelgate waive ${LEAK}`)],
    }),
    expected: { state: 'pass', waivers: [{ ...granted, reason: '' }], refusedCommands: [] },
  },
  {
    name: 'waiver of a rule with no error here is refused (typo, or only a warning)',
    input: input({ models: [leaky()], comments: [waive('carol', '/modelgate waive operations-retirement-criteria -- later')] }),
    expected: {
      state: 'fail',
      refusedCommands: [{ login: 'carol', command: '/modelgate waive operations-retirement-criteria -- later', why: 'no error of `operations-retirement-criteria` in this pull request' }],
    },
  },
  {
    name: 'empty `waivers.by`: the tier\'s approvers may waive, others may not',
    input: input({
      models: [leaky()],
      policy: policy({ approval: { waivers: { by: [], requireReason: true } } }),
      reviews: approved,
      comments: [waive('gina'), waive('carol', undefined, { minute: 1 })],
    }),
    expected: {
      state: 'pass',
      waivers: [granted],
      refusedCommands: [{ login: 'gina', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'not allowed: not in `acme/model-risk`' }],
    },
  },
  {
    name: 'a waiver given before the model changed is stale',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('carol', undefined, { commit: OLD })] }),
    expected: {
      state: 'fail',
      waivers: [],
      refusedCommands: [
        { login: 'carol', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'stale: model files changed since `oldsha1` (`models/churn/model.txt`)' },
      ],
    },
  },
  {
    name: 'a waiver given on an earlier commit covers the errors whose file is unchanged since',
    input: input({
      models: [leaky()],
      reviews: approved,
      comments: [waive('carol', undefined, { commit: DOCS })],
      findingFilesAt: { [DOCS]: { 'models/churn/lineage.yaml': 'lineage-v1' }, [HEAD]: { 'models/churn/lineage.yaml': 'lineage-v1' } },
    }),
    expected: { state: 'pass', waivers: [granted], blockingErrors: 0 },
  },
  {
    name: 'a waiver whose errors\' file is unknown at its commit covers nothing (unknown is never unchanged)',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('carol', undefined, { commit: DOCS })] }),
    expected: {
      state: 'fail',
      waivers: [],
      refusedCommands: [
        { login: 'carol', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'stale: the files of the errors it was given for changed since, or are unknown (`models/churn/lineage.yaml`)' },
      ],
    },
  },
  {
    name: 'issue 10, item 3: a waiver does not widen to an error in a file pushed after it',
    input: input({
      models: [],
      policy: policy({ approval: { waivers: { by: [], requireReason: true } } }),
      findings: [
        finding('model-card-present', { file: 'models/orphan/weights.txt', line: 1, model: undefined }),
        finding('model-card-present', { file: 'models/fraud-v2/weights.bin', line: 1, model: undefined }),
      ],
      comments: [waive('carol', '/modelgate waive model-card-present -- scratch weights, not shipped', { commit: OLD })],
      // No model is touched: no model file to compare.
      blobsAt: { [OLD]: {}, [HEAD]: {} },
      findingFilesAt: {
        [OLD]: { 'models/orphan/weights.txt': 'w1', 'models/fraud-v2/weights.bin': null },
        [HEAD]: { 'models/orphan/weights.txt': 'w1', 'models/fraud-v2/weights.bin': 'w2' },
      },
    }),
    expected: {
      state: 'fail',
      blockingErrors: 1,
      waivers: [{ ruleId: 'model-card-present', by: 'carol', reason: 'scratch weights, not shipped', findings: 1 }],
      summary: 'blocked — 1 error to fix',
    },
  },
  {
    name: 'a waiver in an edited comment is refused',
    input: input({ models: [leaky()], reviews: approved, comments: [waive('carol', undefined, { edited: true })] }),
    expected: {
      state: 'fail',
      refusedCommands: [{ login: 'carol', command: `/modelgate waive ${LEAK} -- scaler is fit per fold`, why: 'the comment was edited; post the command in a new comment' }],
    },
  },
  {
    name: 'a PR-wide error with no model touched is waived by the strictest tier\'s approvers',
    input: input({
      models: [],
      policy: policy({ approval: { waivers: { by: [], requireReason: true } } }),
      findings: [finding('model-card-present', { file: 'models/new/weights.bin', line: 1, model: undefined })],
      comments: [waive('carol', '/modelgate waive model-card-present -- scratch weights, not shipped')],
    }),
    expected: {
      state: 'pass',
      blockingErrors: 0,
      waivers: [{ ruleId: 'model-card-present', by: 'carol', reason: 'scratch weights, not shipped', findings: 1 }],
      // A waiver passed something flagged: never "no model changes".
      summary: 'passed — no model card touched; 1 rule waived',
    },
  },
];

const FAIRNESS = { id: 'fairness-review', text: 'Fairness review done for protected attributes', tiers: ['high' as const] };
const withChecklist = policy({ checklist: [FAIRNESS, { id: 'runbook', text: 'On-call runbook updated' }] });

const acks: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'approvals given, checklist not acknowledged: pending',
    input: input({ policy: withChecklist, reviews: approved }),
    expected: {
      state: 'pending',
      checklist: [
        { id: 'fairness-review', text: FAIRNESS.text, acked: false },
        { id: 'runbook', text: 'On-call runbook updated', acked: false },
      ],
      summary: 'waiting — 2 checklist items to acknowledge',
    },
  },
  {
    name: 'every item acknowledged by eligible approvers: pass',
    input: input({ policy: withChecklist, reviews: approved, comments: [comment('carol', '/modelgate ack fairness-review\n/modelgate ack RUNBOOK')] }),
    expected: {
      state: 'pass',
      checklist: [
        { id: 'fairness-review', text: FAIRNESS.text, acked: true, by: 'carol' },
        { id: 'runbook', text: 'On-call runbook updated', acked: true, by: 'carol' },
      ],
      refusedCommands: [],
    },
  },
  {
    name: 'an unknown item id is refused',
    input: input({ policy: withChecklist, comments: [comment('carol', '/modelgate ack bias-review')] }),
    expected: { refusedCommands: [{ login: 'carol', command: '/modelgate ack bias-review', why: 'unknown checklist item `bias-review`' }] },
  },
  {
    name: 'an ack by someone who cannot approve is refused',
    input: input({ policy: withChecklist, comments: [comment('gina', '/modelgate ack runbook')] }),
    expected: { refusedCommands: [{ login: 'gina', command: '/modelgate ack runbook', why: 'not allowed: not in `acme/model-risk`' }] },
  },
  {
    name: 'an item for another tier is not required and its ack is refused',
    input: input({
      models: [model({ tier: 'medium', tierBase: 'medium', tierHead: 'medium' })],
      policy: withChecklist,
      comments: [comment('frank', '/modelgate ack fairness-review\n/modelgate ack runbook')],
    }),
    expected: {
      checklist: [{ id: 'runbook', text: 'On-call runbook updated', acked: true, by: 'frank' }],
      refusedCommands: [{ login: 'frank', command: '/modelgate ack fairness-review', why: '`fairness-review` is not required at tier medium' }],
    },
  },
  {
    name: 'errors to fix and an item to acknowledge: both in the summary',
    input: input({ models: [leaky()], policy: withChecklist, reviews: approved, comments: [comment('carol', '/modelgate ack runbook')] }),
    expected: { state: 'fail', summary: 'blocked — 2 errors to fix, then 1 checklist item to acknowledge' },
  },
];

/** Each refusal also names the comment it was written in (the one of that person holding the command). */
function withCommentIds(gateInput: DecideInput, expected: Expected): Expected {
  if (!expected.refusedCommands) return expected;
  const commentOf = (login: string, command: string) => gateInput.comments.find((c) => c.user?.login === login && c.body.includes(command))?.id;
  return { ...expected, refusedCommands: expected.refusedCommands.map((r) => ({ ...r, commentId: commentOf(r.login, r.command) })) };
}

describe('decide: waivers', () => {
  it.each(waivers)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof Expected)[])).toEqual(withCommentIds(gateInput, expected));
  });
});

describe('decide: checklist acknowledgements', () => {
  it.each(acks)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof Expected)[])).toEqual(withCommentIds(gateInput, expected));
  });
});
