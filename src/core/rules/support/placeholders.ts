// Template text left in a model card: the Hugging Face template's "[More Information Needed]"
// and Jinja fields, the metadata spec's `{license}`-style slots, and the TODO family.
//
// Care is taken not to call real content a placeholder: code (fenced blocks, `inline spans`)
// and HTML comments (the template's guidance, never rendered) are not searched; single braces
// count only around a bare identifier not glued to a word, `\`, `^`, `_` or `$`, so LaTeX
// (`\frac{a}{b}`, `x_{i}`) and Python f-strings in code stay quiet; TODO and TBA must be upper
// case (a "todo list" is prose) unless followed by a colon, TBD/FIXME any case.
//
// What real cards showed to be content (issue 11): BibTeX (`month = {June}`, `{A}frican`) outside
// a fence, in an indented code block or in a citation section; a template label on a line that is
// filled in (`- **Shared by [Optional]:** Berlin State Library`: the value is there, the label is
// the template's wording); and table-of-contents links to a section still marked `[optional]`.
import { outsideComments } from './html-comments.ts';

/** A `{license}`-style slot: a bare identifier in single braces, not glued to a word. */
const BRACE_SLOT = /(?<![\w\\^$}])\{[A-Za-z_][A-Za-z0-9_]*\}(?![\w}])/;

const PATTERNS: readonly RegExp[] = [
  /\[more information needed\]/i,
  /\{\{.*?\}\}/,
  /\{%.*?%\}/,
  /\b(?:TODO|TBA)\b/,
  /\b(?:tbd|fixme)\b/i,
  /\blorem ipsum\b/i,
  /\[optional\]/i,
  BRACE_SLOT,
  // Older templates and hand-written variants: "[Needs More Information]", "More info is needed".
  /\bmore info(?:rmation)? (?:is )?needed\b/i,
  /\[?\bneeds? more info(?:rmation)?\b\]?/i,
  /\bto be (?:determined|decided|confirmed)\b/i,
  /\bcoming soon\b/i,
  /\bTBC\b/,
  /\btodo:/i,
  // Fill-in slots: "<insert model description>", "[Your name here]" (a Markdown link's text is not one).
  /<\s*(?:insert|your|fill in)\b[^<>]*>/i,
  /\[\s*(?:insert|your|fill in)\b[^\]]*\](?!\()/i,
];

/**
 * Every pattern at once, case ignored: it matches wherever any pattern does (ignoring case only
 * widens a pattern), so text it does not match has no placeholder. Most card text has none, and
 * one scan instead of sixteen made this the cheapest of the card rules instead of the costliest.
 */
const ANY_PATTERN = new RegExp(PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'i');
const OPTIONAL_LABEL = /\[optional\]/i;

/**
 * `text` without the `[optional]` of a label whose line is filled in: `Shared by [Optional]: Acme`
 * keeps `Shared by : Acme`, and `- **Paper [optional]:**` (nothing after the label) stays as is.
 */
function withoutFilledLabels(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const label = /^([^:]*\[optional\][^:]*):(.*)$/i.exec(line);
      if (!label || label[2]!.replace(/^[\s*_]+/, '') === '') return line;
      return `${label[1]!.replace(/\[optional\]/gi, '')}:${label[2]}`;
    })
    .join('\n');
}

export interface PlaceholderOptions {
  /** False where single braces are BibTeX or LaTeX (citations), not `{license}`-style slots. */
  braces?: boolean;
}

/** The placeholder in `text` that comes first, as written (long Jinja cut to 40 characters). */
export function findPlaceholder(raw: string, options: PlaceholderOptions = {}): string | undefined {
  // withoutFilledLabels changes only lines with an `[optional]`.
  const text = OPTIONAL_LABEL.test(raw) ? withoutFilledLabels(raw) : raw;
  if (!ANY_PATTERN.test(text)) return undefined;
  let best: { index: number; text: string } | undefined;
  for (const pattern of PATTERNS) {
    if (pattern === BRACE_SLOT && options.braces === false) continue;
    const m = pattern.exec(text);
    if (m && (best === undefined || m.index < best.index)) best = { index: m.index, text: m[0] };
  }
  if (!best) return undefined;
  return best.text.length > 40 ? `${best.text.slice(0, 37)}...` : best.text;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Four columns of indent: an indented code block, after a blank line and outside a list. */
const INDENTED = /^(?: {4}| {0,3}\t)/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/** `@inproceedings{key,` (also quoted in a blockquote), and a `field = {value}` line of an entry. */
const BIBTEX_ENTRY = /^\s*(?:>\s*)?@[A-Za-z]+\s*\{/;
const BIBTEX_FIELD = /^\s*(?:>\s*)?[A-Za-z][\w-]*\s*=\s*["{]/;
/** A link to a heading of the same page: a table-of-contents entry, `[Glossary [optional]](#glossary-optional)`. */
const ANCHOR_LINK = /\[(?:[^[\]]|\[[^[\]]*\])*\]\(#[^)\s]*\)/g;

/** Unescaped `{` minus unescaped `}` on a line. */
function braceBalance(text: string): number {
  let balance = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') balance++;
    else if (text[i] === '}') balance--;
  }
  return balance;
}

export interface MarkdownPlaceholderOptions {
  /** The lines are a citation section's (Citation, BibTeX, Cite): braces there are BibTeX. */
  citation?: boolean;
}

/**
 * Scans Markdown lines for placeholders, skipping fenced and indented code, inline code and HTML
 * comments; in BibTeX entries and citation sections single braces are not slots.
 * `lines` must start outside any fence or comment (a section's text, just after its heading).
 */
export function markdownPlaceholders<T extends { text: string }>(
  lines: readonly T[],
  options: MarkdownPlaceholderOptions = {},
): { item: T; placeholder: string }[] {
  const found: { item: T; placeholder: string }[] = [];
  let fence: string | undefined;
  let inComment = false;
  // A section starts like a document: an indented line right after its heading is code.
  let previousBlank = true;
  let inIndentedCode = false;
  let inList = false;
  let bibtexDepth = 0;
  for (const item of lines) {
    const blank = item.text.trim() === '';
    const f = FENCE.exec(item.text);
    if (fence) {
      if (f && f[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (f && !inComment) {
      fence = f[1]!;
      continue;
    }
    if (!inComment && !blank) {
      inIndentedCode = INDENTED.test(item.text) && (inIndentedCode || (previousBlank && !inList));
      if (!INDENTED.test(item.text)) inList = LIST_ITEM.test(item.text);
    }
    previousBlank = blank;
    if (inIndentedCode) continue;
    let braces = !options.citation;
    if (bibtexDepth > 0 || (!inComment && BIBTEX_ENTRY.test(item.text))) {
      bibtexDepth = Math.max(0, bibtexDepth + braceBalance(item.text));
      braces = false;
    } else if (BIBTEX_FIELD.test(item.text)) {
      braces = false;
    }
    const read = outsideComments(item.text, inComment);
    inComment = read.inComment;
    const visible = read.visible;
    const placeholder = findPlaceholder(visible.replace(/(`+)[^`]*?\1/g, ' ').replace(ANCHOR_LINK, ' '), { braces });
    if (placeholder !== undefined) found.push({ item, placeholder });
  }
  return found;
}

/** True when Markdown has no visible text: only blank lines, HTML comments, rules and empty list items. */
export function isBlankMarkdown(text: string): boolean {
  return (
    text
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/^\s*(?:[-*_]\s*){3,}$/gm, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s*$/gm, '')
      .trim() === ''
  );
}
