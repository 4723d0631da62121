// The "Model inventory" issue the App keeps in each repository (and, with `inventory: {org: true}`
// in the owner's `.github` policy, one for the whole organisation). Pure: the adapter finds the
// issue (hidden marker + the bot's authorship, like the sticky comment), passes today's date and
// the commit, and writes the body this returns.
//
// Overdue retirement reviews come first, above the table, because that is what the issue is read
// for. Owners are named without `@` and card text is escaped (escape.ts breaks any mention), so an
// update never pings anyone. The repository issue carries its rows as hidden data (base64 JSON in
// an HTML comment: inert whatever a card says), which the organisation's issue aggregates without
// reading every repository's tree again.
import { z } from 'zod';
import { codeSpan, escapeMarkdown } from '../report/escape.ts';
import { plural } from '../rules/support/wording.ts';
import { compareInventoryModels, INVENTORY_TIERS, type Inventory, type InventoryModel } from './inventory.ts';
import { findingsSummary, inventoryTable, ownerName, summaryLine } from './render.ts';

export const INVENTORY_ISSUE_TITLE = 'Model inventory';
export const INVENTORY_MARKER = '<!-- modelgate:inventory -->';
export const ORG_INVENTORY_MARKER = '<!-- modelgate:org-inventory -->';

/** GitHub refuses an issue body over 65,536 characters. */
export const MAX_ISSUE_BODY = 65_536;

const DATA_OPEN = '<!-- modelgate:inventory-data ';
const DATA_CLOSE = ' -->';

/** What the organisation's issue needs of each model; `overdue` is judged again on the day it aggregates. */
const dataRowSchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  version: z.string().nullable(),
  tier: z.enum(INVENTORY_TIERS),
  owners: z.array(z.string()),
  errors: z.number().int().min(0),
  warnings: z.number().int().min(0),
  reviewBy: z.string().nullable(),
});
const dataSchema = z.strictObject({ commit: z.string(), today: z.string(), models: z.array(dataRowSchema), omitted: z.number().int().min(0) });

export type InventoryData = z.infer<typeof dataSchema>;

export interface RepositoryIssueInput {
  inventory: Inventory;
  /** The default branch and the commit the inventory was read at. */
  branch: string;
  commit: string;
}

/** `- **fraud-detector** `models/fraud` (high): review by 2026-01-31, owners acme/risk-ml` */
function overdueLine(model: Pick<InventoryModel, 'name' | 'path' | 'tier' | 'reviewBy' | 'owners'>, repository?: string): string {
  const where = repository !== undefined ? `${codeSpan(repository)} ${codeSpan(model.path === '' ? '.' : model.path)}` : codeSpan(model.path === '' ? '.' : model.path);
  const owners = model.owners.length > 0 ? `, owners ${model.owners.map((o) => escapeMarkdown(ownerName(o), 100)).join(', ')}` : ', no owners named';
  return `- **${escapeMarkdown(model.name, 120)}** ${where} (${model.tier}): review by ${escapeMarkdown(model.reviewBy ?? '')}${owners}`;
}

/** Overdue reviews listed above the table; more than this many are counted, not listed (the body must fit). */
const MAX_OVERDUE_LINES = 150;

function overdueSection(lines: string[], today: string): string[] {
  if (lines.length === 0) return [];
  const more = lines.length - MAX_OVERDUE_LINES;
  return [
    `> [!WARNING]`,
    `> **${plural(lines.length, 'retirement review')} overdue** on ${today}:`,
    '',
    ...lines.slice(0, MAX_OVERDUE_LINES),
    ...(more > 0 ? [`- … ${more} more, marked **overdue** in the table`] : []),
    '',
  ];
}

function encodeData(data: InventoryData): string {
  return `${DATA_OPEN}${Buffer.from(JSON.stringify(data), 'utf8').toString('base64')}${DATA_CLOSE}`;
}

