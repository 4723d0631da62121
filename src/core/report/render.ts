// Renders the view model with Handlebars: one isolated instance (no global helpers or
// partials leak in or out), strict mode (a missing field is a bug, not an empty string),
// templates embedded at build time (templates.generated.ts).
import Handlebars from 'handlebars';
import { partials, templates } from './templates.generated.ts';
import type { ReportView } from './view.ts';

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

export function renderComment(view: ReportView): string {
  return tidy(template('comment')(view));
}

export function renderCheckSummary(view: ReportView): string {
  return tidy(template('check-summary')(view));
}
