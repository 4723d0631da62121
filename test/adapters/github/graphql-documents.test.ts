// Every GraphQL document the GitHub adapter can send, at its largest, is one GitHub accepts:
// valid against GitHub's published schema, every connection paged with `first` between 1 and
// 100, and a node count far below GitHub's 500,000. The checker itself is tested on what GitHub
// refuses, the `commits(first: 250)` that once made the App fail closed on every pull request first.
import { describe, expect, it } from 'vitest';
import {
  blobsQuery,
  eligibilityQuery,
  FIELDS_PER_QUERY,
  INVENTORY_ISSUES_PER_REPO,
  inventoryIssuesQuery,
  modelHistoryQuery,
  policyFileQuery,
  PULL_CONNECTIONS,
  pullContextQuery,
  pullPageQuery,
  TEAM_MEMBERS_PAGE_QUERY,
  REPOS_PER_INVENTORY_QUERY,
  TEAMS_PER_QUERY,
  type PullConnection,
} from '../../../src/adapters/github/graphql-documents.ts';
import { POLICY_PATHS } from '../../../src/core/policy/location.ts';
import { githubRefuses, limitErrors, MAX_NODES } from '../../helpers/github-graphql.ts';

/** Paths as awkward as a repository can hold: quotes, backslashes, spaces, non-ASCII. */
const path = (i: number) => `models/m ${i}/"quoted" \\ back\u00e9 ${i}.yaml`;
const SHA = 'a'.repeat(40);

const documents: [name: string, query: string, variables: Record<string, unknown>, nodes: number][] = [
  ['PullContext', pullContextQuery(POLICY_PATHS.length), { owner: 'acme', repo: 'models', number: 7, policy0: `${SHA}:${POLICY_PATHS[0]}`, policy1: `${SHA}:${POLICY_PATHS[1]}` }, 400],
  [
    "PullContext with the owner's .github policy",
    pullContextQuery(POLICY_PATHS.length, POLICY_PATHS.length),
    { owner: 'acme', repo: 'models', number: 7, policy0: `${SHA}:${POLICY_PATHS[0]}`, policy1: `${SHA}:${POLICY_PATHS[1]}`, orgRepo: '.github', orgPolicy0: `HEAD:${POLICY_PATHS[0]}`, orgPolicy1: `HEAD:${POLICY_PATHS[1]}` },
    400,
  ],
  ...(Object.keys(PULL_CONNECTIONS) as PullConnection[]).map((c): [string, string, Record<string, unknown>, number] => [`next page of ${c}`, pullPageQuery(c), { owner: 'acme', repo: 'models', number: 7, after: 'Y3Vyc29yOnYyOjk5' }, 100]),
  ['Blobs, a full batch', blobsQuery(Array.from({ length: FIELDS_PER_QUERY }, (_, i) => `${SHA}:${path(i)}`)), { owner: 'acme', repo: 'models' }, 0],
  [
    'Eligibility, full: teams and identities',
    eligibilityQuery(
      Array.from({ length: TEAMS_PER_QUERY }, (_, i) => ({ org: 'acme', slug: `team-${i}` })),
      Array.from({ length: FIELDS_PER_QUERY }, (_, i) => `user-${i}`),
    ),
    {},
    TEAMS_PER_QUERY * 100,
  ],
  ['Eligibility, teams only (no variables)', eligibilityQuery([{ org: 'acme', slug: 'model-risk' }]), {}, 100],
  ['Eligibility, a full batch of identities (public name and e-mail)', eligibilityQuery([], Array.from({ length: FIELDS_PER_QUERY }, (_, i) => `user-${i}`)), {}, 0],
  ['TeamMembersPage', TEAM_MEMBERS_PAGE_QUERY, { org: 'acme', slug: 'model-risk', after: 'Y3Vyc29yOnYyOjk5' }, 100],
  ['PolicyFile', policyFileQuery(POLICY_PATHS.length), { owner: 'acme', repo: '.github', path0: `HEAD:${POLICY_PATHS[0]}`, path1: `HEAD:${POLICY_PATHS[1]}` }, 0],
  ['PolicyFile, one named file', policyFileQuery(1), { owner: 'corp', repo: 'policies', path0: 'HEAD:ml/strict.yml' }, 0],
  [
    'ModelHistory, a full batch (the root directory among them)',
    modelHistoryQuery(['', ...Array.from({ length: FIELDS_PER_QUERY - 1 }, (_, i) => path(i))]),
    { owner: 'acme', repo: 'models', oid: SHA },
    FIELDS_PER_QUERY,
  ],
  [
    'InventoryIssues, a full batch of repositories',
    inventoryIssuesQuery(Array.from({ length: REPOS_PER_INVENTORY_QUERY }, (_, i) => ({ owner: 'acme', repo: `repo-${i}.ml` }))),
    { label: 'model-inventory' },
    REPOS_PER_INVENTORY_QUERY * INVENTORY_ISSUES_PER_REPO,
  ],
];

