// GitHub refuses a check-run summary over 65,535 characters and a comment over 65,536. With
// 5,000 findings the report must still fit: findings rows are dropped from the end, the count
// of what was left out and where the full list is are said, and the audit record stays JSON.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/rules/define.ts';
import { CHECK_SUMMARY_MAX_CHARS, COMMENT_MAX_CHARS, renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { runExample, viewOf } from './examples.ts';

function withFindings(count: number) {
  const run = runExample('models/fraud-planted');
  const model = run.evaluation.models[0]!;
  const extra: Finding[] = Array.from({ length: count }, (_, i) => ({
    ruleId: 'model-card-no-placeholders',
    severity: 'error',
    message: `Placeholder "TODO" left in section "Notes ${i}": replace it with the real information, or delete the line if it does not apply.`,
    file: 'models/fraud-planted/MODEL_CARD.md',
    line: 100 + i,
    model: model.dir,
  }));
  model.findings.push(...extra);
  run.evaluation.errors += count;
  return run;
}

function auditOf(body: string): { findings: unknown[]; findingsOmitted?: number } {
  return JSON.parse(body.slice(body.indexOf('```json\n') + 8, body.lastIndexOf('\n```')));
}

describe('a report with 5,000 findings', () => {
  const run = withFindings(5_000);
  const total = 5_009;

  it('check summary: fits in 65,535 characters, says how many were left out and where the rest is', () => {
    const summary = renderCheckSummary(viewOf(run));
    expect(summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_CHARS);
    expect(summary.length).toBeGreaterThan(CHECK_SUMMARY_MAX_CHARS - 2_000);
    const listed = summary.split('\n').filter((l) => l.startsWith('| ❌ error |')).length;
    expect(listed).toBeGreaterThan(50);
    expect(summary).toContain(`… ${total - listed} more findings were left out to stay under GitHub's size limit: see \`modelgate check --format json\`.`);
    expect(summary).toContain(`not every one of the ${total} findings is listed`);
    const audit = auditOf(summary);
    expect(audit.findings.length + audit.findingsOmitted!).toBe(total);
  });

  it('check summary: a smaller limit drops more rows, and the pointer is a link when one is given', () => {
    const summary = renderCheckSummary(viewOf(run, { fullReportUrl: 'https://github.com/acme/models/actions/runs/42' }), { maxChars: 20_000 });
    expect(summary.length).toBeLessThanOrEqual(20_000);
    expect(summary).toMatch(/… \d+ more findings were left out to stay under GitHub's size limit: see \[the full report\]\(https:\/\/github\.com\/acme\/models\/actions\/runs\/42\)\./);
    expect(summary.startsWith('### ⛔ blocked — ')).toBe(true);
  });

  it('comment: fits with room for the command-state marker, one marker, audit still JSON', () => {
    const comment = renderComment(viewOf(run));
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(comment.split('<!-- modelgate:checklist -->')).toHaveLength(2);
    expect(comment).toMatch(/… and \d+ more: see `modelgate check --format json`\./);
    expect(comment).toContain('<details><summary>Audit record</summary>');
    const audit = auditOf(comment);
    expect(audit.findings.length + (audit.findingsOmitted ?? 0)).toBe(total);
  });

  it('a report that fits is left whole', () => {
    const small = runExample('models/fraud-planted');
    const summary = renderCheckSummary(viewOf(small));
    expect(summary).not.toContain('left out');
    expect(summary.split('\n').filter((l) => l.startsWith('| ❌ error |'))).toHaveLength(9);
  });

  it('under an impossible limit the text is cut, and says so', () => {
    const summary = renderCheckSummary(viewOf(run), { maxChars: 300 });
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).toMatch(/… \(cut at 300 characters: the complete report is `modelgate check --format json`\)\n$/);
  });
});
