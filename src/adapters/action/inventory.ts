// The Action's `inventory: true`: the repository's "Model inventory" issue, as the App keeps it
// (github/inventory.ts), from the workspace a workflow checked out. Only a run on the default
// branch writes it (the inventory is the default branch's): a push to it, a `schedule` (which
// re-judges overdue reviews every day even when nobody pushes), a manual run there. The last
// commit of each model is read from GitHub, not from the checkout (usually one commit deep).
import { buildInventory } from '../../core/inventory/inventory.ts';
import type { Evaluation } from '../../core/engine/evaluate.ts';
import { TOOL_VERSION } from '../../version.ts';
import type { InventoryClient } from '../github/inventory-client.ts';
import { keepRepositoryInventory } from '../github/inventory.ts';
import type { ActionEnv, ActionInputs, ActionIo } from './run.ts';

/** Who writes with a workflow's GITHUB_TOKEN. */
const ACTION_WRITER = { botLogin: 'github-actions[bot]' };

export async function keepWorkspaceInventory(
  env: ActionEnv,
  inputs: ActionInputs,
  io: ActionIo,
  /** Called only once the run is known to be on the default branch: a push elsewhere is not evaluated. */
  evaluationOf: () => Evaluation | Promise<Evaluation>,
  event: Record<string, any>,
  clientFor: (token: string, apiUrl: string) => InventoryClient,
): Promise<void> {
  const [owner, repo] = env.repository.split('/') as [string, string];
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY is not owner/repo: '${env.repository}'`);
  if (!inputs.token) throw new Error('input github-token is empty');
  const client = clientFor(inputs.token, env.apiUrl);
  const ref = { owner, repo };
  // The run's branch: the push's ref, else the one the workflow runs on (a manual run may be on any).
  const runRef = env.eventName === 'push' ? event['ref'] : env.refName !== undefined ? `refs/heads/${env.refName}` : undefined;
  const named: unknown = event['repository']?.default_branch;
  const branch = typeof named === 'string' ? named : await client.defaultBranch(ref);
  if (runRef !== `refs/heads/${branch}`) {
    io.info(`modelgate: the inventory is kept from the default branch (${branch}); this run is on ${String(runRef ?? 'an unknown ref')}`);
    return;
  }
  const commit = (env.eventName === 'push' && typeof event['after'] === 'string' ? event['after'] : undefined) ?? env.sha;
  if (!commit) throw new Error('inventory: GITHUB_SHA is not set, so the commit the inventory describes is unknown');
  const evaluation = await evaluationOf();
  const dirs = evaluation.models.filter((m) => !m.removed).map((m) => m.dir);
  const lastCommits = dirs.length > 0 ? await client.lastCommits(ref, commit, dirs) : new Map();
  // The runner's clock: the core is given the date.
  const today = new Date().toISOString().slice(0, 10);
  const inventory = buildInventory({ evaluation, today, lastCommits, toolVersion: TOOL_VERSION });
  const result = await keepRepositoryInventory(client, ref, ACTION_WRITER, inventory, { branch, commit });
  const where = result.number !== undefined ? ` #${result.number}` : '';
  io.info(`modelgate: "Model inventory" issue${where}: ${result.write === 'skipped' ? 'not opened (no models)' : result.write}`);
  io.setOutput('inventory-issue', result.number !== undefined ? String(result.number) : '');
}
