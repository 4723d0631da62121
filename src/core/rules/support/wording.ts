// How findings name things in prose: lists a reviewer can read, values shown as written.

/**
 * `a`, `a and b`, `a, b and c`; past `max` items: `a, b, c and 4 more`. `or` joins alternatives
 * (`a, b or c`: who may approve); the "N more" tail always reads "and".
 */
export function listOf(items: readonly string[], max = 10, conjunction: 'and' | 'or' = 'and'): string {
  if (items.length === 0) return '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** `1 error`, `2 errors`: a count with its noun, for nouns that take a plain `s`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A value as a message shows it: numbers and booleans bare, strings and structures as JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Text the placeholder check treats as "nothing written here". */
const PLACEHOLDERS = new Set(['tbd', 'todo', 'n/a', 'na', 'none', 'null', '-', '?', '...', '…', 'more information needed', '[more information needed]']);

/** True when a free-text field is missing, empty or a placeholder (`TBD`, `n/a`, `TODO`). */
export function isBlank(value: string | undefined): boolean {
  if (value === undefined) return true;
  const text = value.trim().toLowerCase();
  return text === '' || PLACEHOLDERS.has(text) || PLACEHOLDERS.has(text.replace(/[.!:]+$/, ''));
}
