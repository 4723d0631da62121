// Loads what the core needs for one pull request, in few sequential waves:
//   1. changed files, both trees and the PR context (policy, reviews, comments, commits) at once;
//   2. the blobs the core asks for (cards and candidate READMEs), one GraphQL query;
//   3. the artifacts those cards name, one more query (rarely a third);
//   4. later, after evaluation: eligibility and the blobs at reviewed commits (loadEligibility).
// The core decides what it needs (`filesToFetch`); this module only fetches.
import { filesToFetch } from '../../core/engine/files-to-fetch.ts';
import type { FileEntry, RepoState, Snapshot } from '../../core/engine/snapshot.ts';
import { loadPolicy, type LoadedPolicy } from '../../core/policy/load.ts';
import type { BlobRequest, Eligibility, GitHubClient, PullContext, RepoRef } from './client.ts';

export const POLICY_PATH = '.github/modelgate.yml';

/** Rounds of "fetch what the core still needs"; each round is one GraphQL request. */
const MAX_FETCH_ROUNDS = 3;

export interface PullRequestRef extends RepoRef {
  number: number;
  author: string;
  headSha: string;
  baseSha: string;
  serverUrl?: string;
}

export interface LoadedPullRequest {
  snapshot: Snapshot;
  context: PullContext;
  policy: LoadedPolicy;
}

export async function loadSnapshot(client: GitHubClient, pr: PullRequestRef): Promise<LoadedPullRequest> {
  const ref: RepoRef = { owner: pr.owner, repo: pr.repo };
  const [changedFiles, headFiles, baseFiles, context] = await Promise.all([
    client.listPullFiles(ref, pr.number),
    client.getTree(ref, pr.headSha),
    client.getTree(ref, pr.baseSha),
    client.getPullContext(ref, pr.number, pr.baseSha, POLICY_PATH),
  ]);
  const head: RepoState = { sha: pr.headSha, files: headFiles };
  const base: RepoState = { sha: pr.baseSha, files: baseFiles };
  const snapshot: Snapshot = {
    head,
    base,
    changedFiles,
    ...(context.policyText !== undefined ? { policy: { path: POLICY_PATH, text: context.policyText, ref: pr.baseSha } } : {}),
    pr: {
      number: pr.number,
      author: pr.author,
      repository: `${pr.owner}/${pr.repo}`,
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      ...(pr.serverUrl ? { serverUrl: pr.serverUrl } : {}),
    },
  };

  let policy = loadPolicy(snapshot.policy, {});
  const extendsRef = policy.policy.extends;
  if (extendsRef) {
    snapshot.extendedPolicies = await readExtendedPolicy(client, extendsRef);
    policy = loadPolicy(snapshot.policy, snapshot.extendedPolicies);
  }

  for (let round = 0; round < MAX_FETCH_ROUNDS; round++) {
    const need = filesToFetch(snapshot, policy.policy);
    const requests: BlobRequest[] = [
      ...need.head.map((path) => ({ key: `head:${path}`, sha: head.sha, path })),
      ...need.base.map((path) => ({ key: `base:${path}`, sha: base.sha, path })),
    ];
    if (requests.length === 0) break;
    const blobs = await client.readBlobs(ref, requests);
    for (const request of requests) {
      const state = request.key.startsWith('head:') ? head : base;
      state.files[request.path] = mergeEntry(state.files[request.path], blobs[request.key], request.path);
    }
  }
  return { snapshot, context, policy };
}

/** A blob the tree listed but GraphQL did not return is marked unreadable, so the core fails closed. */
function mergeEntry(tree: FileEntry | undefined, blob: FileEntry | undefined, path: string): FileEntry {
  if (blob) return { ...tree, ...blob };
  return { ...tree, unreadable: `${path} is listed in the tree but its content could not be read` };
}

/** `_extends: org/.github` reads `.github/modelgate.yml` from that repository's default branch. */
async function readExtendedPolicy(client: GitHubClient, extendsRef: string): Promise<Record<string, string>> {
  const [owner, repo] = extendsRef.split('/');
  if (!owner || !repo) return {};
  const blobs = await client.readBlobs({ owner, repo }, [{ key: extendsRef, sha: 'HEAD', path: POLICY_PATH }]);
  const entry = blobs[extendsRef];
  return typeof entry?.content === 'string' ? { [extendsRef]: entry.content } : {};
}

/** Wave 4: who may approve, and what the model files were at each reviewed commit. */
export async function loadEligibility(
  client: GitHubClient,
  ref: RepoRef,
  query: { teams: string[]; users: string[]; commits: string[]; paths: string[] },
): Promise<Eligibility> {
  const teams = [...new Set(query.teams.map((t) => t.replace(/^@/, '')))].sort();
  const users = [...new Set(query.users)].sort();
  const commits = [...new Set(query.commits)].sort();
  const paths = [...new Set(query.paths)].sort();
  return client.getEligibility(ref, { teams, users, commits, paths });
}
