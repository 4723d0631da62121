// Builds the Snapshot of a local check: head = the working tree, base = a git commit (with
// --base), and the policy. Like the GitHub adapter it lists trees first and reads only what the
// core asks for (`filesToFetch`, at most MAX_FETCH_ROUNDS rounds).
//
// Which repository: the one CI sees. DIR inside a git work tree is checked as part of it: paths
// (and the policy's globs) are the repository's, from its top level, and only what lies under
// DIR is checked. DIR that holds a `.github/modelgate.yml` of its own (a demo layout such as
// examples/), or is in no git work tree, is checked as a repository of its own, as before.
//
// Which policy: `--policy FILE` when given (the user's explicit choice); else
// `.github/modelgate.yml` of that repository at the --base commit, as on GitHub (a change must
// not relax its own gate); else, with no base, the working tree's. No policy file: the built-in
// defaults.
import { lstat, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isRecord, parseYaml, readText } from '../../core/artifacts/source.ts';
import { filesToFetch, MAX_FETCH_ROUNDS } from '../../core/engine/files-to-fetch.ts';
import type { FileEntry, RepoState, Snapshot } from '../../core/engine/snapshot.ts';
import { loadPolicy, type LoadedPolicy } from '../../core/policy/load.ts';
import { choosePolicyFile, extendsKey, POLICY_PATHS } from '../../core/policy/location.ts';
import { RunFailure } from './command.ts';
import { resolveLinks } from '../../core/engine/identity.ts';
import { submoduleReason, symlinkReason, underSymlinkReason } from '../symlinks.ts';
import { changesSince, indexedSubmodules, listTree, pathsAt, readBlobs, repositoryOf, resolveCommit, type RepositoryInfo } from './git.ts';
import { gitBlobSha, listWorkingTree, readWorkingFile, readWorkingFiles, specialEntries } from './worktree.ts';

export const WORKTREE = 'WORKTREE';

export interface LocalCheckOptions {
  /** Absolute path of the directory checked (DIR; the root is its repository's top level unless it is a repository of its own). */
  dir: string;
  /** DIR as the user wrote it, for messages. */
  dirLabel?: string;
  base?: string;
  all: boolean;
  /** Absolute path of an explicit policy file. */
  policyFile?: string;
  /** How `policyFile` was written on the command line, for messages and the audit. */
  policyLabel?: string;
  /** Follows the models read in each round of reading (`round` from 0), for a progress line. */
  onProgress?: (round: number, done: number, total: number) => void;
}

export interface LocalCheck {
  snapshot: Snapshot;
  policy: LoadedPolicy;
  policyRef?: { path: string; ref?: string };
  repository?: RepositoryInfo;
  /** The directory the snapshot's paths are relative to: DIR, or the top level of its repository. */
  root: string;
  /** `root`'s path inside its git repository (`/`-terminated, '' at the top level), for SARIF. */
  pathPrefix: string;
  /** Things worth telling the user on stderr that do not stop the run. */
  notes: string[];
}

async function readPolicySource(options: LocalCheckOptions, head: RepoState, base: RepoState | undefined): Promise<{ path: string; text: string; ref?: string } | undefined> {
  if (options.policyFile) {
    const content = await readFile(options.policyFile).catch(() => undefined);
    if (content === undefined) throw new RunFailure(`--policy ${options.policyLabel ?? options.policyFile}: cannot read the file`);
    return { path: options.policyLabel ?? options.policyFile, text: decode(options.policyLabel ?? options.policyFile, content) };
  }
  if (base) {
    const at = base.sha.slice(0, 12);
    // A linked `.github` hides the policy from the tree: "no policy" would mean the defaults.
    if (base.files[POLICY_DIR]?.unreadable === symlinkReason(POLICY_DIR)) throw symlinkedPolicy(POLICY_DIR, at);
    const path = policyPathIn(base.files, `at ${at}`);
    if (!path) return undefined;
    const entry = base.files[path]!;
    // The blob of a link is its target path, which must not be read as the policy.
    if (entry.unreadable === symlinkReason(path)) throw symlinkedPolicy(path, at);
    const blob = readBlobs([entry.sha!], options.dir).get(entry.sha!);
    if (!blob) throw new RunFailure(`${path} at ${at} could not be read from git`);
    return { path, text: decode(path, blob), ref: base.sha };
  }
  // Directories are not listed, so a listed `.github` is a file: a link would hide the policy.
  if (head.files[POLICY_DIR] && (await lstat(resolve(options.dir, POLICY_DIR)).catch(() => undefined))?.isSymbolicLink()) throw symlinkedPolicy(POLICY_DIR);
  const path = policyPathIn(head.files, 'in the working tree');
  if (!path) return undefined;
  const entry = await readWorkingFile(options.dir, path);
  if (entry.unreadable === symlinkReason(path)) throw symlinkedPolicy(path);
  if (entry.unreadable === underSymlinkReason(path, POLICY_DIR)) throw symlinkedPolicy(POLICY_DIR);
  if (entry.content === undefined) throw new RunFailure(`${path}: cannot read the file`);
  return { path, text: decode(path, entry.content as Uint8Array) };
}

