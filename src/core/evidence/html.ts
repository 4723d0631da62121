// Untrusted text (card values, finding messages, file names, logins) for the HTML pack and its
// SVG: flattened to one bounded line with invisible and bidirectional characters dropped
// (singleLine), then every character that could open a tag or leave an attribute value written
// as an entity. The page has no script and a CSP that forbids one, so this is the second lock.
import { singleLine } from '../report/escape.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML (or SVG) text node or a quoted attribute value. */
export function htmlText(text: string, maxLength = 400): string {
  return singleLine(text, maxLength).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** A tag with escaped text content: `el('td', text)`. The tag and class are the renderer's own, never input. */
export function el(tag: string, text: string, className?: string, maxLength?: number): string {
  return `<${tag}${className ? ` class="${className}"` : ''}>${htmlText(text, maxLength)}</${tag}>`;
}
