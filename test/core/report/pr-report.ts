// A tiny pull request (base and head trees as text) through the engine, the approval gate with
// no reviews, and every report: for tests of what the report says about one situation.
import { decide } from '../../../src/core/approval/index.ts';
import type { ApprovalDecision } from '../../../src/core/approval/types.ts';
import { evaluate, type Evaluation } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { buildReportView, type ReportView } from '../../../src/core/report/view.ts';
import { APP_DOCS } from './examples.ts';
import { ruleById } from '../../../src/core/rules/index.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';

export const PR_HEAD = 'a'.repeat(40);
export const PR_BASE = 'b'.repeat(40);

export interface PrReport {
  evaluation: Evaluation;
  decision: ApprovalDecision;
  view: ReportView;
  comment: string;
  summary: string;
}

export function prEvaluation(base: Record<string, string>, head: Record<string, string>): Evaluation {
  const snapshot = caseSnapshot({ name: 'pr', base, files: head });
  snapshot.head.sha = PR_HEAD;
  snapshot.base!.sha = PR_BASE;
  return evaluate(snapshot, loadPolicy());
}

/** The report as the App would post it for `evaluation` (default policy, no reviews yet). */
export function prReport(evaluation: Evaluation): PrReport {
  const decision = decide({
    evaluation,
    policy: evaluation.policy,
    pr: { author: 'dana', headSha: PR_HEAD, commitAuthors: ['dana'] },
    reviews: [],
    comments: [],
    eligibility: { teamMembers: {}, writers: ['alice', 'bob'] },
    blobsAt: {},
  });
  const view = buildReportView({
    evaluation,
    decision,
    target: { serverUrl: 'https://github.com', repository: 'acme/models', headSha: PR_HEAD },
    toolVersion: '0.1.0',
    areaOf: (id) => ruleById(id)?.meta.area,
    ruleDocsUrl: APP_DOCS,
  });
  return { evaluation, decision, view, comment: renderComment(view), summary: renderCheckSummary(view) };
}

/** The audit record embedded in a rendered report. */
export function auditOf(markdown: string): { models: Record<string, unknown>[] } {
  const json = /<summary>Audit record<\/summary>\n\n```json\n(.*)\n```/.exec(markdown)?.[1];
  if (json === undefined) throw new Error('no audit record');
  return JSON.parse(json);
}

/** The lines of a rendered report from the heading `#### <start>` up to the next `####` heading. */
export function section(markdown: string, start: string): string {
  const from = markdown.indexOf(`#### ${start}`);
  if (from < 0) throw new Error(`no section ${start}`);
  const next = markdown.indexOf('\n####', from + 1);
  return markdown.slice(from, next < 0 ? undefined : next);
}
