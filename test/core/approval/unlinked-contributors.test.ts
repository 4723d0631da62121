// Contributors who hide: commit identities GitHub links to no account (issue 10, item 9). A
// writer who commits as `Mallory <mallory@corp.example>` without linking that address must not
// approve the change as `mallory`; a commit nobody can be named for makes tier high wait for a
// member of one of its teams who did not (as far as anyone can tell) write it.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/approval/decide.ts';
import type { ApprovalDecision, DecideInput } from '../../../src/core/approval/types.ts';
import { HEAD, approve, comment, finding, input, model, pick, policy } from './builders.ts';

/** The zero-width joiner the report's inert code spans put after `@` and `<` (no mention, no tag). */
const ZWJ = '\u200d';
const C1 = 'abc1234'.padEnd(40, '0');
const C2 = 'def5678'.padEnd(40, '0');

/** What GitHub shows of each reviewer: `User.name`, and `User.email` ("" when not public). */
const IDENTITIES = {
  alice: { name: 'Alice Liddell', email: 'alice@corp.example' },
  bob: { name: 'Bob', email: '' },
  carol: {},
  erin: { name: 'Erin', email: 'erin@corp.example' },
  gina: { name: 'Gina', email: 'gina@corp.example' },
};
const eligibility = (over: Partial<DecideInput['eligibility']> = {}): DecideInput['eligibility'] => ({ ...input().eligibility, identities: IDENTITIES, ...over });
const unlinked = (sha: string, name: string, email: string) => ({ sha, name, email });
const MALLORY = unlinked(C1, 'Mallory', 'mallory@corp.example');

/** The `why` of a reviewer who may have written a commit under an unlinked identity. */
const possibleAuthor = (shown: string, sha = C1) =>
  `possible commit author: the unlinked identity \`${shown.replace(/[@<]/g, (ch) => `${ch}${ZWJ}`)}\` of commit \`${sha.slice(0, 7)}\``;

const byReview = (login: string) => ({ login, via: 'review' as const, commit: HEAD });
const ONE_OF_TWO = { state: 'pending', conclusion: 'action_required', summary: 'waiting — 1 more approval from `acme/model-risk` (1 of 2)' } as const;
const PASS = { state: 'pass', conclusion: 'success' } as const;

type Expected = Partial<Pick<ApprovalDecision, 'state' | 'conclusion' | 'approvedBy' | 'ignored' | 'summary'>>;

const identities: { name: string; input: DecideInput; expected: Expected }[] = [
  {
    name: 'a reviewer whose public e-mail is an unlinked commit e-mail (case and spaces aside) does not count',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, 'A. L.', ' ALICE@Corp.Example ')] }, eligibility: eligibility(), reviews: [approve('alice'), approve('bob')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('bob')], ignored: [{ login: 'alice', why: possibleAuthor('A. L. <ALICE@Corp.Example>') }] },
  },
  {
    name: 'an e-mail kept private: the profile name decides (case and spaces aside)',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, ' bob ', 'bob@laptop.local')] }, eligibility: eligibility(), reviews: [approve('alice'), approve('bob')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'bob', why: possibleAuthor('bob <bob@laptop.local>') }] },
  },
  {
    name: 'a short, common name matches all the same (fail closed)',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, 'Erin', 'e@laptop.local')] }, eligibility: eligibility(), reviews: [approve('alice'), approve('erin')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'erin', why: possibleAuthor('Erin <e@laptop.local>') }] },
  },
  {
    name: 'nothing public: the login is compared with the commit name',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, 'Carol', 'c@laptop.local')] }, eligibility: eligibility(), reviews: [approve('alice'), approve('CAROL')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'CAROL', why: possibleAuthor('Carol <c@laptop.local>') }] },
  },
  {
    name: 'the first matching identity is named, whichever commit carries it',
    input: input({
      pr: { unlinkedCommitIdentities: [unlinked(C1, 'Build Robot', 'ci@corp.example'), unlinked(C2, 'Alice', 'alice@corp.example'), unlinked(C2, 'Alice Liddell', 'a@home.example')] },
      eligibility: eligibility(),
      reviews: [approve('alice'), approve('bob')],
    }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('bob')], ignored: [{ login: 'alice', why: possibleAuthor('Alice <alice@corp.example>', C2) }] },
  },
  {
    name: 'reviewers who match no unlinked identity count',
    input: input({ pr: { unlinkedCommitIdentities: [MALLORY] }, eligibility: eligibility(), reviews: [approve('alice'), approve('bob')] }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byReview('bob')], ignored: [], summary: 'approved by `alice` and `bob` (tier high)' },
  },
  {
    name: 'an empty name or e-mail matches nobody (a hidden e-mail is "", not a match for "")',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, '  ', '')] }, eligibility: eligibility(), reviews: [approve('bob'), approve('carol')] }),
    expected: { ...PASS, approvedBy: [byReview('bob'), byReview('carol')], ignored: [] },
  },
  {
    name: 'allowContributors admits a possible author as it admits a linked one',
    input: input({
      policy: policy({ approval: { allowContributors: true } }),
      pr: { unlinkedCommitIdentities: [unlinked(C1, 'A. L.', 'alice@corp.example')] },
      eligibility: eligibility(),
      reviews: [approve('alice'), approve('bob')],
    }),
    expected: { ...PASS, approvedBy: [byReview('alice'), byReview('bob')], ignored: [] },
  },
  {
    name: 'the PR author is refused as the author, whatever identity matches',
    input: input({ pr: { unlinkedCommitIdentities: [unlinked(C1, 'Dana', 'dana@corp.example')] }, eligibility: eligibility(), reviews: [approve('alice'), approve('dana')] }),
    expected: { ...ONE_OF_TWO, approvedBy: [byReview('alice')], ignored: [{ login: 'dana', why: 'pull request author' }] },
  },
];

