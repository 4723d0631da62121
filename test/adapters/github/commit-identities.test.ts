// Who wrote the commits, as the GitHub client reads it for the gate: logins GitHub links, the
// identities it links to no account (name and e-mail as written), and the commits nobody can be
// named for. GitHub's web-flow committer names nobody; a noreply address names its login. And
// the public name and e-mail of the people whose stance can count, read in the eligibility query.
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { octokitClient } from '../../../src/adapters/github/client.ts';
import { POLICY_PATHS } from '../../../src/core/policy/location.ts';
import { useFakeNetwork, type FakeCommit } from './fake-github.ts';
import { scenario, sha } from './repo-fixture.ts';

const ref = { owner: 'acme', repo: 'models' };
const client = () => octokitClient(new Octokit({ auth: 'ghs_test' }));

useFakeNetwork();

const MALLORY = { name: 'Mallory', email: 'mallory@corp.example' };

describe('commit identities', () => {
  it('sorts linked logins, unlinked identities and unattributed commits', async () => {
    const commits: FakeCommit[] = [
      // Unlinked author, web-flow committer (an upload in the browser): nobody to name.
      { oid: sha('c1'), author: MALLORY },
      // A noreply address of a login linked elsewhere in the pull request is that login.
      { oid: sha('c2'), author: { name: 'Alice', email: '1234+alice@users.noreply.github.com' } },
      // A noreply address of a login seen nowhere else: a contributor, and still unknown.
      { oid: sha('c3'), author: { name: 'Nobody', email: '99+Nobody@users.noreply.github.com' } },
      // Mallory again, committed by a linked account: attributed, her identity listed once.
      { oid: sha('c4'), author: { name: ' mallory ', email: 'MALLORY@corp.example' }, committer: { login: 'max', name: 'Max', email: 'max@corp.example' } },
      // Neither side names anyone (nor anything to compare a reviewer with).
      { oid: sha('c5'), author: { name: '', email: '' }, committer: { name: '', email: '' } },
    ];
    const gh = scenario({ base: {}, head: {}, commitAuthors: ['alice'], commitIdentities: commits }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);

    expect(read.commitAuthors).toEqual(['Nobody', 'alice', 'max']);
    expect(read.unlinkedCommitIdentities).toEqual([
      { sha: sha('c1'), ...MALLORY },
      { sha: sha('c3'), name: 'Nobody', email: '99+Nobody@users.noreply.github.com' },
    ]);
    expect(read.unattributedCommits).toEqual([sha('c1'), sha('c3'), sha('c5')]);
  });

  it('finds nothing to say when every commit is linked', async () => {
    const gh = scenario({ base: {}, head: {}, commitAuthors: ['alice', 'rita'] }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.commitAuthors).toEqual(['alice', 'rita']);
    expect(read.unlinkedCommitIdentities).toEqual([]);
    expect(read.unattributedCommits).toEqual([]);
  });
});

describe('identities of the people whose stance can count', () => {
  it('reads public names and e-mails in the eligibility query, beside the teams', async () => {
    const gh = scenario({ base: {}, head: {}, users: { Mallory: { name: 'Mallory Jones', email: 'mallory@corp.example' }, mona: { name: 'Mona' } } }).serve(['graphql', 'permission']);
    const eligibility = await client().getEligibility(ref, { teams: ['acme/ml-reviewers'], users: ['mallory', 'mona'], identities: ['mallory', 'mona', 'zed'] });
    expect(eligibility.identities).toEqual({ mallory: { name: 'Mallory Jones', email: 'mallory@corp.example' }, mona: { name: 'Mona' }, zed: {} });
    expect(gh.lines('graphql')).toEqual(['POST /graphql (eligibility)']);
    expect(gh.bodies('graphql')[0].query).toContain('u0: user(login: "mallory") { login name email }');
    expect(gh.unexpected).toEqual([]);
  });

  it('asks nothing of anyone when no identity is wanted', async () => {
    const gh = scenario({ base: {}, head: {} }).serve(['permission']);
    const eligibility = await client().getEligibility(ref, { teams: [], users: ['mona'] });
    expect(eligibility.identities).toBeUndefined();
    expect(gh.lines()).toEqual(['GET /repos/acme/models/collaborators/mona/permission']);
  });
});
