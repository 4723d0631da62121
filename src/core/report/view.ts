// The report view model: every fact the comment, the check summary and the job summary show,
// already escaped. Templates only place these strings; they never see raw PR text.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation, ModelEvaluation } from '../engine/evaluate.ts';
import type { Finding, RuleArea } from '../rules/define.ts';
import { areaRows, statusIcon, type AreaRow } from './areas.ts';
import { auditRecord } from './audit.ts';
import { codeSpan, escapeMarkdown, escapeMessage, fencedBlock } from './escape.ts';
import { lineageChart, type LineageChart } from './lineage-chart.ts';
import { makeLinks, type LinkTarget, type Links } from './links.ts';
import { metricsTable } from './metrics-table.ts';

export interface FindingRow {
  icon: string;
  ruleLink: string;
  location: string;
  message: string;
}

export interface ModelView {
  link: string;
  title: string;
  tier: string;
  version: string;
  rulesSummary: string;
  approvalSummary: string;
  areas: AreaRow[];
  findings: FindingRow[];
  findingsSummary: string;
  findingsOmitted: number | null;
  lineageChart: LineageChart | null;
  metricsTable: string | null;
}

export interface ApprovalView {
  requirement: string;
  approved: string;
  stale: string | null;
  changesRequested: string | null;
  ignored: string | null;
  waivers: string | null;
  refused: string | null;
  checklist: { box: string; text: string }[];
}

export interface ReportView {
  verdict: { icon: string; text: string; state: 'pass' | 'pending' | 'fail' };
  models: ModelView[];
  findingsOutsideModels: FindingRow[];
  /** Every finding, for the check summary (which may truncate it). */
  findings: FindingRow[];
  findingsOmitted: number | null;
  approval: ApprovalView | null;
  audit: string;
}

