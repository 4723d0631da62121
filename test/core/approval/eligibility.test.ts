// Who counts: tier reviewers, write access, and the people and bots who never do.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/approval/decide.ts';
import type { DecideInput } from '../../../src/core/approval/types.ts';
import { HEAD, approve, comment, input, model, pick, policy } from './builders.ts';

const KEYS = ['state', 'conclusion', 'approvedBy', 'ignored', 'summary'] as const;
const byReview = (login: string) => ({ login, via: 'review' as const, commit: HEAD });
const byCommand = (login: string) => ({ login, via: 'command' as const, commit: HEAD });
const PASS = { state: 'pass', conclusion: 'success' } as const;
const ONE_OF_TWO = { state: 'pending', conclusion: 'action_required', summary: 'waiting — 1 more approval from `acme/model-risk` (1 of 2)' } as const;

const cases: { name: string; input: DecideInput; expected: Partial<ReturnType<typeof decide>> }[] = [
  {
    name: 'two team members approve at head: pass',
    input: input({ reviews: [approve('alice'), approve('bob', { minute: 1 })] }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byReview('bob')], ignored: [], summary: 'approved by `alice` and `bob` (tier high)' },
  },
  {
    name: '2 required, 1 given: pending with 1 of 2',
    input: input({ reviews: [approve('alice')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [] },
  },
  {
    name: 'none given: pending with 0 of 2',
    input: input(),
    expected: { state: 'pending', conclusion: 'action_required', approvedBy: [], ignored: [], summary: 'waiting — 2 approvals from `acme/model-risk` (0 of 2)' },
  },
  {
    name: 'author self-approval (command; the author is in the team) is ignored',
    input: input({ reviews: [approve('alice')], comments: [comment('dana', '/modelgate approve')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'dana', why: 'pull request author' }] },
  },
  {
    name: 'author approval counts with allowAuthor, even though the author also committed',
    input: input({ policy: policy({ approval: { allowAuthor: true } }), reviews: [approve('alice')], comments: [comment('dana', '/modelgate approve', { minute: 2 })] }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byCommand('dana')], ignored: [], summary: 'approved by `alice` and `dana` (tier high)' },
  },
  {
    name: 'logins compare case-insensitively (author `Dana`, team lists `alice`)',
    input: input({ pr: { author: 'Dana' }, reviews: [approve('ALICE'), approve('dana')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('ALICE')], ignored: [{ login: 'dana', why: 'pull request author' }] },
  },
  {
    name: 'commit authors compare case-insensitively too (commit by `Erin`, approval by `erin`)',
    input: input({ pr: { commitAuthors: ['dana', 'Erin'] }, reviews: [approve('alice'), approve('ERIN')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'ERIN', why: 'commit author in this pull request' }] },
  },
  {
    name: 'the same person approving twice under two spellings counts once (latest wins)',
    input: input({ reviews: [approve('alice'), approve('ALICE', { minute: 1 })] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('ALICE')], ignored: [] },
  },
  {
    name: 'approval by a writer outside the team is ignored at high tier',
    input: input({ reviews: [approve('alice'), approve('gina')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'gina', why: 'not in `acme/model-risk`' }] },
  },
  {
    name: 'bots never count: type Bot, or a [bot] login whatever its type',
    input: input({
      eligibility: { teamMembers: { 'acme/model-risk': ['alice', 'helper', 'renovate[bot]'] }, writers: [] },
      reviews: [approve('alice'), approve('helper', { bot: true, minute: 1 }), approve('renovate[bot]', { minute: 2 })],
    }),
    expected: {
      ...ONE_OF_TWO,
      approvedBy: [byReview('alice')],
      ignored: [
        { login: 'helper', why: 'bot' },
        { login: 'renovate[bot]', why: 'bot' },
      ],
    },
  },
  {
    name: 'a commit author (not the PR author) is ignored',
    input: input({ pr: { commitAuthors: ['dana', 'erin'] }, reviews: [approve('alice'), approve('erin', { minute: 1 })] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'erin', why: 'commit author in this pull request' }] },
  },
  {
    name: 'a commit author counts with allowContributors',
    input: input({
      policy: policy({ approval: { allowContributors: true } }),
      pr: { commitAuthors: ['dana', 'erin'] },
      reviews: [approve('alice'), approve('erin', { minute: 1 })],
    }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byReview('erin')], ignored: [], summary: 'approved by `alice` and `erin` (tier high)' },
  },
  {
    name: 'allowContributors does not let the PR author approve (allowAuthor governs the author)',
    input: input({ policy: policy({ approval: { allowContributors: true } }), reviews: [approve('alice'), approve('dana', { minute: 1 })] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'dana', why: 'pull request author' }] },
  },
  {
    name: 'tier without reviewers: anyone with write (list or permission map), nobody without',
    input: input({
      models: [model({ tier: 'low', tierBase: 'low', tierHead: 'low' })],
      policy: policy({ tiers: { low: { approvals: 2, reviewers: [] } } }),
      eligibility: { teamMembers: {}, writers: ['gina'], permissions: { ivan: 'maintain', judy: 'read', kim: 'triage' } },
      reviews: [approve('gina'), approve('ivan', { minute: 1 }), approve('judy', { minute: 2 }), approve('kim', { minute: 3 }), approve('lee', { minute: 4 })],
    }),
    expected: {
      ...PASS,
      approvedBy: [byReview('gina'), byReview('ivan')],
      ignored: [
        { login: 'judy', why: 'no write access' },
        { login: 'kim', why: 'no write access' },
        { login: 'lee', why: 'no write access' },
      ],
      summary: 'approved by `gina` and `ivan` (tier low)',
    },
  },
  {
    name: 'a team the adapter could not expand qualifies nobody (fail closed)',
    input: input({ eligibility: { teamMembers: {}, writers: ['alice', 'bob'] }, reviews: [approve('alice'), approve('bob')] }),
    expected: {
      state: 'pending',
      approvedBy: [],
      ignored: [
        { login: 'alice', why: 'not in `acme/model-risk`' },
        { login: 'bob', why: 'not in `acme/model-risk`' },
      ],
      summary: 'waiting — 2 approvals from `acme/model-risk` (0 of 2)',
    },
  },
  {
    name: 'users listed as reviewers qualify alongside teams',
    input: input({
      policy: policy({ tiers: { high: { approvals: 2, reviewers: ['@acme/model-risk', '@Zoe'] } } }),
      reviews: [approve('alice'), approve('zoe', { minute: 1 })],
    }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byReview('zoe')], ignored: [], summary: 'approved by `alice` and `zoe` (tier high)' },
  },
  {
    name: 'an edited /modelgate approve comment does not count',
    input: input({ reviews: [approve('alice')], comments: [comment('bob', '/modelgate approve', { edited: true })] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [] },
  },
  {
    name: '/modelgate approve by an eligible user counts',
    input: input({ reviews: [approve('alice')], comments: [comment('bob', 'Checked the leakage fix.\n/modelgate approve', { minute: 3 })] }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byCommand('bob')], ignored: [], summary: 'approved by `alice` and `bob` (tier high)' },
  },
  {
    name: 'a quoted /modelgate approve does not count for the quoter',
    input: input({ reviews: [approve('alice')], comments: [comment('bob', '> /modelgate approve\n\nWhy did you approve?')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [] },
  },
];

describe('decide: eligibility', () => {
  it.each(cases)('$name', ({ input: gateInput, expected }) => {
    const decision = decide(gateInput);
    expect(pick(decision, Object.keys(expected) as (typeof KEYS)[number][])).toEqual(expected);
  });

  it('lists the refused edited command with the reason', () => {
    const edited = comment('bob', '/modelgate approve', { edited: true });
    const decision = decide(input({ comments: [edited] }));
    expect(decision.refusedCommands).toEqual([
      { login: 'bob', command: '/modelgate approve', why: 'the comment was edited; post the command in a new comment', commentId: edited.id },
    ]);
  });

  it('answers an unknown or malformed command in refusedCommands, and ignores recheck', () => {
    const typos = comment('bob', '/modelgate aprove\n/modelgate approve if green\n/modelgate recheck');
    const decision = decide(input({ comments: [typos] }));
    expect(decision.refusedCommands).toEqual([
      { login: 'bob', command: '/modelgate aprove', why: 'unknown command `aprove`', commentId: typos.id },
      { login: 'bob', command: '/modelgate approve if green', why: '`/modelgate approve` takes no arguments', commentId: typos.id },
    ]);
    expect(decision.approvedBy).toEqual([]);
  });
});
