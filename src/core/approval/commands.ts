// `/modelgate …` commands in PR comments. Pure: a comment body in, the commands it carries out.
//
// A command counts only where a reader of the rendered comment sees it typed as a command. Line
// regexes cannot see that: in CommonMark a line right after `> quoted` is still inside the quote
// (a lazy continuation), and a paragraph after `<details>` sits in a collapsed block, though
// neither line looks quoted or hidden on its own. So the body is parsed into a CommonMark tree
// (markdown-it, plus GitHub's tables, strikethrough and footnotes), and:
// - only paragraphs at the top level of the comment count: nothing inside a block quote, list,
//   code (fenced, indented, or a fence never closed), heading (`/modelgate approve` over `---` is
//   a setext heading), table, footnote, link definition or HTML block, so quoting someone's
//   approval, showing the syntax, or hiding text never approves anything;
// - HTML that leaves an element (`<details>`, `<div hidden>`, any tag with a closing tag, hidden
//   or not: we do not guess at CSS) or an `<!--` comment open hides every later paragraph until
//   a later top-level HTML block closes it; a close nested in a quote, list or paragraph is not
//   trusted to end it;
// - in a paragraph, a command is a source line that starts with `/modelgate` (up to three spaces
//   of indent; four or a tab is code) and is plain text only: not in a code span, link, emphasis
//   or strikethrough, not inside or after inline HTML, not after a `$` (GitHub math can
//   `\phantom` text away);
// - where the Markdown is ambiguous, the reading that ignores the command wins;
// - `/modelgate` and the subcommand are case-insensitive (phones capitalise the first letter);
//   rule and checklist ids are lower-cased, reasons are kept as written;
// - every command line of a comment counts, in order (waive two rules and approve in one go);
// - arguments are strict: `/modelgate approve once CI is green` is a conditional approval, so it
//   is refused as invalid rather than read as an approval.
// Comments run up to 65,536 characters and anyone can post one, so parsing must stay linear:
// markdown-it is (it runs CommonMark's pathological inputs in its test suite; micromark, behind
// mdast-util-from-markdown, took seconds to minutes on some 64 KiB bodies), and so is the HTML
// scan below (it never goes back over text it has read).

import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { emptyHtmlState, hides, keepOpen, scanHtml } from './html-state.ts';

export type Command =
  | { kind: 'approve'; line: number; text: string }
  | { kind: 'recheck'; line: number; text: string }
  | { kind: 'waive'; ruleId: string; reason?: string; line: number; text: string }
  | { kind: 'ack'; itemId: string; line: number; text: string }
  /** A known subcommand with wrong arguments; `problem` says what is wrong, for a polite answer. */
  | { kind: 'invalid'; name: string; problem: string; line: number; text: string }
  /** An unknown subcommand (`name` as written, '' when missing). */
  | { kind: 'unknown'; name: string; line: number; text: string };

export const COMMAND_USAGE: Readonly<Record<'approve' | 'recheck' | 'waive' | 'ack', string>> = {
  approve: '/modelgate approve',
  recheck: '/modelgate recheck',
  waive: '/modelgate waive <rule-id> -- <reason>',
  ack: '/modelgate ack <checklist-item>',
};

const PREFIX = /^ {0,3}\/modelgate(?=\s|$)/i;
/** Rule ids are kebab-case; `/` and `.` leave room for plugin-scoped ids. */
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
/** `--` as typed, or the em dash that macOS / iOS autocorrect turns it into. */
const REASON_SEPARATOR = /^(?:--|\u2014)(?=\s|$)/;
/**
 * A GFM table delimiter row (`| - |`, `-|`, `:-`). GitHub turns the line above it into a table
 * header even with no pipe in it, where markdown-it wants one: from that line on, nothing counts.
 */
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * CommonMark with raw HTML, plus GitHub's tables, `~~strikethrough~~` and footnotes, so their
 * contents are not read as paragraphs. No linkify: a bare URL in a waiver reason stays plain text.
 * The preset's nesting limit (20) drops what is nested deeper (and may drop the rest of the
 * comment with it), which only ever hides more.
 * (The plugin's types are written against markdown-it's CommonJS typings, hence the cast.)
 */
const markdown = new MarkdownIt('commonmark').enable(['table', 'strikethrough']).use(footnote as unknown as PluginSimple);

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Every command in a comment body, in order of appearance. */
export function parseCommands(body: string): Command[] {
  if (!/^ {0,3}\/modelgate/im.test(body)) return [];
  const lines = body.split(/\r\n|\r|\n/);
  const tokens = markdown.parse(body, {});
  const html = emptyHtmlState();
  const commands: Command[] = [];
  for (let start = 0; start < tokens.length; ) {
    const end = blockEnd(tokens, start);
    const first = tokens[start]!;
    if (first.type === 'html_block') {
      scanHtml(first.content, html);
    } else {
      const inline = tokens[start + 1];
      if (first.type === 'paragraph_open' && first.map && inline?.type === 'inline' && !hides(html)) {
        commands.push(...paragraphCommands(inline, first.map, lines));
      }
      // HTML inside this block (inline in a paragraph, or in a quote or list) can leave an element
      // or a comment open past the block; a close in there may not end one opened before (a
      // browser ignores `</span>` inside a `<p>`), so it is scanned on its own, keeping its opens.
      const nested = emptyHtmlState();
      for (let i = start; i < end; i++) for (const value of htmlIn(tokens[i]!)) scanHtml(value, nested);
      keepOpen(html, nested);
    }
    start = end;
  }
  return commands;
}

