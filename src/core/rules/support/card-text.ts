// Where each line of a card's Markdown body is. A `CardSection` gives its heading line, its body
// (sub-sections included, blank lines around it dropped) and the line that body starts on; a
// finding inside the body needs the line it is on, and a rule about a section's own text needs
// that text without its sub-sections.
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
  /** The document's title: the body's first heading, at level 1 (`# Model Card for X`). */
  isTitle: boolean;
}

/** Every section's own text with its file lines, in document order. */
export function sectionTexts(sections: readonly CardSection[]): SectionText[] {
  const ordered = [...sections].sort((a, b) => a.line - b.line);
  return ordered.map((section, i) => {
    const next = ordered[i + 1];
    const hasSubsections = next !== undefined && next.level > section.level;
    const isTitle = i === 0 && section.level === 1;
    // Synthesized sections (Model Card Toolkit) have no body in the file: their text is numbered
    // from the line after their heading's, the JSON key it came from.
    const start = section.bodyLine ?? section.line + 1;
    const bodyLines = section.body === '' ? [] : section.body.split('\n');
    const own = hasSubsections ? bodyLines.slice(0, Math.max(0, next!.line - start)) : bodyLines;
    return { section, hasSubsections, isTitle, lines: own.map((text, k) => ({ line: start + k, text })) };
  });
}
