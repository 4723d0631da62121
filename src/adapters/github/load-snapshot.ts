// Loads what the core needs for one pull request, in few sequential waves:
//   1. changed files, both trees and the PR context (policy, reviews, comments, commits) at once
//      (further pages of reviews, comments or commits follow when a PR has more than 100);
//   (1b. only with `_extends`, or without a policy of its own: the organisation's policy, one
//      request per level;)
//   2. the blobs the core asks for (cards and candidate READMEs), one GraphQL query (beside it,
//      when the trees hold symbolic links, one more for their texts: links are then followed
//      from the next round on, so one more round is allowed);
//   3. the artifacts those cards name, one more query (rarely a third);
//   4. later, after evaluation: eligibility (loadEligibility) and the trees of reviewed commits
//      (reviewed-trees.ts), side by side.
// The core decides what it needs (`filesToFetch`); this module only fetches.
import { parse } from 'yaml';
import { filesToFetch } from '../../core/engine/files-to-fetch.ts';
import type { ChangedFile, FileEntry, RepoState, Snapshot } from '../../core/engine/snapshot.ts';
import { loadPolicy, type LoadedPolicy } from '../../core/policy/load.ts';
import { choosePolicyFile, describeKey, extendsTarget, ORG_SETTINGS_REPO, POLICY_PATHS, targetKey, type RepoName } from '../../core/policy/location.ts';
import type { ParseError } from '../../core/artifacts/types.ts';
import { lineOf } from '../../core/artifacts/source.ts';
import { resolveLinks } from '../../core/engine/identity.ts';
import { symlinkReason } from '../symlinks.ts';
import type { BlobRequest, Eligibility, GitHubClient, PullContext, RepoRef } from './client.ts';

/** Rounds of "fetch what the core still needs"; each round is one GraphQL request. */
const MAX_FETCH_ROUNDS = 3;

/** `_extends` levels read (repo -> org -> enterprise), as the policy loader allows. */
const MAX_EXTENDS_DEPTH = 3;

/** GitHub lists at most 3,000 files of a pull request; a longer list may be cut short. */
export const MAX_LISTED_FILES = 3000;

export interface PullRequestRef extends RepoRef {
  number: number;
  author: string;
  headSha: string;
  baseSha: string;
  serverUrl?: string;
  /** The PR's `updated_at` observed together with `headSha` (dates when that head was in place). */
  updatedAt?: string;
}

export interface LoadedPullRequest {
  snapshot: Snapshot;
  context: PullContext;
  policy: LoadedPolicy;
}

export async function loadSnapshot(client: GitHubClient, pr: PullRequestRef): Promise<LoadedPullRequest> {
  const ref: RepoRef = { owner: pr.owner, repo: pr.repo };
  const [listedFiles, headFiles, baseFiles, context] = await Promise.all([
    client.listPullFiles(ref, pr.number),
    client.getTree(ref, pr.headSha),
    client.getTree(ref, pr.baseSha),
    client.getPullContext(ref, pr.number, pr.baseSha, POLICY_PATHS),
  ]);
  refuseSymlinkedPolicy(baseFiles, pr.baseSha);
  const head: RepoState = { sha: pr.headSha, files: headFiles };
  const base: RepoState = { sha: pr.baseSha, files: baseFiles };
  const found = choosePolicyFile(context.policies, `at ${pr.baseSha}`);
  if (found.error) throw new Error(found.error);
  const hasLinks = [head, base].some((state) => Object.values(state.files).some((entry) => entry.symlink));
  const links = hasLinks ? followLinks(client, ref, head, base) : Promise.resolve();
  // Awaited with the first blobs below; a failure before then (the policy) must not leave it unhandled.
  links.catch(() => undefined);
  // No policy of its own: the owner's `.github` repository's, as probot/settings and policy-bot do.
  const { source, home } = found.file ? { source: { ...found.file, ref: pr.baseSha }, home: ref } : await readOrgPolicy(client, ref);
  const snapshot: Snapshot = {
    head,
    base,
    changedFiles: completeChangedFiles(listedFiles, baseFiles, headFiles),
    ...(source ? { policy: source } : {}),
    pr: {
      number: pr.number,
      author: pr.author,
      repository: `${pr.owner}/${pr.repo}`,
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      ...(pr.serverUrl ? { serverUrl: pr.serverUrl } : {}),
    },
  };

  // `_extends` is read from the text: loading without the extended document fails ("could not
  // be read") and leaves the built-in defaults, which name nothing to extend.
  if (source) snapshot.extendedPolicies = await readExtendedPolicies(client, source.text, home);
  const policy = locateExtendedErrors(loadPolicy(snapshot.policy, snapshot.extendedPolicies ?? {}, home), snapshot.extendedPolicies ?? {});

  for (let round = 0; round < MAX_FETCH_ROUNDS + (hasLinks ? 1 : 0); round++) {
    const need = filesToFetch(snapshot, policy.policy);
    const requests: BlobRequest[] = [
      ...need.head.map((path) => ({ key: `head:${path}`, sha: head.sha, path })),
      ...need.base.map((path) => ({ key: `base:${path}`, sha: base.sha, path })),
    ];
    if (requests.length === 0) break;
    const [blobs] = await Promise.all([client.readBlobs(ref, requests), links]);
    for (const request of requests) {
      const state = request.key.startsWith('head:') ? head : base;
      state.files[request.path] = mergeEntry(state.files[request.path], blobs[request.key], request);
    }
  }
  await links;
  return { snapshot, context, policy };
}

