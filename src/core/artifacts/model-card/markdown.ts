// The two pieces of Markdown a model card needs: the YAML front matter block and the ATX
// headings of the body. Deliberately not a full CommonMark parser: only what decides whether a
// `#` line is a heading (fenced code and HTML comments hide it) and where a section ends.
// Setext headings (`Title` underlined with `===`) are not read: HF cards and their template use
// ATX headings, and a `---` under a paragraph is far more often a rule than a heading.
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

interface Heading {
  level: number;
  text: string;
  index: number;
}

/** Heading text without the optional closing sequence (`## Title ##` -> `Title`). */
function headingText(raw: string | undefined): string {
  if (!raw) return '';
  return raw.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
}

/** ATX headings from `lines[start]` on, skipping fenced code blocks and HTML comments. */
function findHeadings(lines: string[], start: number): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
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
    // A backtick fence's info string cannot contain a backtick (CommonMark 4.5).
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      continue;
    }
    if (COMMENT_OPEN.test(line)) {
      // The comment block ends on the line holding `-->`, which may be this one.
      inComment = !line.slice(line.indexOf('<!--') + 4).includes('-->');
      continue;
    }
    const heading = ATX.exec(line);
    if (heading) headings.push({ level: heading[1]!.length, text: headingText(heading[2]), index: i });
  }
  return headings;
}

/**
 * Sections of the body that starts at 0-based `lines[start]`. A section's body runs to the next
 * heading of the same or a higher level, so it includes its sub-sections; it is trimmed.
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
    return {
      heading: heading.text,
      level: heading.level,
      line: heading.index + 1,
      body: lines.slice(heading.index + 1, end).join('\n').trim(),
    };
  });
}
