// The terminal report, after ESLint's "stylish" formatter: findings grouped by file, one
// aligned row each (`  line:col  severity  message  rule-id`), a problem count, and the verdict.
// Riskiest first (risk.ts): the PR-wide findings, then each model's; a file is listed where its
// riskiest finding falls. A finding seen in several places lists them indented under its row.
// Colour only when the caller asks (the CLI asks when stdout is a TTY and NO_COLOR is unset).
import type { Evaluation } from '../../engine/evaluate.ts';
import type { Finding } from '../../rules/define.ts';
import { terminalText } from '../escape.ts';
import { exemptionLine } from '../exempted.ts';
import { riskOrder } from '../risk.ts';
import { tierUnreadable } from '../tier.ts';
import { localVerdict } from '../verdict.ts';
import { plural } from '../../rules/support/wording.ts';

export interface TextOptions {
  color?: boolean;
  /** How a repository-relative path is shown (the CLI makes it relative to the working directory). */
  displayPath?: (file: string) => string;
}

function palette(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}

/** Characters (code points) a cell takes: UTF-16 units less one per surrogate pair, without spreading the text into an array. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const width = (text: string) => text.length - (text.match(SURROGATE_PAIR)?.length ?? 0);
const padEnd = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - width(text)));

/** The places of a finding seen in several (none for one): `line` in its own file, else `file:line`, and the note. */
function places(f: Finding, show: (file: string) => string): { label: string; note: string }[] {
  if (!f.locations || f.locations.length < 2) return [];
  return f.locations.map((l) => ({ label: l.file === f.file ? String(l.line) : `${terminalText(show(l.file))}:${l.line}`, note: l.note ? terminalText(l.note) : '' }));
}

export function formatText(evaluation: Evaluation, options: TextOptions = {}): string {
  const c = palette(options.color ?? false);
  const show = options.displayPath ?? ((file: string) => file);
  const all = [...riskOrder(evaluation.findings), ...evaluation.models.flatMap((m) => riskOrder(m.findings))];
  const out: string[] = [];
  // Grouped in one pass (a Map keeps first-seen order): filtering `all` per file was quadratic.
  const byFile = new Map<string, Finding[]>();
  for (const f of all) {
    const group = byFile.get(f.file);
    if (group) group.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, inFile] of byFile) {
    out.push('', c.underline(terminalText(show(file))));
    // Widths from the plain text; colour is applied to already padded cells.
    const rows = inFile.map((f) => ({
      line: String(f.line),
      column: String(f.column ?? 1),
      severity: f.severity === 'error' ? 'error' : 'warning',
      message: terminalText(f.message).replace(/([^ ])\.$/, '$1'),
      ruleId: terminalText(f.ruleId),
      error: f.severity === 'error',
      places: places(f, show),
    }));
    const w = (key: 'line' | 'column' | 'severity' | 'message') => Math.max(...rows.map((r) => width(r[key])));
    const [wLine, wColumn, wSeverity, wMessage] = [w('line'), w('column'), w('severity'), w('message')];
    for (const r of rows) {
      const location = c.dim(`${r.line.padStart(wLine)}:${padEnd(r.column, wColumn)}`);
      const severity = (r.error ? c.red : c.yellow)(padEnd(r.severity, wSeverity));
      out.push(`  ${location}  ${severity}  ${padEnd(r.message, wMessage)}  ${c.dim(r.ruleId)}`);
      // Under the severity column, as the continuation of the row.
      const indent = ' '.repeat(2 + wLine + 1 + wColumn + 2);
      const wLabel = Math.max(0, ...r.places.map((p) => width(p.label)));
      for (const p of r.places) out.push(p.note ? `${indent}${c.dim(padEnd(p.label, wLabel))}  ${p.note}` : `${indent}${c.dim(p.label)}`);
    }
  }
  if (evaluation.models.length > 0) {
    out.push('', c.bold(`${plural(evaluation.models.length, 'model')} checked:`));
    const rows = evaluation.models.map((m) => {
      const errors = m.findings.filter((f) => f.severity === 'error').length;
      const warnings = m.findings.length - errors;
      // No rule runs on a removed model: "clean" would claim a check that never happened.
      const none = m.removed ? c.dim('not checked') : c.green('✔ clean');
      const status = m.findings.length === 0 ? none : (errors ? c.red : c.yellow)(`✖ ${[errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ')}`);
      const tier = `tier ${m.tier}${tierUnreadable(m) ? ' (unreadable)' : ''}`;
      const version = m.removed ? 'removed' : m.versionHead ? terminalText(m.versionHead, 40) : '—';
      return { path: terminalText(show(m.dir) || '.'), tier, version, status };
    });
    const wPath = Math.max(...rows.map((r) => width(r.path)));
    const wTier = Math.max(...rows.map((r) => width(r.tier)));
    const wVersion = Math.max(...rows.map((r) => width(r.version)));
    for (const r of rows) out.push(`  ${padEnd(r.path, wPath)}  ${padEnd(r.tier, wTier)}  ${padEnd(r.version, wVersion)}  ${r.status}`);
  } else {
    out.push('', 'No model to check.');
  }
  if (evaluation.exempted) {
    out.push('', c.bold('Exempted by the policy, not counted:'));
    for (const group of evaluation.exempted) out.push(`  ${exemptionLine(group, (text) => terminalText(text, 100), (text) => terminalText(text, 300))}`);
  }
  const problems = evaluation.errors + evaluation.warnings;
  out.push('');
  if (problems > 0) {
    const line = `✖ ${plural(problems, 'problem')} (${plural(evaluation.errors, 'error')}, ${plural(evaluation.warnings, 'warning')})`;
    out.push(c.bold(evaluation.errors > 0 ? c.red(line) : c.yellow(line)));
  } else {
    out.push(c.green('✔ no problems'));
  }
  const verdict = localVerdict(evaluation, (name) => terminalText(name, 100));
  const paint = verdict.state === 'fail' ? c.red : verdict.state === 'pending' ? c.yellow : c.green;
  out.push(`${paint(c.bold('modelgate:'))} ${verdict.text}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}
