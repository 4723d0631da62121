// The report formats of `modelgate check` (DESIGN §7), all pure: an evaluation in, text out.
import type { Evaluation } from '../../engine/evaluate.ts';
import { formatJson } from './json.ts';
import { formatMarkdown } from './markdown.ts';
import { formatSarif } from './sarif.ts';
import { formatText } from './text.ts';

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface FormatOptions {
  toolVersion: string;
  /** text: colour the output. */
  color?: boolean;
  /** text: how a repository-relative path is shown. */
  displayPath?: (file: string) => string;
  /** sarif: the checked directory's path inside its git repository. */
  pathPrefix?: string;
  /** markdown: where the policy was read from, for the audit record. */
  policyRef?: { path: string; ref?: string };
  /** markdown, sarif: where rule docs are (links.ts resolveRuleDocsUrl); absent: the package's (links.ts DEFAULT_RULE_DOCS_URL), or no links. */
  ruleDocsUrl?: string;
}

export function formatReport(format: ReportFormat, evaluation: Evaluation, options: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(evaluation, { ...(options.color !== undefined ? { color: options.color } : {}), ...(options.displayPath ? { displayPath: options.displayPath } : {}) });
    case 'markdown':
      return formatMarkdown(evaluation, { toolVersion: options.toolVersion, ...(options.policyRef ? { policyRef: options.policyRef } : {}), ...docs(options) });
    case 'json':
      return formatJson(evaluation, options.toolVersion);
    case 'sarif':
      return formatSarif(evaluation, { toolVersion: options.toolVersion, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}), ...docs(options) });
  }
}

const docs = (options: FormatOptions): { ruleDocsUrl?: string } => (options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {});

export { formatJson, jsonReport, type JsonReport } from './json.ts';
export { formatSarif, sarifLog } from './sarif.ts';
export { formatText } from './text.ts';
export { formatMarkdown } from './markdown.ts';
