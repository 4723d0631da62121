// The two pieces of Markdown a model card needs: the YAML front matter block and the headings
// of the body. Deliberately not a full CommonMark parser: only what decides whether a line is a
// heading (fenced code and HTML comments hide it) and where a section ends.
// Setext headings (`Title` underlined with `===` or `---`) are read as CommonMark, GitHub and the
// Hub render them: the underline must follow a paragraph line directly, so a `---` after a blank
// line, a list item, a table row, a heading or code stays a thematic break.
import type { CardSection } from '../types.ts';

/** Lines without their terminators; `\r\n` and `\n` both end a line (as in source.ts lineAt). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export type FrontMatter =
  | { kind: 'none' }
  /** An opening `---` with no closing one. `openLine` is 1-based. */
  | { kind: 'unterminated'; openLine: number }
  /** `yaml` is the text between the fences, lines joined with `\n`. Lines are 1-based. */
  | { kind: 'block'; yaml: string; openLine: number; closeLine: number };

const FENCE = /^---[ \t]*$/;

/**
 * Finds the front matter: a `---` line first in the file (after blank lines only, as
 * huggingface_hub's REGEX_YAML_BLOCK allows) up to the next `---` line.
 */
export function findFrontMatter(lines: string[]): FrontMatter {
  let open = 0;
  while (open < lines.length && lines[open]!.trim() === '') open++;
  if (open >= lines.length || !FENCE.test(lines[open]!)) return { kind: 'none' };
  for (let close = open + 1; close < lines.length; close++) {
    if (FENCE.test(lines[close]!)) {
      return { kind: 'block', yaml: lines.slice(open + 1, close).join('\n'), openLine: open + 1, closeLine: close + 1 };
    }
  }
  return { kind: 'unterminated', openLine: open + 1 };
}

// CommonMark: up to three spaces of indent, 1-6 #'s, then a space or the end of the line.
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const COMMENT_OPEN = /^ {0,3}<!--/;

const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
// Lines that are not paragraph text (indented code, list item, quote, HTML, thematic break, table
// row), so no setext underline can follow them. Conservative: a lazy continuation line ends the run.
const NOT_PARAGRAPH = /^(?: {4}| {0,3}\t)|^ {0,3}(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>|<|([-*_])(?:[ \t]*\1){2,}[ \t]*$)|\|/;

interface Heading {
  level: number;
  text: string;
  /** 0-based index of the heading's first line. */
  index: number;
  /** 0-based index of its last line (the underline of a setext heading). */
  end: number;
}

/** Heading text without the optional closing sequence (`## Title ##` -> `Title`). */
function headingText(raw: string | undefined): string {
  if (!raw) return '';
  return raw.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
}

/** Headings from `lines[start]` on, skipping fenced code blocks and HTML comments. */
function findHeadings(lines: readonly string[], start: number): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  // First line of the paragraph the current line continues, or -1 (a setext heading needs one).
  let paragraph = -1;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    const underline = SETEXT_UNDERLINE.exec(line);
    // A backtick fence's info string cannot contain a backtick (CommonMark 4.5).
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      paragraph = -1;
    } else if (COMMENT_OPEN.test(line)) {
      // The comment block ends on the line holding `-->`, which may be this one.
      inComment = !line.slice(line.indexOf('<!--') + 4).includes('-->');
      paragraph = -1;
    } else if (underline && paragraph >= 0) {
      const text = lines.slice(paragraph, i).map((l) => l.trim()).join(' ');
      headings.push({ level: underline[1]![0] === '=' ? 1 : 2, text, index: paragraph, end: i });
      paragraph = -1;
    } else {
      const heading = ATX.exec(line);
      if (heading) headings.push({ level: heading[1]!.length, text: headingText(heading[2]), index: i, end: i });
      if (heading || line.trim() === '' || NOT_PARAGRAPH.test(line)) paragraph = -1;
      else if (paragraph < 0) paragraph = i;
    }
  }
  return headings;
}

/**
 * Sections of the body that starts at 0-based `lines[start]`. A section's body runs to the next
 * heading of the same or a higher level, so it includes its sub-sections; blank lines around it
 * are dropped (the indent of its first line is kept: it may open an indented code block).
 */
export function parseSections(lines: string[], start: number): CardSection[] {
  const headings = findHeadings(lines, start);
  return headings.map((heading, h) => {
    let end = lines.length;
    for (let next = h + 1; next < headings.length; next++) {
      if (headings[next]!.level <= heading.level) {
        end = headings[next]!.index;
        break;
      }
    }
    let first = heading.end + 1;
    while (first < end && lines[first]!.trim() === '') first++;
    return {
      heading: heading.text,
      level: heading.level,
      line: heading.index + 1,
      body: lines.slice(first, end).join('\n').trimEnd(),
      bodyLine: first < end ? first + 1 : heading.end + 2,
    };
  });
}
