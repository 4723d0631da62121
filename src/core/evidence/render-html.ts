// The evidence pack as one self-contained HTML page that prints cleanly to PDF from a browser:
// inline CSS with print rules (A4, no dark backgrounds, controls not split across pages), inline
// SVG for the metrics and the lineage, no script and no external resource, and a CSP that would
// refuse either. Every piece of card or finding text goes through htmlText.
import { ownerName } from '../inventory/render.ts';
import { htmlText, el } from './html.ts';
import { lineageSvg } from './lineage-svg.ts';
import { metricsChart } from './metrics-chart.ts';
import { grantText, READING } from './render-markdown.ts';
import { STATUS_LABEL, statusCounts } from './status.ts';
import { CONTROL_STATUSES, type ControlEvidence, type ControlStatus, type EvidenceItem, type EvidencePack, type FindingEvidence, type FrameworkEvidence, type RuleOutcome } from './types.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;background:#fff;margin:0}
main{max-width:1120px;margin:0 auto;padding:24px 32px}
h1{font-size:24px;margin:0 0 12px}
h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin:30px 0 10px}
h3{font-size:15px;margin:0 0 4px;display:flex;gap:10px;align-items:baseline}
p{margin:6px 0}
table{border-collapse:collapse;width:100%;margin:8px 0 14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;font-weight:600}
table.meta th{width:150px}
td.nowrap,th.nowrap{white-space:nowrap}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
.muted,.source{color:#57606a}
.source{font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12.5px;white-space:nowrap;border:1px solid}
.s-evidenced{color:#1a7f37;background:#dafbe1;border-color:#1a7f37}
.s-partly{color:#7d4e00;background:#fff8c5;border-color:#9a6700}
.s-missing{color:#cf222e;background:#ffebe9;border-color:#cf222e}
.s-waived{color:#57606a;background:#f6f8fa;border-color:#57606a}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.control{border:1px solid #d0d7de;border-left:5px solid #d0d7de;border-radius:4px;padding:8px 12px;margin:10px 0}
.c-evidenced{border-left-color:#1a7f37}.c-partly{border-left-color:#bf8700}.c-missing{border-left-color:#cf222e}.c-waived{border-left-color:#8c959f}
.control table{margin:6px 0 2px;font-size:13px;table-layout:fixed}
.control col.rule{width:28%}.control col.result{width:92px}
table.controls{table-layout:fixed}
table.controls col.id{width:16%}table.controls col.status{width:118px}table.controls col.rules{width:30%}
ul.items{margin:0;padding-left:18px}
ul.items li{margin:2px 0}
li.finding{color:#82071e}
li.granted{color:#57606a}
.sha{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#57606a;white-space:nowrap}
figure{margin:8px 0 16px}
figcaption{font-size:12px;color:#57606a;margin-top:4px}
svg{max-width:100%;height:auto;display:block}
footer{margin-top:28px;font-size:12px;color:#57606a}
@page{size:A4;margin:14mm 12mm}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10pt}
  main{max-width:none;padding:0}
  h2{break-after:avoid}
  h2.page{break-before:page}
  /* Rows and figures stay whole; a control may run over a page, its heading stays with it. */
  tr,figure{break-inside:avoid}
  h3,.control p{break-after:avoid}
  code{background:none;padding:0}
}
`.trim();

const short = (sha: string) => sha.slice(0, 12);

function badge(status: ControlStatus): string {
  return `<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`;
}

/** A finding message: rule messages quote values in backticks, shown as code. */
function message(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${htmlText(part, 200)}</code>` : around(part, htmlText(part, 400))))
    .join('');
}

/** htmlText trims: the spaces between prose and the code beside it are put back. */
function around(raw: string, text: string): string {
  if (text === '') return /\s/.test(raw) ? ' ' : '';
  return `${/^\s/.test(raw) ? ' ' : ''}${text}${/\s$/.test(raw) ? ' ' : ''}`;
}

function place(file: string, line: number, blob: string | undefined): string {
  return `<code>${htmlText(`${file}:${line}`, 200)}</code>${blob ? ` <span class="sha">blob ${short(blob)}</span>` : ''}`;
}

function itemHtml(item: EvidenceItem): string {
  return `<li>${place(item.file, item.line, item.blob)} ${htmlText(item.value, 160)}</li>`;
}

function findingHtml(f: FindingEvidence): string {
  const mark = f.grant ? '⊘' : f.severity === 'error' ? '✘' : '⚠';
  const grant = f.grant ? ` <strong>${htmlText(grantText(f.grant), 300)}</strong>` : '';
  return `<li class="${f.grant ? 'granted' : 'finding'}">${mark} ${place(f.file, f.line, f.blob)} ${message(f.message)}${grant}</li>`;
}

function ruleRow(rule: RuleOutcome): string {
  const items = [...rule.findings.map(findingHtml), ...rule.evidence.map(itemHtml)];
  const details = items.length > 0 ? `<ul class="items">${items.join('')}</ul>` : '<span class="muted">—</span>';
  return `<tr><td><code>${htmlText(rule.ruleId)}</code><br><span class="muted">${htmlText(rule.title, 120)}</span></td><td>${rule.result}<br><span class="muted">${rule.extent === 'partly' ? 'evidences part' : 'evidences all'}</span></td><td>${details}</td></tr>`;
}

function controlHtml(c: ControlEvidence): string {
  return [
    `<section class="control c-${c.status}">`,
    `<h3>${htmlText(c.control)} ${badge(c.status)}</h3>`,
    `<p>${htmlText(c.title, 400)}</p>`,
    `<p class="source">${htmlText(c.source, 400)}</p>`,
    `<p><strong>Status:</strong> ${htmlText(c.reason, 600)}.</p>`,
    '<table><colgroup><col class="rule"><col class="result"><col></colgroup><thead><tr><th>Rule</th><th>Result</th><th>Findings and evidence (file:line, blob, value)</th></tr></thead>',
    `<tbody>${c.rules.map(ruleRow).join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function summary(fw: FrameworkEvidence): string {
  const counts = statusCounts(fw.controls.map((c) => c.status));
  return `<div class="summary">${CONTROL_STATUSES.map((s) => `<span class="badge s-${s}">${counts[s]} ${s}</span>`).join('')}</div>`;
}

function frameworkHtml(fw: FrameworkEvidence, index: number): string {
  const rows = fw.controls.map((c) => `<tr><td class="nowrap">${htmlText(c.control)}</td><td class="nowrap">${badge(c.status)}</td><td>${htmlText(c.title, 400)}</td><td>${c.rules.map((r) => `<code>${htmlText(r.ruleId)}</code>`).join(' ')}</td></tr>`);
  const uncovered = fw.uncovered.length > 0 ? `<h3>Not covered by modelgate</h3><ul>${fw.uncovered.map((u) => `<li>${htmlText(u.control)}: ${htmlText(u.title, 400)}</li>`).join('')}</ul>` : '';
  return [
    // Each framework after the first starts a page; the first follows the model's table.
    `<h2${index > 0 ? ' class="page"' : ''}>${htmlText(fw.title)}</h2>`,
    `<p class="source">${htmlText(fw.document, 300)}</p>`,
    summary(fw),
    `<table class="controls"><colgroup><col class="id"><col class="status"><col><col class="rules"></colgroup><thead><tr><th>Control</th><th>Status</th><th>What it asks</th><th>Rules</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...fw.controls.map(controlHtml),
    uncovered,
  ].join('\n');
}

function auditHtml(pack: EvidencePack): string {
  const audit = pack.audit;
  if (!audit) return `<p class="muted">${htmlText(pack.auditNote ?? 'No merge audit was read.', 400)}</p>`;
  const approvals = audit.approvals.length > 0
    ? `<table><thead><tr><th>Approved by</th><th>Via</th><th>At commit</th></tr></thead><tbody>${audit.approvals.map((a) => `<tr><td>${htmlText(ownerName(a.user), 80)}</td><td>${htmlText(a.via, 40)}</td><td><code>${htmlText(short(a.commit))}</code></td></tr>`).join('')}</tbody></table>`
    : '<p>No approvals recorded.</p>';
  const waivers = audit.waivers.length > 0
    ? `<table><thead><tr><th>Waived rule</th><th>Granted by</th><th>Reason</th></tr></thead><tbody>${audit.waivers.map((w) => `<tr><td><code>${htmlText(w.ruleId)}</code></td><td>${htmlText(ownerName(w.by), 80)}</td><td>${htmlText(w.reason, 400)}</td></tr>`).join('')}</tbody></table>`
    : '<p>No waivers recorded.</p>';
  return [
    `<p>From the <code>modelgate / audit</code> check run of pull request #${audit.pullRequest} in ${htmlText(audit.repository)} (merge commit <code>${htmlText(short(audit.commit))}</code>${audit.date ? `, ${htmlText(audit.date)}` : ''}): decision <strong>${htmlText(audit.decision ?? 'not recorded')}</strong>.</p>`,
    approvals,
    waivers,
  ].join('\n');
}

export function renderEvidenceHtml(pack: EvidencePack): string {
  const m = pack.model;
  const title = `Evidence pack: ${m.name}${m.version ? ` ${m.version}` : ''}`;
  const meta: [string, string][] = [
    ['Model', `<code>${htmlText(m.dir || '.')}</code> (card <code>${htmlText(m.cardPath)}</code>)`],
    ['Risk tier', htmlText(m.tier)],
    ['Owners', m.owners.length > 0 ? m.owners.map((o) => htmlText(ownerName(o), 80)).join(', ') : '—'],
    ['Intended use', m.intendedUse ? htmlText(m.intendedUse, 600) : '—'],
    ['Commit', pack.commit ? `<code>${htmlText(pack.commit)}</code>` : 'not in a git repository'],
    ['Policy', htmlText(pack.policy, 300)],
    ['Generated', `${htmlText(pack.generatedOn)} by modelgate ${htmlText(pack.toolVersion)}`],
    ['Frameworks', pack.frameworks.map((fw) => `${htmlText(fw.title)} ${summary(fw)}`).join('')],
  ];
  const chart = metricsChart(pack.metrics);
  const lineage = pack.lineage ? lineageSvg(pack.lineage, new Set(pack.leakingLines)) : undefined;
  const body = [
    `<h1>${htmlText(title, 200)}</h1>`,
    `<table class="meta"><tbody>${meta.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`,
    ...pack.frameworks.map((fw, i) => frameworkHtml(fw, i)),
    ...(pack.otherFindings.length > 0 ? ['<h2>Other findings</h2>', '<p>Findings of rules that evidence no control of the frameworks above:</p>', `<ul class="items">${pack.otherFindings.map(findingHtml).join('')}</ul>`] : []),
    '<h2 class="page">Metrics against baselines</h2>',
    chart
      ? `<figure>${chart}<figcaption>${pack.metrics?.split ? `Split: ${htmlText(pack.metrics.split, 60)}. ` : ''}${pack.metrics?.baselines.length === 0 ? 'The card reports no baselines to compare with. ' : ''}Each dot is a reported value; a whisker is its 95 % interval as the evaluation rules compute it (ci95, else se, else std with n, else Wilson for a proportion with n). A value without a whisker reports no uncertainty.</figcaption></figure>`
      : '<p class="muted">The card reports no metrics.</p>',
    '<h2>Lineage</h2>',
    lineage ? `<figure>${lineage}<figcaption>From <code>${htmlText(pack.lineage!.file)}</code>. Datasets (left) feed the first step that names them; steps run top to bottom.${pack.leakingLines.length > 0 ? ' Red: a step a rule reported as leaking test rows into training, and the edge out of it.' : ''}</figcaption></figure>` : '<p class="muted">No lineage document was found for this model.</p>',
    '<h2>Approvals and waivers</h2>',
    auditHtml(pack),
    '<h2>Exemptions</h2>',
    pack.exemptions.length === 0
      ? '<p>The policy exempts none of this model\'s findings.</p>'
      : `<table><thead><tr><th>Rules</th><th>Findings</th><th>Reason</th><th>Granted by</th></tr></thead><tbody>${pack.exemptions.map((e) => `<tr><td>${e.rules.map((r) => `<code>${htmlText(r)}</code>`).join(' ')}</td><td>${e.findings}</td><td>${htmlText(e.reason, 400)}</td><td>${htmlText(e.by, 400)}</td></tr>`).join('')}</tbody></table>`,
    '<h2>Files</h2>',
    `<p>Git blob SHAs of the model's files as evaluated${pack.commit ? `, and whether commit <code>${htmlText(short(pack.commit))}</code> has the same blob` : ''}.</p>`,
    `<table><thead><tr><th>File</th><th>Blob SHA</th><th>At commit</th></tr></thead><tbody>${pack.files.map((f) => `<tr><td><code>${htmlText(f.path)}</code></td><td><code>${htmlText(f.blob)}</code></td><td>${f.atCommit === undefined ? '—' : f.atCommit ? 'yes' : 'no (changed in the working tree)'}</td></tr>`).join('')}</tbody></table>`,
    '<h2>How to read this</h2>',
    `<ul>${READING.map((line) => el('li', line, undefined, 600)).join('')}</ul>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title, 200)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><main>',
    ...body,
    `<footer>Generated by modelgate ${htmlText(pack.toolVersion)} on ${htmlText(pack.generatedOn)}. A report, not a gate: it says what the rules found, not whether the model may ship.</footer>`,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
