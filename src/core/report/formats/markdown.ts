// `--format markdown`: the PR comment as modelgate would post it, for a local preview or a
// CI job summary. No reviews are visible here, so the verdict and the Approval section come
// from the files and the policy; nothing is cut (there is no GitHub size limit to respect).
import type { Evaluation } from '../../engine/evaluate.ts';
import type { RuleArea } from '../../rules/define.ts';
import { ruleById } from '../../rules/index.ts';
import { renderComment } from '../render.ts';
import { buildReportView } from '../view.ts';
import type { LinkTarget } from '../links.ts';

export interface MarkdownOptions {
  toolVersion: string;
  policyRef?: { path: string; ref?: string };
  target?: LinkTarget;
  ruleDocsUrl?: string;
  areaOf?: (ruleId: string) => RuleArea | undefined;
}

export function formatMarkdown(evaluation: Evaluation, options: MarkdownOptions): string {
  const view = buildReportView({
    evaluation,
    toolVersion: options.toolVersion,
    areaOf: options.areaOf ?? ((id) => ruleById(id)?.meta.area),
    maxFindingsPerModel: Number.POSITIVE_INFINITY,
    ...(options.policyRef ? { policyRef: options.policyRef } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {}),
  });
  return renderComment(view, { maxChars: Number.POSITIVE_INFINITY });
}