export interface ReportInput {
  evaluation: Evaluation;
  /** Absent in the CLI, which cannot see reviews. */
  decision?: ApprovalDecision;
  target?: LinkTarget;
  ruleDocsUrl?: string;
  toolVersion: string;
  /** Where the policy was read from (absent: built-in defaults). */
  policyRef?: { path: string; ref?: string };
  areaOf: (ruleId: string) => RuleArea | undefined;
  /** Caps the findings listed per model (the check summary lists fewer). */
  maxFindingsPerModel?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countSummary(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return '✅ clean';
  return [errors ? `❌ ${plural(errors, 'error')}` : '', warnings ? `⚠️ ${plural(warnings, 'warning')}` : ''].filter(Boolean).join(' · ');
}

function findingRow(f: Finding, links: Links): FindingRow {
  return {
    icon: f.severity === 'error' ? '❌ error' : '⚠️ warn',
    ruleLink: links.rule(f.ruleId),
    location: links.file(f.file, f.line),
    message: escapeMessage(f.message),
  };
}

function versionText(m: ModelEvaluation): string {
  const head = m.versionHead ? escapeMarkdown(m.versionHead, 40) : '—';
  if (m.versionBase && m.versionBase !== m.versionHead) return `${escapeMarkdown(m.versionBase, 40)} → ${head}`;
  return head;
}

function verdictOf(evaluation: Evaluation, decision: ApprovalDecision | undefined): ReportView['verdict'] {
  if (decision) {
    const summary = decision.summary;
    if (decision.state === 'fail') return { icon: '⛔', text: summary, state: 'fail' };
    if (decision.state === 'pending') return { icon: '⏳', text: summary, state: 'pending' };
    return { icon: '✅', text: summary, state: 'pass' };
  }
  if (evaluation.models.length === 0 && evaluation.findings.length === 0) return { icon: '✅', text: 'pass — no model changes', state: 'pass' };
  if (evaluation.errors > 0) return { icon: '⛔', text: `blocked — ${plural(evaluation.errors, 'error')} to fix`, state: 'fail' };
  return { icon: '✅', text: evaluation.warnings > 0 ? `pass — ${plural(evaluation.warnings, 'warning')}` : 'pass', state: 'pass' };
}

function approvalSummary(decision: ApprovalDecision | undefined): string {
  if (!decision) return 'not checked here';
  const parts = [`${decision.approvedBy.length} of ${decision.required}`];
  if (decision.stale.length) parts.push(`${decision.stale.length} stale`);
  if (decision.changesRequestedBy.length) parts.push('changes requested');
  return parts.join(' · ');
}

function people(logins: readonly string[]): string {
  return logins.map((l) => codeSpan(l)).join(', ');
}

function approvalView(decision: ApprovalDecision, links: Links): ApprovalView {
  const who = decision.reviewers.length ? `from ${people(decision.reviewers)}` : 'from anyone with write access';
  const tierNote = decision.tierBase && decision.tierHead && decision.tierBase !== decision.tierHead ? ` (base ${decision.tierBase}, head ${decision.tierHead}: the higher counts)` : decision.tier ? ' (base and head)' : '';
  return {
    requirement: decision.tier
      ? `Tier **${decision.tier}**${tierNote}: **${decision.required}** approval${decision.required === 1 ? '' : 's'} ${who}; authors and contributors cannot approve.`
      : 'No model changes: no approval needed.',
    approved: `Approved: ${decision.approvedBy.length ? decision.approvedBy.map((a) => `${codeSpan(a.login)} (${a.via} on ${codeSpan(a.commit.slice(0, 7) || 'unknown')})`).join(', ') : 'none'}.`,
    stale: decision.stale.length
      ? `Stale: ${decision.stale.map((s) => `${codeSpan(s.login)} approved ${codeSpan(s.commit.slice(0, 7) || 'unknown')}${s.changedFiles.length ? `, and ${s.changedFiles.slice(0, 3).map((f) => codeSpan(f)).join(', ')}${s.changedFiles.length > 3 ? ` and ${s.changedFiles.length - 3} more` : ''} changed since` : ` (${escapeMarkdown(s.why)})`}`).join('; ')}.`
      : null,
    changesRequested: decision.changesRequestedBy.length ? `Changes requested by ${people(decision.changesRequestedBy)}: blocks until they approve.` : null,
    ignored: decision.ignored.length ? `Not counted: ${decision.ignored.map((i) => `${codeSpan(i.login)} (${escapeMarkdown(i.why)})`).join(', ')}.` : null,
    waivers: decision.waivers.length ? `Waived: ${decision.waivers.map((w) => `${links.rule(w.ruleId)} by ${codeSpan(w.by)} — ${escapeMarkdown(w.reason, 300)}`).join('; ')}.` : null,
    refused: decision.refusedCommands.length ? `Refused: ${decision.refusedCommands.map((r) => `${codeSpan(r.command, 120)} by ${codeSpan(r.login)} — ${escapeMarkdown(r.why)}`).join('; ')}.` : null,
    checklist: decision.checklist.map((c) => ({
      box: c.acked ? '☑' : '☐',
      text: `${codeSpan(c.id)} — ${escapeMarkdown(c.text, 300)}${c.acked ? ` (acknowledged by ${codeSpan(c.by ?? 'unknown')})` : ` (${codeSpan(`/modelgate ack ${c.id}`)})`}`,
    })),
  };
}

function modelView(m: ModelEvaluation, input: ReportInput, links: Links, decision: ApprovalDecision | undefined): ModelView {
  const head = m.context?.head;
  const maxFindings = input.maxFindingsPerModel ?? 50;
  const leakLines = new Set(m.findings.filter((f) => f.ruleId === 'lineage-split-before-fit').map((f) => f.line));
  const lineage = head?.lineage[0];
  const chart = lineage ? lineageChart(lineage, lineage.file && m.findings.some((f) => f.file === lineage.file) ? leakLines : new Set()) : undefined;
  const name = head?.card.governance?.model ?? m.name;
  return {
    link: links.file(m.cardPath, undefined, m.dir || '.'),
    title: `${codeSpan(m.dir || '.')}${name ? ` — ${escapeMarkdown(name, 80)}` : ''}`,
    tier: m.tier,
    version: versionText(m),
    rulesSummary: countSummary(m.findings),
    approvalSummary: approvalSummary(decision),
    areas: areaRows(m.findings, head, input.areaOf, links),
    findings: m.findings.slice(0, maxFindings).map((f) => findingRow(f, links)),
    findingsSummary: `${plural(m.findings.length, 'finding')} (${countSummary(m.findings)})`,
    findingsOmitted: m.findings.length > maxFindings ? m.findings.length - maxFindings : null,
    lineageChart: chart ?? null,
    metricsTable: metricsTable(head?.card.governance) ?? null,
  };
}

export function buildReportView(input: ReportInput): ReportView {
  const { evaluation, decision } = input;
  const links = makeLinks(input.target, input.ruleDocsUrl);
  const all = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
  return {
    verdict: verdictOf(evaluation, decision),
    models: evaluation.models.map((m) => modelView(m, input, links, decision)),
    findingsOutsideModels: evaluation.findings.map((f) => findingRow(f, links)),
    findings: all.map((f) => findingRow(f, links)),
    findingsOmitted: null,
    approval: decision ? approvalView(decision, links) : null,
    audit: fencedBlock(JSON.stringify(auditRecord(evaluation, decision, input.toolVersion, input.policyRef)), 'json'),
  };
}

export { statusIcon };
