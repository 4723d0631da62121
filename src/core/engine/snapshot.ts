// What an adapter hands the core: the repository at base and head, as far as it has read it.
// The core never reads anything itself. It says which files it still needs (`filesToFetch`),
// the adapter fetches them and calls again, so GitHub, git and the local disk all fit.
import type { ArtifactParseResult } from '../artifacts/index.ts';

/** One file of a tree. `content` is present once the adapter has fetched it. */
export interface FileEntry {
  /** Git blob SHA where known (GitHub trees, `git ls-tree`); used for staleness and the audit. */
  sha?: string;
  content?: string | Uint8Array;
  /**
   * Set instead of `content` by an adapter that parsed the file as it read it, in pieces
   * (`ArtifactStreamReader`: a JSON Lines tuning log over LIMITS.maxBytes, never held whole):
   * parseArtifact's result for its bytes with no options. `size` is its size in bytes.
   */
  parsed?: ArtifactParseResult;
  size?: number;
  /** Set by the adapter when the file exists but could not be read (too large for the API, ...). */
  unreadable?: string;
  /**
   * A symbolic link (mode 120000): never read as a file (`unreadable` says so), but followed for
   * what it stands for (engine/identity.ts). `sha` is the link's blob, whose content is its text.
   */
  symlink?: true;
  /** The link's text, the path it points to as written; set by `resolveLinks` with the two fields below. */
  linkText?: string;
  /**
   * Where the link points, repository-relative (a file, a directory or another link); null when
   * that is outside the repository. Undefined while the link's text is unknown.
   */
  linkTarget?: string | null;
  /** Why the link cannot be followed (outside the repository, absolute, dangling, its own ancestor). */
  linkUnresolvable?: string;
  /** A git submodule (mode 160000, a `commit` entry): `sha` is the submodule's commit; nothing of it is read. */
  submodule?: true;
}

export interface RepoState {
  /** Commit SHA, or a label such as `WORKTREE` for the CLI. */
  sha: string;
  /** Every file path of the tree (repository-relative, `/`-separated) -> entry. */
  files: Record<string, FileEntry>;
}

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  previousPath?: string;
}

export interface PullRequestInfo {
  number: number;
  author: string;
  /** `owner/repo`, for links. */
  repository: string;
  headSha: string;
  baseSha: string;
  /** Base URL for blob links, e.g. `https://github.com` (GHES differs). */
  serverUrl?: string;
}

export interface Snapshot {
  head: RepoState;
  /** Absent when there is no base to compare with (CLI without --base). */
  base?: RepoState;
  /** Files the PR changes; `'all'` = treat every model as touched (CLI `--all`, no base). */
  changedFiles: ChangedFile[] | 'all';
  /** The policy file as read from the **base** branch; absent = no policy file there. */
  policy?: { path: string; text: string; ref?: string };
  /** Extra policy documents for `_extends`, keyed by the `_extends` value (`org/.github`). */
  extendedPolicies?: Record<string, string>;
  pr?: PullRequestInfo;
}

/**
 * Called as the engine gets through the models (`done` of `total`), so an adapter can show
 * progress on a long run; the engine itself never looks at a clock or writes anywhere.
 */
export type OnProgress = (done: number, total: number) => void;
