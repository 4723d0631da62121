// Which raw HTML in a comment hides what follows it when GitHub renders the comment: a
// collapsed `<details>`, a `<div hidden>`, an unclosed comment or tag. commands.ts reads the
// comment's CommonMark tree and asks this module, for each top-level paragraph, whether HTML
// above it left something open. Pure; errs towards "hidden".

/**
 * What raw HTML has left open, read the way a browser's tokenizer would, erring towards "open":
 * elements by name (a count, so nesting works), an `<!--` comment, a raw-text element such as
 * `<style>` (tags inside it are text, so its closes are not trusted, its opens still are), or a
 * tag or `<!…>` that never ends (it swallows the text after it, so the rest of the comment).
 */
export interface HtmlState {
  open: Map<string, number>;
  comment: boolean;
  rawText: string | undefined;
  broken: boolean;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const RAW_TEXT_ELEMENTS = new Set(['iframe', 'noembed', 'noframes', 'noscript', 'script', 'style', 'textarea', 'title', 'xmp']);

export function emptyHtmlState(): HtmlState {
  return { open: new Map(), comment: false, rawText: undefined, broken: false };
}

export function hides(state: HtmlState): boolean {
  return state.broken || state.comment || state.rawText !== undefined || state.open.size > 0;
}

export function keepOpen(state: HtmlState, nested: HtmlState): void {
  for (const [name, depth] of nested.open) state.open.set(name, (state.open.get(name) ?? 0) + depth);
  state.comment ||= nested.comment;
  state.broken ||= nested.broken;
  if (nested.rawText !== undefined) {
    if (state.rawText === undefined) state.rawText = nested.rawText;
    else state.open.set(nested.rawText, (state.open.get(nested.rawText) ?? 0) + 1);
  }
}

export function scanHtml(html: string, state: HtmlState): void {
  let at = 0;
  while (!state.broken && at < html.length) {
    if (state.comment) {
      const end = html.indexOf('-->', at);
      if (end < 0) return;
      state.comment = false;
      at = end + 3;
      continue;
    }
    const lt = html.indexOf('<', at);
    if (lt < 0) return;
    if (html.startsWith('<!--', lt)) {
      state.comment = true;
      at = lt + 2; // `<!-->` and `<!--->` close themselves
      continue;
    }
    const next = html[lt + 1];
    const closing = next === '/';
    const nameStart = closing ? lt + 2 : lt + 1;
    if (next === '!' || next === '?' || (closing && !isAsciiLetter(html[nameStart]))) {
      // A declaration, processing instruction or malformed end tag: a bogus comment up to `>`.
      const end = html.indexOf('>', lt + 2);
      if (end < 0) {
        state.broken = true;
        return;
      }
      at = end + 1;
      continue;
    }
    if (!isAsciiLetter(html[nameStart])) {
      at = lt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < html.length && !endsTagName(html[nameEnd])) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const end = tagEnd(html, nameEnd);
    if (end < 0) {
      state.broken = true;
      return;
    }
    at = end;
    if (closing) closeElement(state, name);
    else openElement(state, name);
  }
}

function openElement(state: HtmlState, name: string): void {
  if (VOID_ELEMENTS.has(name)) return;
  if (name === 'plaintext') state.broken = true;
  else if (RAW_TEXT_ELEMENTS.has(name) && state.rawText === undefined) state.rawText = name;
  else state.open.set(name, (state.open.get(name) ?? 0) + 1);
}

function closeElement(state: HtmlState, name: string): void {
  if (state.rawText !== undefined) {
    if (name === state.rawText) state.rawText = undefined;
    return;
  }
  const depth = state.open.get(name);
  if (depth === undefined) return;
  if (depth > 1) state.open.set(name, depth - 1);
  else state.open.delete(name);
}

/**
 * Where a tag that began before `from` ends (just past its `>`), or -1 when it never does. Follows
 * the browser's attribute rules, so a `>` or a close tag inside a quoted value does not end it.
 */
function tagEnd(html: string, from: number): number {
  let at = from;
  for (;;) {
    while (at < html.length && (isHtmlSpace(html[at]) || html[at] === '/')) at++;
    if (at >= html.length) return -1;
    if (html[at] === '>') return at + 1;
    at++; // the attribute name's first character, whatever it is (even `=`)
    while (at < html.length && !endsTagName(html[at]) && html[at] !== '=') at++;
    while (at < html.length && isHtmlSpace(html[at])) at++;
    if (html[at] !== '=') continue;
    at++;
    while (at < html.length && isHtmlSpace(html[at])) at++;
    const quote = html[at];
    if (quote === '"' || quote === "'") {
      const closeQuote = html.indexOf(quote, at + 1);
      if (closeQuote < 0) return -1;
      at = closeQuote + 1;
    } else {
      while (at < html.length && !isHtmlSpace(html[at]) && html[at] !== '>') at++;
    }
  }
}

function isAsciiLetter(char: string | undefined): boolean {
  return char !== undefined && /^[A-Za-z]$/.test(char);
}

function isHtmlSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f';
}

function endsTagName(char: string | undefined): boolean {
  return char === undefined || char === '/' || char === '>' || isHtmlSpace(char);
}
