// The evidence pack (issue 14): `modelgate evidence` builds it and renders it as Markdown or HTML.
export { buildEvidencePack, type EvidenceInput } from './build.ts';
export { parseAuditEvidence } from './merge-audit.ts';
export { renderEvidenceHtml } from './render-html.ts';
export { renderEvidenceMarkdown, type MarkdownOptions } from './render-markdown.ts';
export { metricsChart } from './metrics-chart.ts';
export { controlStatus, STATUS_LABEL } from './status.ts';
export * from './types.ts';
