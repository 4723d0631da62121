// The decision as a whole: tier, state precedence (fail closed first), and whom to ask.
import { describe, expect, it } from 'vitest';
import { decide, reviewersToRequest } from '../../../src/core/approval/decide.ts';
import type { ApprovalDecision, ApprovalPolicy, DecideInput, GateInput } from '../../../src/core/approval/types.ts';
import type { Evaluation } from '../../../src/core/engine/pipeline.ts';
import type { Policy } from '../../../src/core/policy/types.ts';
import { HEAD, OLD, approve, finding, input, model, pick, policy } from './builders.ts';

type Expected = Partial<ApprovalDecision>;
const both = [approve('alice'), approve('bob')];

const states: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'policy errors fail closed, whatever the approvals',
    input: input({ policyErrors: [{ file: '.github/modelgate.yml', line: 7, code: 'schema', message: 'tiers.high.approvals: expected a number' }], reviews: both }),
    expected: {
      state: 'fail',
      conclusion: 'failure',
      required: 0,
      approvedBy: [],
      summary: 'failed closed — the policy has 1 error',
      reasons: ['policy error: .github/modelgate.yml:7: tiers.high.approvals: expected a number'],
    },
  },
  {
    name: 'an adapter input error fails closed, whatever the approvals',
    input: input({ inputError: 'listing reviews failed: HTTP 502', reviews: both }),
    expected: {
      state: 'fail',
      conclusion: 'failure',
      summary: "failed closed — could not read the pull request's state",
      reasons: [
        "could not read the pull request's state: listing reviews failed: HTTP 502 — failing closed",
        'tier high (base and head)',
        '2 of 2 approvals from `acme/model-risk`: `alice` and `bob`',
      ],
    },
  },
  {
    name: 'an adapter input error fails closed even with no model touched',
    input: input({ models: [], inputError: 'tree too large' }),
    expected: { state: 'fail', conclusion: 'failure', summary: "failed closed — could not read the pull request's state" },
  },
  {
    name: 'a tier the policy does not define fails closed',
    input: input({ policy: { ...policy(), tiers: { low: { approvals: 1 }, medium: { approvals: 1 } } as ApprovalPolicy['tiers'] }, reviews: both }),
    expected: { state: 'fail', required: 0, approvedBy: [], summary: 'failed closed — the policy has 1 error', reasons: ['policy error: no requirements for tier high'] },
  },
  {
    name: 'warnings do not block',
    input: input({ models: [model({ findings: [finding('evaluation-gain-attributed', { severity: 'warn' })] })], reviews: both }),
    expected: { state: 'pass', blockingErrors: 0 },
  },
  {
    name: 'a finding reported per model and PR-wide counts once',
    input: input({ models: [model({ findings: [finding('lineage-present')] })], findings: [finding('lineage-present')], reviews: both }),
    expected: { state: 'fail', blockingErrors: 1, summary: 'blocked — 1 error to fix' },
  },
  {
    name: 'a PR-wide error with no model touched fails (gated path without a card)',
    input: input({ models: [], findings: [finding('model-card-present', { file: 'models/x/w.bin', line: 1, model: undefined })] }),
    expected: { state: 'fail', tier: undefined, required: 0, blockingErrors: 1, summary: 'blocked — 1 error to fix' },
  },
  {
    name: 'tier lowered in the PR (base high, head low): the high bar holds',
    input: input({ models: [model({ tier: 'low', tierBase: 'high', tierHead: 'low' })], reviews: [approve('gina')] }),
    expected: { state: 'pending', tier: 'high', tierBase: 'high', tierHead: 'low', required: 2, reviewers: ['acme/model-risk'] },
  },
  {
    name: 'several models: the highest tier of any of them',
    input: input({ models: [model({ dir: 'models/a', tier: 'low', tierBase: 'low', tierHead: 'low' }), model({ dir: 'models/b', tier: 'medium', tierHead: 'medium', tierBase: undefined })] }),
    expected: { tier: 'medium', tierBase: 'low', tierHead: 'medium', required: 1, reviewers: ['acme/ml-reviewers'] },
  },
];

