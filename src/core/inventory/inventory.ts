// `modelgate inventory`: one row per model on the branch (an `--all` evaluation), with what its
// card's governance block says (owners, tier, intended use, retirement review date), its findings
// and the last commit that changed it. Pure: today's date and the commits come from the adapter.
// The JSON shape is defined once, in zod: the types below and schemas/inventory.schema.json come from it.
import { z } from 'zod';
import type { Evaluation } from '../engine/evaluate.ts';
import { mergeAuditSchema, type MergeAudit } from './audit.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const INVENTORY_TIERS = ['high', 'medium', 'low', 'unknown'] as const;
export type InventoryTier = (typeof INVENTORY_TIERS)[number];

const lastCommitSchema = z.strictObject({
  sha: z.string().describe('The commit (full SHA).'),
  date: z.string().describe('Its committer date, ISO 8601 as git prints it (%cI).'),
  author: z.string().describe('Its author name.'),
});

const inventoryModelSchema = z.strictObject({
  name: z.string().describe('`governance.model`, else the card\'s own name, else the model directory.'),
  path: z.string().describe('The model directory (repository-relative; \'\' for the root).'),
  card: z.string().describe('Its model card.'),
  version: z.string().nullable().describe('`governance.version`; null when the card has none.'),
  tier: z.enum(INVENTORY_TIERS).describe('`governance.risk_tier` as the card declares it; `unknown` when it declares none or it cannot be read (the gate then treats it as medium, or as high when unreadable: see `gatedTier`).'),
  gatedTier: z.enum(['low', 'medium', 'high']).describe('The tier the approval gate applies.'),
  owners: z.array(z.string()).describe('`governance.owners`, as written.'),
  intendedUse: z.string().nullable().describe('`governance.intended_use`; null when absent.'),
  errors: z.number().int().min(0).describe('Error findings of the model (exempted ones not counted).'),
  warnings: z.number().int().min(0).describe('Warning findings of the model (exempted ones not counted).'),
  reviewBy: z.string().nullable().describe('`governance.retirement.review_by` (YYYY-MM-DD); null when absent.'),
  overdue: z.boolean().describe('`reviewBy` is before `today`.'),
  lastCommit: lastCommitSchema.nullable().describe('The last commit that changed the model directory; null outside git or when none has.'),
  lastAudit: mergeAuditSchema
    .nullable()
    .optional()
    .describe('With --github: the `modelgate / audit` check run of the last merge that changed the model; null when there is none.'),
});

export const inventorySchema = z
  .strictObject({
    tool: z.literal('modelgate'),
    version: z.string(),
    today: z.string().regex(ISO_DATE).describe('The date overdue reviews are judged against (YYYY-MM-DD).'),
    github: z.string().optional().describe('With --github: the repository (owner/repo) whose merge audits were read.'),
    models: z.array(inventoryModelSchema).describe('Sorted by tier (high, medium, low, unknown), then overdue first, then name.'),
  })
  .describe('The inventory `modelgate inventory --format json` prints.');

export type LastCommit = z.infer<typeof lastCommitSchema>;
export type InventoryModel = z.infer<typeof inventoryModelSchema>;
export type Inventory = z.infer<typeof inventorySchema>;

export interface InventoryInput {
  /** An evaluation of every model (`check --all`). */
  evaluation: Evaluation;
  /** YYYY-MM-DD, from the adapter's clock or its --today. */
  today: string;
  /** Model directory -> the last commit that changed it; absent: none known. */
  lastCommits?: ReadonlyMap<string, LastCommit>;
  toolVersion: string;
  /** With --github: the repository, and model directory -> its last merge audit (absent: none found). */
  audits?: { repository: string; byModel: ReadonlyMap<string, MergeAudit> };
}

export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1]!;
}

const TIER_ORDER: Record<InventoryTier, number> = { high: 0, medium: 1, low: 2, unknown: 3 };

/** Tier (high first, unknown last), then overdue first, then name, then path. */
export function compareInventoryModels(a: Pick<InventoryModel, 'tier' | 'overdue' | 'name' | 'path'>, b: Pick<InventoryModel, 'tier' | 'overdue' | 'name' | 'path'>): number {
  return (
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    Number(b.overdue) - Number(a.overdue) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

export function buildInventory(input: InventoryInput): Inventory {
  const { evaluation, today } = input;
  const models: InventoryModel[] = [];
  for (const model of evaluation.models) {
    if (model.removed) continue;
    const card = model.context.head.card;
    const governance = card.governance;
    const declared = governance?.riskTier;
    const reviewBy = governance?.retirement?.reviewBy ?? null;
    const lastCommit = input.lastCommits?.get(model.dir) ?? null;
    models.push({
      name: model.name ?? (model.dir === '' ? '.' : model.dir.split('/').pop()!),
      path: model.dir,
      card: model.cardPath,
      version: governance?.version ?? null,
      tier: declared !== undefined && !card.riskTierUnreadable ? declared : 'unknown',
      gatedTier: model.tier,
      owners: [...(governance?.owners ?? [])],
      intendedUse: governance?.intendedUse ?? null,
      errors: model.findings.filter((f) => f.severity === 'error').length,
      warnings: model.findings.filter((f) => f.severity === 'warn').length,
      reviewBy,
      overdue: reviewBy !== null && reviewBy < today,
      lastCommit: lastCommit ? { ...lastCommit } : null,
      ...(input.audits ? { lastAudit: input.audits.byModel.get(model.dir) ?? null } : {}),
    });
  }
  return {
    tool: 'modelgate',
    version: input.toolVersion,
    today,
    ...(input.audits ? { github: input.audits.repository } : {}),
    models: models.sort(compareInventoryModels),
  };
}