/** The index just past the top-level block that starts at `start` (its close token, if it opens). */
function blockEnd(tokens: readonly Token[], start: number): number {
  let depth = tokens[start]!.nesting === 1 ? 1 : 0;
  let at = start + 1;
  while (depth > 0 && at < tokens.length) depth += tokens[at++]!.nesting;
  return at;
}

/** Raw HTML a token puts on the page: an HTML block, or the inline HTML of a run of text. */
function htmlIn(token: Token): string[] {
  if (token.type === 'html_block') return [token.content];
  if (token.type !== 'inline') return [];
  return (token.children ?? []).filter((child) => child.type === 'html_inline').map((child) => child.content);
}

/**
 * Commands typed as lines of a top-level paragraph (`map`: its source lines, 0-based, end
 * exclusive). Tokens carry no positions, so lines are counted: every line ending in the paragraph
 * is a break token, or sits inside inline HTML or an image's alt text, except inside a code span
 * or between a link's parts, where it is lost. If any was lost, nothing from the first code span
 * or link on can be placed on a line, so it does not count.
 */
function paragraphCommands(inline: Token, [from, to]: [number, number], lines: readonly string[]): Command[] {
  const touched = new Set<number>(); // lines (relative) touched by anything but plain text
  let line = 0;
  let depth = 0; // inside emphasis, strikethrough or a link
  let cut = to - from; // lines from here on do not count
  let firstLossy = Infinity;
  for (const child of inline.children ?? []) {
    const at = line;
    const isBreak = child.type === 'softbreak' || child.type === 'hardbreak';
    line += isBreak ? 1 : newlines(child.content);
    if (depth > 0 || !(isBreak || child.type === 'text')) for (let l = at; l <= line; l++) touched.add(l);
    if (OPENS.has(child.type)) depth++;
    else if (CLOSES.has(child.type)) depth--;
    // Inline HTML may hide what follows it (`<span hidden>`): nothing after it counts.
    if (child.type === 'html_inline') cut = Math.min(cut, at);
    else if (!isBreak && !LOSSLESS.has(child.type)) firstLossy = Math.min(firstLossy, at);
  }
  if (line !== to - from - 1) cut = Math.min(cut, firstLossy === Infinity ? 0 : firstLossy);
  for (let index = 1; index < cut; index++) if (TABLE_DELIMITER.test(lines[from + index] ?? '')) cut = index - 1;
  const commands: Command[] = [];
  for (let index = 0; index < cut; index++) {
    const source = lines[from + index] ?? '';
    const command = touched.has(index) ? undefined : parseLine(source, from + index + 1);
    if (command) commands.push(command);
    if (source.includes('$')) break;
  }
  return commands;
}

const OPENS = new Set(['em_open', 'strong_open', 's_open', 'link_open']);
const CLOSES = new Set(['em_close', 'strong_close', 's_close', 'link_close']);
/** Inline tokens whose line endings all show (as break tokens or in their content). */
const LOSSLESS = new Set(['text', 'html_inline', 'em_open', 'em_close', 'strong_open', 'strong_close', 's_open', 's_close']);

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** One line to a command, or undefined when the line is not a command at all. */
export function parseLine(line: string, lineNumber = 1): Command | undefined {
  const prefix = PREFIX.exec(line);
  if (!prefix) return undefined;
  const text = line.trim();
  const rest = line.slice(prefix[0].length).trim();
  const [rawName = '', ...args] = rest.length > 0 ? rest.split(/\s+/) : [];
  const name = rawName.toLowerCase();
  const base = { line: lineNumber, text };
  const invalid = (problem: string): Command => ({ kind: 'invalid', name, problem, ...base });

  switch (name) {
    case 'approve':
    case 'recheck':
      return args.length === 0 ? { kind: name, ...base } : invalid(`\`${COMMAND_USAGE[name]}\` takes no arguments`);
    case 'ack': {
      const id = args[0]?.toLowerCase();
      if (!id || args.length > 1 || !ID.test(id)) return invalid(`expected \`${COMMAND_USAGE.ack}\` with one item id`);
      return { kind: 'ack', itemId: id, ...base };
    }
    case 'waive':
      return parseWaive(rest.slice(rawName.length).trim(), base, invalid);
    default:
      return { kind: 'unknown', name: rawName, ...base };
  }
}

function parseWaive(
  args: string,
  base: { line: number; text: string },
  invalid: (problem: string) => Command,
): Command {
  const usage = `expected \`${COMMAND_USAGE.waive}\``;
  const [rawId = ''] = args.split(/\s/, 1);
  const ruleId = rawId.toLowerCase();
  if (!ruleId || !ID.test(ruleId)) return invalid(`${usage} with a rule id`);
  const afterId = args.slice(rawId.length).trim();
  if (afterId === '') return { kind: 'waive', ruleId, ...base };
  const separator = REASON_SEPARATOR.exec(afterId);
  if (!separator) return invalid(`${usage}: put \`--\` between the rule id and the reason`);
  const reason = afterId.slice(separator[0].length).trim();
  return reason === '' ? { kind: 'waive', ruleId, ...base } : { kind: 'waive', ruleId, reason, ...base };
}
