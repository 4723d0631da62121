// A push to the default branch: the repository's "Model inventory" issue is rebuilt from the
// branch as pushed (every model, as `modelgate check --all` sees it), and, when the owner's
// `.github` policy says `inventory: {org: true}`, the organisation's issue after it. A report,
// not a gate: nothing here touches a pull request's checks.
import { parse } from 'yaml';
import { buildInventory } from '../../core/inventory/inventory.ts';
import { choosePolicyFile, ORG_SETTINGS_REPO } from '../../core/policy/location.ts';
import { TOOL_VERSION } from '../../version.ts';
import type { GitHubClient, PolicyFileRead, RepoRef } from '../github/client.ts';
import { evaluateInSlices } from '../github/in-slices.ts';
import type { InventoryClient, IssueWriter } from '../github/inventory-client.ts';
import { keepOrgInventory, keepRepositoryInventory, type IssueWrite } from '../github/inventory.ts';
import { loadBranch } from '../github/load-branch.ts';
import type { KeyedLock } from './queue.ts';

export interface InventoryPushDeps {
  client: GitHubClient;
  inventory: InventoryClient;
  lock: KeyedLock;
  writer: IssueWriter;
  /** The bot's login as GraphQL spells it (the App's slug). */
  botName: string;
  /** YYYY-MM-DD: the adapter's clock. */
  today: string;
  warn: (message: string) => void;
}

export interface InventoryPushResult {
  repository: { write: IssueWrite; number?: number };
  org?: { write: IssueWrite; number?: number } | { refused: string };
}

export async function keepInventoryOnPush(deps: InventoryPushDeps, ref: RepoRef, at: { branch: string; commit: string }): Promise<InventoryPushResult> {
  const { snapshot, policy, orgSettings } = await loadBranch(deps.client, ref, at.commit);
  const evaluation = await evaluateInSlices(snapshot, policy);
  const dirs = evaluation.models.filter((m) => !m.removed).map((m) => m.dir);
  const lastCommits = dirs.length > 0 ? await deps.inventory.lastCommits(ref, at.commit, dirs) : new Map();
  const inventory = buildInventory({ evaluation, today: deps.today, lastCommits, toolVersion: TOOL_VERSION });
  // One writer per repository's issue at a time (across replicas with REDIS_URL): two pushes
  // racing must not both find no issue and each create one.
  const repository = await deps.lock.run(`${ref.owner}/${ref.repo}#inventory`.toLowerCase(), () => keepRepositoryInventory(deps.inventory, ref, deps.writer, inventory, at));
  const settingsFiles = ref.repo.toLowerCase() === ORG_SETTINGS_REPO ? (snapshot.policy ? [{ path: snapshot.policy.path, text: snapshot.policy.text }] : []) : (orgSettings?.files ?? []);
  if (repository.write === 'superseded' || !orgInventoryWanted(settingsFiles, deps.warn)) return { repository };
  const org = await deps.lock.run(`${ref.owner}/${ORG_SETTINGS_REPO}#org-inventory`.toLowerCase(), () =>
    keepOrgInventory(deps.inventory, deps.writer, { owner: ref.owner, today: deps.today, fresh: { repo: ref.repo, body: repository.body }, botName: deps.botName }),
  );
  if ('refused' in org) deps.warn(`modelgate: no organisation inventory: ${org.refused}`);
  return { repository, org };
}

/**
 * `inventory: {org: true}` in the `.github` repository's own policy file (its `_extends` is not
 * followed for this one key: an organisation opts in where it keeps its settings). Anything but
 * a plain `true` is no.
 */
export function orgInventoryWanted(files: readonly PolicyFileRead[], warn: (message: string) => void): boolean {
  const found = choosePolicyFile([...files], `in ${ORG_SETTINGS_REPO}`);
  if (found.error || !found.file) return false;
  try {
    const value: unknown = parse(found.file.text, { maxAliasCount: 50 });
    return (value as { inventory?: { org?: unknown } } | null)?.inventory?.org === true;
  } catch {
    warn(`modelgate: the ${ORG_SETTINGS_REPO} policy ${found.file.path} is not valid YAML; no organisation inventory`);
    return false;
  }
}
