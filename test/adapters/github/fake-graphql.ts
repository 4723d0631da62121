// The fake GitHub's GraphQL endpoint: it recognises modelgate's three query kinds by their
// text (PR context, blob contents, eligibility: team members and blobs at reviewed commits)
// and answers each from the fake's state, the way GitHub would (null for a missing object, the
// viewer's own comments flagged, an unused declared variable refused). Collaborators'
// permissions are not served here: modelgate reads them over REST (fake-github.ts).
import { createHash } from 'node:crypto';
import type { FakeState, GraphqlKind } from './fake-github.ts';

/** When the fake's comments are written (and so, by default, when the PR was last updated). */
export const DEFAULT_TIME = '2024-06-01T12:00:00Z';

/** Git's blob id of a text, as GitHub reports it. */
export function blobSha(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
}

interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

/** `"sha:path"` as the query wrote it (a JSON string literal) -> the text at that commit. */
function textAt(state: FakeState, expression: string): string | undefined {
  const colon = expression.indexOf(':');
  const files = state.commits[expression.slice(0, colon)];
  return files?.[expression.slice(colon + 1)];
}

function actor(login: string, bot?: boolean) {
  return { __typename: bot ? 'Bot' : 'User', login };
}

/** Git's object at `"sha:path"` as GraphQL's `object(expression:)` answers it: a Blob, a Tree (a directory), or null. */
function objectAt(state: FakeState, expression: string) {
  const text = textAt(state, expression);
  if (text === undefined) {
    const colon = expression.indexOf(':');
    const prefix = `${expression.slice(colon + 1)}/`;
    const isDir = Object.keys(state.commits[expression.slice(0, colon)] ?? {}).some((path) => path.startsWith(prefix));
    return isDir ? { __typename: 'Tree' } : null;
  }
  // GitHub calls a blob with a NUL byte binary and gives no text for it.
  const binary = text.includes('\0');
  return { __typename: 'Blob', oid: blobSha(text), byteSize: Buffer.byteLength(text), isBinary: binary, isTruncated: false, text: binary ? null : text };
}

function context(state: FakeState, variables: Record<string, unknown>) {
  return {
    repository: {
      policy: objectAt(state, String(variables.policy)),
      pullRequest: {
        headRefOid: state.pull.graphqlHead ?? state.pull.head,
        reviews: {
          pageInfo: { hasNextPage: false },
          nodes: state.reviews.map((r) => ({ databaseId: r.id, state: r.state, submittedAt: r.submittedAt ?? '2024-06-01T11:00:00Z', commit: { oid: r.commit }, author: actor(r.login, r.bot) })),
        },
        comments: {
          nodes: state.comments.map((c) => ({
            databaseId: c.id,
            body: c.body,
            createdAt: c.createdAt ?? DEFAULT_TIME,
            lastEditedAt: c.edited ? '2024-06-01T10:05:00Z' : null,
            viewerDidAuthor: c.appId === state.appId && c.bot === true,
            author: actor(c.login, c.bot),
          })),
        },
        commits: {
          pageInfo: { hasNextPage: false },
          nodes: state.commitAuthors.map((login) => ({ commit: { author: { user: { login }, name: login }, committer: { user: { login: 'web-flow' }, name: 'GitHub' } } })),
        },
      },
    },
  };
}

function blobs(state: FakeState, query: string) {
  const repository: Record<string, unknown> = {};
  for (const [, alias, expression] of query.matchAll(/(b\d+): object\(expression: ("(?:[^"\\]|\\.)*")\)/g)) {
    const at = JSON.parse(expression!) as string;
    const hidden = state.nullBlobs?.includes(at.slice(at.indexOf(':') + 1));
    repository[alias!] = hidden ? null : objectAt(state, at);
  }
  return { repository };
}

function eligibility(state: FakeState, query: string) {
  const data: Record<string, unknown> = {};
  for (const [, alias, org, slug] of query.matchAll(/(t\d+): organization\(login: ("(?:[^"\\]|\\.)*")\) \{ team\(slug: ("(?:[^"\\]|\\.)*")\)/g)) {
    const members = state.teams[`${JSON.parse(org!)}/${JSON.parse(slug!)}`];
    data[alias!] = { team: members ? { members: { pageInfo: { hasNextPage: false }, nodes: members.map((login) => ({ login })) } } : null };
  }
  const repository: Record<string, unknown> = {};
  for (const [, alias, expression] of query.matchAll(/(c\d+_\d+): object\(expression: ("(?:[^"\\]|\\.)*")\)/g)) {
    const text = textAt(state, JSON.parse(expression!));
    repository[alias!] = text === undefined ? null : { oid: blobSha(text) };
  }
  if (/repository\(/.test(query)) data.repository = repository;
  return data;
}

/** GitHub refuses a query that declares a variable it does not use (graphql-ruby's validation). */
function unusedVariables(query: string): string[] {
  const header = /^\s*query\s*\(([^)]*)\)/.exec(query);
  if (!header) return [];
  const body = query.slice(header[0].length);
  return [...header[1]!.matchAll(/\$(\w+)\s*:/g)].map((m) => m[1]!).filter((name) => !new RegExp(`\\$${name}\\b`).test(body));
}

/** Which of modelgate's queries this is, by its text (the fake records it beside each request). */
export function graphqlKind(query: string): GraphqlKind {
  if (query.includes('pullRequest(number:')) return 'context';
  if (/\bb0: object\(/.test(query)) return 'blobs';
  return 'eligibility';
}

export function answerGraphql(state: FakeState, body: GraphqlBody): { data?: unknown; errors?: { message: string; type?: string }[] } {
  const unused = unusedVariables(body.query);
  if (unused.length > 0) return { errors: unused.map((name) => ({ message: `Variable $${name} is declared by anonymous query but not used` })) };
  const kind = graphqlKind(body.query);
  const data = kind === 'context' ? context(state, body.variables ?? {}) : kind === 'blobs' ? blobs(state, body.query) : eligibility(state, body.query);
  // GitHub answers HTTP 200 with partial `data` and an `errors` list when part of a query fails.
  const error = state.graphqlErrors?.[kind];
  return error ? { data, errors: [{ message: error, type: 'SOMETHING_WENT_WRONG' }] } : { data };
}