/**
 * GitHub's list stops at 3,000 files, and a missing file could be a model change. When the list
 * may be cut short, every path whose blob differs between the base and head trees is added:
 * that can name files the base branch changed since the PR branched (more models checked, never
 * fewer), which is the safe side.
 */
function completeChangedFiles(listed: ChangedFile[], base: Record<string, FileEntry>, head: Record<string, FileEntry>): ChangedFile[] {
  if (listed.length < MAX_LISTED_FILES) return listed;
  const seen = new Set(listed.map((f) => f.path));
  const extra: ChangedFile[] = [];
  for (const path of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
    if (seen.has(path) || base[path]?.sha === head[path]?.sha) continue;
    extra.push({ path, status: !base[path] ? 'added' : !head[path] ? 'removed' : 'modified' });
  }
  return [...listed, ...extra];
}

/**
 * The text of every symbolic link of both trees, so the core can follow a model's links
 * (engine/identity.ts). A link's blob is its target path: it is read as that, never as the file.
 * Each text is read once, by SHA (the same blob is the same text wherever it lies). A link GitHub
 * lists but returns no text for is thrown, as for any blob (see mergeEntry).
 */
async function followLinks(client: GitHubClient, ref: RepoRef, ...states: RepoState[]): Promise<void> {
  const requests = new Map<string, BlobRequest>();
  for (const state of states) {
    for (const [path, entry] of Object.entries(state.files)) if (entry.symlink && entry.sha !== undefined && !requests.has(entry.sha)) requests.set(entry.sha, { key: entry.sha, sha: state.sha, path });
  }
  if (requests.size === 0) return;
  const blobs = await client.readBlobs(ref, [...requests.values()]);
  const texts = new Map<string, string>();
  for (const request of requests.values()) {
    const content = blobs[request.key]?.content;
    if (content === undefined) throw new Error(`GitHub lists ${request.path} as a symbolic link in the tree of ${request.sha} but returned no target for it`);
    texts.set(request.key, typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content));
  }
  for (const state of states) state.files = resolveLinks(state.files, texts);
}

/**
 * Only paths the tree lists are asked for, so a blob GraphQL did not return is GitHub's hiccup,
 * not a property of the file. It is thrown (the review fails closed; `/modelgate recheck` retries)
 * rather than reported as an unreadable artifact: that finding (`artifact-parseable`) can be
 * waived, and nobody may waive "modelgate could not look".
 */
function mergeEntry(tree: FileEntry | undefined, blob: FileEntry | undefined, request: BlobRequest): FileEntry {
  if (blob) return { ...tree, ...blob };
  throw new Error(`GitHub lists ${request.path} in the tree of ${request.sha} but returned no content for it`);
}

/**
 * GraphQL reads the policy by path and would hand back a symlink's target path as its text (or
 * nothing, when `.github` itself is a link, and the built-in defaults would apply). Either way
 * the policy would not be the file it seems to be: refused, so the gate fails closed.
 */
