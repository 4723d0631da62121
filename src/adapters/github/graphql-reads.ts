// The GraphQL half of the GitHub client: everything that batches well. One query for the PR
// context (policy candidates at base, reviews, comments, commits, review requests, current head), blob contents
// in one query per 100 files (in parallel), and eligibility (team members, approvers' public
// identities) likewise. Every connection is read to its end, a page of 100 at a time
// (GitHub's largest): no cap of ours can hide a reviewer's "no", a contributor or a team member.
// Should GitHub list fewer commits than it counts (REST stops at 250; GraphQL pages through all
// of them), that is said, and the caller decides whether it matters. The documents are built in graphql-documents.ts.
//
// Write access is not read here: GraphQL's `collaborators` needs push access, which the App does
// not have (client.ts reads it over REST).
import type { Octokit } from '@octokit/rest';
import { LIMITS, tooLargeToRead } from '../../core/artifacts/source.ts';
import type { FileEntry } from '../../core/engine/snapshot.ts';
import type { BlobRequest, Eligibility, GitHubUser, OrgPolicyRead, PolicyFileRead, PullContext, PullReview, RepoRef } from './client.ts';
import {
  alias,
  blobsQuery,
  eligibilityQuery,
  FIELDS_PER_QUERY,
  ORG_SETTINGS_ALIAS,
  policyFileQuery,
  pullContextQuery,
  pullPageQuery,
  TEAM_MEMBERS_PAGE_QUERY,
  TEAMS_PER_QUERY,
  type PullConnection,
} from './graphql-documents.ts';

type Graphql = Octokit['graphql'];

/** A connection read past this many pages is a fault (a cursor that never ends), not a pull request. */
const MAX_PAGES = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function userOf(node: { login?: string; __typename?: string } | null | undefined): GitHubUser {
  const login = node?.login ?? 'ghost';
  return { login, type: node?.__typename === 'Bot' || login.endsWith('[bot]') ? 'Bot' : 'User' };
}

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

/** The first page and every page after it, in order. */
async function allNodes<T>(first: Page<T>, next: (after: string) => Promise<Page<T>>, what: string): Promise<T[]> {
  const nodes = [...first.nodes];
  let page = first;
  for (let read = 1; page.pageInfo.hasNextPage; read++) {
    if (read >= MAX_PAGES || !page.pageInfo.endCursor) throw new Error(`GitHub kept paging ${what} (${nodes.length} read); modelgate stops rather than read forever`);
    page = await next(page.pageInfo.endCursor);
    nodes.push(...page.nodes);
  }
  return nodes;
}

/** Where to read the owner's organisation-wide policy beside the PR context (see pullContextQuery). */
export interface OrgPolicyQuery {
  repo: string;
  paths: readonly string[];
}

export async function readPullContext(
  graphql: Graphql,
  { owner, repo }: RepoRef,
  pullNumber: number,
  baseSha: string,
  policyPaths: readonly string[],
  orgPolicy?: OrgPolicyQuery,
): Promise<PullContext> {
  const expressions = Object.fromEntries(policyPaths.map((path, i) => [alias('policy', i), `${baseSha}:${path}`]));
  const orgExpressions = orgPolicy ? { orgRepo: orgPolicy.repo, ...Object.fromEntries(orgPolicy.paths.map((path, i) => [alias('orgPolicy', i), `HEAD:${path}`])) } : {};
  const variables = { owner, repo, number: pullNumber, ...expressions, ...orgExpressions };
  let result: GraphPullContext;
  try {
    result = await graphql<GraphPullContext>(pullContextQuery(policyPaths.length, orgPolicy?.paths.length ?? 0), variables);
  } catch (error) {
    result = withoutMissingOrgSettings(error);
  }
  const pr = result.repository.pullRequest;
  const nextPage = <C extends PullConnection>(connection: C) => async (after: string) => {
    const page = await graphql<{ repository: { pullRequest: GraphPullRequest } }>(pullPageQuery(connection), { owner, repo, number: pullNumber, after });
    return page.repository.pullRequest[connection] as GraphPullRequest[C];
  };
  // The connections page side by side; each one's pages follow each other.
  const [reviews, comments, commits, requests] = await Promise.all([
    allNodes(pr.reviews, nextPage('reviews'), 'the reviews'),
    allNodes(pr.comments, nextPage('comments'), 'the comments'),
    allNodes(pr.commits, nextPage('commits'), 'the commits'),
    allNodes(pr.reviewRequests, nextPage('reviewRequests'), 'the review requests'),
  ]);
  const policies: PolicyFileRead[] = [];
  policyPaths.forEach((path, i) => {
    const text = policyTextOf(result.repository[alias('policy', i)] as GraphObject | null | undefined, `${path} at ${baseSha}`);
    if (text !== undefined) policies.push({ path, text });
  });
  const total = pr.commits.totalCount;
  const org = orgPolicy ? { orgPolicy: orgPolicyOf(result[ORG_SETTINGS_ALIAS], orgPolicy, owner) } : {};
  return {
    policies,
    ...org,
    ...(pr.headRefOid ? { headSha: pr.headRefOid } : {}),
    reviews: reviews.map((r) => ({ id: r.databaseId, user: userOf(r.author), state: r.state, commitId: r.commit?.oid ?? '', submittedAt: r.submittedAt ?? '' })),
    comments: comments.map((c) => ({
      id: c.databaseId,
      user: userOf(c.author),
      body: c.body,
      createdAt: c.createdAt,
      edited: c.lastEditedAt !== null && c.lastEditedAt !== undefined,
      byViewer: c.viewerDidAuthor === true,
    })),
    ...commitIdentities(commits),
    ...(total > commits.length ? { commitAuthorsIncomplete: `the pull request has ${total} commits and GitHub listed only ${commits.length} of them` } : {}),
    reviewRequests: requestedReviewers(requests),
  };
}

