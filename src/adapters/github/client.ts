// The only place that speaks to GitHub. Everything else (the App, the Action) goes through
// this small interface, so both share the request economy and tests can count requests.
//
// Reads are shaped for few round trips: one recursive tree per ref, changed files paginated,
// and GraphQL for everything that can be batched (policy + reviews + comments + commits in
// one query; all needed blob contents of head and base in one query; eligibility and the
// blobs at reviewed commits in one query).
import type { Octokit } from '@octokit/rest';
import type { ChangedFile, ChangeStatus, FileEntry } from '../../core/engine/snapshot.ts';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface GitHubUser {
  login: string;
  type: 'User' | 'Bot';
}

export interface PullReview {
  id: number;
  user: GitHubUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

export interface PullComment {
  id: number;
  user: GitHubUser;
  body: string;
  createdAt: string;
  /** GitHub's `lastEditedAt`/`includesCreatedEdit`: an edited command is ignored. */
  edited: boolean;
  /** Written by the token's own identity (our bot): the only comments whose hidden state we trust. */
  byViewer: boolean;
}

export interface PullContext {
  /** Policy file text on the base commit; undefined when the file does not exist there. */
  policyText?: string;
  reviews: PullReview[];
  comments: PullComment[];
  /** Logins (or names when no account is linked) of every commit author and committer. */
  commitAuthors: string[];
}

export interface BlobRequest {
  /** Caller's key for the answer (e.g. `head:models/churn/MODEL_CARD.md`). */
  key: string;
  /** Commit SHA and path. */
  sha: string;
  path: string;
}

export interface Eligibility {
  /** `org/team` -> member logins. */
  teamMembers: Record<string, string[]>;
  /** login -> permission (`admin`, `maintain`, `write`, `triage`, `read`, `none`). */
  permissions: Record<string, string>;
  /** commit SHA -> path -> blob SHA (null when the path does not exist at that commit). */
  blobsAt: Record<string, Record<string, string | null>>;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
}

export interface IssueCommentRecord {
  id: number;
  body: string;
  user: GitHubUser;
  /** The GitHub App that wrote the comment, when one did (`performed_via_github_app.id`). */
  appId?: number;
}

export interface GitHubClient {
  listPullFiles(ref: RepoRef, pullNumber: number): Promise<ChangedFile[]>;
  /** Every file path of the commit's tree with its blob SHA. */
  getTree(ref: RepoRef, sha: string): Promise<Record<string, FileEntry>>;
  getPullContext(ref: RepoRef, pullNumber: number, baseSha: string, policyPath: string): Promise<PullContext>;
  /** Reads many blobs in one request; absent files map to undefined. */
  readBlobs(ref: RepoRef, requests: BlobRequest[]): Promise<Record<string, FileEntry | undefined>>;
  getEligibility(ref: RepoRef, query: { teams: string[]; users: string[]; commits: string[]; paths: string[] }): Promise<Eligibility>;

