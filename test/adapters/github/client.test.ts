// octokitClient on what GitHub answers at the edges: every connection is read to its end (a
// page of 100 at a time, GitHub's largest), a truncated tree is refused, what GitHub itself stops
// listing is said, binary blobs reach the core as such and large ones are read through the REST
// blobs API, and calls with nothing to ask make no request. Hand-written GraphQL answers are
// given only to documents GitHub would accept (githubRefuses).
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { octokitClient } from '../../../src/adapters/github/client.ts';
import { POLICY_PATHS } from '../../../src/core/policy/location.ts';
import { githubRefuses } from '../../helpers/github-graphql.ts';
import { API, blobSha, useFakeNetwork } from './fake-github.ts';
import { PERMISSIONS, scenario, sha } from './repo-fixture.ts';

const ref = { owner: 'acme', repo: 'models' };
const client = () => octokitClient(new Octokit({ auth: 'ghs_test' }));

useFakeNetwork();

function graphql(data: unknown, check: (body: { query: string; variables: Record<string, unknown> }) => boolean = () => true) {
  return nock(API)
    .post('/graphql', (body) => githubRefuses(body.query, body.variables).length === 0 && check(body))
    .reply(200, { data });
}

const page = (nodes: unknown[] = []) => ({ pageInfo: { hasNextPage: false, endCursor: null }, nodes });

const context = (pr: Record<string, unknown>) => ({
  repository: {
    policy0: null,
    policy1: null,
    pullRequest: { reviews: page(), comments: page(), commits: { ...page(), totalCount: 0 }, reviewRequests: page(), ...pr },
  },
});

describe('reads that would hide something are refused', () => {
  it('a tree GitHub truncated', async () => {
    nock(API).get('/repos/acme/models/git/trees/abc').query({ recursive: 'true' }).reply(200, { sha: 'abc', truncated: true, tree: [] });
    await expect(client().getTree(ref, 'abc')).rejects.toThrow('the tree of abc is too large for one request (GitHub truncated it)');
  });
});

describe('every page of the pull request is read', () => {
  const review = (i: number) => ({ id: 1000 + i, login: `reviewer${i}`, state: i === 130 ? ('CHANGES_REQUESTED' as const) : ('COMMENTED' as const), commit: sha('head') });

  it('131 reviews: the "changes requested" on the second page is seen', async () => {
    const gh = scenario({ base: {}, head: {}, reviews: Array.from({ length: 131 }, (_, i) => review(i)) }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.reviews).toHaveLength(131);
    expect(read.reviews.at(-1)).toMatchObject({ id: 1130, state: 'CHANGES_REQUESTED', user: { login: 'reviewer130' } });
    expect(gh.lines()).toEqual(['POST /graphql (context)', 'POST /graphql (context-page)']);
  });

  it('120 commits: every author is a contributor, and the list is complete', async () => {
    const authors = Array.from({ length: 120 }, (_, i) => `dev${String(i).padStart(3, '0')}`);
    const gh = scenario({ base: {}, head: {}, commitAuthors: authors }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.commitAuthors).toEqual(authors);
    expect(read.commitAuthorsIncomplete).toBeUndefined();
  });

  it('300 commits: GraphQL pages through all of them (REST would stop at 250)', async () => {
    const authors = Array.from({ length: 300 }, (_, i) => `dev${String(i).padStart(3, '0')}`);
    const gh = scenario({ base: {}, head: {}, commitAuthors: authors }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.commitAuthors).toEqual(authors);
    expect(read.commitAuthorsIncomplete).toBeUndefined();
    expect(gh.lines()).toEqual(['POST /graphql (context)', 'POST /graphql (context-page)', 'POST /graphql (context-page)']);
  });

  it('commits GitHub counts but does not list are said, not passed over', async () => {
    const authors = Array.from({ length: 300 }, (_, i) => `dev${String(i).padStart(3, '0')}`);
    const gh = scenario({ base: {}, head: {}, commitAuthors: authors });
    gh.state.pull.commitsListed = 250;
    gh.serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.commitAuthors).toEqual(authors.slice(0, 250));
    expect(read.commitAuthorsIncomplete).toBe('the pull request has 300 commits and GitHub listed only 250 of them');
  });

  it('150 comments: the first ones (where the sticky comment usually is) are read too', async () => {
    const comments = Array.from({ length: 150 }, (_, i) => ({ id: 5000 + i, login: `user${i}`, body: `comment ${i}` }));
    const gh = scenario({ base: {}, head: {}, comments }).serve(['graphql']);
    const read = await client().getPullContext(ref, 7, gh.state.pull.base, POLICY_PATHS);
    expect(read.comments.map((c) => c.id)).toEqual(comments.map((c) => c.id));
  });

  it('a connection whose pages never end is refused, not read forever', async () => {
    const endless = { pageInfo: { hasNextPage: true, endCursor: null }, nodes: [] };
    graphql(context({ reviews: endless }));
    await expect(client().getPullContext(ref, 7, 'base', POLICY_PATHS)).rejects.toThrow('GitHub kept paging the reviews (0 read); modelgate stops rather than read forever');
  });
});

