// Untrusted text (anything that came from the pull request: card fields, file names, metric
// names, comment bodies, logins) is made inert here, before any template sees it. Templates
// render with `{{{ }}}` only values that went through one of these functions.
//
// What "inert" means on GitHub:
// - no HTML: `<script>`, `</details>` and the `<!-- modelgate:checklist -->` marker must not
//   open, close or fake anything, so `& < > "` become entities;
// - no Markdown structure: links, images, emphasis, headings, tables are neutralised by
//   backslash-escaping every ASCII punctuation mark CommonMark lets you escape;
// - no notifications: `@user` and `@org/team` would ping people, so a zero-width joiner goes
//   between `@` and the name (it renders as `@name` but GitHub does not link it); `#123`,
//   `org/repo#123` and `GH-123` get one too, because GitHub links references in the rendered
//   text, where a backslash escape no longer shows (and each link puts a "mentioned this" event
//   on that issue or pull request);
// - no spoofing: bidirectional controls (`U+202E` reverses what follows it) and invisible
//   format characters are dropped, so a value reads as what it is;
// - bounded: one line only, at most `maxLength` characters, so a 10,000-character value cannot
//   swallow the comment.

export const DEFAULT_MAX_LENGTH = 200;

/** Zero-width joiner: keeps `@name` readable while stopping GitHub from resolving a mention. */
const MENTION_BREAK = '\u200d';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// CommonMark escapable ASCII punctuation, minus the four HTML characters handled as entities
// (an entity is already inert) and minus `@` (handled by the mention break).
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~=$%',:;/?^]/g;

/**
 * Dropped from untrusted text: control characters (C0 but tab and newline, DEL, C1), the
 * bidirectional controls (marks, embeddings, overrides, isolates) and invisible format
 * characters (soft hyphen, zero-width space, word joiner, invisible operators). The zero-width
 * joiner and non-joiner stay: emoji and several scripts need them, and they hide nothing.
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]/g;

/**
 * A lone UTF-16 surrogate (a YAML `"\ud83d"` escape makes one) becomes U+FFFD: GitHub cannot
 * store it, and `encodeURIComponent` throws on it.
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Collapses whitespace (newlines included) to single spaces and truncates with an ellipsis. */
export function singleLine(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  const flat = wellFormed(text).replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= maxLength) return flat;
  // Cut between code points, never inside a surrogate pair (GitHub refuses a lone surrogate).
  return `${chars.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

function breakMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${MENTION_BREAK}`);
}

/** `#12`, `org/repo#12` and `GH-12` in escaped text (`\#12`, `GH\-12`): a joiner before the number. */
function breakReferences(escaped: string): string {
  return escaped.replace(/(\\#|\bGH\\-)(?=\d)/gi, `$1${MENTION_BREAK}`);
}

/** Text that renders literally in Markdown (and in a Markdown table cell), on one line. */
export function escapeMarkdown(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return escapeInline(singleLine(text, maxLength));
}

/** Escapes one already single-line piece of text, keeping its spaces. */
function escapeInline(flat: string): string {
  // Punctuation first: the entities introduced next contain `;`, which must stay unescaped.
  const escaped = flat.replace(MARKDOWN_PUNCTUATION, (ch) => `\\${ch}`).replace(/[&<>"]/g, (ch) => HTML_ENTITIES[ch]!);
  return breakReferences(breakMentions(escaped));
}

/**
 * A Markdown code span that shows `text` literally. Backticks inside choose a longer fence;
 * `|` is escaped because GitHub splits table cells before it parses code spans; mentions and
 * HTML are already inert inside code spans.
 */
export function codeSpan(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return fenceCode(singleLine(text, maxLength));
}

function fenceCode(line: string): string {
  const flat = line.replace(/\|/g, '\\|');
  if (flat === '') return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Escapes text for a double-quoted Mermaid label (Mermaid reads `#quot;`-style entities). */
export function mermaidLabel(text: string, maxLength = 60): string {
  return singleLine(text, maxLength)
    .replace(/[&<>"`#|[\]{}()]/g, (ch) => `#${ch.charCodeAt(0)};`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${MENTION_BREAK}`);
}

/** A path or URL segment for a GitHub link: each segment percent-encoded, `/` kept. */
export function encodePath(path: string): string {
  // encodeURIComponent leaves `( ) ' ! *`: a `)` would end a Markdown link destination early.
  const encode = (segment: string) => encodeURIComponent(segment).replace(/[()'!*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return wellFormed(path).split('/').map(encode).join('/');
}

/**
 * Text inside a fenced code block (the audit record): a fence longer than any backtick run in
 * the content, so the content cannot close the block. GitHub resolves no mentions and no HTML
 * inside code blocks, so the content stays byte-exact (the audit JSON must stay parseable).
 */
export function fencedBlock(content: string, info = ''): string {
  const longestRun = Math.max(2, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${info}\n${content}\n${fence}`;
}

/**
 * A finding message: rule messages put values in backticks (`learning_rate`), so text between
 * backtick pairs becomes a code span and everything else is escaped Markdown. A value that
 * smuggles in its own backticks only moves text from one side to the other: both sides are
 * inert, so nothing it contains can become a link, tag or mention.
 */
export function escapeMessage(text: string, maxLength = 300, options: { inert?: boolean } = {}): string {
  const flat = singleLine(text, maxLength);
  const code = options.inert ? inertCodeSpan : codeSpan;
  const parts = flat.split('`');
  // An odd number of backticks leaves the last one unpaired: it is shown literally.
  const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`];
  return paired
    .map((part, i) => {
      if (i % 2 === 0) return escapeInline(part);
      return code(part, maxLength);
    })
    .join('');
}

/**
 * Untrusted text shown literally inside a code span or code block, where Markdown escapes do not
 * apply: GitHub already ignores mentions and HTML there, but a copy of the checklist marker, a
 * `</details>` or an `@org/team` would still be found by anything that reads the raw body (the
 * sticky-comment lookup, a notification filter, a script that folds sections). A zero-width
 * joiner after `@` and after the `<` of anything tag-like (`<x`, `</x`, `<!`, `<?`) keeps the
 * text readable and makes those strings disappear from the raw body.
 */
export function defuse(text: string): string {
  return breakMentions(text).replace(/<(?=[A-Za-z/!?])/g, `<${MENTION_BREAK}`);
}

/**
 * A code span for untrusted text. The text is flattened (and invisible characters dropped)
 * before it is defused, so a dropped character cannot rejoin `@` and a name, or `<` and `!--`.
 */
export function inertCodeSpan(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  return fenceCode(defuse(singleLine(text, maxLength)));
}

/**
 * JSON for a fenced block in the comment (the audit record): `< > & @`, the two JavaScript line
 * separators and the invisible characters `singleLine` drops written as \u escapes, so the
 * document parses to exactly the same value while no tag, comment marker, mention or bidi
 * override appears in the raw body.
 */
export function inertJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/[<>&@\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One line of untrusted text for a terminal: control characters (ANSI escape sequences start
 * with one) and bidirectional overrides are dropped, so a card cannot move the cursor, recolour
 * or retitle the terminal, or make a line read differently from what it is.
 */
export function terminalText(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const flat = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  return flat.length <= maxLength ? flat : `${flat.slice(0, Math.max(0, maxLength - 1))}…`;
}
