// The only place that speaks to GitHub for a review (inventory-client.ts does for the inventory
// issues). Everything else (the App, the Action) goes through this small interface, so both
// share the request economy and tests can count requests.
//
// Reads are shaped for few round trips: one recursive tree per ref (base, head, and each commit an
// approval or command was given on), changed files paginated, and GraphQL for everything that can
// be batched (graphql-reads.ts: policy + reviews + comments + commits in one query, further pages
// as needed; the needed blob contents of head and base in one query per 100 files, with the REST
// blobs API for files too large for GraphQL's text; team members likewise). Each approver's write
// access is one REST request, sent alongside the eligibility query. Writes are plain REST.
import type { Octokit } from '@octokit/rest';
import type { ChangedFile, ChangeStatus, FileEntry } from '../../core/engine/snapshot.ts';
import { SYMLINK_MODE, submoduleReason, symlinkReason } from '../symlinks.ts';
import { readBlobs, readEligibility, readPolicyFile, readPullContext, userOf, type OrgPolicyQuery } from './graphql-reads.ts';
import { listFilePages } from './pull-files.ts';

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

/** A policy file found at one of the candidate paths. */
export interface PolicyFileRead {
  path: string;
  text: string;
}

export interface PullContext {
  /** The policy files found on the base commit, among the candidate paths (none: not there). */
  policies: PolicyFileRead[];
  /** The PR's head as GitHub sees it now (an event may describe an older one). */
  headSha?: string;
  reviews: PullReview[];
  comments: PullComment[];
  /** Logins of every commit author and committer (a noreply address gives its login; `web-flow` left out). */
  commitAuthors: string[];
  /** Author and committer identities linked to no account (as written: untrusted), each once, with the first commit carrying it. */
  unlinkedCommitIdentities: { sha: string; name: string; email: string }[];
  /** Commits whose author and committer name no account (`web-flow` names nobody). */
  unattributedCommits: string[];
  /** Why `commitAuthors` may miss someone: GitHub listed fewer commits than it counts. */
  commitAuthorsIncomplete?: string;
  /** Whom GitHub lists as asked for a review now: logins (people, bots) and team slugs. */
  reviewRequests: { users: string[]; teams: string[] };
  /** The owner's organisation-wide policy, when `getPullContext` was asked for it. */
  orgPolicy?: OrgPolicyRead;
}

export interface BlobRequest {
  /** Caller's key for the answer (e.g. `head:models/churn/MODEL_CARD.md`). */
  key: string;
  /** Commit SHA and path. */
  sha: string;
  path: string;
  /**
   * Read before the core asks for it, to save a round of reads (load-snapshot.ts): a file too
   * large for GraphQL's text is then left unread (undefined) rather than read over REST.
   */
  speculative?: true;
}

/** The owner's organisation-wide policy, read beside the PR context (`getPullContext`'s `orgPolicy`). */
export interface OrgPolicyRead {
  /** False when GitHub shows no such repository to the App. */
  repository: boolean;
  files: PolicyFileRead[];
  /** The default branch's commit the files were read at. */
  commit?: string;
  /** Why the policy there cannot be used (not a readable text file); thrown only where it is needed. */
  error?: string;
}

export interface Eligibility {
  /** `org/team` -> member logins. */
  teamMembers: Record<string, string[]>;
  /** login -> permission (`admin`, `maintain`, `write`, `triage`, `read`, `none`). */
  permissions: Record<string, string>;
  /** login -> public profile name and e-mail, for the logins asked as `identities` (absent when none were). */
  identities?: Record<string, { name?: string; email?: string }>;
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

export interface CheckRunRecord {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  summary: string;
  /** `output.text`, when the run has one (the approval check keeps its record of a shared head there: shared-head.ts). */
  text?: string;
  /** The GitHub App that created it. */
  appId?: number;
}

/** Open pull requests scanned for a head SHA: 10 pages of 100. */
export const MAX_OPEN_PULLS_SCANNED = 1000;

export interface GitHubClient {
  /** `expectedCount`: how many files the event says the PR changes; the pages that takes are read side by side. */
  listPullFiles(ref: RepoRef, pullNumber: number, expectedCount?: number): Promise<ChangedFile[]>;
  /**
   * Numbers of the open pull requests whose head is `sha` (the Checks API names none for a
   * fork's commit). `complete` is false when more open PRs exist than were scanned.
   */
  findOpenPullsByHead(ref: RepoRef, sha: string): Promise<{ numbers: number[]; complete: boolean }>;
  /** Every file path of the commit's tree with its blob SHA; symbolic links (marked `symlink`) and submodules (`submodule`, with their commit) are unreadable (never read). */
  getTree(ref: RepoRef, sha: string): Promise<Record<string, FileEntry>>;
  /** `orgPolicy`: also read the owner's organisation-wide policy (`.github` repository, default branch) in the same request. */
  getPullContext(ref: RepoRef, pullNumber: number, baseSha: string, policyPaths: readonly string[], orgPolicy?: OrgPolicyQuery): Promise<PullContext>;
  /** Reads many blobs in one request (one more each for files too large for GraphQL's text); absent files map to undefined. */
  readBlobs(ref: RepoRef, requests: BlobRequest[]): Promise<Record<string, FileEntry | undefined>>;
  /**
   * The policy files among `paths` at `rev` of another repository (`_extends`, the owner's
   * `.github`); `repository: false` when GitHub shows no such repository to the App; `commit`,
   * the default branch's commit when it was read there.
   */
  readPolicyFile(ref: RepoRef, rev: string, paths: readonly string[]): Promise<{ repository: boolean; files: PolicyFileRead[]; commit?: string }>;
  /** `identities`: logins whose public name and e-mail to read (in the same GraphQL query as the teams). */
  getEligibility(ref: RepoRef, query: { teams: string[]; users: string[]; identities?: string[] }): Promise<Eligibility>;