/** The rows a repository issue carries, when its body holds valid data; undefined otherwise. */
export function inventoryDataOf(body: string): InventoryData | undefined {
  const start = body.lastIndexOf(DATA_OPEN);
  if (start < 0) return undefined;
  const end = body.indexOf(DATA_CLOSE, start + DATA_OPEN.length);
  if (end < 0) return undefined;
  const encoded = body.slice(start + DATA_OPEN.length, end);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  try {
    const parsed = dataSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The repository's issue body. When the models do not fit GitHub's limit, the table and the
 * hidden rows are cut (saying how many are left out): overdue reviews are always all listed.
 */
export function repositoryIssueBody({ inventory, branch, commit }: RepositoryIssueInput): string {
  const overdue = inventory.models.filter((m) => m.overdue).map((m) => overdueLine(m));
  const footer = `<sub>Kept by modelgate from ${codeSpan(branch)} at ${codeSpan(commit.slice(0, 7))} on ${inventory.today}, on every push to that branch. Edits to this issue are overwritten.</sub>`;
  const build = (keep: number) => {
    const data: InventoryData = {
      commit,
      today: inventory.today,
      models: inventory.models.slice(0, keep).map((m) => ({ name: m.name, path: m.path, version: m.version, tier: m.tier, owners: m.owners, errors: m.errors, warnings: m.warnings, reviewBy: m.reviewBy })),
      omitted: Math.max(0, inventory.models.length - keep),
    };
    return [INVENTORY_MARKER, `## ${INVENTORY_ISSUE_TITLE}`, '', ...overdueSection(overdue, inventory.today), ...inventoryTable(inventory, keep), '', summaryLine(inventory), '', footer, encodeData(data), ''].join('\n');
  };
  return fitRows(build, inventory.models.length);
}

/** The most rows (up to `total`) whose body fits, found by halving: bodies grow with rows. */
function fitRows(build: (keep: number) => string, total: number): string {
  const full = build(total);
  if (full.length <= MAX_ISSUE_BODY) return full;
  let low = 0;
  let high = total;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (build(mid).length <= MAX_ISSUE_BODY) low = mid;
    else high = mid - 1;
  }
  return build(low);
}

/** One repository in the organisation's issue: its rows, or why it has none there. */
export type OrgInventoryEntry =
  | { repository: string; data: InventoryData }
  /** `left`: why its models are not listed, in modelgate's own words (never card text). */
  | { repository: string; left: string }
  /** No inventory issue: no models, or no push to its default branch since modelgate was installed. */
  | { repository: string; none: true };

export interface OrgIssueInput {
  owner: string;
  today: string;
  entries: readonly OrgInventoryEntry[];
}

type OrgRow = InventoryData['models'][number] & { repository: string; overdue: boolean };

/** The organisation's issue body: every repository's models in one table, overdue reviews on top. */
export function orgIssueBody({ owner, today, entries }: OrgIssueInput): string {
  const rows: OrgRow[] = [];
  for (const entry of entries) if ('data' in entry) for (const m of entry.data.models) rows.push({ ...m, repository: entry.repository, overdue: m.reviewBy !== null && m.reviewBy < today });
  const byRepo = (a: OrgRow, b: OrgRow) => compareInventoryModels(a, b) || (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0);
  rows.sort(byRepo);
  const overdue = rows.filter((r) => r.overdue).map((r) => overdueLine(r, r.repository));
  const counted = entries.filter((e) => 'data' in e);
  const cut = entries.flatMap((e) => ('data' in e && e.data.omitted > 0 ? [`- ${codeSpan(e.repository)}: ${plural(e.data.omitted, 'model')} left out of its own issue (too many for one issue)`] : []));
  // `left` is modelgate's own wording (no card text in it): written as is.
  const left = entries.flatMap((e) => ('left' in e ? [`- ${codeSpan(e.repository)}: ${e.left}`] : []));
  const none = entries.flatMap((e) => ('none' in e ? [codeSpan(e.repository)] : []));
  const dash = '—';
  const row = (r: OrgRow) =>
    `| ${codeSpan(r.repository)} | ${escapeMarkdown(r.name, 120)}<br>${codeSpan(r.path === '' ? '.' : r.path)} | ${r.version !== null ? escapeMarkdown(r.version) : dash} | ${r.tier} | ${r.owners.length > 0 ? r.owners.map((o) => escapeMarkdown(ownerName(o), 100)).join(', ') : dash} | ${findingsSummary(r)} | ${r.reviewBy !== null ? `${escapeMarkdown(r.reviewBy)}${r.overdue ? ' **overdue**' : ''}` : dash} |`;
  const summary = `${plural(rows.length, 'model')} in ${counted.length} ${counted.length === 1 ? 'repository' : 'repositories'}; ${overdue.length === 0 ? 'no retirement review overdue' : `${plural(overdue.length, 'retirement review')} overdue`} on ${today}.`;
  const build = (keep: number) =>
    [
      ORG_INVENTORY_MARKER,
      `## ${INVENTORY_ISSUE_TITLE}: ${escapeMarkdown(owner, 100)}`,
      '',
      ...overdueSection(overdue, today),
      ...(rows.length === 0
        ? ['No models found in the repositories modelgate is installed on.']
        : [
            '| Repository | Model | Version | Tier | Owners | Findings | Review by |',
            '| --- | --- | --- | --- | --- | --- | --- |',
            ...rows.slice(0, keep).map(row),
            ...(rows.length > keep ? [`| … ${plural(rows.length - keep, 'more model')}: see each repository's own issue | | | | | | |`] : []),
          ]),
      '',
      summary,
      ...(cut.length > 0 ? ['', ...cut] : []),
      ...(left.length > 0 ? ['', '**Not counted:**', '', ...left] : []),
      ...(none.length > 0 ? ['', `No inventory issue (no models, or no push to the default branch since modelgate was installed): ${none.join(', ')}.`] : []),
      '',
      `<sub>Kept by modelgate from each repository's own "${INVENTORY_ISSUE_TITLE}" issue, on every push to a default branch. Edits to this issue are overwritten.</sub>`,
      '',
    ].join('\n');
  return fitRows(build, rows.length);
}