const R1 = 'commit `abc1234` is linked to no GitHub account (neither its author nor its committer), so who wrote it is unknown';
const R1_TWO = 'commits `abc1234` and `def5678` are linked to no GitHub account (neither their authors nor their committers), so who wrote them is unknown';
const VOUCH = 'tier high needs an approval from a member of `acme/model-risk` who is not a possible commit author (the unlinked commits could be anyone\'s)';
const NO_TEAM =
  'tier high needs an approval from a member of one of its teams who is not a possible commit author (the unlinked commits could be anyone\'s), but it names no team: link the commits\' e-mail address to the author\'s GitHub account, or name a team (`@org/team`) in the tier\'s reviewers';
const WAIT_FOR_TEAM = 'waiting — an approval from a member of `acme/model-risk` who is not a possible commit author';
const WAIT_NO_TEAM = 'waiting — a team to vouch for the unlinked commits (tier high names none)';

const lowModel = () => model({ tier: 'low', tierBase: 'low', tierHead: 'low' });
const unattributed = (shas: string[] = [C1]) => ({ unlinkedCommitIdentities: [MALLORY], unattributedCommits: shas });
const anyWriterHigh = (approvals = 1) => policy({ tiers: { high: { approvals, reviewers: [] } } });

const attribution: { name: string; input: DecideInput; expected: Expected; reasons: { has?: string[]; hasNot?: string[] } }[] = [
  {
    name: 'tier high with a team: two members who match no identity approve, so it passes and says who vouched',
    input: input({ pr: unattributed(), eligibility: eligibility(), reviews: [approve('alice'), approve('bob')] }),
    expected: { ...PASS, summary: 'approved by `alice` and `bob` (tier high)' },
    reasons: { has: [R1, `${VOUCH}: given by \`alice\` and \`bob\``] },
  },
  {
    name: 'tier high with a team: approvals that count only through allowAuthor / allowContributors do not vouch',
    input: input({
      policy: policy({ approval: { allowAuthor: true, allowContributors: true } }),
      pr: { ...unattributed(), commitAuthors: ['dana', 'erin'] },
      eligibility: eligibility(),
      reviews: [approve('dana'), approve('erin')],
    }),
    expected: { state: 'pending', conclusion: 'action_required', approvedBy: [byReview('dana'), byReview('erin')], summary: WAIT_FOR_TEAM },
    reasons: { has: [R1, `${VOUCH}; none yet`] },
  },
  {
    name: 'tier high with a team and a user: the user\'s approval counts, but only a team member vouches',
    input: input({
      policy: policy({ tiers: { high: { approvals: 1, reviewers: ['@acme/model-risk', '@zoe'] } } }),
      pr: unattributed(),
      eligibility: eligibility(),
      reviews: [approve('zoe')],
    }),
    expected: { state: 'pending', approvedBy: [byReview('zoe')], summary: WAIT_FOR_TEAM },
    reasons: { has: [`${VOUCH}; none yet`] },
  },
  {
    name: 'tier high with anyone with write access: the approval counts, and the gate waits with how to fix it',
    input: input({ policy: anyWriterHigh(), pr: unattributed(), eligibility: eligibility(), reviews: [approve('gina')] }),
    expected: { state: 'pending', conclusion: 'action_required', approvedBy: [byReview('gina')], summary: WAIT_NO_TEAM },
    reasons: { has: [R1, NO_TEAM] },
  },
  {
    name: 'tier high listing users only names no team either',
    input: input({ policy: policy({ tiers: { high: { approvals: 1, reviewers: ['@gina'] } } }), pr: unattributed(), eligibility: eligibility(), reviews: [approve('gina')] }),
    expected: { state: 'pending', approvedBy: [byReview('gina')], summary: WAIT_NO_TEAM },
    reasons: { has: [NO_TEAM] },
  },
  {
    name: 'with approvals missing too, the summary says both',
    input: input({ policy: anyWriterHigh(), pr: unattributed([C1, C2]), eligibility: eligibility() }),
    expected: { state: 'pending', summary: 'waiting — 1 approval from anyone with write access (0 of 1); a team to vouch for the unlinked commits (tier high names none)' },
    reasons: { has: [R1_TWO, NO_TEAM] },
  },
  {
    name: 'below tier high an unattributed commit is said, and asks for nothing more',
    input: input({ models: [lowModel()], pr: unattributed(), eligibility: eligibility(), reviews: [approve('gina')] }),
    expected: { ...PASS, approvedBy: [byReview('gina')], summary: 'approved by `gina` (tier low)' },
    reasons: { has: [R1], hasNot: [NO_TEAM] },
  },
  {
    name: 'unlinked identities on commits that are attributed (a linked author or committer) ask for nothing more',
    input: input({ policy: anyWriterHigh(), pr: { unlinkedCommitIdentities: [MALLORY], unattributedCommits: [] }, eligibility: eligibility(), reviews: [approve('gina')] }),
    expected: { ...PASS, approvedBy: [byReview('gina')] },
    reasons: { hasNot: [R1, NO_TEAM] },
  },
];