describe('the policy at the base commit', () => {
  const withPolicy = (policy: unknown, yaml: unknown = null) => ({ ...context({}), repository: { ...context({}).repository, policy0: policy, policy1: yaml } });

  it.each([
    ['cut short', { __typename: 'Blob', text: 'tiers:\n  medium: {approvals: 2', isBinary: false, isTruncated: true }, 'too large'],
    ['binary', { __typename: 'Blob', text: null, isBinary: true, isTruncated: false }, 'binary'],
    ['a directory', { __typename: 'Tree' }, 'a tree'],
  ])('is refused when %s, never read as "no policy"', async (_name, policy, what) => {
    graphql(withPolicy(policy));
    await expect(client().getPullContext(ref, 7, 'b45e', POLICY_PATHS)).rejects.toThrow(
      `the policy .github/modelgate.yml at b45e is not a readable text file (GitHub sees ${what}); modelgate fails closed rather than use the built-in defaults`,
    );
  });

  it('is absent only when nothing is there, and found under either name', async () => {
    graphql(withPolicy(null));
    expect((await client().getPullContext(ref, 7, 'b45e', POLICY_PATHS)).policies).toEqual([]);
    graphql(withPolicy({ __typename: 'Blob', text: '', isBinary: false, isTruncated: false }));
    expect((await client().getPullContext(ref, 7, 'b45e', POLICY_PATHS)).policies).toEqual([{ path: '.github/modelgate.yml', text: '' }]);
    graphql(withPolicy(null, { __typename: 'Blob', text: 'rules: {}\n', isBinary: false, isTruncated: false }), (body) => body.variables.policy1 === 'b45e:.github/modelgate.yaml');
    expect((await client().getPullContext(ref, 7, 'b45e', POLICY_PATHS)).policies).toEqual([{ path: '.github/modelgate.yaml', text: 'rules: {}\n' }]);
  });
});

describe('getPullContext', () => {
  it('asks for the policy at the base commit and maps people, edits and our own comments', async () => {
    const actor = (login: string, typename = 'User') => ({ __typename: typename, login });
    graphql(
      context({
        reviews: page([{ databaseId: 1, state: 'APPROVED', submittedAt: 't', commit: { oid: 'c1' }, author: actor('mona') }]),
        comments: page([
          { databaseId: 2, body: '/modelgate approve', createdAt: 't', lastEditedAt: 't2', viewerDidAuthor: false, author: actor('max') },
          { databaseId: 3, body: 'report', createdAt: 't', lastEditedAt: null, viewerDidAuthor: true, author: actor('modelgate', 'Bot') },
        ]),
        commits: { ...page([{ commit: { author: { user: { login: 'alice' }, name: 'Alice' }, committer: { user: { login: 'web-flow' }, name: 'GitHub' } } }]), totalCount: 1 },
      }),
      (body) => body.variables.policy0 === 'base:.github/modelgate.yml' && body.variables.policy1 === 'base:.github/modelgate.yaml' && body.variables.number === 7,
    );
    expect(await client().getPullContext(ref, 7, 'base', POLICY_PATHS)).toEqual({
      policies: [],
      reviews: [{ id: 1, user: { login: 'mona', type: 'User' }, state: 'APPROVED', commitId: 'c1', submittedAt: 't' }],
      comments: [
        { id: 2, user: { login: 'max', type: 'User' }, body: '/modelgate approve', createdAt: 't', edited: true, byViewer: false },
        { id: 3, user: { login: 'modelgate', type: 'Bot' }, body: 'report', createdAt: 't', edited: false, byViewer: true },
      ],
      commitAuthors: ['alice'],
      unlinkedCommitIdentities: [],
      unattributedCommits: [],
      reviewRequests: { users: [], teams: [] },
    });
  });
});

