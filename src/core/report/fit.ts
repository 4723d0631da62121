// Keeping a rendered report under GitHub's size limits (65,535 characters for a check-run
// summary, 65,536 for a comment body) without breaking it: findings rows are dropped from the
// end until it fits, with a count and a pointer to the full list; then whole model sections;
// only if even that is not enough is the text cut, and the cut says so.
import { auditBlock, shortenAudit } from './audit.ts';
import type { ReportView } from './view.ts';

/** Findings listed anywhere in the view: the PR-wide ones, then each model's, in order. */
function listed(view: ReportView): number {
  return Math.max(view.findings.length, view.findingsOutsideModels.length + view.models.reduce((n, m) => n + m.findings.length, 0));
}

function total(view: ReportView): number {
  return view.auditRecord.findings.length + (view.auditRecord.findingsOmitted ?? 0);
}

/** The view listing at most `keep` findings in each list, and in the audit record. */
export function keepFindings(view: ReportView, keep: number): ReportView {
  let budget = Math.max(0, keep - view.findingsOutsideModels.length);
  const models = view.models.map((m) => {
    const shown = Math.min(m.findings.length, budget);
    budget -= shown;
    const dropped = m.findings.length - shown;
    return dropped === 0 ? m : { ...m, findings: m.findings.slice(0, shown), findingsOmitted: (m.findingsOmitted ?? 0) + dropped };
  });
  const findings = view.findings.slice(0, keep);
  const record = shortenAudit(view.auditRecord, keep);
  return {
    ...view,
    models,
    findingsOutsideModels: view.findingsOutsideModels.slice(0, keep),
    findings,
    findingsOmitted: total(view) - findings.length || null,
    audit: auditBlock(record),
    auditRecord: record,
  };
}

/** The view showing only the first `keep` models (its findings already cut to none). */
export function keepModels(view: ReportView, keep: number): ReportView {
  if (keep >= view.models.length) return view;
  return { ...view, models: view.models.slice(0, keep), modelsOmitted: view.models.length - keep + (view.modelsOmitted ?? 0) };
}

/** Largest n in [0, max] with ok(n), assuming ok is monotone (fewer items, shorter text); -1 if none. */
function largest(max: number, ok: (n: number) => boolean): number {
  if (!ok(0)) return -1;
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function note(view: ReportView): string {
  return `This report was shortened to stay under GitHub's size limit: not every one of the ${total(view)} findings is listed. The complete list: ${view.fullReport}.`;
}

/**
 * Renders `view` with `render`, dropping findings (then models) until the text is at most
 * `maxChars` long. JavaScript string length counts UTF-16 units, never fewer than GitHub's
 * characters, so the check errs on the safe side.
 */
export function renderWithin(view: ReportView, render: (view: ReportView) => string, maxChars: number): string {
  const full = render(view);
  if (full.length <= maxChars) return full;
  const trimmed = (keep: number): ReportView => ({ ...keepFindings(view, keep), truncation: note(view) });
  const keep = largest(listed(view), (k) => render(trimmed(k)).length <= maxChars);
  if (keep >= 0) return render(trimmed(keep));
  const noFindings = trimmed(0);
  const models = largest(noFindings.models.length, (m) => render(keepModels(noFindings, m)).length <= maxChars);
  if (models >= 0) return render(keepModels(noFindings, models));
  const cut = `\n\n… (cut at ${maxChars} characters: the complete report is ${view.fullReport})\n`;
  return cutAtLine(render(keepModels(noFindings, 0)), maxChars - cut.length) + cut;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/**
 * The longest prefix of `markdown` that ends at a line break, leaves no fenced block open and,
 * with its open `<details>` closed, fits in `budget`. Every line the templates write is whole
 * (values are single-line), so cutting between lines never splits a code span or a link: half a
 * code span would let its text, escaped only for code, be read as Markdown.
 */
export function cutAtLine(markdown: string, budget: number): string {
  const lines = markdown.split('\n');
  let best = '';
  let end = 0;
  let open = 0;
  let fence: RegExp | undefined;
  for (const [i, line] of lines.entries()) {
    end += (i === 0 ? 0 : 1) + line.length;
    if (!fence) {
      const opening = /^(`{3,})/.exec(line)?.[1];
      if (opening) fence = new RegExp(`^\`{${opening.length},}\\s*$`);
    } else if (fence.test(line)) {
      fence = undefined;
    }
    open += count(line, '<details>') - count(line, '</details>');
    if (fence) continue;
    const closing = '\n\n</details>'.repeat(Math.max(0, open));
    if (end + closing.length > budget) break;
    best = markdown.slice(0, end) + closing;
  }
  return best;
}
