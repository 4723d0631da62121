// What "PR text cannot break out of the comment" means, checked on a rendered body with a small
// model of GitHub's Markdown (cmark-gfm): fenced blocks, table rows split on unescaped pipes
// before inline parsing, code spans by CommonMark's backtick-run rule, backslash escapes. Each
// function returns the problems it sees (empty = fine), so a property test can print them.

export const MARKER = '<!-- modelgate:checklist -->';
const ALLOWED_TAGS = new Set(['<details>', '</details>', '<summary>', '</summary>']);
/** Where our own links may point (the test target and the rule docs). */
const OWN_LINK = /^\]\((https:\/\/github\.com\/(?:a\/b|acme\/models)\/blob\/|https:\/\/modelgate\.example\.com\/docs\/rules\/)[^\s()<>"'`\\[\]|@]*\)/;

/** Lines outside fenced code blocks, and the fenced blocks themselves (info string, content lines). */
export function splitFences(body: string): { prose: string[]; blocks: { info: string; lines: string[]; closed: boolean }[] } {
  const prose: string[] = [];
  const blocks: { info: string; lines: string[]; closed: boolean }[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})([^`]*)$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const fence = open[1]!;
    const block = { info: open[2]!.trim(), lines: [] as string[], closed: false };
    for (i++; i < lines.length; i++) {
      if (new RegExp(`^ {0,3}\`{${fence.length},}\\s*$`).test(lines[i]!)) {
        block.closed = true;
        break;
      }
      block.lines.push(lines[i]!);
    }
    blocks.push(block);
    prose.push('⟦block⟧');
  }
  return { prose, blocks };
}

/** Table cells of a row, split on pipes no backslash escapes (cmark-gfm splits before inline parsing). */
export function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/);
}

/**
 * One inline span of text with code spans replaced by `⟦code⟧` (CommonMark: a backtick run
 * opens a span closed by the next run of the same length; a backslash outside code escapes).
 */
export function withoutCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch !== '`') {
      out += ch;
      i++;
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < text.length) {
      if (text[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (text[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close < 0) {
      out += '`'.repeat(n);
      i += n;
    } else {
      out += '⟦code⟧';
      i = close + n;
    }
  }
  return out;
}

/** The prose of the body: outside fenced blocks and code spans, table rows cell by cell. */
export function proseOf(body: string): string[] {
  return splitFences(body).prose.map((line) => (line.startsWith('|') ? cells(line).map(withoutCodeSpans).join('‖') : withoutCodeSpans(line)));
}

const MERMAID_LINE = [
  /^flowchart LR$/,
  /^ {2}d\d+\[\("[^"\n]*"\)\]$/,
  /^ {2}s\d+\["[^"\n]*"\]$/,
  /^ {2}s\d+\{\{"[^"\n]*"\}\}$/,
  /^ {2}[ds]\d+ --> s\d+$/,
  /^ {2}linkStyle \d+ stroke:#d1242f,stroke-width:3px$/,
];

/** Every invariant at once; `benign` is the same report for harmless text (for the tag counts). */
export function commentProblems(body: string, benign?: string): string[] {
  const problems: string[] = [];
  if (!body.startsWith(`${MARKER}\n`)) problems.push('does not start with the marker');
  if (body.split(MARKER).length !== 2) problems.push(`marker occurs ${body.split(MARKER).length - 1} times`);
  problems.push(...bodyProblems(body, benign));
  return problems;
}

/** The invariants that hold for the check summary too (which carries no marker). */
export function bodyProblems(body: string, benign?: string): string[] {
  const problems: string[] = [];
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  if (benign !== undefined) {
    for (const tag of ['<details>', '</details>', '<summary>', '</summary>']) {
      if (count(body, tag) !== count(benign, tag)) problems.push(`${tag} ${count(body, tag)} times, benign ${count(benign, tag)}`);
    }
  }
  const mention = /@[A-Za-z0-9]/.exec(body);
  if (mention) problems.push(`raw mention near ${JSON.stringify(body.slice(Math.max(0, mention.index - 20), mention.index + 20))}`);
  const bidi = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.exec(body);
  if (bidi) problems.push(`bidirectional control U+${bidi[0].charCodeAt(0).toString(16)} in the body`);

  const { blocks } = splitFences(body);
  for (const block of blocks) {
    if (!block.closed) problems.push(`unclosed ${block.info || 'code'} block`);
    if (block.info === 'mermaid') {
      for (const line of block.lines) if (!MERMAID_LINE.some((re) => re.test(line))) problems.push(`mermaid line out of grammar: ${JSON.stringify(line)}`);
    }
    if (block.info === 'json') {
      try {
        JSON.parse(block.lines.join('\n'));
      } catch {
        problems.push('audit record is not JSON');
      }
    }
  }

  const prose = proseOf(body);
  prose.forEach((line, index) => {
    const at = `line ${index + 1}: ${JSON.stringify(line.slice(0, 160))}`;
    for (const tag of line.match(/<[^>\n]*>?/g) ?? []) if (!ALLOWED_TAGS.has(tag) && tag !== MARKER) problems.push(`HTML ${JSON.stringify(tag)} at ${at}`);
    // Unescaped link openers: every `](` must be one of our own destinations.
    for (let i = line.indexOf(']('); i >= 0; i = line.indexOf('](', i + 1)) {
      if (line[i - 1] === '\\' && line[i - 2] !== '\\') continue;
      if (!OWN_LINK.test(line.slice(i))) problems.push(`foreign link at ${at}`);
    }
    const own = line.replace(/\]\(https:\/\/[^)\s]*\)/g, ']⟦dest⟧');
    if (/(?<!\\)!\[/.test(own)) problems.push(`image at ${at}`);
    if (/[A-Za-z]:\/\/|www\./i.test(own)) problems.push(`autolink at ${at}`);
    if (/(?<![\w\\])(#|GH-)\d/i.test(own.replace(/\\#/g, '#'))) problems.push(`issue reference at ${at}`);
  });

  // Tables: every row has its header's cell count (a pipe that escaped would add a cell).
  const lines = splitFences(body).prose;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|( ?:?-+:? ?\|)+$/.test(lines[i + 1]!)) continue;
    const width = cells(lines[i]!).length;
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      if (cells(lines[j]!).length !== width) problems.push(`table row ${j + 1} has ${cells(lines[j]!).length} cells, header ${width}`);
    }
  }
  return problems;
}