  createCheckRun(ref: RepoRef, run: { name: string; headSha: string; status: 'in_progress' | 'completed'; conclusion?: string; output?: CheckRunOutput; externalId?: string }): Promise<number>;
  updateCheckRun(ref: RepoRef, id: number, run: { status?: 'in_progress' | 'completed'; conclusion?: string; output?: CheckRunOutput }): Promise<void>;
  listIssueComments(ref: RepoRef, issueNumber: number): Promise<IssueCommentRecord[]>;
  createIssueComment(ref: RepoRef, issueNumber: number, body: string): Promise<number>;
  updateIssueComment(ref: RepoRef, commentId: number, body: string): Promise<void>;
  deleteIssueComment(ref: RepoRef, commentId: number): Promise<void>;
  /** `teams` are slugs of the repository owner's organisation (see review-requests.ts). */
  requestReviewers(ref: RepoRef, pullNumber: number, reviewers: { users: string[]; teams: string[] }): Promise<void>;
  createCommitStatus(ref: RepoRef, sha: string, status: { state: 'success' | 'failure' | 'pending' | 'error'; context: string; description: string; targetUrl?: string }): Promise<void>;
}

const STATUS_MAP: Record<string, ChangeStatus> = {
  added: 'added',
  modified: 'modified',
  removed: 'removed',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'changed',
  unchanged: 'unchanged',
};

function userOf(node: { login?: string; __typename?: string } | null | undefined): GitHubUser {
  const login = node?.login ?? 'ghost';
  return { login, type: node?.__typename === 'Bot' || login.endsWith('[bot]') ? 'Bot' : 'User' };
}

/** GraphQL aliases must be names; the index keeps them unique and stable. */
const alias = (prefix: string, i: number) => `${prefix}${i}`;

/** A GraphQL string literal. */
const gqlString = (s: string) => JSON.stringify(s);

export function octokitClient(octokit: Octokit): GitHubClient {
  return {
    async listPullFiles({ owner, repo }, pullNumber) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
      return files.map((f) => ({
        path: f.filename,
        status: STATUS_MAP[f.status] ?? 'changed',
        ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
      }));
    },

    async getTree({ owner, repo }, sha) {
      const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
      if (data.truncated) {
        // A truncated tree would hide model files: refuse rather than pass on half a picture.
        throw new Error(`the tree of ${sha} is too large for one request (GitHub truncated it); modelgate cannot see every file`);
      }
      const files: Record<string, FileEntry> = {};
      for (const entry of data.tree) {
        if (entry.type === 'blob' && entry.path) files[entry.path] = entry.sha ? { sha: entry.sha } : {};
      }
      return files;
    },

    async getPullContext({ owner, repo }, pullNumber, baseSha, policyPath) {
      const query = `query($owner: String!, $repo: String!, $number: Int!, $policy: String!) {
  repository(owner: $owner, name: $repo) {
    policy: object(expression: $policy) { ... on Blob { text isBinary } }
    pullRequest(number: $number) {
      reviews(first: 100) { pageInfo { hasNextPage } nodes { databaseId state submittedAt commit { oid } author { __typename login } } }
      comments(last: 100) { nodes { databaseId body createdAt lastEditedAt viewerDidAuthor author { __typename login } } }
      commits(first: 250) { pageInfo { hasNextPage } nodes { commit { author { user { login } name } committer { user { login } name } } } }
    }
  }
}`;
      const result = await octokit.graphql<GraphPullContext>(query, { owner, repo, number: pullNumber, policy: `${baseSha}:${policyPath}` });
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
      return {
        ...(result.repository.policy?.text !== undefined && result.repository.policy?.text !== null ? { policyText: result.repository.policy.text } : {}),
        reviews: pr.reviews.nodes.map((r) => ({
          id: r.databaseId,
          user: userOf(r.author),
          state: r.state,
          commitId: r.commit?.oid ?? '',
          submittedAt: r.submittedAt ?? '',
        })),
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
    },

    async readBlobs({ owner, repo }, requests) {
      const out: Record<string, FileEntry | undefined> = {};
      if (requests.length === 0) return out;
      const fields = requests
        .map((r, i) => `${alias('b', i)}: object(expression: ${gqlString(`${r.sha}:${r.path}`)}) { ... on Blob { oid byteSize isBinary isTruncated text } }`)
        .join('\n    ');
      const query = `query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
      const result = await octokit.graphql<{ repository: Record<string, GraphBlob | null> }>(query, { owner, repo });
      requests.forEach((r, i) => {
        const blob = result.repository[alias('b', i)];
        if (!blob) {
          out[r.key] = undefined;
        } else if (blob.isBinary) {
          // Binary: hand the core a NUL byte so its binary guard reports it like any other.
          out[r.key] = { sha: blob.oid, content: new Uint8Array([0]) };
        } else if (blob.isTruncated || blob.text === null) {
          out[r.key] = { sha: blob.oid, unreadable: `file is ${blob.byteSize} bytes, too large to read through the GitHub API` };
        } else {
          out[r.key] = { sha: blob.oid, content: blob.text };
        }
      });
      return out;
    },

    async getEligibility({ owner, repo }, { teams, users, commits, paths }) {
      const empty: Eligibility = { teamMembers: {}, permissions: {}, blobsAt: {} };
      if (teams.length + users.length + commits.length === 0) return empty;
      const teamFields = teams.map((t, i) => {
        const [org, slug] = t.split('/');
        return `${alias('t', i)}: organization(login: ${gqlString(org ?? '')}) { team(slug: ${gqlString(slug ?? '')}) { members(first: 100) { nodes { login } } } }`;
      });
      const userFields = users.map((u, i) => `${alias('u', i)}: collaborators(login: ${gqlString(u)}, first: 1) { edges { permission node { login } } }`);
      const blobFields = commits.flatMap((c, ci) =>
        paths.map((p, pi) => `${alias(`c${ci}_`, pi)}: object(expression: ${gqlString(`${c}:${p}`)}) { oid }`),
      );
      const query = `query($owner: String!, $repo: String!) {\n  ${teamFields.join('\n  ')}\n  repository(owner: $owner, name: $repo) {\n    ${[...userFields, ...blobFields].join('\n    ')}\n  }\n}`;
      const result = await octokit.graphql<Record<string, unknown>>(query, { owner, repo });
      const eligibility = empty;
      teams.forEach((t, i) => {
        const team = (result[alias('t', i)] as { team: { members: { nodes: { login: string }[] } } | null } | null)?.team;
        // A team GitHub does not show us stays out of the map: the gate then says its members
        // are unknown (a typo in the policy is visible), and nobody qualifies through it.
        if (team) eligibility.teamMembers[t] = team.members.nodes.map((n) => n.login);
      });
      const repository = (result.repository ?? {}) as Record<string, unknown>;
      users.forEach((u, i) => {
        const edges = (repository[alias('u', i)] as { edges: { permission: string }[] } | null)?.edges ?? [];
        eligibility.permissions[u] = edges[0]?.permission.toLowerCase() ?? 'none';
      });
      commits.forEach((c, ci) => {
        const blobs: Record<string, string | null> = {};
        paths.forEach((p, pi) => {
          blobs[p] = (repository[alias(`c${ci}_`, pi)] as { oid: string } | null)?.oid ?? null;
        });
        eligibility.blobsAt[c] = blobs;
      });
      return eligibility;
    },

    async createCheckRun({ owner, repo }, run) {
      const { data } = await octokit.rest.checks.create({
        owner,
        repo,
        name: run.name,
        head_sha: run.headSha,
        status: run.status,
        ...(run.conclusion ? { conclusion: run.conclusion as 'success' } : {}),
        ...(run.output ? { output: run.output } : {}),
        ...(run.externalId ? { external_id: run.externalId } : {}),
      });
      return data.id;
    },

    async updateCheckRun({ owner, repo }, id, run) {
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        ...(run.status ? { status: run.status } : {}),
        ...(run.conclusion ? { conclusion: run.conclusion as 'success' } : {}),
        ...(run.output ? { output: run.output } : {}),
      });
    },

    async listIssueComments({ owner, repo }, issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
      return comments.map((c) => ({
        id: c.id,
        body: c.body ?? '',
        user: userOf({ login: c.user?.login, __typename: c.user?.type }),
        ...(c.performed_via_github_app?.id ? { appId: c.performed_via_github_app.id } : {}),
      }));
    },

    async createIssueComment({ owner, repo }, issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
      return data.id;
    },

    async updateIssueComment({ owner, repo }, commentId, body) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
    },

    async deleteIssueComment({ owner, repo }, commentId) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
    },

    async requestReviewers({ owner, repo }, pullNumber, { users, teams }) {
      if (users.length + teams.length === 0) return;
      await octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: pullNumber, reviewers: users, team_reviewers: teams });
    },

    async createCommitStatus({ owner, repo }, sha, status) {
      await octokit.rest.repos.createCommitStatus({
        owner,
        repo,
        sha,
        state: status.state,
        context: status.context,
        description: status.description.slice(0, 140),
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      });
    },
  };
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
    policy: { text: string | null; isBinary: boolean | null } | null;
    pullRequest: {
      reviews: { pageInfo: { hasNextPage: boolean }; nodes: { databaseId: number; state: PullReview['state']; submittedAt: string | null; commit: { oid: string } | null; author: GraphActor | null }[] };
      comments: { nodes: { databaseId: number; body: string; createdAt: string; lastEditedAt: string | null; viewerDidAuthor?: boolean; author: GraphActor | null }[] };
      commits: { pageInfo: { hasNextPage: boolean }; nodes: { commit: { author: { user: { login: string } | null; name: string | null } | null; committer: { user: { login: string } | null; name: string | null } | null } }[] };
    };
  };
}
