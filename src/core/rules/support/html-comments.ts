// Markdown text as a reader sees it, line by line: what an HTML comment (`<!-- … -->`, which may
// span lines) hides is not text. Shared by the rules that read a card's prose and placeholders.

/** The visible part of `line`, given whether a comment was open before it; a comment is replaced by a space. */
export function outsideComments(line: string, inComment: boolean): { visible: string; inComment: boolean } {
  let visible = '';
  let rest = line;
  let open = inComment;
  while (rest.length > 0) {
    if (open) {
      const end = rest.indexOf('-->');
      if (end < 0) rest = '';
      else {
        open = false;
        rest = rest.slice(end + 3);
      }
      continue;
    }
    const start = rest.indexOf('<!--');
    if (start < 0) {
      visible += rest;
      rest = '';
    } else {
      visible += `${rest.slice(0, start)} `;
      open = true;
      rest = rest.slice(start + 4);
    }
  }
  return { visible, inComment: open };
}
