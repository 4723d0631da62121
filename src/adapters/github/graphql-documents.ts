// Every GraphQL document the GitHub adapter sends, built here and nowhere else, so the test
// suite can validate each one (at its largest size) against GitHub's published schema and
// limits (test/adapters/github/graphql-documents.test.ts). GitHub's rules these keep to:
// every connection asks for `first` between 1 and 100 records, and a query's node count (each
// connection's page size times its parents') stays far below 500,000.
//
// Each document has an operation name: GitHub logs it, and the test fake records it.

/** GitHub's largest page of a connection. */
export const PAGE_SIZE = 100;

/** Aliased objects per query: keeps each query well inside GitHub's time and size limits. */
export const FIELDS_PER_QUERY = 100;

/** Teams read in one eligibility query (each asks for a page of 100 members). */
export const TEAMS_PER_QUERY = 50;

/** GraphQL aliases must be names; the index keeps them unique and stable. */
export const alias = (prefix: string, i: number) => `${prefix}${i}`;

/** A GraphQL string literal (JSON's escaping is GraphQL's). */
export const gqlString = (s: string) => JSON.stringify(s);

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const ACTOR = 'author { __typename login }';

/** The fields read of each connection of a pull request. */
export const PULL_CONNECTIONS = {
  reviews: `${PAGE_INFO} nodes { databaseId state submittedAt commit { oid } ${ACTOR} }`,
  comments: `${PAGE_INFO} nodes { databaseId body createdAt lastEditedAt viewerDidAuthor ${ACTOR} }`,
  // totalCount: GraphQL pages through every commit (REST stops at 250); the count says whether any were left out.
  // Name and e-mail too: an identity GitHub links to no account is still someone who wrote the change.
  commits: `totalCount ${PAGE_INFO} nodes { commit { oid author { user { login } name email } committer { user { login } name email } } }`,
  // Who GitHub lists as asked for a review now (the webhook's copy may be older): asked once, not on every run.
  // Only people and teams: modelgate asks nobody else, so only they can be "already asked".
  reviewRequests: `${PAGE_INFO} nodes { requestedReviewer { __typename ... on User { login } ... on Team { slug } } }`,
} as const;

export type PullConnection = keyof typeof PULL_CONNECTIONS;

const BLOB_TEXT = '__typename ... on Blob { oid byteSize isBinary isTruncated text }';

/** The alias of the owner's settings repository (`.github`) in the PullContext document. */
export const ORG_SETTINGS_ALIAS = 'orgSettings';

/**
 * The pull request's context in one request: the policy candidates at the base commit, the
 * current head, and the first page of reviews, comments, commits and review requests. `policyCount` variables
 * `$policy0…` carry the `sha:path` expressions.
 *
 * With `orgPolicyCount`, the same request also reads the owner's organisation-wide policy
 * (`$orgRepo`, candidates `$orgPolicy0…` as `HEAD:path`) and its default branch's commit: a
 * repository without a policy of its own, or one whose `_extends` names that policy, then needs
 * no round of reads more (load-snapshot.ts). GitHub answers a missing repository with a
 * NOT_FOUND error for that field and the rest of the data (graphql-reads.ts keeps the rest).
 */
export function pullContextQuery(policyCount: number, orgPolicyCount = 0): string {
  const variables = Array.from({ length: policyCount }, (_, i) => `, $${alias('policy', i)}: String!`).join('');
  const orgVariables = orgPolicyCount > 0 ? `, $orgRepo: String!${Array.from({ length: orgPolicyCount }, (_, i) => `, $${alias('orgPolicy', i)}: String!`).join('')}` : '';
  const policies = Array.from({ length: policyCount }, (_, i) => `${alias('policy', i)}: object(expression: $${alias('policy', i)}) { ${BLOB_TEXT} }`);
  const orgPolicies = Array.from({ length: orgPolicyCount }, (_, i) => `${alias('policy', i)}: object(expression: $${alias('orgPolicy', i)}) { ${BLOB_TEXT} }`);
  const orgSettings =
    orgPolicyCount > 0
      ? `\n  ${ORG_SETTINGS_ALIAS}: repository(owner: $owner, name: $orgRepo) {\n    defaultBranchRef { target { oid } }\n    ${orgPolicies.join('\n    ')}\n  }`
      : '';
  const connections = (Object.keys(PULL_CONNECTIONS) as PullConnection[]).map((name) => `${name}(first: ${PAGE_SIZE}) { ${PULL_CONNECTIONS[name]} }`);
  return `query PullContext($owner: String!, $repo: String!, $number: Int!${variables}${orgVariables}) {
  repository(owner: $owner, name: $repo) {
    ${policies.join('\n    ')}
    pullRequest(number: $number) {
      headRefOid
      ${connections.join('\n      ')}
    }
  }${orgSettings}
}`;
}

