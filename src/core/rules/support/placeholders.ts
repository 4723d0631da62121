// Template text left in a model card: the Hugging Face template's "[More Information Needed]"
// and Jinja fields, the metadata spec's `{license}`-style slots, and the TODO family.
//
// Care is taken not to call real content a placeholder: code (fenced blocks, `inline spans`)
// and HTML comments (the template's guidance, never rendered) are not searched; single braces
// count only around a bare identifier not glued to a word, `\`, `^`, `_` or `$`, so LaTeX
// (`\frac{a}{b}`, `x_{i}`) and Python f-strings in code stay quiet; TODO and TBA must be upper
// case (a "todo list" is prose) unless followed by a colon, TBD/FIXME any case.

const PATTERNS: readonly RegExp[] = [
  /\[more information needed\]/i,
  /\{\{.*?\}\}/,
  /\{%.*?%\}/,
  /\b(?:TODO|TBA)\b/,
  /\b(?:tbd|fixme)\b/i,
  /\blorem ipsum\b/i,
  /\[optional\]/i,
  /(?<![\w\\^$}])\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})/,
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

/** The placeholder in `text` that comes first, as written (long Jinja cut to 40 characters). */
export function findPlaceholder(text: string): string | undefined {
  let best: { index: number; text: string } | undefined;
  for (const pattern of PATTERNS) {
    const m = pattern.exec(text);
    if (m && (best === undefined || m.index < best.index)) best = { index: m.index, text: m[0] };
  }
  if (!best) return undefined;
  return best.text.length > 40 ? `${best.text.slice(0, 37)}...` : best.text;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Scans Markdown lines for placeholders, skipping fenced code, inline code and HTML comments.
 * `lines` must start outside any fence or comment (a section's text, just after its heading).
 */
export function markdownPlaceholders<T extends { text: string }>(lines: readonly T[]): { item: T; placeholder: string }[] {
  const found: { item: T; placeholder: string }[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (const item of lines) {
    const f = FENCE.exec(item.text);
    if (fence) {
      if (f && f[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (f && !inComment) {
      fence = f[1]!;
      continue;
    }
    let visible = '';
    let rest = item.text;
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) rest = '';
        else {
          inComment = false;
          rest = rest.slice(end + 3);
        }
        continue;
      }
      const open = rest.indexOf('<!--');
      if (open < 0) {
        visible += rest;
        rest = '';
      } else {
        visible += `${rest.slice(0, open)} `;
        inComment = true;
        rest = rest.slice(open + 4);
      }
    }
    const placeholder = findPlaceholder(visible.replace(/(`+)[^`]*?\1/g, ' '));
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