describe('decide: unlinked commit identities are possible authors', () => {
  it.each(identities)('$name', ({ input: gateInput, expected }) => {
    expect(pick(decide(gateInput), Object.keys(expected) as (keyof Expected)[])).toEqual(expected);
  });

  it('says why in the reasons, with the identity in an inert code span', () => {
    const decision = decide(input({ pr: { unlinkedCommitIdentities: [MALLORY] }, eligibility: eligibility({ identities: { mallory: { name: 'M', email: 'Mallory@corp.example' } } }), reviews: [approve('mallory')] }));
    expect(decision.reasons).toContain(`\`mallory\` does not count: ${possibleAuthor('Mallory <mallory@corp.example>')}`);
  });

  it('refuses waivers and acknowledgements from a possible author too', () => {
    const rule = 'lineage-split-before-fit';
    const decision = decide(
      input({
        models: [model({ findings: [finding(rule)] })],
        policy: policy({ checklist: [{ id: 'fairness-review', text: 'Fairness review done' }] }),
        pr: { unlinkedCommitIdentities: [unlinked(C1, 'Carol', 'carol@corp.example')] },
        eligibility: eligibility(),
        comments: [comment('carol', `/modelgate waive ${rule} -- fit per fold\n/modelgate ack fairness-review`)],
      }),
    );
    expect(decision.waivers).toEqual([]);
    expect(decision.refusedCommands).toMatchObject([
      { login: 'carol', why: `not allowed: ${possibleAuthor('Carol <carol@corp.example>')}` },
      { login: 'carol', why: `not allowed: ${possibleAuthor('Carol <carol@corp.example>')}` },
    ]);
  });
});

describe('decide: commits linked to no account', () => {
  it.each(attribution)('$name', ({ input: gateInput, expected, reasons }) => {
    const decision = decide(gateInput);
    expect(pick(decision, Object.keys(expected) as (keyof Expected)[])).toEqual(expected);
    for (const reason of reasons.has ?? []) expect(decision.reasons).toContain(reason);
    for (const reason of reasons.hasNot ?? []) expect(decision.reasons).not.toContain(reason);
  });
});