describe('decide: states', () => {
  it.each(states)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof ApprovalDecision)[])).toEqual(expected);
  });

  it('no model touched: pass with "no model changes", nothing else', () => {
    expect(decide(input({ models: [], reviews: both }))).toEqual({
      state: 'pass',
      conclusion: 'success',
      required: 0,
      reviewers: [],
      approvedBy: [],
      stale: [],
      ignored: [],
      changesRequestedBy: [],
      waivers: [],
      refusedCommands: [],
      checklist: [],
      blockingErrors: 0,
      summary: 'no model changes',
      reasons: ['no model changes'],
    });
  });

  it('the planted example of COMMENT-MOCK.md: blocked, with every fact in the reasons', () => {
    const decision = decide(
      input({
        models: [model({ findings: [finding('lineage-split-before-fit'), finding('evaluation-test-set-isolated', { file: 'models/churn/MODEL_CARD.md', line: 41 })] })],
        policy: policy({ checklist: [{ id: 'fairness-review', text: 'Fairness review done for protected attributes', tiers: ['high'] }] }),
        reviews: [approve('bob', { commit: OLD })],
      }),
    );
    expect(decision).toEqual({
      state: 'fail',
      conclusion: 'failure',
      tier: 'high',
      tierBase: 'high',
      tierHead: 'high',
      required: 2,
      reviewers: ['acme/model-risk'],
      approvedBy: [],
      stale: [{ login: 'bob', via: 'review', commit: OLD, changedFiles: ['models/churn/model.txt'], why: 'model files changed since `oldsha1`' }],
      ignored: [],
      changesRequestedBy: [],
      waivers: [],
      refusedCommands: [],
      checklist: [{ id: 'fairness-review', text: 'Fairness review done for protected attributes', acked: false }],
      blockingErrors: 2,
      summary: 'blocked — 2 errors to fix, then 2 approvals from `acme/model-risk` and 1 checklist item to acknowledge',
      reasons: [
        '2 errors to fix (`lineage-split-before-fit` and `evaluation-test-set-isolated`)',
        'tier high (base and head)',
        '0 of 2 approvals from `acme/model-risk`',
        'approval by `bob` is stale: model files changed since `oldsha1` (`models/churn/model.txt`)',
        'checklist item `fairness-review` not acknowledged',
      ],
    });
  });

  it('is pure: the same input gives the same decision, and the input is not mutated', () => {
    const gateInput = input({ reviews: [approve('bob'), approve('alice', { minute: 9 })] });
    const before = JSON.stringify(gateInput);
    expect(decide(gateInput)).toEqual(decide(gateInput));
    expect(JSON.stringify(gateInput)).toBe(before);
  });
});

describe('reviewersToRequest', () => {
  const named = policy({ tiers: { high: { approvals: 2, reviewers: ['@acme/model-risk', '@zoe', '@dana', '@alice', '@deploy[bot]'] } } });
  const cases: { name: string; gateInput: DecideInput; expected: { users: string[]; teams: string[] } }[] = [
    {
      name: 'pending: teams, and users except the author, bots and those whose approval counts',
      gateInput: input({ policy: named, reviews: [approve('alice')] }),
      expected: { users: ['zoe'], teams: ['acme/model-risk'] },
    },
    {
      name: 'a stale approver is asked again',
      gateInput: input({ policy: named, reviews: [approve('alice', { commit: OLD })] }),
      expected: { users: ['zoe', 'alice'], teams: ['acme/model-risk'] },
    },
    { name: 'fail (errors to fix first): nobody', gateInput: input({ policy: named, models: [model({ findings: [finding('lineage-present')] })] }), expected: { users: [], teams: [] } },
    { name: 'pass: nobody', gateInput: input({ reviews: both }), expected: { users: [], teams: [] } },
    {
      name: 'anyone with write access: nobody to name',
      gateInput: input({ models: [model({ tier: 'low', tierBase: 'low', tierHead: 'low' })] }),
      expected: { users: [], teams: [] },
    },
  ];

  it.each(cases)('$name', ({ gateInput, expected }) => {
    expect(reviewersToRequest(decide(gateInput), gateInput.policy, gateInput.pr.author)).toEqual(expected);
  });

  it('asks nobody when request_reviewers is off', () => {
    const gateInput = input({ policy: policy({ approval: { requestReviewers: false } }) });
    expect(reviewersToRequest(decide(gateInput), gateInput.policy, 'dana')).toEqual({ users: [], teams: [] });
  });
});

describe('contracts', () => {
  it('the effective Policy and the engine Evaluation fit the gate (checked by tsc)', () => {
    const fits = (effective: Policy): ApprovalPolicy => effective;
    const evaluated = (evaluation: Evaluation): GateInput => evaluation;
    expect([typeof fits, typeof evaluated]).toEqual(['function', 'function']);
    expect([HEAD, OLD].map((sha) => sha.length)).toEqual([40, 40]);
  });
});