/**
 * The data of a PullContext answer whose only errors are GitHub's NOT_FOUND for the owner's
 * settings repository (it does not exist, or the App is not installed on it: GitHub answers both
 * alike). Any other error is thrown, as it would be without the settings repository in the query.
 */
function withoutMissingOrgSettings(error: unknown): GraphPullContext {
  const { errors, data } = error as { errors?: { type?: string; path?: readonly (string | number)[] }[]; data?: GraphPullContext };
  const onlyOrgMissing = errors && errors.length > 0 && errors.every((e) => e.type === 'NOT_FOUND' && e.path?.[0] === ORG_SETTINGS_ALIAS);
  if (!onlyOrgMissing || !data?.repository) throw error;
  return { ...data, [ORG_SETTINGS_ALIAS]: null };
}

/**
 * The organisation-wide policy as read beside the context. It is read before anyone knows it is
 * needed, so what would fail the review (a policy that is not a readable text file) is kept as
 * `error`, and thrown only by the reader that uses it (load-snapshot.ts).
 */
function orgPolicyOf(settings: GraphRepositoryFiles | null | undefined, query: OrgPolicyQuery, owner: string): OrgPolicyRead {
  if (!settings) return { repository: false, files: [] };
  try {
    return { repository: true, ...policyFilesOf(settings, query.paths, `in ${owner}/${query.repo}`) };
  } catch (error) {
    return { repository: true, files: [], error: (error as Error).message };
  }
}

/** The policy candidates `policy<i>` of a repository object, and its default branch's commit. */
function policyFilesOf(repository: GraphRepositoryFiles, paths: readonly string[], where: string): { files: PolicyFileRead[]; commit?: string } {
  const files: PolicyFileRead[] = [];
  paths.forEach((path, i) => {
    const text = policyTextOf(repository[alias('policy', i)] as GraphObject | null | undefined, `${path} ${where}`);
    if (text !== undefined) files.push({ path, text });
  });
  const commit = repository.defaultBranchRef?.target?.oid;
  return { files, ...(commit ? { commit } : {}) };
}

/** Logins and team slugs asked for a review; a reviewer GitHub hides (null), or a bot, asks nobody modelgate would ask. */
function requestedReviewers(requests: readonly GraphReviewRequest[]): { users: string[]; teams: string[] } {
  const users: string[] = [];
  const teams: string[] = [];
  for (const { requestedReviewer: reviewer } of requests) {
    if (reviewer?.__typename === 'Team' && reviewer.slug) teams.push(reviewer.slug);
    else if (reviewer?.login) users.push(reviewer.login);
  }
  return { users, teams };
}

/** GitHub's noreply address, `ID+login@users.noreply.github.com` (or the older `login@…`): it names its login. */
const NOREPLY = /^(?:\d+\+)?([a-z\d](?:[a-z\d-]*[a-z\d])?(?:\[bot\])?)@users\.noreply\.github\.com$/i;
/** GitHub's committer of every merge button and edit in the browser: nobody who wrote the change. */
const WEB_FLOW = 'web-flow';

/**
 * Who wrote the commits, as far as GitHub can tell. A login GitHub links is a contributor. An
 * identity it links to no account is kept as written (once, with its first commit): the gate
 * compares approvers with it. A noreply address names its login, a contributor then; it
 * attributes the commit only when that login is linked elsewhere in the pull request, because
 * anyone can write any address into a commit, and an address GitHub did not link is one no
 * account stands behind. A commit is unattributed when neither its author nor its committer
 * names an account.
 */
