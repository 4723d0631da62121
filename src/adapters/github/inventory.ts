// Keeps the "Model inventory" issues (issue 14): one per repository, written on every push to its
// default branch (the App) or on `push`/`schedule` (the Action); and with `inventory: {org: true}`
// in the owner's `.github` policy, one for the organisation, in that repository. Like the sticky
// comment: found by a hidden marker and our bot's authorship, updated in place (no write when
// nothing changed), created only when there is something to list, never a second one.
import { inventoryDataOf, INVENTORY_ISSUE_TITLE, INVENTORY_MARKER, ORG_INVENTORY_MARKER, orgIssueBody, repositoryIssueBody, type OrgInventoryEntry } from '../../core/inventory/issue.ts';
import type { Inventory } from '../../core/inventory/inventory.ts';
import { ORG_SETTINGS_REPO } from '../../core/policy/location.ts';
import type { RepoRef } from './client.ts';
import { INVENTORY_LABEL, type InventoryClient, type IssueWriter } from './inventory-client.ts';

/** `superseded`: the branch moved on past the commit read; that push's run writes the issue. */
export type IssueWrite = 'created' | 'updated' | 'unchanged' | 'skipped' | 'superseded';

/**
 * The issue holding `body` (found by `marker`): the oldest of ours is updated, any other of ours
 * (left by a race before this was serialized, or by hand) is closed as a duplicate. None is
 * created when `createIfMissing` is false (a repository without models gets no issue).
 */
export async function upsertInventoryIssue(
  client: InventoryClient,
  ref: RepoRef,
  writer: IssueWriter,
  marker: string,
  body: string,
  createIfMissing: boolean,
): Promise<{ write: IssueWrite; number?: number }> {
  const [keep, ...duplicates] = await client.findOwnIssues(ref, writer, marker);
  for (const duplicate of duplicates) if (duplicate.state === 'open') await client.updateIssue(ref, duplicate.number, { state: 'closed', stateReason: 'not_planned' });
  if (!keep && !createIfMissing) return { write: 'skipped' };
  if (!keep) return { write: 'created', number: await client.createIssue(ref, { title: INVENTORY_ISSUE_TITLE, body, labels: [INVENTORY_LABEL] }) };
  // A closed issue is updated but left closed: whoever closed it decided that.
  if (keep.body === body) return { write: 'unchanged', number: keep.number };
  await client.updateIssue(ref, keep.number, { body });
  return { write: 'updated', number: keep.number };
}

/** The repository's issue, from its inventory at `commit` of `branch` (the caller holds the repository's inventory lock). Returns the body written (or that would be). */
export async function keepRepositoryInventory(
  client: InventoryClient,
  ref: RepoRef,
  writer: IssueWriter,
  inventory: Inventory,
  at: { branch: string; commit: string },
): Promise<{ write: IssueWrite; number?: number; body: string }> {
  const body = repositoryIssueBody({ inventory, ...at });
  // Two pushes reviewed side by side may finish in either order: only the branch's current
  // commit is written, so an older push never overwrites a newer one's inventory.
  if ((await client.branchHead(ref, at.branch)) !== at.commit) return { write: 'superseded', body };
  const result = await upsertInventoryIssue(client, ref, writer, INVENTORY_MARKER, body, inventory.models.length > 0);
  return { ...result, body };
}

export interface OrgInventoryInput {
  owner: string;
  today: string;
  /** The repository just inventoried and its issue body: used as written, not read back. */
  fresh: { repo: string; body: string };
  /** The bot's login as GraphQL spells it (no `[bot]`). */
  botName: string;
}

/**
 * The organisation's issue in `<owner>/.github`: every repository of the installation, each from
 * its own inventory issue. A repository whose issue someone else edited, or that has none yet, is
 * named as not counted, saying why. A private repository is left out when `.github` is public: an
 * inventory must not publish what only the organisation may read.
 */
export async function keepOrgInventory(client: InventoryClient, writer: IssueWriter, input: OrgInventoryInput): Promise<{ write: IssueWrite; number?: number } | { refused: string }> {
  const owner = input.owner.toLowerCase();
  const all = (await client.installationRepositories()).filter((r) => r.owner.toLowerCase() === owner);
  const settings = all.find((r) => r.repo.toLowerCase() === ORG_SETTINGS_REPO);
  if (!settings) return { refused: `modelgate is not installed on ${input.owner}/${ORG_SETTINGS_REPO}, where the organisation's inventory issue goes` };
  const repos = all.filter((r) => !r.archived).sort((a, b) => (a.repo.toLowerCase() < b.repo.toLowerCase() ? -1 : 1));
  const visible = repos.filter((r) => !r.private || settings.private);
  const toRead = visible.filter((r) => r.repo.toLowerCase() !== input.fresh.repo.toLowerCase());
  const issues = await client.inventoryIssuesOf(toRead, input.botName, INVENTORY_MARKER);
  const entries: OrgInventoryEntry[] = [];
  for (const r of repos) {
    const repository = `${r.owner}/${r.repo}`;
    if (r.private && !settings.private) {
      entries.push({ repository, left: `private; ${ORG_SETTINGS_REPO} is public, so its models are not listed here` });
      continue;
    }
    const found = r.repo.toLowerCase() === input.fresh.repo.toLowerCase() ? { body: input.fresh.body } : issues.get(repository);
    if (!found || 'missing' in found) {
      entries.push({ repository, none: true });
      continue;
    }
    if ('untrusted' in found) {
      entries.push({ repository, left: found.untrusted });
      continue;
    }
    const data = inventoryDataOf(found.body);
    if (!data) entries.push({ repository, left: 'its inventory issue holds no rows modelgate can read; the next push to its default branch rewrites it' });
    else if (data.models.length > 0 || data.omitted > 0) entries.push({ repository, data });
    else entries.push({ repository, none: true });
  }
  const body = orgIssueBody({ owner: input.owner, today: input.today, entries });
  return upsertInventoryIssue(client, { owner: settings.owner, repo: settings.repo }, writer, ORG_INVENTORY_MARKER, body, true);
}
