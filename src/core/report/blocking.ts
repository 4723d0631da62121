// The line under the verdict: the three riskiest findings that block the merge, so the author
// knows where to start without opening a section (issue 11). Rules are named by their title,
// which states what should hold ("Unmet: …"); findings of no rule (the engine's) by the first
// half of their message.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation } from '../engine/evaluate.ts';
import type { Finding } from '../rules/define.ts';
import { ruleById } from '../rules/index.ts';
import { headline } from './areas.ts';
import { escapeMarkdown, escapeMessage } from './escape.ts';
import type { Links } from './links.ts';
import { riskOrder } from './risk.ts';

const NAMED = 3;

function label(f: Finding): string {
  const title = ruleById(f.ruleId)?.meta.title;
  return title ? escapeMarkdown(title, 100) : escapeMessage(headline(f.message), 100, { inert: true });
}

/**
 * Error findings that still block. The gate reports waivers per rule, not per finding, so a rule
 * whose waiver covers fewer errors than it has (some files changed since) keeps all of them here.
 */
function blockingFindings(all: readonly Finding[], decision: ApprovalDecision | undefined): Finding[] {
  const errors = all.filter((f) => f.severity === 'error');
  if (!decision) return errors;
  const waived = new Set(
    decision.waivers.filter((w) => w.findings >= errors.filter((f) => f.ruleId.toLowerCase() === w.ruleId.toLowerCase()).length).map((w) => w.ruleId.toLowerCase()),
  );
  return errors.filter((f) => !waived.has(f.ruleId.toLowerCase()));
}

/** `**Unmet, riskiest first:** A (file:line) · B (…) · C (…) · and N more`; null when nothing blocks. */
export function blockingLine(evaluation: Evaluation, decision: ApprovalDecision | undefined, links: Links): string | null {
  const all = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
  const total = decision ? decision.blockingErrors : evaluation.errors;
  if (total === 0 || (decision && decision.state !== 'fail')) return null;
  const named = riskOrder(blockingFindings(all, decision)).slice(0, NAMED);
  if (named.length === 0) return null;
  const items = named.map((f) => `${label(f)} (${links.file(f.file, f.line)})`);
  const more = total - named.length;
  return `**Unmet, riskiest first:** ${[...items, ...(more > 0 ? [`and ${more} more`] : [])].join(' · ')}`;
}