describe('readBlobs', () => {
  it('hands the core binary blobs as binary, missing ones as undefined, and reads large ones through the blobs API', async () => {
    const large = 'x'.repeat(600_000);
    graphql({
      repository: {
        b0: { __typename: 'Blob', oid: 'o0', byteSize: 10, isBinary: false, isTruncated: false, text: 'card' },
        b1: { __typename: 'Blob', oid: 'o1', byteSize: 10, isBinary: true, isTruncated: false, text: null },
        b2: { __typename: 'Blob', oid: 'o2', byteSize: 600_000, isBinary: false, isTruncated: true, text: 'x'.repeat(100) },
        b3: { __typename: 'Blob', oid: 'o3', byteSize: 200_000_000, isBinary: false, isTruncated: true, text: 'x' },
        b4: null,
      },
    });
    nock(API, { reqheaders: { accept: 'application/vnd.github.v3.raw' } }).get('/repos/acme/models/git/blobs/o2').reply(200, Buffer.from(large), { 'content-type': 'application/vnd.github.raw' });
    const keys = ['a', 'b', 'c', 'd', 'e'].map((key, i) => ({ key, sha: 'h', path: `f${i}` }));
    const read = await client().readBlobs(ref, keys);
    // Compared as one buffer: a deep comparison of 600,000 array items takes seconds.
    expect(Buffer.from(read.c!.content as Uint8Array).equals(Buffer.from(large))).toBe(true);
    expect({ ...read, c: { ...read.c, content: 'compared above' } }).toEqual({
      a: { sha: 'o0', content: 'card' },
      b: { sha: 'o1', content: new Uint8Array([0]) },
      c: { sha: 'o2', content: 'compared above' },
      d: { sha: 'o3', unreadable: 'file is 200000000 bytes, over the 104857600-byte limit of what modelgate reads' },
      e: undefined,
    });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('batching', () => {
  it('reads many blobs in parallel queries of at most 100 objects', async () => {
    const files = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}.txt`, `text ${i}`]));
    const gh = scenario({ base: files, head: files }).serve(['graphql']);
    const out = await client().readBlobs(ref, Object.keys(files).map((path) => ({ key: path, sha: gh.state.pull.head, path })));
    expect(gh.lines()).toEqual(['POST /graphql (blobs)', 'POST /graphql (blobs)']);
    expect(gh.requests.map((r) => (r.body.query.match(/: object\(/g) ?? []).length)).toEqual([100, 50]);
    expect(out['f149.txt']).toEqual({ sha: blobSha('text 149'), content: 'text 149' });
    expect(Object.keys(out)).toHaveLength(150);
  });

  it('spreads eligibility over parallel queries past 50 teams', async () => {
    const teams = Array.from({ length: 60 }, (_, i) => `acme/team-${i}`);
    const gh = scenario({ base: {}, head: {} }).serve(['graphql']);
    const eligibility = await client().getEligibility(ref, { teams: ['acme/model-risk', ...teams], users: [] });
    expect(gh.lines()).toEqual(['POST /graphql (eligibility)', 'POST /graphql (eligibility)']);
    expect(eligibility.teamMembers['acme/model-risk']).toEqual(['rita', 'raj']);
  });
});

describe('getEligibility', () => {
  it('leaves out a team GitHub does not show, so the gate names it unknown', async () => {
    graphql(
      { t0: { team: { members: page([{ login: 'rita' }]) } }, t1: { team: null } },
      (body) =>
        body.query.includes('t0: organization(login: "acme") { team(slug: "model-risk")') &&
        body.query.includes('t1: organization(login: "acme") { team(slug: "typo")') &&
        !body.query.includes('collaborators') &&
        // Nothing of the repository is asked, so no variable is declared (GitHub refuses unused ones).
        body.query.startsWith('query Eligibility {'),
    );
    nock(API).get('/repos/acme/models/collaborators/eve/permission').reply(200, { permission: 'write', role_name: 'write', user: { login: 'eve' } });
    nock(API).get('/repos/acme/models/collaborators/olga/permission').reply(404, { message: 'Not Found' });
    expect(await client().getEligibility(ref, { teams: ['acme/model-risk', 'acme/typo'], users: ['eve', 'olga'] })).toEqual({
      teamMembers: { 'acme/model-risk': ['rita'] },
      permissions: { eve: 'write', olga: 'none' },
    });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('reads each person\'s permission over REST, maintain and triage from the role name', async () => {
    const gh = scenario({ base: {}, head: {}, permissions: { ...PERMISSIONS, tess: 'TRIAGE' } }).serve(['permission']);
    const users = ['max', 'olga', 'raj', 'rita', 'tess', 'zed'];
    const eligibility = await client().getEligibility(ref, { teams: [], users });
    expect(eligibility).toEqual({
      teamMembers: {},
      permissions: { max: 'maintain', olga: 'read', raj: 'admin', rita: 'write', tess: 'triage', zed: 'none' },
    });
    // One request per person and no GraphQL query: there is no team or reviewed commit to ask about.
    expect(gh.lines().sort()).toEqual(users.map((u) => `GET /repos/acme/models/collaborators/${u}/permission`));
    expect(gh.unexpected).toEqual([]);
  });

  it.each([403, 500])('throws when GitHub answers %i for a permission: only a 404 means "no access"', async (status) => {
    const gh = scenario({ base: {}, head: {}, fail: { permission: status } }).serve(['permission']);
    await expect(client().getEligibility(ref, { teams: [], users: ['rita'] })).rejects.toThrow(`fake GitHub: permission fails with ${status}`);
    expect(gh.lines()).toEqual(['GET /repos/acme/models/collaborators/rita/permission']);
  });

  it('makes no request when there is nothing to ask, nor for an empty review request', async () => {
    const c = client();
    expect(await c.getEligibility(ref, { teams: [], users: [] })).toEqual({ teamMembers: {}, permissions: {} });
    await c.requestReviewers(ref, 7, { users: [], teams: [] });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('findOpenPullsByHead', () => {
  const pulls = (from: number, n: number, headOf: (i: number) => string) => Array.from({ length: n }, (_, i) => ({ number: from + i, head: { sha: headOf(from + i) } }));
  const page = (n: number, body: unknown, last = false) =>
    nock(API)
      .get('/repos/acme/models/pulls')
      .query({ state: 'open', per_page: '100', ...(n > 1 ? { page: String(n) } : {}) })
      .reply(200, body as any, last ? {} : { link: `<${API}/repos/acme/models/pulls?state=open&per_page=100&page=${n + 1}>; rel="next"` });

  it('returns every open PR whose head is the commit, across pages', async () => {
    page(1, pulls(1, 100, (i) => (i === 42 ? 'f00d' : 'beef')));
    page(2, pulls(101, 3, () => 'f00d'), true);
    expect(await client().findOpenPullsByHead(ref, 'f00d')).toEqual({ numbers: [42, 101, 102, 103], complete: true });
  });

  it('stops after 1,000 open PRs and says the search was not complete', async () => {
    for (let n = 1; n <= 10; n++) page(n, pulls(n * 100, 100, () => 'beef'));
    expect(await client().findOpenPullsByHead(ref, 'f00d')).toEqual({ numbers: [], complete: false });
    expect(nock.isDone()).toBe(true);
  });
});


describe('listPullFiles with the count the event gives', () => {
  const files = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ filename: `f${from + i}`, status: 'added' }));
  const page = (n: number, body: unknown[], next: boolean) =>
    nock(API)
      .get('/repos/acme/models/pulls/7/files')
      .query({ per_page: '100', ...(n > 1 ? { page: String(n) } : {}) })
      .delay(20)
      .reply(200, body, next ? { link: `<${API}/repos/acme/models/pulls/7/files?per_page=100&page=${n + 1}>; rel="next"` } : {});

  it('asks for every page at once, and returns them in order', async () => {
    page(1, files(0, 100), true);
    page(2, files(100, 100), true);
    page(3, files(200, 5), false);
    const started: number[] = [];
    nock.emitter.on('request', () => started.push(Date.now()));
    const listed = await client().listPullFiles(ref, 7, 205);
    nock.emitter.removeAllListeners('request');
    expect(listed.map((f) => f.path)).toEqual(files(0, 205).map((f) => f.filename));
    // All three asked for before the first answered (each answer takes 20 ms).
    expect(Math.max(...started) - Math.min(...started)).toBeLessThan(20);
    expect(nock.isDone()).toBe(true);
  });

  it('reads on, page by page, when the PR has more files than the event said (a push since)', async () => {
    page(1, files(0, 100), true);
    page(2, files(100, 100), true);
    page(3, files(200, 1), false);
    expect((await client().listPullFiles(ref, 7, 150)).map((f) => f.path)).toEqual(files(0, 201).map((f) => f.filename));
    expect(nock.isDone()).toBe(true);
  });
});

describe('getPullContext with the owner\'s policy', () => {
  const ORG = { repo: '.github', paths: POLICY_PATHS };
  const blob = (text: string) => ({ __typename: 'Blob', oid: 'o', byteSize: text.length, isBinary: false, isTruncated: false, text });

  it('reads the owner\'s `.github` policy and its default branch in the same query', async () => {
    graphql(
      { ...context({}), orgSettings: { defaultBranchRef: { target: { oid: 'c0ffee' } }, policy0: blob('tiers: {}\n'), policy1: null } },
      (body) => body.variables.orgRepo === '.github' && body.variables.orgPolicy0 === 'HEAD:.github/modelgate.yml',
    );
    expect((await client().getPullContext(ref, 7, 'base', POLICY_PATHS, ORG)).orgPolicy).toEqual({ repository: true, files: [{ path: '.github/modelgate.yml', text: 'tiers: {}\n' }], commit: 'c0ffee' });
  });

  it('keeps the rest of the answer when GitHub has no such repository (NOT_FOUND for that field alone)', async () => {
    nock(API)
      .post('/graphql')
      .reply(200, { data: { ...context({}), orgSettings: null }, errors: [{ type: 'NOT_FOUND', path: ['orgSettings'], message: "Could not resolve to a Repository with the name 'acme/.github'." }] });
    const read = await client().getPullContext(ref, 7, 'base', POLICY_PATHS, ORG);
    expect(read.orgPolicy).toEqual({ repository: false, files: [] });
    expect(read.reviews).toEqual([]);
  });

  it('fails on any other error, as without the owner\'s policy in the query', async () => {
    nock(API)
      .post('/graphql')
      .reply(200, { data: { ...context({}), orgSettings: null }, errors: [{ type: 'NOT_FOUND', path: ['orgSettings'], message: 'gone' }, { type: 'FORBIDDEN', path: ['repository'], message: 'no' }] });
    await expect(client().getPullContext(ref, 7, 'base', POLICY_PATHS, ORG)).rejects.toThrow();
  });

  it('keeps a policy there it cannot use as an error for whoever uses it: the repository may have its own', async () => {
    graphql({ ...context({}), orgSettings: { defaultBranchRef: null, policy0: { ...blob(''), isBinary: true, text: null }, policy1: null } });
    expect((await client().getPullContext(ref, 7, 'base', POLICY_PATHS, ORG)).orgPolicy).toEqual({
      repository: true,
      files: [],
      error: expect.stringContaining('.github/modelgate.yml in acme/.github is not a readable text file'),
    });
  });
});
