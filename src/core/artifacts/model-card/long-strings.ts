// Model Card Toolkit cards embed PNG graphics as base64 strings, megabytes long. parseJson finds
// lines by running the YAML reader over the document, which spends hundreds of milliseconds on
// one such string. Lines do not depend on a string's contents (JSON strings hold no raw line
// breaks), so the line map is taken from a copy with long values emptied, and the data from
// JSON.parse of the original, which is fast and exact.
import { parseJson, type LocatedDocument } from '../source.ts';

/** Strings longer than this (in source characters) are emptied for the line map. */
const LONG = 256;

/** `text` with the contents of long string *values* removed; keys are kept (they name lines). */
export function emptyLongStrings(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let end = i + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end - i - 1 > LONG && !/^\s*:/.test(text.slice(end + 1, end + 64))) {
      out += text.slice(copied, i + 1);
      copied = end;
    }
    i = end;
  }
  return out + text.slice(copied);
}

/** parseJson with the same errors and lines, without paying for long strings. */
export function parseJsonFast(file: string, text: string): LocatedDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Invalid JSON: the slow path gives the exact error position.
    return parseJson(file, text);
  }
  const located = parseJson(file, emptyLongStrings(text));
  if (located.errors.length > 0 || located.data === undefined) return located;
  return { ...located, data };
}
