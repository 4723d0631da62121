// The report view model: every fact the comment, the check summary and the job summary show,
// already escaped. Templates only place these strings; they never see raw PR text.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation, ModelEvaluation } from '../engine/evaluate.ts';
import type { Finding, RuleArea } from '../rules/define.ts';
import { approvalView, type ApprovalView } from './approval-view.ts';
import { areaRows, statusIcon, type AreaRow } from './areas.ts';
import { auditBlock, auditRecord, type AuditRecord } from './audit.ts';
import { blockingLine } from './blocking.ts';
import { escapeMarkdown, escapeMessage, inertCodeSpan } from './escape.ts';
import { exemptionLine } from './exempted.ts';
import { lineageChart, type LineageChart } from './lineage-chart.ts';
import { linkDestination, makeLinks, type LinkTarget, type Links } from './links.ts';
import { metricsTable, slicesLine } from './metrics-table.ts';
import { placesCell } from './places.ts';
import { riskOrder } from './risk.ts';
import { tierUnreadable } from './tier.ts';
import { localVerdict, withoutAt } from './verdict.ts';
import { plural } from '../rules/support/wording.ts';

export type { ApprovalView } from './approval-view.ts';

export interface FindingRow {
  icon: string;
  ruleLink: string;
  location: string;
  message: string;
  /** Every place of the finding's root cause, collapsed; null when it has one place. */
  places: string | null;
}

export interface ModelView {
  link: string;
  title: string;
  /**
   * Set for a model the pull request removes: the one line its section shows instead of the
   * area checklist, charts and tables (there is no head to check).
   */
  removed: string | null;
  /** Owners and intended use, one line; null when the card gives neither. */
  facts: string | null;
  tier: string;
  version: string;
  rulesSummary: string;
  approvalSummary: string;
  areas: AreaRow[];
  findings: FindingRow[];
  findingsSummary: string;
  /** Findings of this model not listed (per-model cap or size limit). */
  findingsOmitted: number | null;
  lineageChart: LineageChart | null;
  metricsTable: string | null;
  slices: string | null;
}

export interface ReportView {
  verdict: { icon: string; text: string; state: 'pass' | 'pending' | 'fail' };
  /** Under the verdict: the three riskiest blocking findings, and how many more; null when nothing blocks. */
  blocking: string | null;
  /** In the evaluation's order; each model's findings riskiest first (risk.ts). */
  models: ModelView[];
  /** Models left out to stay under the size limit. */
  modelsOmitted: number | null;
  /** One line per exemption of the policy that took findings: rules, where, how many, why. */
  exemptions: string[];
  findingsOutsideModels: FindingRow[];
  /** Every finding, for the check summary (which may truncate it): the PR-wide ones, then each model's, riskiest first. */
  findings: FindingRow[];
  findingsOmitted: number | null;
  approval: ApprovalView | null;
  /** Where the complete list is, for truncation notes: a link, or the CLI command. */
  fullReport: string;
  /** Set by the renderer when it shortened the report to fit GitHub's size limit. */
  truncation: string | null;
  audit: string;
  /** The audit record as data, so a shortened report can re-render a shortened (still valid) record. Never placed by a template. */
  auditRecord: AuditRecord;
}

export interface ReportInput {
  evaluation: Evaluation;
  /** Absent in the CLI, which cannot see reviews: the verdict then comes from the files and the policy. */
  decision?: ApprovalDecision;
  target?: LinkTarget;
  ruleDocsUrl?: string;
  toolVersion: string;
  /** Where the policy was read from (absent: built-in defaults). */
  policyRef?: { path: string; ref?: string };
  areaOf: (ruleId: string) => RuleArea | undefined;
  /** Caps the findings listed per model in the comment (default 50). */
  maxFindingsPerModel?: number;
  /** Where the complete report lives (a workflow run, an artifact), for truncation notes. */
  fullReportUrl?: string;
}

function countSummary(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return '✅ clean';
  return [errors ? `❌ ${plural(errors, 'error')}` : '', warnings ? `⚠️ ${plural(warnings, 'warning')}` : ''].filter(Boolean).join(' · ');
}

export function findingRow(f: Finding, links: Links): FindingRow {
  return {
    icon: f.severity === 'error' ? '❌ error' : '⚠️ warn',
    ruleLink: links.rule(f.ruleId),
    location: links.file(f.file, f.line),
    message: escapeMessage(f.message, 300, { inert: true }),
    places: placesCell(f, links),
  };
}

function versionText(m: ModelEvaluation): string {
  if (m.removed) return m.versionBase ? `${escapeMarkdown(m.versionBase, 40)} → removed` : 'removed';
  const head = m.versionHead ? escapeMarkdown(m.versionHead, 40) : '—';
  if (m.versionBase && m.versionBase !== m.versionHead) return `${escapeMarkdown(m.versionBase, 40)} → ${head}`;
  return head;
}

function tierText(m: ModelEvaluation): string {
  if (tierUnreadable(m)) return `${m.tier} (tier unreadable)`;
  if (m.splitFrom && m.tier === m.splitFrom.tier && m.tierHead !== m.tier) return `${m.tier} (split off \`${m.splitFrom.dir}\`, head ${m.tierHead ?? 'medium'})`;
  if (m.tierBase && m.tierHead && m.tierBase !== m.tierHead) return `${m.tier} (base ${m.tierBase}, head ${m.tierHead})`;
  return m.tier;
}

