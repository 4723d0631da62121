// Contributors who hide, through the real App (issue 10, item 9): a writer commits as
// `Mallory <mallory@corp.example>`, an address GitHub links to no account, then approves as
// `mallory`. GitHub shows the App that reviewer's public e-mail; the gate matches it and does
// not count the approval. A commit nobody can be named for makes tier high wait for a member of
// one of its teams, and says how to fix a tier that names none.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, TEAMS, edit, exampleFiles, replaceOnce, sha } from '../github/repo-fixture.ts';
import { useFakeNetwork, type FakeCommit, type FakeGitHub, type FakeReview, type Files } from '../github/fake-github.ts';
import { reviewEvent, testApp } from './harness.ts';
import { POLICY, approved, checkRun, cleanChange, cleanPr, setTier, writtenComment } from './scenarios.ts';

useFakeNetwork();

const ZWJ = '\u200d';
const MALLORY_COMMIT = sha('mallory-commit');
const SHORT = MALLORY_COMMIT.slice(0, 7);

/** Authored and committed as Mallory, from an address linked to no GitHub account. */
const hiddenCommit: FakeCommit = {
  oid: MALLORY_COMMIT,
  author: { name: 'Mallory', email: 'mallory@corp.example' },
  committer: { name: 'Mallory', email: 'mallory@corp.example' },
};

/** What GitHub shows of the reviewers: mallory made her e-mail public, mona kept hers private. */
const USERS = { mallory: { name: 'Mallory Jones', email: 'mallory@corp.example' }, mona: { name: 'Mona', email: '' }, eve: { name: 'Eve', email: 'eve@corp.example' } };

const NOT_COUNTED = `- \`mallory\` does not count: possible commit author: the unlinked identity \`Mallory <${ZWJ}mallory@${ZWJ}corp.example>\` of commit \`${SHORT}\``;
const UNATTRIBUTED = `- commit \`${SHORT}\` is linked to no GitHub account (neither its author nor its committer), so who wrote it is unknown`;
const NO_TEAM =
  "- tier high needs an approval from a member of one of its teams who is not a possible commit author (the unlinked commits could be anyone's), but it names no team: link the commits' e-mail address to the author's GitHub account, or name a team (`@org/team`) in the tier's reviewers";

/** The medium-tier PR of the examples repository, with Mallory's hidden commit; she has write access and is in the team. */
function mallorysPr(reviews: FakeReview[]): FakeGitHub {
  return cleanPr({
    reviews,
    commitIdentities: [hiddenCommit],
    users: USERS,
    teams: { ...structuredClone(TEAMS), 'acme/ml-reviewers': ['mona', 'max', 'mallory'] },
    permissions: { ...PERMISSIONS, mallory: 'WRITE' },
  });
}

async function receiveReview(gh: FakeGitHub, review: FakeReview): Promise<void> {
  gh.serve();
  const { probot } = await testApp();
  await probot.receive(reviewEvent('submitted', gh, review) as any);
}

const approval = (gh: FakeGitHub) => checkRun(gh, 'modelgate / approval');

describe('a reviewer whose public e-mail wrote an unlinked commit', () => {
  it('does not count, and the check waits, saying why', async () => {
    const gh = mallorysPr([approved(1, 'mallory')]);
    await receiveReview(gh, approved(1, 'mallory'));

    expect(approval(gh).conclusion).toBe('action_required');
    expect(approval(gh).output.title).toBe('waiting — 1 approval from acme/ml-reviewers (0 of 1)');
    const lines = (approval(gh).output.summary as string).split('\n');
    expect(lines).toContain(NOT_COUNTED);
    expect(lines).toContain(UNATTRIBUTED);
    // The reviewer's public name and e-mail were read in the eligibility query, beside the team.
    const eligibility = gh.requests.find((r) => r.query === 'eligibility')!.body.query as string;
    expect(eligibility).toContain('user(login: "mallory") { login name email }');
    expect(gh.unexpected).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('leaves another reviewer, who matches no unlinked identity, counted', async () => {
    const gh = mallorysPr([approved(1, 'mallory'), approved(2, 'mona')]);
    await receiveReview(gh, approved(2, 'mona'));

    expect(approval(gh)).toMatchObject({ conclusion: 'success', output: { title: 'approved by mona (tier medium)' } });
    expect((approval(gh).output.summary as string).split('\n')).toContain(NOT_COUNTED);
    expect(writtenComment(gh)).toContain('Not counted: `mallory`');
  });
});

describe('tier high and a commit linked to no account', () => {
  /** The examples policy with a high tier anyone with write access approves once, and no checklist. */
  const anyWriterHigh = (files: Files): Files =>
    edit(files, POLICY, (t) =>
      replaceOnce(
        replaceOnce(t, 'high:   {approvals: 2, reviewers: ["@acme/model-risk"], ', 'high:   {approvals: 1, '),
        'checklist:\n  - {id: fairness-review, text: "Fairness review done for protected attributes", tiers: [high]}\n',
        'checklist: []\n',
      ),
    );

  it('stays pending when the tier names no team, with how to fix it', async () => {
    const base = anyWriterHigh(setTier(exampleFiles(), 'high'));
    const gh = cleanPr({ base, head: cleanChange(base), reviews: [approved(1, 'eve')], commitIdentities: [hiddenCommit], users: USERS });
    await receiveReview(gh, approved(1, 'eve'));

    expect(approval(gh).conclusion).toBe('action_required');
    expect(approval(gh).output.title).toBe('waiting — a team to vouch for the unlinked commits (tier high names none)');
    const lines = (approval(gh).output.summary as string).split('\n');
    expect(lines).toContain('- 1 of 1 approvals from anyone with write access: `eve`');
    expect(lines).toContain(UNATTRIBUTED);
    expect(lines).toContain(NO_TEAM);
  });
});