const POLICY_DIR = '.github';

/** The policy's path among the files, by the rule the App follows too (both names present is refused). */
function policyPathIn(files: Record<string, FileEntry>, where: string): string | undefined {
  const found = choosePolicyFile(POLICY_PATHS.filter((p) => files[p]).map((path) => ({ path })), where);
  if (found.error) throw new RunFailure(`${found.error}; nothing was checked (the gate fails closed)`);
  return found.file?.path;
}

/** The policy is read only as a regular file: a link could stand for any file, or for none. */
function symlinkedPolicy(path: string, at?: string): RunFailure {
  const where = `${path}${at ? ` at ${at}` : ''}`;
  const what = path === POLICY_DIR ? `${where} is a symbolic link, so the policy in it` : `the policy ${where} is a symbolic link: it`;
  return new RunFailure(`${what} is not read (modelgate reads the policy only as a regular file); nothing was checked (the gate fails closed)`);
}

/** The policy's text; an empty file is "the defaults" and a binary one is left to the loader's error. */
function decode(path: string, content: Uint8Array): string {
  const read = readText(path, content);
  return read.text ?? new TextDecoder('utf-8').decode(content);
}

/**
 * `_extends` names another repository's policy, which a local run cannot fetch: it resolves to
 * an empty document (no extra defaults) instead of failing every local run. For the loader.
 */
export function unfetchedExtends(path: string, text: string): Record<string, string> {
  const data = parseYaml(path, text).data;
  return isRecord(data) && typeof data['_extends'] === 'string' ? { [extendsKey(data['_extends'])]: '' } : {};
}

/** As unfetchedExtends, saying on stderr that the org defaults are left out. */
function extendedPolicies(source: { path: string; text: string }, notes: string[]): Record<string, string> {
  const extended = unfetchedExtends(source.path, source.text);
  for (const name of Object.keys(extended)) notes.push(`note: ${source.path} extends ${name}, which a local run cannot read: its org defaults are not applied here`);
  return extended;
}

/** The policy's errors, each with its file and line, after `heading`. */
export function policyFailure(loaded: LoadedPolicy, heading = 'the policy is invalid, so nothing was checked (the gate fails closed):'): RunFailure {
  const lines = loaded.errors.map((e) => `  ${e.file}:${e.line}${e.column ? `:${e.column}` : ''}  error  ${e.message}`);
  return new RunFailure([heading, ...lines].join('\n'));
}

/** Whether DIR has a policy file of its own, in the working tree or (given) at `commit`. */
async function hasOwnPolicy(dir: string, commit: string | undefined): Promise<boolean> {
  if ((await lstat(join(dir, POLICY_DIR)).catch(() => undefined))?.isSymbolicLink()) return true;
  for (const path of POLICY_PATHS) if (await lstat(join(dir, path)).catch(() => undefined)) return true;
  return commit !== undefined && pathsAt(commit, dir, POLICY_PATHS).length > 0;
}

interface Opened {
  root: string;
  /** DIR's path under `root` (`/`-terminated), '' when DIR is the root: only what lies under it is checked. */
  scope: string;
  repository?: RepositoryInfo;
  head: RepoState;
  base?: RepoState;
  /** The --base commit. */
  commit?: string;
}