  createCheckRun(ref: RepoRef, run: { name: string; headSha: string; status: 'in_progress' | 'completed'; conclusion?: string; output?: CheckRunOutput; externalId?: string }): Promise<number>;
  updateCheckRun(ref: RepoRef, id: number, run: { status?: 'in_progress' | 'completed'; conclusion?: string; output?: CheckRunOutput }): Promise<void>;
  /** The latest check run of each name on a commit, only the given App's when `appId` is set. */
  listCheckRuns(ref: RepoRef, sha: string, appId?: number): Promise<CheckRunRecord[]>;
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

/**
 * login -> permission, one request per user. GraphQL's `repository.collaborators` needs push
 * access, which an App with `contents: read` lacks; this REST endpoint needs only
 * `metadata: read`. Its `permission` folds maintain into write and triage into read, so those
 * two come from `role_name`; a custom role keeps the base level in `permission`.
 */
async function readPermissions(octokit: Octokit, { owner, repo }: RepoRef, users: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    users.map(async (username): Promise<[string, string]> => {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
        const role = data.role_name?.toLowerCase();
        return [username, role === 'maintain' || role === 'triage' ? role : (data.permission?.toLowerCase() ?? 'none')];
      } catch (error) {
        // 404: not a collaborator (or no such user). Anything else is not a "no": it is thrown,
        // and the review fails closed rather than guess someone's access.
        if ((error as { status?: unknown } | null)?.status === 404) return [username, 'none'];
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries);
}

export function octokitClient(octokit: Octokit): GitHubClient {
  return {
    async listPullFiles({ owner, repo }, pullNumber, expectedCount) {
      const files = await listFilePages(octokit, { owner, repo }, pullNumber, expectedCount);
      return files.map((f) => ({
        path: f.filename,
        status: STATUS_MAP[f.status] ?? 'changed',
        ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
      }));
    },

    async findOpenPullsByHead({ owner, repo }, sha) {
      const numbers: number[] = [];
      let scanned = 0;
      for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 })) {
        for (const pull of data) if (pull.head.sha === sha) numbers.push(pull.number);
        scanned += data.length;
        if (scanned >= MAX_OPEN_PULLS_SCANNED) return { numbers, complete: data.length < 100 };
      }
      return { numbers, complete: true };
    },

    async getTree({ owner, repo }, sha) {
      const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' });
      if (data.truncated) {
        // A truncated tree would hide model files: refuse rather than pass on half a picture.
        throw new Error(`the tree of ${sha} is too large for one request (GitHub truncated it); modelgate cannot see every file`);
      }
      const files: Record<string, FileEntry> = {};
      for (const entry of data.tree) {
        if (!entry.path) continue;
        const sha = entry.sha ? { sha: entry.sha } : {};
        // A submodule is its commit: bumping it changes the files of the model it lies in.
        if (entry.type === 'commit') files[entry.path] = { ...sha, submodule: true, unreadable: submoduleReason(entry.path) };
        if (entry.type !== 'blob') continue;
        // A symlink's blob is its target path; GraphQL would hand that text back as if it were
        // the file. It stays in the tree (a card there still makes a model) but is never read;
        // the loader reads its text to follow it (load-snapshot.ts).
        files[entry.path] = entry.mode === SYMLINK_MODE ? { ...sha, symlink: true, unreadable: symlinkReason(entry.path) } : sha;
      }
      return files;
    },

    getPullContext: (ref, pullNumber, baseSha, policyPaths, orgPolicy) => readPullContext(octokit.graphql, ref, pullNumber, baseSha, policyPaths, orgPolicy),
    readBlobs: async (ref, requests) => {
      if (requests.length === 0) return {};
      // The raw media type: the bytes as they are. The JSON form carries them base64-encoded, and
      // Octokit hands back a document of many megabytes unparsed, as a string.
      const readLarge = async (oid: string) => {
        const { data } = await octokit.rest.git.getBlob({ owner: ref.owner, repo: ref.repo, file_sha: oid, mediaType: { format: 'raw' } });
        const raw: unknown = data;
        if (typeof raw === 'string') return raw;
        if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
        throw new Error(`GitHub's blobs API did not return the bytes of blob ${oid}`);
      };
      return readBlobs(octokit.graphql, ref, requests, readLarge);
    },
    readPolicyFile: (ref, rev, paths) => readPolicyFile(octokit.graphql, ref, rev, paths),
    async getEligibility(ref, { teams, users, identities }) {
      // One wave: the GraphQL query and every permission request run side by side.
      const [graph, permissions] = await Promise.all([readEligibility(octokit.graphql, { teams, identities: identities ?? [] }), readPermissions(octokit, ref, users)]);
      return { teamMembers: graph.teamMembers, permissions, ...(graph.identities ? { identities: graph.identities } : {}) };
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

    async listCheckRuns({ owner, repo }, sha, appId) {
      const { data } = await octokit.rest.checks.listForRef({ owner, repo, ref: sha, filter: 'latest', per_page: 100, ...(appId !== undefined ? { app_id: appId } : {}) });
      return data.check_runs.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        conclusion: r.conclusion,
        summary: r.output.summary ?? '',
        ...(r.output.text ? { text: r.output.text } : {}),
        ...(r.app?.id !== undefined ? { appId: r.app.id } : {}),
      }));
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
