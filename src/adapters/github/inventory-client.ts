// What the "Model inventory" issues need of GitHub, beside client.ts (which serves reviews): find
// modelgate's issue, write it, the last commit of each model, and for the organisation's issue
// the repositories of the installation and their issues. Plain Octokit; pacing and retries are
// the request policy's (octokit.ts), as for every other request.
import type { Octokit } from '@octokit/rest';
import type { LastCommit } from '../../core/inventory/inventory.ts';
import type { RepoRef } from './client.ts';
import { isOwnComment } from './publish.ts';
import { alias, FIELDS_PER_QUERY, inventoryIssuesQuery, modelHistoryQuery, REPOS_PER_INVENTORY_QUERY } from './graphql-documents.ts';

/** modelgate's label on its inventory issues: how they are found (with the author, not instead of it). */
export const INVENTORY_LABEL = 'model-inventory';

/** Who writes the issue: the App (its id and bot login) or the Action (`github-actions[bot]`). */
export interface IssueWriter {
  appId?: number;
  /** The bot's login as REST spells it (`modelgate[bot]`). */
  botLogin: string;
}

export interface OwnIssue {
  number: number;
  body: string;
  state: 'open' | 'closed';
}

export interface InstalledRepository extends RepoRef {
  private: boolean;
  archived: boolean;
}

/** A repository's inventory issue as the organisation's issue reads it. */
export type RepositoryInventoryIssue = { body: string } | { untrusted: string } | { missing: true };

export interface InventoryClient {
  /** modelgate's own issues carrying `marker` (oldest first): by label or by author, verified to be ours. */
  findOwnIssues(ref: RepoRef, writer: IssueWriter, marker: string): Promise<OwnIssue[]>;
  createIssue(ref: RepoRef, issue: { title: string; body: string; labels: string[] }): Promise<number>;
  updateIssue(ref: RepoRef, number: number, change: { body?: string; state?: 'closed'; stateReason?: 'not_planned' }): Promise<void>;
  /** The repository's default branch. */
  defaultBranch(ref: RepoRef): Promise<string>;
  /** The commit `branch` points at now. */
  branchHead(ref: RepoRef, branch: string): Promise<string>;
  /** Model directory -> the last commit that changed it, as of `sha`. */
  lastCommits(ref: RepoRef, sha: string, dirs: readonly string[]): Promise<Map<string, LastCommit>>;
  /** Every repository the installation can see. */
  installationRepositories(): Promise<InstalledRepository[]>;
  /** owner/repo -> its inventory issue, when modelgate wrote it (`botName`: the bot's GraphQL login, no `[bot]`) and nobody edited it since. */
  inventoryIssuesOf(repos: readonly RepoRef[], botName: string, marker: string): Promise<Map<string, RepositoryInventoryIssue>>;
}

