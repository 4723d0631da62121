// Where each line of a card's Markdown body is. A `CardSection` gives its heading line and its
// body trimmed (sub-sections included); a finding inside the body needs the line it is on.
//
// Each section's *own text* (before its first sub-section) is placed exactly by anchoring:
// - a section with a sub-section: its body holds the first sub-heading, whose line is known;
// - a section without one but inside a parent: the parent's (anchored) body holds it, starting
//   on the line after its heading.
// Only a top-level section with no sub-sections (a card of flat `##` headings) has no anchor:
// its body is trimmed on both ends, and the blank lines around it are split evenly, with the
// extra one below (Markdown style puts one blank line on each side of a heading).
import type { CardSection } from '../../artifacts/types.ts';

export interface TextLine {
  /** 1-based line in the card file. */
  line: number;
  text: string;
}

export interface SectionText {
  section: CardSection;
  /** Text before the first sub-section, with file lines (blank lines included). */
  lines: TextLine[];
  hasSubsections: boolean;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Index of the first line of `lines` that is the heading of `target` (fenced code skipped). */
function headingIndex(lines: string[], target: CardSection): number {
  let fence: string | undefined;
  let fallback = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    const h = ATX.exec(line);
    if (!h || h[1]!.length !== target.level) continue;
    if ((h[2] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim() === target.heading) return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}

/** Every section's own text with its file lines, in document order. */
export function sectionTexts(sections: readonly CardSection[]): SectionText[] {
  const ordered = [...sections].sort((a, b) => a.line - b.line);
  const starts = new Map<CardSection, number | undefined>();

  /** File line of `body`'s first line, when an anchor fixes it. */
  const bodyStart = (i: number): number | undefined => {
    const section = ordered[i]!;
    if (starts.has(section)) return starts.get(section);
    const next = ordered[i + 1];
    let start: number | undefined;
    if (next && next.level > section.level) {
      const j = headingIndex(section.body.split('\n'), next);
      if (j >= 0) start = next.line - j;
    }
    starts.set(section, start);
    return start;
  };

  const parentOf = (i: number): number | undefined => {
    for (let p = i - 1; p >= 0; p--) if (ordered[p]!.level < ordered[i]!.level) return p;
    return undefined;
  };

  return ordered.map((section, i) => {
    const next = ordered[i + 1];
    const hasSubsections = next !== undefined && next.level > section.level;
    const bodyLines = section.body === '' ? [] : section.body.split('\n');
    const start = bodyStart(i);
    if (start !== undefined) {
      const own = bodyLines.slice(0, Math.max(0, next!.line - start));
      return { section, hasSubsections, lines: own.map((text, k) => ({ line: start + k, text })) };
    }
    const p = parentOf(i);
    const parentStart = p === undefined ? undefined : bodyStart(p);
    if (p !== undefined && parentStart !== undefined) {
      const parentLines = ordered[p]!.body.split('\n');
      const lines: TextLine[] = [];
      const end = next?.line ?? Number.POSITIVE_INFINITY;
      for (let line = section.line + 1; line < end && line - parentStart < parentLines.length; line++) {
        lines.push({ line, text: parentLines[line - parentStart]! });
      }
      return { section, hasSubsections, lines };
    }
    // No anchor: a top-level section without sub-sections (see the header comment).
    const room = next ? next.line - section.line - 1 - bodyLines.length : 2;
    const lead = room >= 2 ? Math.floor(room / 2) : 0;
    return { section, hasSubsections, lines: bodyLines.map((text, k) => ({ line: section.line + 1 + lead + k, text })) };
  });
}