function commitIdentities(commits: readonly GraphCommit[]): Pick<PullContext, 'commitAuthors' | 'unlinkedCommitIdentities' | 'unattributedCommits'> {
  const linked = (person: GraphGitActor | null) => (person?.user?.login && person.user.login.toLowerCase() !== WEB_FLOW ? person.user.login : undefined);
  const authors = new Set<string>();
  for (const { commit } of commits) for (const person of [commit.author, commit.committer]) if (linked(person)) authors.add(linked(person)!);
  const known = new Set([...authors].map((login) => login.toLowerCase()));
  const unlinked = new Map<string, { sha: string; name: string; email: string }>();
  const unattributed: string[] = [];
  for (const { commit } of commits) {
    let attributed = false;
    for (const person of [commit.author, commit.committer]) {
      if (!person || person.user?.login.toLowerCase() === WEB_FLOW) continue;
      if (linked(person)) {
        attributed = true;
        continue;
      }
      const name = person.name ?? '';
      const email = person.email ?? '';
      const noreply = NOREPLY.exec(email.trim())?.[1];
      if (noreply) authors.add(noreply);
      if (noreply && known.has(noreply.toLowerCase())) {
        attributed = true;
        continue;
      }
      const key = JSON.stringify([name.trim().toLowerCase(), email.trim().toLowerCase()]);
      if ((name.trim() || email.trim()) && !unlinked.has(key)) unlinked.set(key, { sha: commit.oid, name, email });
    }
    if (!attributed) unattributed.push(commit.oid);
  }
  return { commitAuthors: [...authors].sort(), unlinkedCommitIdentities: [...unlinked.values()], unattributedCommits: unattributed };
}

/**
 * The policy text; undefined only when nothing exists at that path (then the next candidate,
 * or the built-in defaults, apply). Anything else there that cannot be read as text (binary,
 * cut short, a directory) is thrown: falling back could ask for fewer approvals than the policy does.
 */
function policyTextOf(object: GraphObject | null | undefined, where: string): string | undefined {
  if (object === null || object === undefined) return undefined;
  if (object.__typename === 'Blob' && typeof object.text === 'string' && object.isBinary !== true && object.isTruncated !== true) return object.text;
  const what = object.__typename !== 'Blob' ? `a ${String(object.__typename ?? 'non-file object').toLowerCase()}` : object.isTruncated ? 'too large' : 'binary';
  throw new Error(`the policy ${where} is not a readable text file (GitHub sees ${what}); modelgate fails closed rather than use the built-in defaults`);
}

/** Reads a blob whose text GraphQL cut short, through the REST blobs API. */
export type LargeBlobReader = (oid: string) => Promise<string | Uint8Array>;

async function toEntry(blob: GraphObject | null | undefined, readLarge: LargeBlobReader, speculative: boolean): Promise<FileEntry | undefined> {
  // Not a blob (or nothing): the caller decides what a missing answer means.
  if (!blob || typeof blob.oid !== 'string') return undefined;
  // Binary: hand the core a NUL byte so its binary guard reports it like any other.
  if (blob.isBinary) return { sha: blob.oid, content: new Uint8Array([0]) };
  if (blob.isTruncated) {
    // GraphQL gives only the start of a large file; the blobs API gives all of it, up to 100 MB
    // (LIMITS.maxReadBytes, which the CLI keeps to as well). The parsers then judge its size.
    if ((blob.byteSize ?? 0) > LIMITS.maxReadBytes) return { sha: blob.oid, unreadable: tooLargeToRead(blob.byteSize ?? 0) };
    // A file read only in case it is needed is not worth a request of its own: if the core asks
    // for it, it is read then (load-snapshot.ts).
    if (speculative) return undefined;
    return { sha: blob.oid, content: await readLarge(blob.oid) };
  }
  if (typeof blob.text !== 'string') return { sha: blob.oid, unreadable: 'GitHub could not read it as text (unknown encoding)' };
  return { sha: blob.oid, content: blob.text };
}

export async function readBlobs(graphql: Graphql, { owner, repo }: RepoRef, requests: BlobRequest[], readLarge: LargeBlobReader): Promise<Record<string, FileEntry | undefined>> {
  const out: Record<string, FileEntry | undefined> = {};
  await Promise.all(
    chunks(requests, FIELDS_PER_QUERY).map(async (batch) => {
      const result = await graphql<{ repository: Record<string, GraphObject | null> }>(blobsQuery(batch.map((r) => `${r.sha}:${r.path}`)), { owner, repo });
      await Promise.all(
        batch.map(async (r, i) => {
          out[r.key] = await toEntry(result.repository[alias('b', i)], readLarge, r.speculative === true);
        }),
      );
    }),
  );
  return out;
}

/**
 * A policy file of another repository at `rev`: the first of `paths` that exists there, none
 * when no candidate does, or `repository: false` when GitHub shows no such repository (it does
 * not exist, or the App is not installed on it: GitHub answers both alike).
 */
