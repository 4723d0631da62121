// The evidence pack as Markdown (GitHub-flavoured): a pack to commit beside the model or attach
// to a review. GitHub cannot inline an SVG in Markdown, so the metrics are the table
// metrics-table.ts renders, and the chart is linked when the adapter wrote it beside the file
// (`chartHref`); the lineage is report/lineage-chart.ts's Mermaid block, which GitHub draws.
import type { Governance, ModelCard } from '../artifacts/types.ts';
import { ownerName } from '../inventory/render.ts';
import { lineageChart } from '../report/lineage-chart.ts';
import { codeSpan, escapeMarkdown, escapeMessage, inertCodeSpan } from '../report/escape.ts';
import { metricsTable, slicesLine } from '../report/metrics-table.ts';
import { STATUS_LABEL, statusCounts } from './status.ts';
import { CONTROL_STATUSES, type EvidenceItem, type EvidencePack, type FindingEvidence, type FrameworkEvidence, type Grant, type MetricsEvidence, type RuleOutcome } from './types.ts';

export interface MarkdownOptions {
  /** Relative link to the metrics chart written beside the Markdown file. */
  chartHref?: string;
}

const short = (sha: string) => sha.slice(0, 12);
const place = (file: string, line: number) => inertCodeSpan(`${file}:${line}`);

export function grantText(grant: Grant): string {
  return grant.kind === 'waiver' ? `waived by ${grant.by}: ${grant.reason}` : `exempted by ${grant.by}: ${grant.reason}`;
}

function itemLine(item: EvidenceItem): string {
  return `${place(item.file, item.line)} ${escapeMarkdown(item.value, 160)}${item.blob ? ` (blob ${codeSpan(short(item.blob))})` : ''}`;
}

function findingLine(f: FindingEvidence): string {
  const mark = f.grant ? '⊘' : f.severity === 'error' ? '✘' : '⚠';
  const grant = f.grant ? ` — ${escapeMarkdown(grantText(f.grant), 300)}` : '';
  return `${mark} ${place(f.file, f.line)} ${escapeMessage(f.message, 300, { inert: true })}${f.blob ? ` (blob ${codeSpan(short(f.blob))})` : ''}${grant}`;
}

function ruleRow(rule: RuleOutcome): string {
  const details = [...rule.findings.map(findingLine), ...rule.evidence.map(itemLine)];
  return `| ${codeSpan(rule.ruleId)} | ${rule.extent} | ${rule.result} | ${details.length > 0 ? details.join('<br>') : '—'} |`;
}

function frameworkSection(fw: FrameworkEvidence): string[] {
  const counts = statusCounts(fw.controls.map((c) => c.status));
  const out = [
    `## ${escapeMarkdown(fw.title)}`,
    '',
    `${escapeMarkdown(fw.document)}. ${CONTROL_STATUSES.map((s) => `${counts[s]} ${s}`).join(' · ')}.`,
    '',
    '| Control | Status | What it asks |',
    '| --- | --- | --- |',
    ...fw.controls.map((c) => `| ${escapeMarkdown(c.control)} | ${STATUS_LABEL[c.status]} | ${escapeMarkdown(c.title, 300)} |`),
    '',
  ];
  for (const c of fw.controls) {
    out.push(`### ${escapeMarkdown(c.control)}: ${STATUS_LABEL[c.status]}`, '', `${escapeMarkdown(c.title, 300)}. *${escapeMarkdown(c.source, 300)}.*`, '', `Status: ${escapeMarkdown(c.reason, 400)}.`, '');
    out.push('| Rule | Extent | Result | Findings and evidence (file:line, value, blob) |', '| --- | --- | --- | --- |', ...c.rules.map(ruleRow), '');
  }
  if (fw.uncovered.length > 0) {
    out.push('### Not covered by modelgate', '', ...fw.uncovered.map((u) => `- ${escapeMarkdown(u.control)}: ${escapeMarkdown(u.title, 300)}`), '');
  }
  return out;
}

function auditSection(pack: EvidencePack): string[] {
  const out = ['## Approvals and waivers', ''];
  const audit = pack.audit;
  if (!audit) return [...out, escapeMarkdown(pack.auditNote ?? 'No merge audit was read.', 400), ''];
  out.push(
    `From the \`modelgate / audit\` check run of pull request #${audit.pullRequest} (merge commit ${codeSpan(short(audit.commit))}${audit.date ? `, ${escapeMarkdown(audit.date)}` : ''}) in ${escapeMarkdown(audit.repository)}: decision ${codeSpan(audit.decision ?? 'not recorded')}.`,
    '',
  );
  out.push(audit.approvals.length > 0 ? `Approved by: ${audit.approvals.map((a) => `${escapeMarkdown(ownerName(a.user), 60)} (${escapeMarkdown(a.via, 40)}, at ${codeSpan(short(a.commit))})`).join(', ')}.` : 'No approvals recorded.', '');
  if (audit.waivers.length > 0) out.push('| Waived rule | By | Reason |', '| --- | --- | --- |', ...audit.waivers.map((w) => `| ${codeSpan(w.ruleId)} | ${escapeMarkdown(ownerName(w.by), 60)} | ${escapeMarkdown(w.reason, 300)} |`), '');
  else out.push('No waivers recorded.', '');
  return out;
}

