// Where links in a report point. File links are pinned to the head SHA so they keep showing
// the line that was reviewed; rule links go to the rule's generated documentation.
import { encodePath, inertCodeSpan } from './escape.ts';

export const DEFAULT_RULE_DOCS_URL = 'https://github.com/modelgate/modelgate/blob/main/docs/rules/';

export interface LinkTarget {
  /** `https://github.com` or a GitHub Enterprise Server URL. */
  serverUrl: string;
  /** `owner/repo`. */
  repository: string;
  headSha: string;
}

export interface Links {
  /** A Markdown link (or a plain code span when there is nowhere to link) to `file`, line `line`. */
  file(file: string, line?: number, label?: string): string;
  /** A Markdown link to a rule's documentation, labelled with its id. */
  rule(ruleId: string): string;
}

/**
 * A URL that may stand inside `(…)` of a Markdown link: http(s) only (no `javascript:`), and
 * the characters that could end the destination or start markup percent-encoded.
 */
export function linkDestination(url: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  return url.replace(/[()<>"'`\\[\]|@]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function makeLinks(target: LinkTarget | undefined, ruleDocsUrl = DEFAULT_RULE_DOCS_URL): Links {
  const docs = linkDestination(ruleDocsUrl) ?? DEFAULT_RULE_DOCS_URL;
  const server = target ? linkDestination(target.serverUrl.replace(/\/+$/, '')) : undefined;
  return {
    file(file, line, label) {
      const text = inertCodeSpan(label ?? (line ? `${file}:${line}` : file));
      if (!target || !server) return text;
      const anchor = line && line > 0 ? `#L${line}` : '';
      return `[${text}](${server}/${encodePath(target.repository)}/blob/${encodePath(target.headSha)}/${encodePath(file)}${anchor})`;
    },
    rule(ruleId) {
      // Rule ids come from our registry, but a waiver command can name any string: keep it inert.
      const safeId = /^[a-z0-9-]+$/.test(ruleId) ? ruleId : undefined;
      return safeId ? `[${safeId}](${docs}${safeId}.md)` : inertCodeSpan(ruleId);
    },
  };
}
