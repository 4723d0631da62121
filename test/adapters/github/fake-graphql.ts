// The fake GitHub's GraphQL endpoint. Every document is first checked the way GitHub checks it
// (test/helpers/github-graphql.ts: GitHub's published schema, `first`/`last` between 1 and 100,
// the node limit), and refused with GitHub's wording when it breaks a rule. A valid document is
// then executed by the reference `graphql` implementation against GitHub's real schema, over
// resolvers that read the fake's state: aliases, variables, fragments and cursors work as on
// GitHub, and a field the resolvers do not serve comes back as an error, never as a silent null.
// Collaborators' permissions are not served here: modelgate reads them over REST (fake-github.ts).
import { createHash } from 'node:crypto';
import { graphqlSync } from 'graphql';
import { githubRefuses, githubSchema } from '../../helpers/github-graphql.ts';
import type { FakeGitActor, FakeState, GraphqlKind } from './fake-github.ts';

/** When the fake's comments are written (and so, by default, when the PR was last updated). */
export const DEFAULT_TIME = '2024-06-01T12:00:00Z';

/** Blob text GraphQL returns whole; a larger blob comes back `isTruncated` (fakehub's choice too: 512 KiB). */
export const GRAPHQL_TEXT_LIMIT = 512 * 1024;


/** Git's blob id of a text, as GitHub reports it. */
export function blobSha(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
}

interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

/** An error GitHub reports with a `type` (NOT_FOUND, ...). */
class GitHubError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const cursorOf = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64');
function indexOf(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!match) throw new GitHubError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

interface PageArgs {
  first?: number;
  last?: number;
  after?: string;
  before?: string;
}

/** A Relay connection over `items` with GitHub's cursors (the limits were checked before execution). */
function connection<T>(items: readonly T[], args: PageArgs, totalCount = items.length) {
  let start = args.after ? indexOf(args.after) + 1 : 0;
  let end = args.before ? indexOf(args.before) : items.length;
  if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
  if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  const nodes = items.slice(start, end);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
    totalCount,
    pageInfo: { hasNextPage: end < items.length, hasPreviousPage: start > 0, startCursor: nodes.length ? cursorOf(start) : null, endCursor: nodes.length ? cursorOf(end - 1) : null },
  };
}

const actor = (login: string, bot?: boolean) => ({ __typename: bot ? 'Bot' : 'User', login });

/** A blob as GitHub's `Blob` type answers it: no text when binary, cut short past the text limit. */
function blobNode(text: string) {
  const binary = text.includes('\0');
  const byteSize = Buffer.byteLength(text);
  const truncated = !binary && byteSize > GRAPHQL_TEXT_LIMIT;
  return {
    __typename: 'Blob',
    oid: blobSha(text),
    byteSize,
    isBinary: binary,
    isTruncated: truncated,
    text: binary ? null : truncated ? Buffer.from(text).subarray(0, GRAPHQL_TEXT_LIMIT).toString() : text,
  };
}

/** `rev:path` in a repository whose commits are file maps: a Blob, a Tree (a directory) or null. */
function objectAt(commits: Record<string, Record<string, string>>, expression: string, hidden: readonly string[] = []) {
  const colon = expression.indexOf(':');
  const files = commits[expression.slice(0, colon)];
  const path = expression.slice(colon + 1);
  if (!files || hidden.includes(path)) return null;
  const text = files[path];
  if (text !== undefined) return blobNode(text);
  return Object.keys(files).some((p) => p.startsWith(`${path}/`)) ? { __typename: 'Tree', oid: '0'.repeat(40) } : null;
}

