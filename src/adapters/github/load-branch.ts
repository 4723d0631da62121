// Every model of a branch at one commit, as `modelgate check --all` sees a working tree: what the
// inventory issue is built from on a push to the default branch. Two rounds, as for a pull
// request (load-snapshot.ts): the tree with the policy candidates there and the owner's `.github`
// policy, side by side; then the contents the core asks for (cards, then their artifacts).
import type { Snapshot } from '../../core/engine/snapshot.ts';
import type { LoadedPolicy } from '../../core/policy/load.ts';
import { ORG_SETTINGS_REPO, POLICY_PATHS } from '../../core/policy/location.ts';
import type { BlobRequest, GitHubClient, OrgPolicyRead, RepoRef } from './client.ts';
import { filesToFetchInSlices } from './in-slices.ts';
import { followLinks, MAX_FETCH_ROUNDS, mergeEntry, refuseSymlinkedPolicy, resolvePolicy } from './load-snapshot.ts';

export interface LoadedBranch {
  snapshot: Snapshot;
  policy: LoadedPolicy;
  /** The owner's `.github` repository's policy files as read (absent for `.github` itself). */
  orgSettings?: OrgPolicyRead;
}

export async function loadBranch(client: GitHubClient, ref: RepoRef, sha: string): Promise<LoadedBranch> {
  const isSettingsRepo = ref.repo.toLowerCase() === ORG_SETTINGS_REPO;
  const [files, own, orgSettings] = await Promise.all([
    client.getTree(ref, sha),
    client.readPolicyFile(ref, sha, POLICY_PATHS),
    isSettingsRepo ? Promise.resolve(undefined) : client.readPolicyFile({ owner: ref.owner, repo: ORG_SETTINGS_REPO }, 'HEAD', POLICY_PATHS),
  ]);
  refuseSymlinkedPolicy(files, sha);
  const { source, extendedPolicies, policy } = await resolvePolicy(client, ref, own.files, sha, orgSettings);
  const snapshot: Snapshot = {
    head: { sha, files },
    changedFiles: 'all',
    ...(source ? { policy: source } : {}),
    ...(extendedPolicies ? { extendedPolicies } : {}),
  };
  const head = snapshot.head;
  if (Object.values(files).some((entry) => entry.symlink)) await followLinks(client, ref, head);
  for (let round = 0; round < MAX_FETCH_ROUNDS; round++) {
    const need = await filesToFetchInSlices(snapshot, policy.policy);
    const requests: BlobRequest[] = need.head.map((path) => ({ key: path, sha, path }));
    if (requests.length === 0) break;
    const blobs = await client.readBlobs(ref, requests);
    for (const request of requests) head.files[request.path] = mergeEntry(head.files[request.path], blobs[request.key], request);
  }
  return { snapshot, policy, ...(orgSettings ? { orgSettings } : {}) };
}
