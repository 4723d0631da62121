// Renders the view model with Handlebars: one isolated instance (no global helpers or
// partials leak in or out), strict mode (a missing field is a bug, not an empty string),
// templates embedded at build time (templates.generated.ts).
import Handlebars from 'handlebars';
import { renderWithin } from './fit.ts';
import { partials, templates } from './templates.generated.ts';
import type { ReportView } from './view.ts';

/** GitHub's limit for a check run's `output.summary` (and `output.text`). */
export const CHECK_SUMMARY_MAX_CHARS = 65_535;
/**
 * GitHub's limit for a comment body is 65,536; the adapter appends its hidden command-state
 * marker after the rendered comment, so the comment keeps a margin for it.
 */
export const COMMENT_MAX_CHARS = 60_000;

export interface RenderOptions {
  /** Findings (then models) are dropped until the text fits; see fit.ts. */
  maxChars?: number;
}

const hbs = Handlebars.create();
for (const [name, source] of Object.entries(partials)) hbs.registerPartial(name, source);

const compiled = new Map<string, Handlebars.TemplateDelegate<ReportView>>();

function template(name: 'comment' | 'check-summary'): Handlebars.TemplateDelegate<ReportView> {
  let t = compiled.get(name);
  if (!t) {
    const source = templates[name];
    if (source === undefined) throw new Error(`no template named ${name}`);
    // noEscape: every value is escaped for Markdown by the view model; Handlebars' HTML
    // escaping would double-escape it.
    t = hbs.compile<ReportView>(source, { strict: true, noEscape: true });
    compiled.set(name, t);
  }
  return t;
}

/** Collapses the blank-line runs that block helpers leave behind. */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function renderComment(view: ReportView, options: RenderOptions = {}): string {
  return renderWithin(view, (v) => tidy(template('comment')(v)), options.maxChars ?? COMMENT_MAX_CHARS);
}

export function renderCheckSummary(view: ReportView, options: RenderOptions = {}): string {
  return renderWithin(view, (v) => tidy(template('check-summary')(v)), options.maxChars ?? CHECK_SUMMARY_MAX_CHARS);
}
