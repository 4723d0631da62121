// When an approval stops covering what will merge, and how a request for changes blocks.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/approval/decide.ts';
import type { ApprovalDecision, DecideInput } from '../../../src/core/approval/types.ts';
import { CARD, DOCS, HEAD, OLD, UNKNOWN, WEIGHTS, approve, comment, input, pick, policy, review } from './builders.ts';

type Expected = Partial<Pick<ApprovalDecision, 'state' | 'approvedBy' | 'stale' | 'changesRequestedBy' | 'summary'>>;
const fresh = (login: string, commit = HEAD, via: 'review' | 'command' = 'review') => ({ login, via, commit });
const invalidate = (invalidateOn: 'model-change' | 'any-push' | 'never') => policy({ approval: { invalidateOn } });

const staleness: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'model-change: approval, then the model file changed → stale, with the file',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: OLD })] }),
    expected: {
      state: 'pending',
      approvedBy: [fresh('alice')],
      stale: [{ login: 'bob', via: 'review', commit: OLD, changedFiles: [WEIGHTS], why: 'model files changed since `oldsha1`' }],
    },
  },
  {
    name: 'model-change: approval, then a docs-only push → still valid',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: DOCS })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob', DOCS)], stale: [] },
  },
  {
    name: 'model-change: a model file added since the review counts as changed',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: 'c1' })], blobsAt: { c1: { [CARD]: 'card-v2', [WEIGHTS]: null } } }),
    expected: { state: 'pending', stale: [{ login: 'bob', via: 'review', commit: 'c1', changedFiles: [WEIGHTS], why: 'model files changed since `c1`' }] },
  },
  {
    name: 'model-change: a model file deleted since the review counts as changed',
    input: input({
      reviews: [approve('alice'), approve('bob', { commit: 'c2' })],
      blobsAt: { c2: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v2', 'models/churn/calibration.bin': 'cal-v1' } },
    }),
    expected: {
      state: 'pending',
      stale: [{ login: 'bob', via: 'review', commit: 'c2', changedFiles: ['models/churn/calibration.bin'], why: 'model files changed since `c2`' }],
    },
  },
  {
    name: 'model-change: a file absent then and now is unchanged',
    input: input({
      reviews: [approve('alice'), approve('bob', { commit: 'c3' })],
      blobsAt: { c3: { [CARD]: 'card-v2', [WEIGHTS]: 'weights-v2', 'models/churn/old.bin': null } },
    }),
    expected: { state: 'pass', stale: [] },
  },
  {
    name: 'model-change: no blobs for the reviewed commit → stale (fail closed)',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: UNKNOWN })] }),
    expected: {
      state: 'pending',
      approvedBy: [fresh('alice')],
      stale: [{ login: 'bob', via: 'review', commit: UNKNOWN, changedFiles: [], why: 'the model files at `unknown` are unknown' }],
    },
  },
  {
    name: 'model-change: a model file not looked up for that commit → stale (unknown is not unchanged)',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: 'c4' })], blobsAt: { c4: { [CARD]: 'card-v2' } } }),
    expected: { state: 'pending', stale: [{ login: 'bob', via: 'review', commit: 'c4', changedFiles: [WEIGHTS], why: 'model files changed since `c4`' }] },
  },
  {
    name: 'model-change: a review with no commit id → stale',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: null })] }),
    expected: { state: 'pending', stale: [{ login: 'bob', via: 'review', commit: '', changedFiles: [], why: 'the commit it was given on is unknown' }] },
  },
  {
    name: 'model-change: /modelgate approve uses the head at comment time; docs-only since → valid',
    input: input({ reviews: [approve('alice')], comments: [comment('bob', '/modelgate approve', { commit: DOCS })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob', DOCS, 'command')], stale: [] },
  },
  {
    name: 'model-change: /modelgate approve without a recorded head → stale',
    input: input({ reviews: [approve('alice')], comments: [comment('bob', '/modelgate approve', { commit: null })] }),
    expected: { state: 'pending', stale: [{ login: 'bob', via: 'command', commit: '', changedFiles: [], why: 'the commit it was given on is unknown' }] },
  },
  {
    name: 'any-push: a docs-only push still invalidates',
    input: input({ policy: invalidate('any-push'), reviews: [approve('alice'), approve('bob', { commit: DOCS })] }),
    expected: { state: 'pending', stale: [{ login: 'bob', via: 'review', commit: DOCS, changedFiles: [], why: 'the head moved from `docsha2` since' }] },
  },
  {
    name: 'any-push: approvals on the head count without any blobs',
    input: input({ policy: invalidate('any-push'), blobsAt: {}, reviews: [approve('alice'), approve('bob')] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob')], stale: [] },
  },
  {
    name: 'never: an approval on an old commit, or an unknown one, still counts',
    input: input({ policy: invalidate('never'), blobsAt: {}, reviews: [approve('alice', { commit: OLD }), approve('bob', { commit: null })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice', OLD), fresh('bob', '')], stale: [] },
  },
  {
    name: 'a newer approval on the head replaces the person\'s stale one',
    input: input({ reviews: [approve('alice'), approve('bob', { commit: OLD }), approve('bob', { minute: 5 })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob')], stale: [] },
  },
];

const changes: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'CHANGES_REQUESTED by an eligible reviewer blocks two approvals',
    input: input({ reviews: [approve('alice'), approve('bob'), review('carol', 'CHANGES_REQUESTED', { minute: 1 })] }),
    expected: { state: 'pending', changesRequestedBy: ['carol'], summary: 'waiting — changes requested by `carol`' },
  },
  {
    name: 'a later APPROVED by the same reviewer unblocks',
    input: input({ reviews: [approve('alice'), review('bob', 'CHANGES_REQUESTED'), approve('bob', { minute: 2 })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob')], changesRequestedBy: [] },
  },
  {
    name: 'a later /modelgate approve by the same reviewer unblocks',
    input: input({ reviews: [approve('alice'), review('bob', 'CHANGES_REQUESTED')], comments: [comment('bob', '/modelgate approve', { minute: 2 })] }),
    expected: { state: 'pass', approvedBy: [fresh('alice'), fresh('bob', HEAD, 'command')], changesRequestedBy: [] },
  },
  {
    name: 'APPROVED then CHANGES_REQUESTED: the later one wins',
    input: input({ reviews: [approve('alice'), approve('bob'), review('bob', 'CHANGES_REQUESTED', { minute: 3 })] }),
    expected: { state: 'pending', approvedBy: [fresh('alice')], changesRequestedBy: ['bob'], summary: 'waiting — changes requested by `bob`; 1 more approval from `acme/model-risk` (1 of 2)' },
  },
  {
    name: 'a COMMENTED review does not lift a request for changes',
    input: input({ reviews: [approve('alice'), approve('carol'), review('bob', 'CHANGES_REQUESTED'), review('bob', 'COMMENTED', { minute: 4 })] }),
    expected: { state: 'pending', changesRequestedBy: ['bob'] },
  },
  {
    name: 'same instant: the request for changes wins over the approval',
    input: input({ reviews: [approve('alice'), approve('bob', { minute: 1 }), review('bob', 'CHANGES_REQUESTED', { minute: 1 })] }),
    expected: { state: 'pending', changesRequestedBy: ['bob'] },
  },
  {
    name: 'an unreadable (zone-less) time never lets an approval overtake a request for changes',
    input: input({
      reviews: [
        approve('alice'),
        { ...review('bob', 'CHANGES_REQUESTED'), submittedAt: '2024-05-01T09:00:00' },
        approve('bob', { minute: 30 }),
        review('carol', 'CHANGES_REQUESTED', { minute: 1 }),
        { ...approve('carol'), submittedAt: 'yesterday' },
      ],
    }),
    expected: { state: 'pending', approvedBy: [fresh('alice')], changesRequestedBy: ['carol', 'bob'] },
  },
  {
    name: 'a stale request for changes still blocks',
    input: input({ reviews: [approve('alice'), approve('carol'), review('bob', 'CHANGES_REQUESTED', { commit: OLD })] }),
    expected: { state: 'pending', changesRequestedBy: ['bob'] },
  },
  {
    name: 'a dismissed request for changes no longer blocks',
    input: input({ reviews: [approve('alice'), approve('carol'), review('bob', 'DISMISSED')] }),
    expected: { state: 'pass', changesRequestedBy: [] },
  },
  {
    name: 'a dismissed approval does not count',
    input: input({ reviews: [approve('alice'), review('bob', 'DISMISSED')] }),
    expected: { state: 'pending', approvedBy: [fresh('alice')], summary: 'waiting — 1 more approval from `acme/model-risk` (1 of 2)' },
  },
  {
    name: 'a request for changes from someone who cannot approve does not block',
    input: input({ reviews: [approve('alice'), approve('bob'), review('gina', 'CHANGES_REQUESTED', { minute: 2 })] }),
    expected: { state: 'pass', changesRequestedBy: [] },
  },
  {
    name: 'a PENDING (unsubmitted) review is not an action',
    input: input({ reviews: [approve('alice'), review('bob', 'PENDING')] }),
    expected: { state: 'pending', approvedBy: [fresh('alice')] },
  },
];

describe('decide: staleness', () => {
  it.each(staleness)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof Expected)[])).toEqual(expected);
  });

  it('explains a stale approval in the reasons', () => {
    const decision = decide(input({ reviews: [approve('bob', { commit: OLD })] }));
    expect(decision.reasons).toContain('approval by `bob` is stale: model files changed since `oldsha1` (`models/churn/model.txt`)');
  });
});

describe('decide: requests for changes', () => {
  it.each(changes)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof Expected)[])).toEqual(expected);
  });
});