function verdictOf(evaluation: Evaluation, decision: ApprovalDecision | undefined): ReportView['verdict'] {
  const icons = { fail: '⛔', pending: '⏳', pass: '✅' } as const;
  if (decision) return { icon: icons[decision.state], text: decision.summary, state: decision.state };
  const local = localVerdict(evaluation, (name) => inertCodeSpan(name, 100));
  return { icon: icons[local.state], text: local.text, state: local.state };
}

function approvalSummary(decision: ApprovalDecision | undefined, m: ModelEvaluation, evaluation: Evaluation): string {
  if (!decision) {
    const needed = evaluation.policy.tiers[m.tier]?.approvals ?? 0;
    return needed > 0 ? `${needed} needed` : 'none needed';
  }
  const parts = [`${decision.approvedBy.length} of ${decision.required}`];
  if (decision.stale.length) parts.push(`${decision.stale.length} stale`);
  if (decision.changesRequestedBy.length) parts.push('changes requested');
  return parts.join(' · ');
}

/** No rule runs on a removed model; PR-wide findings about its files are still its own. */
function rulesSummary(m: ModelEvaluation): string {
  if (!m.removed) return countSummary(m.findings);
  return m.findings.length > 0 ? `— not checked (model removed) · ${countSummary(m.findings)}` : '— not checked (model removed)';
}

function removedLine(m: ModelEvaluation): string {
  const tier = tierUnreadable(m) ? `${m.tier}, because its tier could not be read` : m.tier;
  return `This pull request removes the model; it is gated at its base tier (${tier}).`;
}

function factsLine(m: ModelEvaluation): string | null {
  const g = m.context?.head.card.governance;
  const parts: string[] = [];
  if (g && g.owners.length > 0) parts.push(`Owners ${g.owners.slice(0, 5).map((o) => inertCodeSpan(withoutAt(o), 80)).join(', ')}${g.owners.length > 5 ? ` and ${g.owners.length - 5} more` : ''}`);
  if (g?.intendedUse) parts.push(`Intended use: ${escapeMarkdown(g.intendedUse, 200)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Links pinned to the base commit: a removed model's card exists only there (at head it is a 404). */
function baseLinks(input: ReportInput): Links {
  const base = input.evaluation.baseSha;
  return makeLinks(input.target && base ? { ...input.target, headSha: base } : undefined, input.ruleDocsUrl);
}

function modelView(m: ModelEvaluation, input: ReportInput, links: Links): ModelView {
  // A removed model's context holds its base card: nothing of it is shown as if it were at head.
  const head = m.removed ? undefined : m.context?.head;
  const maxFindings = input.maxFindingsPerModel ?? 50;
  const lineage = head?.lineage[0];
  const leakLines = new Set(m.findings.filter((f) => f.ruleId === 'lineage-split-before-fit' && f.file === lineage?.file).map((f) => f.line));
  const name = head?.card.governance?.model ?? m.name;
  const findings = riskOrder(m.findings);
  return {
    link: (m.removed ? baseLinks(input) : links).file(m.cardPath, undefined, m.dir || '.'),
    title: `${inertCodeSpan(m.dir || '.')}${name ? ` — ${escapeMarkdown(name, 80)}` : ''}`,
    removed: m.removed ? removedLine(m) : null,
    facts: m.removed ? null : factsLine(m),
    tier: tierText(m),
    version: versionText(m),
    rulesSummary: rulesSummary(m),
    approvalSummary: approvalSummary(input.decision, m, input.evaluation),
    areas: m.removed ? [] : areaRows(findings, head, input.areaOf, links),
    findings: findings.slice(0, maxFindings).map((f) => findingRow(f, links)),
    findingsSummary: `${plural(m.findings.length, 'finding')} (${countSummary(m.findings)})`,
    findingsOmitted: m.findings.length > maxFindings ? m.findings.length - maxFindings : null,
    lineageChart: (lineage && lineageChart(lineage, leakLines)) ?? null,
    metricsTable: metricsTable(head?.card) ?? null,
    slices: slicesLine(head?.card.governance) ?? null,
  };
}

export function buildReportView(input: ReportInput): ReportView {
  const { evaluation, decision } = input;
  const links = makeLinks(input.target, input.ruleDocsUrl);
  const outside = riskOrder(evaluation.findings);
  const all = [...outside, ...evaluation.models.flatMap((m) => riskOrder(m.findings))];
  const record = auditRecord(evaluation, decision, input.toolVersion, input.policyRef);
  const reportUrl = input.fullReportUrl ? linkDestination(input.fullReportUrl) : undefined;
  return {
    verdict: verdictOf(evaluation, decision),
    blocking: blockingLine(evaluation, decision, links),
    models: evaluation.models.map((m) => modelView(m, input, links)),
    modelsOmitted: null,
    exemptions: (evaluation.exempted ?? []).map((group) => exemptionLine(group, (text) => inertCodeSpan(text, 100), (text) => escapeMarkdown(text, 300))),
    findingsOutsideModels: outside.map((f) => findingRow(f, links)),
    findings: all.map((f) => findingRow(f, links)),
    findingsOmitted: null,
    approval: approvalView(decision, evaluation, links),
    fullReport: reportUrl ? `[the full report](${reportUrl})` : '`modelgate check --format json`',
    truncation: null,
    audit: auditBlock(record),
    auditRecord: record,
  };
}

export { statusIcon };
