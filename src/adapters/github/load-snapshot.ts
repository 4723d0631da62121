// Loads what the core needs for one pull request, in two rounds of reads (a review's whole
// budget before its first write: review.ts adds its own reads to the same two rounds):
//   1. what the event names: the changed files, both trees, and one GraphQL query for the PR
//      context (the policy at base, and the owner's organisation-wide policy in case the
//      repository has none or `_extends` names it; reviews, comments, commits) — further pages
//      of reviews, comments or commits follow when a PR has more than 100;
//   2. contents: the blobs the core asks for (cards and candidate READMEs) and, in the same
//      query, the readable files of every model directory the PR changes a file in and the
//      changed files themselves, read before the core asks for them (`speculativeRequests`);
//      beside it the texts of symbolic links, when the trees hold any.
// The core then asks for what it still lacks (`filesToFetch`), and is served from what round 2
// read; only an artifact outside its model's directory that the PR does not change (or behind a
// link, or a file too large for GraphQL's text) costs a further round, as do `_extends` levels
// beyond the organisation's policy (one request per level, before round 2). Those rounds are
// bounded: at most MAX_FETCH_ROUNDS of contents (plus one with links), MAX_EXTENDS_DEPTH of policy.
// The core decides what it needs; this module only fetches.
import { parse } from 'yaml';
import { dirOf } from '../../core/engine/paths.ts';
import type { ChangedFile, FileEntry, RepoState, Snapshot } from '../../core/engine/snapshot.ts';
import { loadPolicy, type LoadedPolicy } from '../../core/policy/load.ts';
import { choosePolicyFile, describeKey, extendsTarget, ORG_SETTINGS_REPO, POLICY_PATHS, targetKey, type PolicyTarget, type RepoName } from '../../core/policy/location.ts';
import type { ParseError } from '../../core/artifacts/types.ts';
import { lineOf } from '../../core/artifacts/source.ts';
import { resolveLinks } from '../../core/engine/identity.ts';
import { symlinkReason } from '../symlinks.ts';
import type { BlobRequest, Eligibility, GitHubClient, OrgPolicyRead, PolicyFileRead, PullContext, RepoRef } from './client.ts';
import { FIELDS_PER_QUERY } from './graphql-documents.ts';
import { filesToFetchInSlices } from './in-slices.ts';

/** Rounds of "fetch what the core still needs"; a round served from what was read before costs no request. */
export const MAX_FETCH_ROUNDS = 3;

/** `_extends` levels read (repo -> org -> enterprise), as the policy loader allows. */
const MAX_EXTENDS_DEPTH = 3;

/**
 * Files read before the core asks for them: what fits beside the needed files in their last
 * query, and at most this many more (two more queries of 100, sent side by side with the rest).
 */
export const MAX_SPECULATIVE_READS = 2 * FIELDS_PER_QUERY;

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
  /** The PR's `changed_files` as the event gives it: every page of the file list is then asked for at once. */
  changedFiles?: number;
}

export interface LoadedPullRequest {
  snapshot: Snapshot;
  context: PullContext;
  policy: LoadedPolicy;
}

/** Round 1: everything the event names, side by side. */
export interface FirstRound {
  listedFiles: ChangedFile[];
  headFiles: Record<string, FileEntry>;
  baseFiles: Record<string, FileEntry>;
  context: PullContext;
}

export function readFirstRound(client: GitHubClient, pr: PullRequestRef): Promise<FirstRound> {
  const ref: RepoRef = { owner: pr.owner, repo: pr.repo };
  // The owner's policy is asked for in the same query as the context, before anyone knows it is
  // needed: it costs no request, and a repository without a policy then needs no round more.
  const orgPolicy = pr.repo.toLowerCase() === ORG_SETTINGS_REPO ? undefined : { repo: ORG_SETTINGS_REPO, paths: POLICY_PATHS };
  return Promise.all([
    client.listPullFiles(ref, pr.number, pr.changedFiles),
    client.getTree(ref, pr.headSha),
    client.getTree(ref, pr.baseSha),
    client.getPullContext(ref, pr.number, pr.baseSha, POLICY_PATHS, orgPolicy),
  ]).then(([listedFiles, headFiles, baseFiles, context]) => ({ listedFiles, headFiles, baseFiles, context }));
}

/**
 * The snapshot without contents, and the policy, from round 1. Reads only for `_extends` levels
 * the organisation's policy (read in round 1) does not cover.
 */
export async function snapshotAndPolicy(client: GitHubClient, pr: PullRequestRef, first: FirstRound): Promise<{ snapshot: Snapshot; policy: LoadedPolicy }> {
  const ref: RepoRef = { owner: pr.owner, repo: pr.repo };
  const { listedFiles, headFiles, baseFiles, context } = first;
  refuseSymlinkedPolicy(baseFiles, pr.baseSha);
  const head: RepoState = { sha: pr.headSha, files: headFiles };
  const base: RepoState = { sha: pr.baseSha, files: baseFiles };
  const { source, extendedPolicies, policy } = await resolvePolicy(client, ref, context.policies, pr.baseSha, context.orgPolicy);
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
  if (extendedPolicies) snapshot.extendedPolicies = extendedPolicies;
  return { snapshot, policy };
}