/** DIR checked, its repository found, and both sides listed (nothing read yet but link texts). */
async function openRepository(options: LocalCheckOptions): Promise<Opened> {
  const info = await stat(options.dir).catch(() => undefined);
  const label = options.dirLabel ?? options.dir;
  if (!info) throw new RunFailure(`${label}: no such directory`);
  if (!info.isDirectory()) throw new RunFailure(`${label}: not a directory (check takes the repository directory; modelgate validate reads single files)`);
  const found = repositoryOf(options.dir);
  if (options.base !== undefined && !found) throw new RunFailure(`--base needs a git repository, and ${label} is not in one`);
  const commit = options.base !== undefined ? resolveCommit(options.base, options.dir) : undefined;
  // Below the top level, the repository's root is what CI reads, unless DIR is a repository layout of its own.
  const whole = found !== undefined && found.prefix !== '' && !(await hasOwnPolicy(options.dir, commit));
  const root = whole ? found.topLevel : options.dir;
  const scope = whole ? found.prefix : '';
  const repository = found && whole ? { topLevel: found.topLevel, prefix: '' } : found;

  const headFiles: Record<string, FileEntry> = {};
  const listed = await listWorkingTree(root, repository !== undefined);
  for (const path of listed) headFiles[path] = {};
  // Links and submodules are listed, never read; a link's text is kept so the core can follow it.
  const linkTexts = new Map<string, string>();
  const special = await specialEntries(root, listed);
  for (const [path, text] of special.links) {
    const sha = gitBlobSha(text);
    headFiles[path] = { sha, symlink: true, unreadable: symlinkReason(path) };
    linkTexts.set(sha, new TextDecoder('utf-8').decode(text));
  }
  if (repository) for (const [path, sha] of indexedSubmodules(special.directories, root)) headFiles[path] = { sha, submodule: true, unreadable: submoduleReason(path) };
  const head: RepoState = { sha: WORKTREE, files: headFiles };

  let base: RepoState | undefined;
  if (commit !== undefined) {
    const files: Record<string, FileEntry> = {};
    // A link's blob is its target path: listed (a card there still makes a model), never read as
    // the file, but its text is kept to follow it. A submodule is listed with its commit.
    for (const [path, { sha, symlink, submodule }] of listTree(commit, root)) {
      files[path] = symlink ? { sha, symlink: true, unreadable: symlinkReason(path) } : submodule ? { sha, submodule: true, unreadable: submoduleReason(path) } : { sha };
    }
    const linkBlobs = readBlobs(Object.values(files).flatMap((entry) => (entry.symlink && entry.sha !== undefined ? [entry.sha] : [])), root);
    for (const [sha, text] of linkBlobs) linkTexts.set(sha, new TextDecoder('utf-8').decode(text));
    base = { sha: commit, files: resolveLinks(files, linkTexts) };
  }
  head.files = resolveLinks(head.files, linkTexts);
  return { root, scope, head, ...(repository ? { repository } : {}), ...(base ? { base } : {}), ...(commit !== undefined ? { commit } : {}) };
}

/** The policy of the opened repository, loaded; `notes` gets what the user should hear about it. */
async function readLocalPolicy(opened: Opened, options: LocalCheckOptions, notes: string[]): Promise<{ source?: { path: string; text: string; ref?: string }; policy: LoadedPolicy }> {
  const source = await readPolicySource({ ...options, dir: opened.root }, opened.head, opened.base);
  const policy = loadPolicy(source, source ? extendedPolicies(source, notes) : {});
  return { ...(source ? { source } : {}), policy };
}

/** The policy a check of DIR would use (`modelgate policy`): errors are the caller's to report. */
export async function loadLocalPolicy(options: Omit<LocalCheckOptions, 'all'>): Promise<{ policy: LoadedPolicy; notes: string[] }> {
  const notes: string[] = [];
  const { policy } = await readLocalPolicy(await openRepository({ ...options, all: false }), { ...options, all: false }, notes);
  return { policy, notes };
}

/** Files of DIR's scope as changes: every file under it, or the changes since `commit` that touch it. */
function scopedChanges(opened: Opened, all: boolean): Snapshot['changedFiles'] {
  const { scope, head, commit, root } = opened;
  if (commit !== undefined && !all) {
    const changes = changesSince(commit, root);
    return scope === '' ? changes : changes.filter((c) => c.path.startsWith(scope) || c.previousPath?.startsWith(scope));
  }
  if (scope === '') return 'all';
  return Object.keys(head.files)
    .filter((path) => path.startsWith(scope))
    .sort()
    .map((path) => ({ path, status: 'modified' as const }));
}

export async function loadLocalCheck(options: LocalCheckOptions): Promise<LocalCheck> {
  const opened = await openRepository(options);
  const { root, head, base, repository } = opened;
  const changedFiles = scopedChanges(opened, options.all);

  const notes: string[] = [];
  const { source, policy } = await readLocalPolicy(opened, options, notes);
  if (policy.errors.length > 0) throw policyFailure(policy);

  const snapshot: Snapshot = { head, changedFiles, ...(base ? { base } : {}), ...(source ? { policy: source } : {}) };
  for (let round = 0; round < MAX_FETCH_ROUNDS; round++) {
    const need = filesToFetch(snapshot, policy.policy, options.onProgress && ((done, total) => options.onProgress!(round, done, total)));
    if (need.head.length === 0 && need.base.length === 0) break;
    const read = await readWorkingFiles(root, need.head);
    need.head.forEach((path, i) => (head.files[path] = read[i]!));
    if (base) {
      const blobs = readBlobs(need.base.map((p) => base.files[p]!.sha!), root);
      for (const path of need.base) {
        const sha = base.files[path]!.sha!;
        const content = blobs.get(sha);
        base.files[path] = content ? { sha, content } : { sha, unreadable: `blob ${sha} could not be read from git` };
      }
    }
  }
  const policyRef = source ? { path: source.path, ...(source.ref ? { ref: source.ref } : {}) } : undefined;
  return { snapshot, policy, ...(policyRef ? { policyRef } : {}), ...(repository ? { repository } : {}), root, pathPrefix: repository?.prefix ?? '', notes };
}
