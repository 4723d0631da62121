// The git side of `modelgate check --base REF`: plain `git` child processes (the git the user
// already has, with their config and credentials), never a library clone. Paths are read and
// written NUL-separated (`-z`), so no file name is ever mis-split or shell-quoted. Every
// command runs in the checked directory, so paths come back relative to it.
import { spawnSync } from 'node:child_process';
import type { ChangedFile, ChangeStatus } from '../../core/engine/snapshot.ts';
import { SUBMODULE_MODE, SYMLINK_MODE } from '../symlinks.ts';
import { RunFailure } from './command.ts';

/** What git itself may hand back: artifacts are capped far lower, this only bounds a runaway. */
const MAX_BUFFER = 1024 * 1024 * 1024;

function git(args: string[], cwd: string, input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
  if (run.error) throw new RunFailure(`could not run git: ${run.error.message}`);
  if (run.status !== 0) throw new RunFailure(`git ${args[0]} failed: ${run.stderr.toString('utf8').trim() || `exit ${run.status}`}`);
  return run.stdout;
}

function nulSeparated(output: Buffer): string[] {
  return output.toString('utf8').split('\0').filter((entry) => entry !== '');
}

export interface RepositoryInfo {
  /** Absolute path of the work tree's top level. */
  topLevel: string;
  /** The checked directory inside it, `/`-terminated, '' at the top level (git's --show-prefix). */
  prefix: string;
}

/** Undefined when `dir` is not inside a git work tree (or git is not installed). */
export function repositoryOf(dir: string): RepositoryInfo | undefined {
  const run = spawnSync('git', ['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  if (run.error || run.status !== 0) return undefined;
  const [topLevel = '', prefix = ''] = run.stdout.toString('utf8').split('\n');
  return { topLevel, prefix };
}

/** The commit `ref` names; a clear error when it names none. */
export function resolveCommit(ref: string, cwd: string): string {
  // A ref that starts with `-` would be read as an option.
  if (ref.startsWith('-')) throw new RunFailure(`'${ref}' is not a git ref`);
  const run = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, env: { ...process.env, LC_ALL: 'C' } });
  if (run.error) throw new RunFailure(`could not run git: ${run.error.message}`);
  if (run.status !== 0) throw new RunFailure(`--base ${ref}: no such commit in this repository`);
  return run.stdout.toString('utf8').trim();
}

/** Which of `paths` (relative to `cwd`) `commit` has, as files or links. */
export function pathsAt(commit: string, cwd: string, paths: readonly string[]): string[] {
  return nulSeparated(git(['ls-tree', '-z', '--name-only', commit, '--', ...paths.map((p) => `:(literal)${p}`)], cwd));
}

export interface TreeBlob {
  /** The blob SHA; for a submodule, its commit. */
  sha: string;
  /** True for mode 120000: the blob is the link's target path, never the file's content. */
  symlink: boolean;
  /** True for a submodule (type `commit`): nothing of it is here to read, only its commit. */
  submodule?: true;
}

/** Every file (blob) and submodule of `commit` under `cwd`, path relative to `cwd` -> SHA and what it is. */
export function listTree(commit: string, cwd: string): Map<string, TreeBlob> {
  const files = new Map<string, TreeBlob>();
  for (const entry of nulSeparated(git(['ls-tree', '-r', '-z', commit], cwd))) {
    const tab = entry.indexOf('\t');
    const [mode, type, sha] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && sha) files.set(entry.slice(tab + 1), { sha, symlink: mode === SYMLINK_MODE });
    if (type === 'commit' && sha) files.set(entry.slice(tab + 1), { sha, symlink: false, submodule: true });
  }
  return files;
}

/** The submodules among `paths` (relative to `cwd`) as the index records them: path -> commit. */
export function indexedSubmodules(paths: readonly string[], cwd: string): Map<string, string> {
  const commits = new Map<string, string>();
  if (paths.length === 0) return commits;
  for (const entry of nulSeparated(git(['ls-files', '-z', '--stage', '--', ...paths.map((p) => `:(literal)${p}`)], cwd))) {
    const tab = entry.indexOf('\t');
    const [mode, sha] = entry.slice(0, tab).split(' ');
    if (mode === SUBMODULE_MODE && sha) commits.set(entry.slice(tab + 1), sha);
  }
  return commits;
}

/** Contents of blobs by SHA, in one `git cat-file --batch` process. A missing blob is absent from the map. */
export function readBlobs(shas: readonly string[], cwd: string): Map<string, Uint8Array> {
  const unique = [...new Set(shas)];
  const blobs = new Map<string, Uint8Array>();
  if (unique.length === 0) return blobs;
  const output = git(['cat-file', '--batch'], cwd, `${unique.join('\n')}\n`);
  let at = 0;
  while (at < output.length) {
    const newline = output.indexOf(0x0a, at);
    if (newline < 0) break;
    const [sha, type, size] = output.subarray(at, newline).toString('utf8').split(' ');
    at = newline + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    if (sha && type === 'blob') blobs.set(sha, new Uint8Array(output.subarray(at, at + length)));
    at += length + 1;
  }
  return blobs;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed', U: 'modified' };

/**
 * What changed between `commit` and the working tree under `cwd`: tracked changes (staged or
 * not) from `git diff --name-status`, plus untracked files that are not ignored, as added.
 */
export function changesSince(commit: string, cwd: string): ChangedFile[] {
  const fields = nulSeparated(git(['diff', '--name-status', '-z', '-M', '--relative', '--no-ext-diff', commit, '--'], cwd));
  const changes: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++]!;
    const status = STATUS[code[0]!] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const previousPath = fields[i++]!;
      changes.push({ path: fields[i++]!, status, previousPath });
    } else {
      changes.push({ path: fields[i++]!, status });
    }
  }
  const tracked = new Set(changes.map((c) => c.path));
  for (const path of untrackedFiles(cwd)) if (!tracked.has(path)) changes.push({ path, status: 'added' });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function untrackedFiles(cwd: string): string[] {
  return nulSeparated(git(['ls-files', '-z', '--others', '--exclude-standard'], cwd));
}

/** The working tree's files as git sees them under `cwd`: tracked and not deleted, plus untracked and not ignored. */
export function workingTreeFiles(cwd: string): string[] {
  const deleted = new Set(nulSeparated(git(['ls-files', '-z', '--deleted'], cwd)));
  const listed = nulSeparated(git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd));
  return [...new Set(listed)].filter((path) => !deleted.has(path)).sort();
}

export interface CommitInfo {
  sha: string;
  /** Committer date, ISO 8601 (%cI). */
  date: string;
  author: string;
}

/**
 * The last commit that changed `path` (relative to `cwd`; '' for `cwd` itself), for
 * `modelgate inventory`. Undefined when there is none, or no git to ask: an inventory outside a
 * repository has an empty column, it does not fail.
 */
export function lastCommitOf(path: string, cwd: string, options: { firstParent?: boolean } = {}): CommitInfo | undefined {
  // --first-parent: the commit on the branch itself that brought the change in (a merge commit,
  // where the merge audit is written), not the commit on the merged branch that made it.
  const args = ['log', '-1', ...(options.firstParent ? ['--first-parent'] : []), '--format=%H%x00%cI%x00%an', '--', path === '' ? '.' : `:(literal)${path}`];
  const run = spawnSync('git', args, {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  if (run.error || run.status !== 0) return undefined;
  const [sha = '', date = '', author = ''] = run.stdout.toString('utf8').replace(/\n$/, '').split('\0');
  return /^[0-9a-f]{40,64}$/.test(sha) ? { sha, date, author } : undefined;
}