/**
 * The policy in force at commit `at` of `ref`, from the candidates read there (`own`): its own
 * file, else the owner's `.github` repository's (as probot/settings and policy-bot do), with the
 * `_extends` chain. Reads only for `_extends` levels `orgRead` (read ahead) does not cover.
 */
export async function resolvePolicy(
  client: GitHubClient,
  ref: RepoRef,
  own: readonly PolicyFileRead[],
  at: string,
  orgRead: OrgPolicyRead | undefined,
): Promise<{ source?: { path: string; text: string; ref: string }; extendedPolicies?: Record<string, string>; policy: LoadedPolicy }> {
  const found = choosePolicyFile([...own], `at ${at}`);
  if (found.error) throw new Error(found.error);
  const { source, home } = found.file ? { source: { ...found.file, ref: at }, home: ref as RepoName } : await readOrgPolicy(client, ref, orgRead);
  // `_extends` is read from the text: loading without the extended document fails ("could not
  // be read") and leaves the built-in defaults, which name nothing to extend.
  const extendedPolicies = source ? await readExtendedPolicies(client, source.text, home, orgRead && { owner: ref.owner, read: orgRead }) : undefined;
  const policy = locateExtendedErrors(loadPolicy(source, extendedPolicies ?? {}, home), extendedPolicies ?? {});
  return { ...(source ? { source } : {}), ...(extendedPolicies ? { extendedPolicies } : {}), policy };
}

/**
 * Round 2 (and, rarely, more): the contents the core asks for, merged into the snapshot's trees.
 * The first round also reads, by the same query, what the core will most likely ask for next;
 * the later rounds are served from it, and ask GitHub only for what it did not hold.
 */
export async function readContents(client: GitHubClient, pr: PullRequestRef, snapshot: Snapshot, policy: LoadedPolicy): Promise<void> {
  const ref: RepoRef = { owner: pr.owner, repo: pr.repo };
  const head = snapshot.head;
  const base = snapshot.base!;
  const hasLinks = [head, base].some((state) => Object.values(state.files).some((entry) => entry.symlink));
  const links = hasLinks ? followLinks(client, ref, head, base) : Promise.resolve();
  // Awaited with the first blobs below; a failure before then must not leave it unhandled.
  links.catch(() => undefined);
  /** Blob SHA -> its entry, as read ahead; the same blob is the same content at any path. */
  const readAhead = new Map<string, FileEntry>();

  for (let round = 0; round < MAX_FETCH_ROUNDS + (hasLinks ? 1 : 0); round++) {
    const need = await filesToFetchInSlices(snapshot, policy.policy);
    const requests: BlobRequest[] = [
      ...need.head.map((path) => ({ key: `head:${path}`, sha: head.sha, path })),
      ...need.base.map((path) => ({ key: `base:${path}`, sha: base.sha, path })),
    ];
    if (requests.length === 0) break;
    const stateOf = (request: BlobRequest) => (request.key.startsWith('head:') ? head : base);
    const treeSha = (request: BlobRequest) => stateOf(request).files[request.path]?.sha;
    const unread = requests.filter((r) => !readAhead.has(treeSha(r) ?? ''));
    const ahead = round === 0 ? speculativeRequests(snapshot, requests) : [];
    const toRead = [...unread, ...ahead];
    const [blobs] = await Promise.all([toRead.length > 0 ? client.readBlobs(ref, toRead) : Promise.resolve({} as Record<string, FileEntry | undefined>), links]);
    for (const request of ahead) {
      const blob = blobs[request.key];
      if (blob?.sha !== undefined) readAhead.set(blob.sha, blob);
    }
    for (const request of requests) {
      const state = stateOf(request);
      const blob = blobs[request.key] ?? readAhead.get(state.files[request.path]?.sha ?? '');
      state.files[request.path] = mergeEntry(state.files[request.path], blob, request);
    }
  }
  await links;
}

/**
 * What the core will most likely ask for once it has read the cards: the files of each model
 * directory a changed file lies in (its artifacts), and the changed files themselves (an artifact
 * a card names elsewhere is usually changed with it), at head and at base. Each blob once, what
 * fits in the needed files' last query and MAX_SPECULATIVE_READS more, files in model
 * directories first. A wrong guess costs a blob in a query sent anyway (or one more beside it),
 * never a wrong result: the core is served only what it asks for.
 */