export async function readPolicyFile(graphql: Graphql, { owner, repo }: RepoRef, rev: string, paths: readonly string[]): Promise<{ repository: boolean; files: PolicyFileRead[]; commit?: string }> {
  const variables = Object.fromEntries(paths.map((path, i) => [alias('path', i), `${rev}:${path}`]));
  let result: { repository: GraphRepositoryFiles | null };
  try {
    result = await graphql(policyFileQuery(paths.length), { owner, repo, ...variables });
  } catch (error) {
    const errors = (error as { errors?: { type?: string }[] }).errors;
    if (errors && errors.length > 0 && errors.every((e) => e.type === 'NOT_FOUND')) return { repository: false, files: [] };
    throw error;
  }
  if (!result.repository) return { repository: false, files: [] };
  return { repository: true, ...policyFilesOf(result.repository, paths, `in ${owner}/${repo}`) };
}

/** Eligibility as GraphQL reads it: everything but the permissions (see client.ts). */
export type GraphEligibility = Omit<Eligibility, 'permissions'>;

interface GraphTeam {
  team: { members: Page<{ login: string }> } | null;
}

export async function readEligibility(
  graphql: Graphql,
  { teams, identities = [] }: { teams: string[]; identities?: string[] },
): Promise<GraphEligibility> {
  const eligibility: GraphEligibility = { teamMembers: {}, ...(identities.length > 0 ? { identities: {} } : {}) };
  const teamRefs = teams.map((t) => {
    const [org = '', slug = ''] = t.split('/');
    return { name: t, org, slug };
  });
  if (teamRefs.length + identities.length === 0) return eligibility;

  // Usually one query; many teams or identities spread over parallel ones.
  const teamGroups = chunks(teamRefs, TEAMS_PER_QUERY);
  const userGroups = chunks(identities, FIELDS_PER_QUERY);
  const queries = Math.max(teamGroups.length, userGroups.length);
  await Promise.all(
    Array.from({ length: queries }, async (_, q) => {
      const groupTeams = teamGroups[q] ?? [];
      const groupUsers = userGroups[q] ?? [];
      const result = await graphql<Record<string, unknown>>(eligibilityQuery(groupTeams, groupUsers), {});
      // Keyed by the login asked for (GitHub answers with its own casing); a hidden e-mail is "".
      groupUsers.forEach((login, i) => {
        const user = result[alias('u', i)] as { name?: string | null; email?: string | null } | null;
        eligibility.identities![login] = { ...(user?.name?.trim() ? { name: user.name } : {}), ...(user?.email?.trim() ? { email: user.email } : {}) };
      });
      await Promise.all(
        groupTeams.map(async (t, i) => {
          const team = (result[alias('t', i)] as GraphTeam | null)?.team;
          // A team GitHub does not show us stays out of the map: the gate then says its members
          // are unknown (a typo in the policy is visible), and nobody qualifies through it.
          if (!team) return;
          const members = await allNodes(
            team.members,
            async (after) => {
              const page = await graphql<{ organization: GraphTeam | null }>(TEAM_MEMBERS_PAGE_QUERY, { org: t.org, slug: t.slug, after });
              if (!page.organization?.team) throw new Error(`the team @${t.name} disappeared while its members were read`);
              return page.organization.team.members;
            },
            `the members of @${t.name}`,
          );
          eligibility.teamMembers[t.name] = members.map((n) => n.login);
        }),
      );
    }),
  );
  return eligibility;
}

interface GraphObject {
  __typename?: string;
  oid?: string;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  text?: string | null;
}

interface GraphActor {
  __typename?: string;
  login?: string;
}

interface GraphPullRequest {
  headRefOid?: string;
  reviews: Page<{ databaseId: number; state: PullReview['state']; submittedAt: string | null; commit: { oid: string } | null; author: GraphActor | null }>;
  comments: Page<{ databaseId: number; body: string; createdAt: string; lastEditedAt: string | null; viewerDidAuthor?: boolean; author: GraphActor | null }>;
  commits: Page<GraphCommit> & { totalCount: number };
  reviewRequests: Page<GraphReviewRequest>;
}

interface GraphReviewRequest {
  requestedReviewer: { __typename?: string; login?: string; slug?: string } | null;
}

interface GraphGitActor {
  user: { login: string } | null;
  name: string | null;
  email: string | null;
}

interface GraphCommit {
  commit: { oid: string; author: GraphGitActor | null; committer: GraphGitActor | null };
}

interface GraphPullContext {
  repository: Record<string, unknown> & { pullRequest: GraphPullRequest };
  [ORG_SETTINGS_ALIAS]?: GraphRepositoryFiles | null;
}

type GraphRepositoryFiles = Record<string, unknown> & { defaultBranchRef?: { target?: { oid?: string } | null } | null };
