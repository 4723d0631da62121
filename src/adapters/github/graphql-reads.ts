// The GraphQL half of the GitHub client: everything that batches well. One query for the PR
// context (policy text at base, reviews, comments, commits, current head), blob contents in
// one query per 100 files (in parallel), and eligibility (team members, model blobs at
// reviewed commits) likewise. Write access is not read here: GraphQL's `collaborators` needs
// push access, which the App does not have (client.ts reads it over REST). Anything that could
// hide a reviewer's "no" or a contributor is refused rather than read in part.
import type { Octokit } from '@octokit/rest';
import type { FileEntry } from '../../core/engine/snapshot.ts';
import type { BlobRequest, Eligibility, GitHubUser, PullContext, PullReview, RepoRef } from './client.ts';

/** Aliased objects per query: keeps each query well inside GitHub's time and size limits. */
export const FIELDS_PER_QUERY = 100;

type Graphql = Octokit['graphql'];

/** GraphQL aliases must be names; the index keeps them unique and stable. */
const alias = (prefix: string, i: number) => `${prefix}${i}`;

/** A GraphQL string literal. */
const gqlString = (s: string) => JSON.stringify(s);

function chunks<T>(items: readonly T[], size = FIELDS_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function userOf(node: { login?: string; __typename?: string } | null | undefined): GitHubUser {
  const login = node?.login ?? 'ghost';
  return { login, type: node?.__typename === 'Bot' || login.endsWith('[bot]') ? 'Bot' : 'User' };
}

const CONTEXT_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $policy: String!) {
  repository(owner: $owner, name: $repo) {
    policy: object(expression: $policy) { __typename ... on Blob { text isBinary isTruncated } }
    pullRequest(number: $number) {
      headRefOid
      reviews(first: 100) { pageInfo { hasNextPage } nodes { databaseId state submittedAt commit { oid } author { __typename login } } }
      comments(last: 100) { nodes { databaseId body createdAt lastEditedAt viewerDidAuthor author { __typename login } } }
      commits(first: 250) { pageInfo { hasNextPage } nodes { commit { author { user { login } name } committer { user { login } name } } } }
    }
  }
}`;

export async function readPullContext(graphql: Graphql, { owner, repo }: RepoRef, pullNumber: number, baseSha: string, policyPath: string): Promise<PullContext> {
  const result = await graphql<GraphPullContext>(CONTEXT_QUERY, { owner, repo, number: pullNumber, policy: `${baseSha}:${policyPath}` });
  const pr = result.repository.pullRequest;
  // Missing reviews could hide a "changes requested"; missing commits could hide a
  // contributor who then approves. Either would let a model through: refuse instead.
  if (pr.reviews.pageInfo.hasNextPage) throw new Error('the pull request has more than 100 reviews; modelgate cannot read them all in one pass');
  if (pr.commits.pageInfo.hasNextPage) throw new Error('the pull request has more than 250 commits; modelgate cannot attribute them all');
  const authors = new Set<string>();
  for (const node of pr.commits.nodes) {
    for (const person of [node.commit.author, node.commit.committer]) {
      const login = person?.user?.login;
      // GitHub's web-flow committer is every merge button's committer, not a contributor.
      if (login && login !== 'web-flow') authors.add(login);
    }
  }
  const policyText = policyTextOf(result.repository.policy, `${policyPath} at ${baseSha}`);
  return {
    ...(typeof policyText === 'string' ? { policyText } : {}),
    ...(pr.headRefOid ? { headSha: pr.headRefOid } : {}),
    reviews: pr.reviews.nodes.map((r) => ({ id: r.databaseId, user: userOf(r.author), state: r.state, commitId: r.commit?.oid ?? '', submittedAt: r.submittedAt ?? '' })),
    comments: pr.comments.nodes.map((c) => ({
      id: c.databaseId,
      user: userOf(c.author),
      body: c.body,
      createdAt: c.createdAt,
      edited: c.lastEditedAt !== null && c.lastEditedAt !== undefined,
      byViewer: c.viewerDidAuthor === true,
    })),
    commitAuthors: [...authors].sort(),
  };
}

/**
 * The policy text; undefined only when nothing exists at that path (then the built-in defaults
 * apply). Anything else there that cannot be read as text (binary, cut short, a directory) is
 * thrown: falling back to the defaults could ask for fewer approvals than the policy does.
 */
function policyTextOf(object: GraphPullContext['repository']['policy'], where: string): string | undefined {
  if (object === null || object === undefined) return undefined;
  if (object.__typename === 'Blob' && typeof object.text === 'string' && object.isBinary !== true && object.isTruncated !== true) return object.text;
  const what = object.__typename !== 'Blob' ? `a ${String(object.__typename ?? 'non-file object').toLowerCase()}` : object.isTruncated ? 'too large' : 'binary';
  throw new Error(`the policy ${where} is not a readable text file (GitHub sees ${what}); modelgate fails closed rather than use the built-in defaults`);
}

function toEntry(blob: GraphBlob | null | undefined): FileEntry | undefined {
  // Not a blob (or nothing): the caller decides what a missing answer means.
  if (!blob || typeof blob.oid !== 'string') return undefined;
  // Binary: hand the core a NUL byte so its binary guard reports it like any other.
  if (blob.isBinary) return { sha: blob.oid, content: new Uint8Array([0]) };
  if (blob.isTruncated) return { sha: blob.oid, unreadable: `file is ${blob.byteSize} bytes, too large to read through the GitHub API` };
  if (typeof blob.text !== 'string') return { sha: blob.oid, unreadable: 'GitHub could not read it as text (unknown encoding)' };
  return { sha: blob.oid, content: blob.text };
}

export async function readBlobs(graphql: Graphql, { owner, repo }: RepoRef, requests: BlobRequest[]): Promise<Record<string, FileEntry | undefined>> {
  const out: Record<string, FileEntry | undefined> = {};
  await Promise.all(
    chunks(requests).map(async (batch) => {
      const fields = batch.map((r, i) => `${alias('b', i)}: object(expression: ${gqlString(`${r.sha}:${r.path}`)}) { ... on Blob { oid byteSize isBinary isTruncated text } }`);
      const query = `query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}`;
      const result = await graphql<{ repository: Record<string, GraphBlob | null> }>(query, { owner, repo });
      batch.forEach((r, i) => {
        out[r.key] = toEntry(result.repository[alias('b', i)]);
      });
    }),
  );
  return out;
}

/** Eligibility as GraphQL reads it: everything but the permissions (see client.ts). */
export type GraphEligibility = Omit<Eligibility, 'permissions'>;

export async function readEligibility(
  graphql: Graphql,
  { owner, repo }: RepoRef,
  { teams, commits, paths }: { teams: string[]; commits: string[]; paths: string[] },
): Promise<GraphEligibility> {
  const eligibility: GraphEligibility = { teamMembers: {}, blobsAt: {} };
  const teamFields = teams.map((t, i) => {
    const [org = '', slug = ''] = t.split('/');
    return `${alias('t', i)}: organization(login: ${gqlString(org)}) { team(slug: ${gqlString(slug)}) { members(first: 100) { nodes { login } } } }`;
  });
  const pairs = commits.flatMap((commit, ci) => paths.map((path, pi) => ({ commit, path, name: alias(`c${ci}_`, pi) })));
  const blobFields = pairs.map((p) => `${p.name}: object(expression: ${gqlString(`${p.commit}:${p.path}`)}) { oid }`);
  for (const commit of commits) eligibility.blobsAt[commit] = {};
  if (teamFields.length + blobFields.length === 0) {
    // Reviewed commits but no model paths: each commit maps to an empty file list, no request.
    return eligibility;
  }

  // Usually one query; with many reviewed commits the blob lookups spread over parallel ones.
  const groups = chunks(blobFields);
  if (groups.length === 0) groups.push([]);
  const results = await Promise.all(
    groups.map((fields, i) => {
      const top = i === 0 ? teamFields : [];
      const repository = fields.length > 0 ? `repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }` : '';
      // `$owner`/`$repo` must be used once declared, so a teams-only query declares none.
      const variables = repository ? '($owner: String!, $repo: String!)' : '';
      const query = `query${variables} {\n  ${[...top, repository].filter(Boolean).join('\n  ')}\n}`;
      return graphql<Record<string, unknown>>(query, repository ? { owner, repo } : {});
    }),
  );
  const repository: Record<string, unknown> = Object.assign({}, ...results.map((r) => r.repository ?? {}));
  teams.forEach((t, i) => {
    const team = (results[0]?.[alias('t', i)] as { team: { members: { nodes: { login: string }[] } } | null } | null)?.team;
    // A team GitHub does not show us stays out of the map: the gate then says its members
    // are unknown (a typo in the policy is visible), and nobody qualifies through it.
    if (team) eligibility.teamMembers[t] = team.members.nodes.map((n) => n.login);
  });
  for (const { commit, path, name } of pairs) eligibility.blobsAt[commit]![path] = (repository[name] as { oid: string } | null)?.oid ?? null;
  return eligibility;
}

interface GraphBlob {
  oid: string;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  text: string | null;
}

interface GraphActor {
  __typename?: string;
  login?: string;
}

interface GraphPullContext {
  repository: {
    policy: { __typename?: string; text?: string | null; isBinary?: boolean | null; isTruncated?: boolean } | null;
    pullRequest: {
      headRefOid?: string;
      reviews: { pageInfo: { hasNextPage: boolean }; nodes: { databaseId: number; state: PullReview['state']; submittedAt: string | null; commit: { oid: string } | null; author: GraphActor | null }[] };
      comments: { nodes: { databaseId: number; body: string; createdAt: string; lastEditedAt: string | null; viewerDidAuthor?: boolean; author: GraphActor | null }[] };
      commits: { pageInfo: { hasNextPage: boolean }; nodes: { commit: { author: { user: { login: string } | null; name: string | null } | null; committer: { user: { login: string } | null; name: string | null } | null } }[] };
    };
  };
}