function speculativeRequests(snapshot: Snapshot, requested: readonly BlobRequest[]): BlobRequest[] {
  const head = snapshot.head;
  const base = snapshot.base!;
  // Directories of the cards (and candidate READMEs) the core asked for: the models' directories.
  const modelDirs = new Set(requested.map((r) => dirOf(r.path)));
  const changed = snapshot.changedFiles === 'all' ? [] : [...new Set(snapshot.changedFiles.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])))].sort();
  const touchedDirs = new Set<string>();
  for (const path of changed) {
    for (let dir = dirOf(path); ; dir = dirOf(dir)) {
      if (modelDirs.has(dir)) {
        touchedDirs.add(dir);
        break;
      }
      if (dir === '') break;
    }
  }
  const under = (path: string) => {
    for (let dir = dirOf(path); ; dir = dirOf(dir)) {
      if (touchedDirs.has(dir)) return true;
      if (dir === '') return false;
    }
  };
  const seen = new Set(requested.map((r) => (r.key.startsWith('head:') ? head : base).files[r.path]?.sha));
  const spare = Math.ceil(requested.length / FIELDS_PER_QUERY) * FIELDS_PER_QUERY - requested.length;
  const budget = spare + MAX_SPECULATIVE_READS;
  const out: BlobRequest[] = [];
  const add = (state: RepoState, side: 'head' | 'base', path: string) => {
    // The policy is read at base, by the context query, never as a blob: not even the PR's copy.
    if ((POLICY_PATHS as readonly string[]).includes(path)) return;
    const entry = state.files[path];
    if (!entry?.sha || entry.unreadable !== undefined || entry.content !== undefined || seen.has(entry.sha) || out.length >= budget) return;
    seen.add(entry.sha);
    out.push({ key: `ahead:${side}:${path}`, sha: state.sha, path, speculative: true });
  };
  for (const [state, side] of [[head, 'head'], [base, 'base']] as const) for (const path of Object.keys(state.files).sort()) if (under(path)) add(state, side, path);
  for (const path of changed) for (const [state, side] of [[head, 'head'], [base, 'base']] as const) add(state, side, path);
  return out;
}

/** Rounds 1 and 2 with nothing else beside them, for a caller that wants the snapshot alone (review.ts runs the rounds itself). */
export async function loadSnapshot(client: GitHubClient, pr: PullRequestRef): Promise<LoadedPullRequest> {
  const first = await readFirstRound(client, pr);
  const { snapshot, policy } = await snapshotAndPolicy(client, pr, first);
  await readContents(client, pr, snapshot, policy);
  return { snapshot, context: first.context, policy };
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
export async function followLinks(client: GitHubClient, ref: RepoRef, ...states: RepoState[]): Promise<void> {
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
export function mergeEntry(tree: FileEntry | undefined, blob: FileEntry | undefined, request: BlobRequest): FileEntry {
  if (blob) return { ...tree, ...blob };
  throw new Error(`GitHub lists ${request.path} in the tree of ${request.sha} but returned no content for it`);
}

/**
 * GraphQL reads the policy by path and would hand back a symlink's target path as its text (or
 * nothing, when `.github` itself is a link, and the built-in defaults would apply). Either way
 * the policy would not be the file it seems to be: refused, so the gate fails closed.
 */
export function refuseSymlinkedPolicy(baseFiles: Record<string, FileEntry>, baseSha: string): void {
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
async function readOrgPolicy(client: GitHubClient, ref: RepoRef, ahead: OrgPolicyRead | undefined): Promise<{ source?: { path: string; text: string; ref: string }; home: RepoName }> {
  const org = { owner: ref.owner, repo: ORG_SETTINGS_REPO };
  if (ref.repo.toLowerCase() === ORG_SETTINGS_REPO) return { home: ref };
  const read = ahead ?? (await client.readPolicyFile(org, 'HEAD', POLICY_PATHS));
  if (ahead?.error) throw new Error(ahead.error);
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
async function readExtendedPolicies(client: GitHubClient, text: string, home: RepoName, org?: { owner: string; read: OrgPolicyRead }): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  let value = extendsOf(text);
  let from = home;
  for (let depth = 0; value !== undefined && depth < MAX_EXTENDS_DEPTH; depth++) {
    const target = extendsTarget(value, from);
    if (!target) break;
    const key = targetKey(target);
    if (texts[key] !== undefined) break;
    const read = readAheadFor(target, org) ?? (await client.readPolicyFile(target, 'HEAD', target.path ? [target.path] : POLICY_PATHS));
    const found = choosePolicyFile(read.files, `in ${target.owner}/${target.repo}`);
    if (found.error) throw new Error(`_extends: "${value}": ${found.error}`);
    if (!found.file) break;
    texts[key] = found.file.text;
    value = extendsOf(found.file.text);
    from = target;
  }
  return texts;
}

/** The organisation's policy read in round 1, when `_extends` names exactly that (its candidates, on its default branch). */
function readAheadFor(target: PolicyTarget, org: { owner: string; read: OrgPolicyRead } | undefined): OrgPolicyRead | undefined {
  if (!org || target.path !== undefined || target.owner.toLowerCase() !== org.owner.toLowerCase() || target.repo.toLowerCase() !== ORG_SETTINGS_REPO) return undefined;
  if (org.read.error) throw new Error(org.read.error);
  return org.read;
}

/** Round 2, beside the contents: who may approve (team members, permissions, public identities). */
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