describe('every document the adapter builds is one GitHub accepts', () => {
  it.each(documents)('%s', (_name, query, variables, nodes) => {
    expect(githubRefuses(query, variables)).toEqual([]);
    expect(limitErrors(query, variables).nodeCount).toBe(nodes);
    expect(nodes).toBeLessThan(MAX_NODES);
  });
});

describe('the checker refuses what GitHub refuses', () => {
  const context = (commits: string) =>
    `query { repository(owner: "acme", name: "models") { pullRequest(number: 7) { commits${commits} { nodes { commit { oid } } } } } }`;

  it.each([
    ['more than 100 records (the bug that failed every real pull request)', context('(first: 250)'), 'Requesting 250 records on the `commits` connection exceeds the `first` limit of 100 records.'],
    ['no page size', context(''), 'You must provide a `first` or `last` value to properly paginate the `commits` connection.'],
    ['a page size of 0', context('(last: 0)'), '`last` on the `commits` connection must be between 1 and 100, not 0.'],
    ['a field GitHub does not have', 'query { viewer { loginName } }', 'Cannot query field "loginName" on type "User". Did you mean "login"?'],
    ['a declared variable it never uses', 'query($owner: String!) { viewer { login } }', 'Variable "$owner" is never used.'],
    [
      'more than 500,000 nodes',
      'query { viewer { repositories(first: 100) { nodes { pullRequests(first: 100) { nodes { commits(first: 100) { totalCount } } } } } } }',
      'This query requests up to 1010100 possible nodes which exceeds the maximum limit of 500000.',
    ],
  ])('%s', (_name, query, message) => {
    expect(githubRefuses(query).map((e) => e.message)).toEqual([message]);
  });

  it('reads page sizes given as variables', () => {
    const query = 'query($n: Int!) { viewer { repositories(first: $n) { totalCount } } }';
    expect(githubRefuses(query, { n: 100 })).toEqual([]);
    expect(githubRefuses(query, { n: 101 })).toEqual([{ type: 'EXCESSIVE_PAGINATION', message: 'Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.' }]);
  });
});

describe('the fake GitHub the App tests run against refuses the same', () => {
  it('answers a `first: 250` page with GitHub\'s error and no data, as GitHub does', async () => {
    const { answerGraphql } = await import('./fake-graphql.ts');
    const { scenario } = await import('./repo-fixture.ts');
    const gh = scenario({ base: {}, head: {} });
    const query = 'query { repository(owner: "acme", name: "models") { pullRequest(number: 7) { commits(first: 250) { nodes { commit { oid } } } } } }';
    expect(answerGraphql(gh.state, { query })).toEqual({
      errors: [{ type: 'EXCESSIVE_PAGINATION', message: 'Requesting 250 records on the `commits` connection exceeds the `first` limit of 100 records.' }],
    });
    expect(answerGraphql(gh.state, { query: 'query { viewer { loginName } }' }).errors?.map((e) => e.message)).toEqual(['Cannot query field "loginName" on type "User". Did you mean "login"?']);
  });
});