function pullRequestNode(state: FakeState) {
  const { pull } = state;
  const reviews = state.reviews.map((r) => ({ databaseId: r.id, state: r.state, submittedAt: r.submittedAt ?? '2024-06-01T11:00:00Z', commit: { oid: r.commit }, author: actor(r.login, r.bot) }));
  const comments = state.comments.map((c) => ({
    databaseId: c.id,
    body: c.body,
    createdAt: c.createdAt ?? DEFAULT_TIME,
    lastEditedAt: c.edited ? '2024-06-01T10:05:00Z' : null,
    viewerDidAuthor: c.appId === state.appId && c.bot === true,
    author: actor(c.login, c.bot),
  }));
  const webFlow: FakeGitActor = { login: 'web-flow', name: 'GitHub', email: 'noreply@github.com' };
  const gitActor = (p: FakeGitActor) => ({ user: p.login ? { login: p.login } : null, name: p.name, email: p.email });
  const commits = [
    ...state.commitAuthors.map((login, i) => ({ oid: blobSha(`commit ${i} by ${login}`), author: { login, name: login, email: `${login}@users.example` } })),
    ...(state.commitIdentities ?? []),
  ].map((c) => ({ commit: { oid: c.oid, author: gitActor(c.author), committer: gitActor(('committer' in c && c.committer) || webFlow) } }));
  const requested = state.reviewRequests ?? { users: [], teams: [] };
  const reviewRequests = [
    ...requested.users.map((login) => ({ requestedReviewer: actor(login, login.endsWith('[bot]')) })),
    ...requested.teams.map((slug) => ({ requestedReviewer: { __typename: 'Team', slug } })),
  ];
  return {
    headRefOid: pull.graphqlHead ?? pull.head,
    reviews: (args: PageArgs) => connection(reviews, args),
    comments: (args: PageArgs) => connection(comments, args),
    // GraphQL pages through every commit (REST's list stops at 250); `commitsListed` makes the
    // fake withhold some, as a GitHub that stopped listing would, with totalCount counting them all.
    commits: (args: PageArgs) => connection(commits.slice(0, state.pull.commitsListed ?? commits.length), args, commits.length),
    reviewRequests: (args: PageArgs) => connection(reviewRequests, args),
  };
}

function rootValue(state: FakeState) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const full = `${owner}/${name}`;
      if (owner === state.owner && name === state.repo) {
        return {
          object: ({ expression }: { expression: string }) => objectAt(state.commits, expression, [...(state.nullBlobs ?? []), ...(state.submodules ?? [])]),
          pullRequest: ({ number }: { number: number }) => {
            if (number === state.pull.number) return pullRequestNode(state);
            // Another PR of the repository (fake-github.ts `morePulls`): its own reviews and comments.
            const other = state.morePulls?.find((p) => p.pull.number === number);
            return other ? pullRequestNode({ ...state, ...other }) : null;
          },
        };
      }
      const other = state.repos?.[full];
      if (!other) throw new GitHubError('NOT_FOUND', `Could not resolve to a Repository with the name '${full}'.`);
      // Another repository is its default branch: `HEAD` and `main` name it.
      return {
        defaultBranchRef: { target: { __typename: 'Commit', oid: blobSha(JSON.stringify(other)) } },
        object: ({ expression }: { expression: string }) => objectAt({ HEAD: other, main: other }, expression),
      };
    },
    // GitHub finds a user whatever the case of the login; `email` is "" unless made public.
    user: ({ login }: { login: string }) => {
      const key = Object.keys(state.users ?? {}).find((k) => k.toLowerCase() === login.toLowerCase());
      const shown = key ? state.users![key]! : {};
      return { login: key ?? login, name: shown.name ?? null, email: shown.email ?? '' };
    },
    organization: ({ login }: { login: string }) => ({
      team: ({ slug }: { slug: string }) => {
        const members = state.teams[`${login}/${slug}`];
        return members ? { members: (args: PageArgs) => connection(members.map((m) => ({ login: m })), args) } : null;
      },
    }),
  };
}

const KINDS: Record<string, GraphqlKind> = {
  PullContext: 'context',
  PullReviewsPage: 'context-page',
  PullCommentsPage: 'context-page',
  PullCommitsPage: 'context-page',
  PullReviewRequestsPage: 'context-page',
  Blobs: 'blobs',
  Eligibility: 'eligibility',
  TeamMembersPage: 'team-page',
  PolicyFile: 'policy',
};

/** Which of modelgate's queries this is, by its operation name (the fake records it beside each request). */
export function graphqlKind(query: string): GraphqlKind {
  const name = /^\s*query\s+(\w+)/.exec(query)?.[1];
  return (name && KINDS[name]) || 'unknown';
}

export function answerGraphql(state: FakeState, body: GraphqlBody): { data?: unknown; errors?: { message: string; type?: string; path?: readonly (string | number)[] }[] } {
  const refused = githubRefuses(body.query, body.variables ?? {});
  if (refused.length > 0) return { errors: refused };
  const result = graphqlSync({ schema: githubSchema(), source: body.query, rootValue: rootValue(state), variableValues: body.variables ?? {} });
  const errors = (result.errors ?? []).map((e) => {
    const original = e.originalError;
    return { ...(original instanceof GitHubError ? { type: original.type } : {}), message: e.message, ...(e.path ? { path: e.path } : {}) };
  });
  // GitHub answers HTTP 200 with partial `data` and an `errors` list when part of a query fails.
  const injected = state.graphqlErrors?.[graphqlKind(body.query)];
  if (injected) errors.push({ message: injected, type: 'SOMETHING_WENT_WRONG' });
  return { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) };
}