function refuseSymlinkedPolicy(baseFiles: Record<string, FileEntry>, baseSha: string): void {
  for (const policyPath of POLICY_PATHS) {
    const parts = policyPath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join('/');
      if (baseFiles[path]?.unreadable !== symlinkReason(path)) continue;
      const what = i === parts.length ? 'is a symbolic link' : `is under ${path}, a symbolic link`;
      throw new Error(`the policy ${policyPath} at ${baseSha} ${what}; modelgate reads the policy only as a regular file, never through a link`);
    }
  }
}

/**
 * The owner's organisation-wide policy, for a repository without one: `.github/modelgate.yml`
 * (or `.yaml`) on the default branch of the owner's `.github` repository. No such repository
 * (or one the App is not installed on: GitHub answers both alike) means the built-in defaults.
 */
async function readOrgPolicy(client: GitHubClient, ref: RepoRef): Promise<{ source?: { path: string; text: string; ref: string }; home: RepoName }> {
  const org = { owner: ref.owner, repo: ORG_SETTINGS_REPO };
  if (ref.repo.toLowerCase() === ORG_SETTINGS_REPO) return { home: ref };
  const read = await client.readPolicyFile(org, 'HEAD', POLICY_PATHS);
  const found = choosePolicyFile(read.files, `in ${org.owner}/${org.repo}`);
  if (found.error) throw new Error(found.error);
  if (!found.file) return { home: ref };
  return { source: { path: `${org.owner}/${org.repo}:${found.file.path}`, text: found.file.text, ref: read.commit ?? 'HEAD' }, home: org };
}

/**
 * The loader names an error in an `_extends` document by the `_extends` value (`acme/.github`),
 * which is no path of this repository: reports would link it, and annotate it, as one, and the
 * link would lead nowhere. Such an error is placed on this repository's `_extends` line instead,
 * its message saying where the mistake is: `acme/.github:.github/modelgate.yml:3: …`.
 */
export function locateExtendedErrors(loaded: LoadedPolicy, extended: Record<string, string>): LoadedPolicy {
  const own = loaded.path;
  if (own === undefined || loaded.errors.every((e) => e.file === own || !Object.hasOwn(extended, e.file))) return loaded;
  const line = lineOf(loaded.locations, '_extends');
  const errors = loaded.errors.map((e): ParseError => {
    if (e.file === own || !Object.hasOwn(extended, e.file)) return e;
    return { file: own, line, code: e.code, message: `${describeKey(e.file)}:${e.line}: ${e.message}` };
  });
  return { ...loaded, errors };
}

/** The `_extends` value of a policy text, read leniently (the loader validates it properly). */
function extendsOf(text: string): string | undefined {
  try {
    const value: unknown = parse(text, { maxAliasCount: 50 });
    const ext = (value as { _extends?: unknown } | null)?._extends;
    return typeof ext === 'string' ? ext : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every document the `_extends` chain names, keyed as the loader looks them up (location.ts),
 * each read from its repository's default branch. A level that cannot be read (no such file,
 * repository or access) is left out: the loader then reports it, and the gate fails closed.
 */
async function readExtendedPolicies(client: GitHubClient, text: string, home: RepoName): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  let value = extendsOf(text);
  let from = home;
  for (let depth = 0; value !== undefined && depth < MAX_EXTENDS_DEPTH; depth++) {
    const target = extendsTarget(value, from);
    if (!target) break;
    const key = targetKey(target);
    if (texts[key] !== undefined) break;
    const read = await client.readPolicyFile(target, 'HEAD', target.path ? [target.path] : POLICY_PATHS);
    const found = choosePolicyFile(read.files, `in ${target.owner}/${target.repo}`);
    if (found.error) throw new Error(`_extends: "${value}": ${found.error}`);
    if (!found.file) break;
    texts[key] = found.file.text;
    value = extendsOf(found.file.text);
    from = target;
  }
  return texts;
}

/** Wave 4: who may approve (team members, permissions, public identities). */
export async function loadEligibility(
  client: GitHubClient,
  ref: RepoRef,
  query: { teams: string[]; users: string[]; identities?: string[] },
): Promise<Eligibility> {
  const teams = [...new Set(query.teams.map((t) => t.replace(/^@/, '')))].sort();
  const users = [...new Set(query.users)].sort();
  const identities = [...new Set(query.identities ?? [])].sort();
  return client.getEligibility(ref, { teams, users, ...(identities.length > 0 ? { identities } : {}) });
}
