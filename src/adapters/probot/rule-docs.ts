// The rule docs the App serves itself, at `<public URL>/docs/rules/<id>` (and the index at
// `/docs/rules/`), so the links in its comments and check runs lead somewhere without a public
// repository. The pages are the generated docs/rules/*.md (rule-doc.ts renders them from the
// registry: nothing is read from disk, so no path can reach a file) rendered to HTML by
// markdown-it with raw HTML off (every `<` in a rule's text is shown, never parsed).
import MarkdownIt from 'markdown-it';
import { renderIndex, renderRuleDoc } from '../../core/report/rule-doc.ts';
import { ruleById, rules } from '../../core/rules/index.ts';

/** Where the App serves them; links.ts appRuleDocsUrl builds the same addresses. */
export const RULE_DOCS_PATH = '/docs/rules';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The generated Markdown with its generator comment dropped and its links to sibling .md files made links to the served pages. */
function served(markdown: string): string {
  return markdown
    .replace(/^<!--[^\n]*-->\n+/, '')
    .replace(/\]\(README\.md\)/g, '](./)')
    .replace(/\]\(([a-z0-9-]+)\.md\)/g, '](./$1)');
}

function page(title: string, markdown: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}pre{background:#f6f8fa;padding:.75rem;overflow:auto}code{font-size:90%}</style>',
    '</head>',
    '<body>',
    md.render(served(markdown)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export type RuleDocsAnswer = { status: 200; html: string } | { status: 308; location: string } | { status: 404 };

/** The answer for a request path under /docs/rules; undefined for any other path (not ours). */
export function ruleDocsAnswer(pathname: string): RuleDocsAnswer | undefined {
  if (pathname !== RULE_DOCS_PATH && !pathname.startsWith(`${RULE_DOCS_PATH}/`)) return undefined;
  // Relative links on the pages resolve against the folder, so the folder is always asked with its slash.
  if (pathname === RULE_DOCS_PATH) return { status: 308, location: 'rules/' };
  const rest = pathname.slice(RULE_DOCS_PATH.length + 1);
  if (rest === '' || rest === 'README.md') return { status: 200, html: page('modelgate rules', renderIndex(rules)) };
  const id = /^([a-z0-9-]+)(?:\.md)?$/.exec(rest)?.[1];
  const rule = id ? ruleById(id) : undefined;
  if (!rule) return { status: 404 };
  return { status: 200, html: page(`${rule.meta.id} · modelgate`, renderRuleDoc(rule)) };
}
