// GitHub refuses a check-run summary over 65,535 characters and a comment over 65,536. With
// 5,000 findings the report must still fit: findings rows are dropped from the end, the count
// of what was left out and where the full list is are said, and the audit record stays JSON.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/rules/define.ts';
import { MAX_REFUSED_SHOWN } from '../../../src/core/report/approval-view.ts';
import { cutAtLine } from '../../../src/core/report/fit.ts';
import { CHECK_SUMMARY_MAX_CHARS, COMMENT_MAX_CHARS, renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { commentProblems } from './comment-invariants.ts';
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

describe('cutAtLine, the last resort when nothing else fits', () => {
  // A long line of code spans holding a link: cut inside, an unmatched backtick would turn the
  // link (escaped for code only) into live Markdown.
  const long = Array.from({ length: 50 }, (_, i) => `\`\` /modelgate x${i} \`[pwn](https://evil.example)\` \`\``).join('; ');
  const text = ['<!-- modelgate:checklist -->', '### title', '<details><summary>Lineage</summary>', '', '```mermaid', 'flowchart LR', '```', long, '</details>', 'after'].join('\n');

  it('cuts between lines, never inside one', () => {
    for (let budget = 0; budget < text.length; budget += 7) {
      const cut = cutAtLine(text, budget);
      expect(cut.length).toBeLessThanOrEqual(budget);
      const kept = cut.replace(/(\n\n<\/details>)+$/, '');
      expect(text.startsWith(kept)).toBe(true);
      expect(kept === '' || text.length === kept.length || text[kept.length] === '\n').toBe(true);
    }
  });

  it('never ends inside a fenced block, and closes the <details> it leaves open', () => {
    const insideFence = text.indexOf('flowchart') + 20;
    expect(cutAtLine(text, insideFence)).toBe(`${text.slice(0, text.indexOf('\n```mermaid'))}\n\n</details>`);
    const afterFence = text.indexOf('```\n') + 3;
    expect(cutAtLine(text, afterFence + 15)).toBe(`${text.slice(0, afterFence)}\n\n</details>`);
  });
});

describe('a flood of refused commands (anyone who can comment can write them)', () => {
  const run = runExample('models/fraud-planted');
  const lines = Array.from({ length: 1_500 }, (_, i) => `/modelgate x${i} \`[pwn](https://evil.example)\` </details>`).join('\n');
  run.decision.refusedCommands = lines.split('\n').map((command, i) => ({ login: 'mallory', command, why: `unknown command \`x${i}\`` }));

  it('quotes the first few, counts the rest, and keeps the findings and the audit record', () => {
    const comment = renderComment(viewOf(run));
    const refused = comment.split('\n').find((l) => l.startsWith('Refused: '))!;
    expect(refused.split(' by `mallory`')).toHaveLength(MAX_REFUSED_SHOWN + 1);
    expect(refused.endsWith(`; and ${1_500 - MAX_REFUSED_SHOWN} more refused commands.`)).toBe(true);
    expect(comment).not.toContain('left out');
    expect(comment).toContain('<details><summary>Audit record</summary>');
    expect(commentProblems(comment)).toEqual([]);
  });
});