/** The next page of one connection of the pull request, after `$after`. */
export function pullPageQuery(connection: PullConnection): string {
  const name = `Pull${connection[0]!.toUpperCase()}${connection.slice(1)}Page`;
  return `query ${name}($owner: String!, $repo: String!, $number: Int!, $after: String!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      ${connection}(first: ${PAGE_SIZE}, after: $after) { ${PULL_CONNECTIONS[connection]} }
    }
  }
}`;
}

/** Blob contents at `sha:path` expressions, one alias `b<i>` each (at most FIELDS_PER_QUERY). */
export function blobsQuery(expressions: readonly string[]): string {
  const fields = expressions.map((e, i) => `${alias('b', i)}: object(expression: ${gqlString(e)}) { ${BLOB_TEXT} }`);
  return `query Blobs($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}`;
}

const MEMBERS = `members(first: ${PAGE_SIZE}) { ${PAGE_INFO} nodes { login } }`;

/**
 * Who may approve and what the model files were at reviewed commits: teams as aliases
 * `t<i>` (org/slug, first page of members), blob ids as aliases named by the caller, and people
 * as aliases `u<i>` (public name and e-mail, at most FIELDS_PER_QUERY; `email` is "" when
 * hidden). Any list may be empty; `$owner`/`$repo` are declared only when blobs are asked for,
 * since GitHub refuses a declared variable that is not used.
 */
export function eligibilityQuery(teams: readonly { org: string; slug: string }[], users: readonly string[] = []): string {
  const teamFields = teams.map((t, i) => `${alias('t', i)}: organization(login: ${gqlString(t.org)}) { team(slug: ${gqlString(t.slug)}) { ${MEMBERS} } }`);
  const userFields = users.map((login, i) => `${alias('u', i)}: user(login: ${gqlString(login)}) { login name email }`);
  return `query Eligibility {\n  ${[...teamFields, ...userFields].join('\n  ')}\n}`;
}

/** The next page of a team's members. */
export const TEAM_MEMBERS_PAGE_QUERY = `query TeamMembersPage($org: String!, $slug: String!, $after: String!) {
  organization(login: $org) {
    team(slug: $slug) {
      members(first: ${PAGE_SIZE}, after: $after) { ${PAGE_INFO} nodes { login } }
    }
  }
}`;

/**
 * A policy file in another repository (`_extends`, or the owner's `.github` repository): the
 * candidates `$path0…` at `$rev` (a branch, `HEAD` or a commit), as expressions `rev:path`.
 */
export function policyFileQuery(candidates: number): string {
  const variables = Array.from({ length: candidates }, (_, i) => `, $${alias('path', i)}: String!`).join('');
  const fields = Array.from({ length: candidates }, (_, i) => `${alias('policy', i)}: object(expression: $${alias('path', i)}) { ${BLOB_TEXT} }`);
  // The default branch's commit names, in the audit record, exactly which version was read.
  return `query PolicyFile($owner: String!, $repo: String!${variables}) {\n  repository(owner: $owner, name: $repo) {\n    defaultBranchRef { target { oid } }\n    ${fields.join('\n    ')}\n  }\n}`;
}

/**
 * The last commit that changed each model directory, as of `$oid`: one `history(first: 1)` per
 * directory, aliases `h<i>` (at most FIELDS_PER_QUERY); the root directory asks for no path.
 */
export function modelHistoryQuery(paths: readonly string[]): string {
  const fields = paths.map((p, i) => `${alias('h', i)}: history(first: 1${p === '' ? '' : `, path: ${gqlString(p)}`}) { nodes { oid committedDate author { name } } }`);
  return `query ModelHistory($owner: String!, $repo: String!, $oid: GitObjectID!) {\n  repository(owner: $owner, name: $repo) {\n    object(oid: $oid) {\n      ... on Commit {\n        ${fields.join('\n        ')}\n      }\n    }\n  }\n}`;
}

/** Issues carrying the inventory label read per repository: the label is modelgate's own, so few. */
export const INVENTORY_ISSUES_PER_REPO = 10;

/** Repositories read in one InventoryIssues query. */
export const REPOS_PER_INVENTORY_QUERY = 50;

/**
 * Each repository's inventory issues (aliases `r<i>`): found by label, never by author, since
 * GitHub's `createdBy` filter does not reliably match an App's bot. Who wrote and who last edited
 * each is read with it: the caller counts only what modelgate wrote and nobody edited since.
 */
export function inventoryIssuesQuery(repos: readonly { owner: string; repo: string }[]): string {
  const fields = repos.map(
    (r, i) =>
      `${alias('r', i)}: repository(owner: ${gqlString(r.owner)}, name: ${gqlString(r.repo)}) { nameWithOwner isPrivate issues(first: ${INVENTORY_ISSUES_PER_REPO}, labels: [$label], orderBy: { field: CREATED_AT, direction: ASC }) { nodes { number body viewerDidAuthor editor { __typename login } } } }`,
  );
  return `query InventoryIssues($label: String!) {\n  ${fields.join('\n  ')}\n}`;
}
