// What a card's Markdown body *says*: its sentences (with the file line each starts on) and its
// tables. Code blocks, HTML comments and inline code are not prose: a BibTeX title such as
// "Unified, reproducible, and integratable ... toolkit" in a citation block is not a claim the
// card makes, and the Hugging Face template's `<!-- guidance -->` is never rendered.
import type { ModelCard } from '../../artifacts/types.ts';
import { sectionTexts, type TextLine } from './card-text.ts';
import { outsideComments } from './html-comments.ts';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Several rules read the same card's prose (three rules split it into sentences, one of them
 * twice): each reading is computed once per card and shared. The card is never changed after
 * parsing, and the results are read-only.
 */
function oncePerCard<T>(compute: (card: ModelCard) => T): (card: ModelCard) => T {
  const memo = new WeakMap<ModelCard, T>();
  return (card) => {
    if (!memo.has(card)) memo.set(card, compute(card));
    return memo.get(card)!;
  };
}

/** Every visible line of the body, fenced code and HTML comments blanked, inline code removed. */
export const proseLines: (card: ModelCard) => readonly TextLine[] = oncePerCard((card) => {
  const out: TextLine[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (const { section, lines } of sectionTexts(card.sections)) {
    // A heading is prose too ("## Selected on the test set" is rare, but a title names the model).
    out.push({ line: section.line, text: `${'#'.repeat(section.level)} ${section.heading}` });
    for (const { line, text } of lines) {
      const f = FENCE.exec(text);
      if (fence) {
        if (f && f[1]!.startsWith(fence)) fence = undefined;
        out.push({ line, text: '' });
        continue;
      }
      if (f && !inComment) {
        fence = f[1]!;
        out.push({ line, text: '' });
        continue;
      }
      const read = outsideComments(text, inComment);
      inComment = read.inComment;
      const visible = read.visible;
      out.push({ line, text: visible.replace(/(`+)[^`]*?\1/g, ' ') });
    }
  }
  return out;
});

export interface Sentence {
  text: string;
  /** File line the sentence starts on. */
  line: number;
}

// A sentence ends at . ! ? followed by space, not inside `e.g.`, `i.e.`, `vs.` or a number (`0.87`).
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|vs|etc|cf|al|approx|incl|no|fig))[.!?](?=\s+|$)/gi;

/**
 * The body's sentences, each with its starting line. A paragraph (lines up to a blank line, a
 * heading, a list item or a table row) is split at sentence ends; list items and table rows are
 * their own sentences.
 */
export const sentences: (card: ModelCard) => readonly Sentence[] = oncePerCard((card) => {
  const out: Sentence[] = [];
  let parts: TextLine[] = [];
  const flush = () => {
    if (parts.length === 0) return;
    let text = '';
    const starts: { offset: number; line: number }[] = [];
    for (const p of parts) {
      starts.push({ offset: text.length, line: p.line });
      text += `${p.text.trim()} `;
    }
    const lineAtOffset = (offset: number) => [...starts].reverse().find((s) => s.offset <= offset)!.line;
    let from = 0;
    for (const m of text.matchAll(SENTENCE_END)) {
      const end = m.index + 1;
      const piece = text.slice(from, end);
      const lead = piece.length - piece.trimStart().length;
      if (piece.trim() !== '') out.push({ text: piece.trim(), line: lineAtOffset(from + lead) });
      from = end;
    }
    const tail = text.slice(from);
    if (tail.trim() !== '') out.push({ text: tail.trim(), line: lineAtOffset(from + (tail.length - tail.trimStart().length)) });
    parts = [];
  };
  for (const item of proseLines(card)) {
    const text = item.text;
    const standalone = /^\s*(?:[-*+]|\d+[.)])\s+|^\s*\|/.test(text) || /^\s*#/.test(text);
    if (text.trim() === '' || standalone) flush();
    if (text.trim() === '') continue;
    parts.push(/^\s*#/.test(text) ? { line: item.line, text: text.replace(/^\s*#+\s*/, '') } : item);
    if (standalone) flush();
  }
  flush();
  return out;
});

export interface MarkdownTable {
  /** Header cells, trimmed. */
  header: string[];
  /** Data rows (the `|---|` delimiter row left out), cells trimmed. */
  rows: { cells: string[]; line: number }[];
  /** Line of the header row. */
  line: number;
}

const cellsOf = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/** GitHub-flavoured pipe tables of the body (outside code), in order. */
export const markdownTables: (card: ModelCard) => readonly MarkdownTable[] = oncePerCard((card) => {
  const lines = proseLines(card);
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]!;
    const delimiter = lines[i + 1]!;
    if (!head.text.includes('|') || !/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(delimiter.text)) continue;
    const table: MarkdownTable = { header: cellsOf(head.text), rows: [], line: head.line };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.text.includes('|') && lines[j]!.text.trim() !== ''; j++) {
      table.rows.push({ cells: cellsOf(lines[j]!.text), line: lines[j]!.line });
    }
    tables.push(table);
    i = j - 1;
  }
  return tables;
});