interface RestIssue {
  number: number;
  body?: string | null;
  state: string;
  pull_request?: unknown;
  user: { login: string; type: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/** Ours = an issue (not a pull request) that isOwnComment would call ours: the marker AND our bot. */
export function isOwnIssue(issue: RestIssue, writer: IssueWriter, marker: string): boolean {
  if (issue.pull_request || !issue.user) return false;
  const user = { login: issue.user.login, type: issue.user.type === 'Bot' ? ('Bot' as const) : ('User' as const) };
  return isOwnComment({ body: issue.body ?? '', user, ...(issue.performed_via_github_app ? { appId: issue.performed_via_github_app.id } : {}) }, writer, marker);
}

interface HistoryNode {
  oid: string;
  committedDate: string;
  author: { name: string | null } | null;
}

interface IssueNode {
  number: number;
  body: string;
  viewerDidAuthor: boolean;
  editor: { __typename: string; login: string } | null;
}

export function octokitInventoryClient(octokit: Octokit): InventoryClient {
  return {
    async findOwnIssues(ref, writer, marker) {
      // Both lists, side by side: a label someone removed, or an author filter that misses the
      // bot (as GitHub's has on some servers), must not make modelgate open a second issue.
      const [byLabel, byAuthor] = await Promise.all([
        octokit.paginate(octokit.rest.issues.listForRepo, { ...repoParams(ref), labels: INVENTORY_LABEL, state: 'all', per_page: 100 }),
        // GitHub may refuse a bot's login as `creator` (422): the label's list stands alone then.
        octokit.paginate(octokit.rest.issues.listForRepo, { ...repoParams(ref), creator: writer.botLogin, state: 'all', per_page: 100 }).catch((error: unknown) => {
          if ((error as { status?: number }).status === 422) return [];
          throw error;
        }),
      ]);
      const ours = new Map<number, OwnIssue>();
      for (const issue of [...byLabel, ...byAuthor] as RestIssue[]) {
        if (isOwnIssue(issue, writer, marker)) ours.set(issue.number, { number: issue.number, body: issue.body ?? '', state: issue.state === 'closed' ? 'closed' : 'open' });
      }
      return [...ours.values()].sort((a, b) => a.number - b.number);
    },

    async createIssue(ref, { title, body, labels }) {
      const { data } = await octokit.rest.issues.create({ ...repoParams(ref), title, body, labels });
      return data.number;
    },

    async updateIssue(ref, number, change) {
      await octokit.rest.issues.update({
        ...repoParams(ref),
        issue_number: number,
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.state ? { state: change.state } : {}),
        ...(change.stateReason ? { state_reason: change.stateReason } : {}),
      });
    },

    async defaultBranch(ref) {
      const { data } = await octokit.rest.repos.get(repoParams(ref));
      return data.default_branch;
    },

    async branchHead(ref, branch) {
      const { data } = await octokit.rest.git.getRef({ ...repoParams(ref), ref: `heads/${branch}` });
      return data.object.sha;
    },

    async lastCommits(ref, sha, dirs) {
      const out = new Map<string, LastCommit>();
      for (let start = 0; start < dirs.length; start += FIELDS_PER_QUERY) {
        const group = dirs.slice(start, start + FIELDS_PER_QUERY);
        const result = await octokit.graphql<{ repository: { object: Record<string, { nodes: HistoryNode[] } | undefined> | null } | null }>(modelHistoryQuery(group), {
          owner: ref.owner,
          repo: ref.repo,
          oid: sha,
        });
        const commit = result.repository?.object;
        group.forEach((dir, i) => {
          const node = commit?.[alias('h', i)]?.nodes[0];
          if (node) out.set(dir, { sha: node.oid, date: node.committedDate, author: node.author?.name ?? '' });
        });
      }
      return out;
    },

    async installationRepositories() {
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      return (repos as unknown as { name: string; owner: { login: string }; private: boolean; archived?: boolean }[]).map((r) => ({
        owner: r.owner.login,
        repo: r.name,
        private: r.private,
        archived: r.archived === true,
      }));
    },

    async inventoryIssuesOf(repos, botName, marker) {
      const out = new Map<string, RepositoryInventoryIssue>();
      for (let start = 0; start < repos.length; start += REPOS_PER_INVENTORY_QUERY) {
        const group = repos.slice(start, start + REPOS_PER_INVENTORY_QUERY);
        const result = await octokit.graphql<Record<string, { issues: { nodes: IssueNode[] } } | null>>(inventoryIssuesQuery(group), { label: INVENTORY_LABEL });
        group.forEach((repo, i) => {
          const nodes = result[alias('r', i)]?.issues.nodes ?? [];
          out.set(`${repo.owner}/${repo.repo}`, judgeIssues(nodes, botName, marker));
        });
      }
      return out;
    },
  };
}

/** The first issue modelgate wrote with the marker, if nobody but modelgate edited it since. */
export function judgeIssues(nodes: readonly IssueNode[], botName: string, marker: string): RepositoryInventoryIssue {
  const ours = nodes.find((n) => n.viewerDidAuthor && n.body.includes(marker));
  if (!ours) return { missing: true };
  const editor = ours.editor;
  const byUs = editor === null || (editor.__typename === 'Bot' && editor.login.replace(/\[bot\]$/, '') === botName.replace(/\[bot\]$/, ''));
  if (!byUs) return { untrusted: `its inventory issue #${ours.number} was last edited by someone other than modelgate; the next push to its default branch rewrites it` };
  return { body: ours.body };
}

const repoParams = ({ owner, repo }: RepoRef) => ({ owner, repo });
