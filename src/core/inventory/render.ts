// The four renderings of an inventory. Card text is untrusted: the terminal gets it without
// control characters, Markdown escaped (a table cell cannot be broken out of), CSV quoted per
// RFC 4180 and guarded against formula injection. Owners are named without their `@`, so an
// inventory pasted into an issue or a wiki never pings a team.
import { codeSpan, escapeMarkdown, terminalText } from '../report/escape.ts';
import { plural } from '../rules/support/wording.ts';
import type { MergeAudit } from './audit.ts';
import type { Inventory, InventoryModel, LastCommit } from './inventory.ts';

export const INVENTORY_FORMATS = ['text', 'markdown', 'json', 'csv'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

export function isInventoryFormat(format: string): format is InventoryFormat {
  return (INVENTORY_FORMATS as readonly string[]).includes(format);
}

/** The whole document, newline-terminated. */
export function formatInventory(format: InventoryFormat, inventory: Inventory): string {
  switch (format) {
    case 'text':
      return inventoryText(inventory);
    case 'markdown':
      return inventoryMarkdown(inventory);
    case 'json':
      return `${JSON.stringify(inventory, null, 2)}\n`;
    case 'csv':
      return inventoryCsv(inventory);
  }
}

/** `@acme/risk-ml` -> `acme/risk-ml`: a name, never a mention. */
export function ownerName(owner: string): string {
  return owner.replace(/^@+/, '');
}

/** `2 errors, 1 warning`, or `none`. */
export function findingsSummary(model: Pick<InventoryModel, 'errors' | 'warnings'>): string {
  if (model.errors === 0 && model.warnings === 0) return 'none';
  return [model.errors > 0 ? plural(model.errors, 'error') : '', model.warnings > 0 ? plural(model.warnings, 'warning') : ''].filter(Boolean).join(', ');
}

function commitSummary(commit: LastCommit): string {
  return `${commit.sha.slice(0, 7)} ${commit.date.slice(0, 10)} ${commit.author}`;
}

/** `#12 approved by alice, bob, 2026-11-02` (`, gate bypassed` when the approval check had not passed). */
function auditSummary(audit: MergeAudit): string {
  const approvers = audit.approvers.length > 0 ? ` by ${audit.approvers.join(', ')}` : '';
  return `#${audit.pullRequest} ${audit.decision ?? 'no record'}${approvers}${audit.gatePassed ? '' : ', gate bypassed'}${audit.date ? `, ${audit.date.slice(0, 10)}` : ''}`;
}

/** `3 models (1 high, 2 medium); 1 retirement review overdue on 2026-12-06`. */
export function summaryLine(inventory: Inventory): string {
  const { models } = inventory;
  const overdue = models.filter((m) => m.overdue).length;
  const byTier = (['high', 'medium', 'low', 'unknown'] as const)
    .map((tier) => [tier, models.filter((m) => m.tier === tier).length] as const)
    .filter(([, n]) => n > 0)
    .map(([tier, n]) => `${n} ${tier}`);
  return `${plural(models.length, 'model')}${byTier.length > 0 ? ` (${byTier.join(', ')})` : ''}; ${overdue === 0 ? 'no retirement review overdue' : `${plural(overdue, 'retirement review')} overdue`} on ${inventory.today}`;
}

function inventoryText(inventory: Inventory): string {
  const blocks = inventory.models.map((m) => {
    const t = (text: string) => terminalText(text);
    const lines = [
      `${t(m.name)}${m.version !== null ? ` ${t(m.version)}` : ''} [${m.tier}] ${t(m.path === '' ? '.' : m.path)}`,
      `  owners:       ${m.owners.length > 0 ? m.owners.map((o) => t(ownerName(o))).join(', ') : '-'}`,
      `  intended use: ${m.intendedUse !== null ? t(m.intendedUse) : '-'}`,
      `  findings:     ${findingsSummary(m)}`,
      `  review by:    ${m.reviewBy !== null ? `${m.reviewBy}${m.overdue ? ' (overdue)' : ''}` : '-'}`,
      `  last commit:  ${m.lastCommit !== null ? t(commitSummary(m.lastCommit)) : '-'}`,
      ...(inventory.github !== undefined ? [`  last audit:   ${m.lastAudit ? t(auditSummary(m.lastAudit)) : '-'}`] : []),
    ];
    return lines.join('\n');
  });
  return `${[...blocks, summaryLine(inventory)].join('\n\n')}\n`;
}

function inventoryMarkdown(inventory: Inventory): string {
  return `${['## Model inventory', '', ...inventoryTable(inventory), '', summaryLine(inventory)].join('\n')}\n`;
}

/** The Markdown table of the models (or `No models found.`), as lines; every card text escaped. */
export function inventoryTable(inventory: Inventory, maxRows = Number.POSITIVE_INFINITY): string[] {
  const dash = '—';
  const rows = inventory.models.map((m) => {
    const cells = [
      `${escapeMarkdown(m.name)}<br>${codeSpan(m.path === '' ? '.' : m.path)}`,
      m.version !== null ? escapeMarkdown(m.version) : dash,
      m.tier,
      m.owners.length > 0 ? m.owners.map((o) => escapeMarkdown(ownerName(o))).join(', ') : dash,
      m.intendedUse !== null ? escapeMarkdown(m.intendedUse, 120) : dash,
      findingsSummary(m),
      m.reviewBy !== null ? `${escapeMarkdown(m.reviewBy)}${m.overdue ? ' **overdue**' : ''}` : dash,
      m.lastCommit !== null ? `${codeSpan(m.lastCommit.sha.slice(0, 7))} ${escapeMarkdown(m.lastCommit.date.slice(0, 10))} ${escapeMarkdown(m.lastCommit.author, 60)}` : dash,
      ...(inventory.github !== undefined ? [m.lastAudit ? escapeMarkdown(auditSummary(m.lastAudit), 300) : dash] : []),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const table =
    rows.length === 0
      ? ['No models found.']
      : [
          `| Model | Version | Tier | Owners | Intended use | Findings | Review by | Last commit |${inventory.github !== undefined ? ' Last merge audit |' : ''}`,
          `| --- | --- | --- | --- | --- | --- | --- | --- |${inventory.github !== undefined ? ' --- |' : ''}`,
          ...rows.slice(0, maxRows),
          ...(rows.length > maxRows ? [`| … ${plural(rows.length - maxRows, 'more model')}: \`modelgate inventory\` lists them all |${' |'.repeat(inventory.github !== undefined ? 8 : 7)}`] : []),
        ];
  return table;
}

const CSV_AUDIT_HEADER = ['audit_pull_request', 'audit_decision', 'audit_approvers', 'audit_gate_passed', 'audit_commit', 'audit_date'];

const CSV_HEADER = ['name', 'path', 'card', 'version', 'tier', 'gated_tier', 'owners', 'intended_use', 'errors', 'warnings', 'review_by', 'overdue', 'last_commit', 'last_commit_date', 'last_commit_author'];

/**
 * One CSV field: a cell a spreadsheet would read as a formula (it starts with = + - @, or a tab
 * or carriage return before one) gets a leading apostrophe (OWASP's advice); a field with a comma,
 * quote or line break is quoted, its quotes doubled (RFC 4180).
 */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function inventoryCsv(inventory: Inventory): string {
  const records = inventory.models.map((m) => [
    m.name,
    m.path,
    m.card,
    m.version ?? '',
    m.tier,
    m.gatedTier,
    m.owners.map(ownerName).join(' '),
    m.intendedUse ?? '',
    String(m.errors),
    String(m.warnings),
    m.reviewBy ?? '',
    String(m.overdue),
    m.lastCommit?.sha ?? '',
    m.lastCommit?.date ?? '',
    m.lastCommit?.author ?? '',
    ...(inventory.github !== undefined ? auditFields(m.lastAudit ?? null) : []),
  ]);
  const header = inventory.github !== undefined ? [...CSV_HEADER, ...CSV_AUDIT_HEADER] : CSV_HEADER;
  // RFC 4180: CRLF after every record.
  return [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}

function auditFields(audit: MergeAudit | null): string[] {
  if (audit === null) return ['', '', '', '', '', ''];
  return [String(audit.pullRequest), audit.decision ?? '', audit.approvers.join(' '), String(audit.gatePassed), audit.commit, audit.date ?? ''];
}