export function renderEvidenceMarkdown(pack: EvidencePack, options: MarkdownOptions = {}): string {
  const m = pack.model;
  const out: string[] = [
    `# Evidence pack: ${escapeMarkdown(m.name, 120)}${m.version ? ` ${escapeMarkdown(m.version, 40)}` : ''}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Model | ${inertCodeSpan(m.dir || '.')} (card ${inertCodeSpan(m.cardPath)}) |`,
    `| Risk tier | ${escapeMarkdown(m.tier)} |`,
    `| Owners | ${m.owners.length > 0 ? m.owners.map((o) => escapeMarkdown(ownerName(o), 80)).join(', ') : '—'} |`,
    `| Intended use | ${m.intendedUse ? escapeMarkdown(m.intendedUse, 400) : '—'} |`,
    `| Commit | ${pack.commit ? codeSpan(pack.commit) : 'not in a git repository'} |`,
    `| Policy | ${escapeMarkdown(pack.policy, 200)} |`,
    `| Generated | ${escapeMarkdown(pack.generatedOn)} by modelgate ${escapeMarkdown(pack.toolVersion)} |`,
    '',
  ];
  for (const fw of pack.frameworks) out.push(...frameworkSection(fw));
  if (pack.otherFindings.length > 0) out.push('## Other findings', '', 'Findings of rules that evidence no control of the frameworks above:', '', ...pack.otherFindings.map((f) => `- ${findingLine(f)}`), '');

  out.push('## Metrics against baselines', '');
  const governance = pack.metrics ? governanceOf(pack.metrics) : undefined;
  const table = governance ? metricsTable(cardOf(governance)) : undefined;
  if (table) {
    out.push(table, '');
    const slices = slicesLine(governance);
    if (slices) out.push(slices, '');
    if (options.chartHref) out.push(`![Metrics against baselines, with 95 % intervals](${options.chartHref})`, '');
  } else out.push('The card reports no metrics.', '');

  out.push('## Lineage', '');
  const chart = pack.lineage ? lineageChart(pack.lineage, new Set(pack.leakingLines)) : undefined;
  out.push(chart ? `${chart.summary}, from ${inertCodeSpan(pack.lineage!.file)}:` : 'No lineage document was found for this model.', '', ...(chart ? [chart.mermaid, ''] : []));

  out.push(...auditSection(pack));
  out.push('## Exemptions', '');
  if (pack.exemptions.length === 0) out.push('The policy exempts none of this model\'s findings.', '');
  else out.push('| Rules | Findings | Reason | Granted by |', '| --- | --- | --- | --- |', ...pack.exemptions.map((e) => `| ${e.rules.map((r) => codeSpan(r)).join(', ')} | ${e.findings} | ${escapeMarkdown(e.reason, 300)} | ${escapeMarkdown(e.by, 300)} |`), '');

  out.push('## Files', '', `Git blob SHAs of the model's files as evaluated${pack.commit ? `, and whether commit ${codeSpan(short(pack.commit))} has the same blob` : ''}.`, '');
  out.push('| File | Blob SHA | At commit |', '| --- | --- | --- |', ...pack.files.map((f) => `| ${inertCodeSpan(f.path)} | ${codeSpan(f.blob)} | ${f.atCommit === undefined ? '—' : f.atCommit ? 'yes' : 'no (changed in the working tree)'} |`), '');
  out.push('## How to read this', '', ...READING.map((line) => `- ${line}`), '');
  return out.join('\n');
}

/**
 * The pack's metrics in the shapes metrics-table.ts reads, so the Markdown table is the one the
 * pull-request comment shows (a card whose metrics came from `model-index` gets them here with no
 * baselines, which that table draws the same way).
 */
function governanceOf(metrics: MetricsEvidence): Governance {
  return { owners: [], paths: [], line: 1, evaluation: { ...metrics, ablations: [], line: 1 } };
}
function cardOf(governance: Governance): ModelCard {
  return { format: 'hf-model-card', file: '', metadata: {}, datasets: [], sections: [], results: [], governance, locations: {}, bodyLine: 1 };
}

/** What the statuses mean; the same words in both renderers. */
export const READING = [
  'evidenced: every rule mapped to the control ran, passed, and evidences the whole control.',
  'partly: the mapped rules that ran passed, but one evidences only part of what the control asks (a rule checks that an artifact states something, not that what it states is adequate), or one had nothing to check.',
  'missing: a mapped rule has an open finding, or no mapped rule had anything to check.',
  'waived: the findings of the mapped rules are all waived in the last merge audit or exempted by the policy; a waiver is a decision, not evidence.',
  'Only controls named in modelgate\'s framework table (src/core/rules/frameworks.ts) are listed: the frameworks ask more than any linter can check, and a control no rule maps to is listed as not covered.',
];
