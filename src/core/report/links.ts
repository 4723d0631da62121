// Where links in a report point. File links are pinned to the head SHA so they keep showing
// the line that was reviewed; rule links go to the rule's generated documentation.
//
// Where rule docs are is one setting, `ruleDocsUrl`: a template with `{id}` (the App's own pages,
// `<public URL>/docs/rules/{id}`) or a prefix to which `<id>.md` is appended (a `docs/rules/`
// folder on GitHub). resolveRuleDocsUrl picks it: an explicit setting (MODELGATE_DOCS_URL,
// `--docs-url`, the Action's `docs-url` input), else the App's public URL, else the package's
// repository at this version; else nothing, and rules are named without a link rather than
// linked to a page that does not exist.
import { PACKAGE_REPOSITORY, TOOL_VERSION } from '../../version.ts';
import { encodePath, inertCodeSpan } from './escape.ts';

/** The rule docs folder in the package's repository at this version; undefined while package.json names no repository. */
export function packageRuleDocsUrl(repository: string | undefined = PACKAGE_REPOSITORY, version: string = TOOL_VERSION): string | undefined {
  const web = repository?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return web && /^https?:\/\//.test(web) ? `${web}/blob/v${version}/docs/rules/` : undefined;
}

/** The default when nothing is set: the package's docs, if it names a repository (else no links). */
export const DEFAULT_RULE_DOCS_URL: string | undefined = packageRuleDocsUrl();

/** The App's own rule pages (see the server's `/docs/rules/<id>`), under its public URL. */
export function appRuleDocsUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/docs/rules/{id}`;
}

/**
 * The one setting every report's rule links come from (comment, check summary, SARIF):
 * `explicit` (MODELGATE_DOCS_URL, `--docs-url`, the Action's `docs-url` input) wins; else the
 * App's pages under `publicUrl` (MODELGATE_PUBLIC_URL); else the package's docs; else undefined.
 * An empty or non-http(s) value counts as unset.
 */
export function resolveRuleDocsUrl(settings: { explicit?: string | undefined; publicUrl?: string | undefined; fallback?: string | undefined } = {}): string | undefined {
  const usable = (url: string | undefined) => (url && linkDestination(url.trim().replace(/\{id\}/g, 'x')) ? url.trim() : undefined);
  const publicUrl = usable(settings.publicUrl);
  return usable(settings.explicit) ?? (publicUrl ? appRuleDocsUrl(publicUrl) : undefined) ?? usable('fallback' in settings ? settings.fallback : DEFAULT_RULE_DOCS_URL);
}

/** The address of one rule's doc page under `ruleDocsUrl` (see above); undefined without one or for an id that is not a rule id. */
export function ruleDocUrl(ruleDocsUrl: string | undefined, ruleId: string): string | undefined {
  if (!ruleDocsUrl || !/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  return linkDestination(ruleDocsUrl.includes('{id}') ? ruleDocsUrl.replace(/\{id\}/g, ruleId) : `${ruleDocsUrl}${ruleId}.md`);
}

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

export function makeLinks(target: LinkTarget | undefined, ruleDocsUrl: string | undefined = DEFAULT_RULE_DOCS_URL): Links {
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
      const url = ruleDocUrl(ruleDocsUrl, ruleId);
      return url ? `[${ruleId}](${url})` : inertCodeSpan(ruleId);
    },
  };
}
