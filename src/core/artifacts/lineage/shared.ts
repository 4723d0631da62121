// Helpers shared by the lineage parsers. Above all, one wording for their errors, so a reviewer
// reads the same sentence shape whether the file was lineage.yaml, dvc.yaml or an OpenLineage event:
//   `<path>: <problem> (line N)` and `unknown key "<k>" in <path> (line N); allowed: a, b, c`.
// The line is repeated in the message because messages are also shown where the line is not
// (check-run summaries, the CLI's one-line output).
import { lineOf, parseError } from '../source.ts';
import type { Locations, ParseError } from '../types.ts';

export type Path = readonly (string | number)[];

export function pathText(path: Path): string {
  return path.length === 0 ? 'the top level' : path.join('.');
}

/** A short, human description of what was found where something else was expected. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

export function schemaError(file: string, locations: Locations, path: Path, problem: string): ParseError {
  const line = lineOf(locations, path.map(String));
  return parseError(file, line, 'schema', `${pathText(path)}: ${problem} (line ${line})`);
}

export function missingKeyError(file: string, locations: Locations, parent: Path, key: string): ParseError {
  return schemaError(file, locations, parent, `missing required key "${key}"`);
}

export function unknownKeyError(file: string, locations: Locations, parent: Path, key: string, allowed: readonly string[]): ParseError {
  const line = lineOf(locations, [...parent, key].map(String));
  const where = parent.length === 0 ? 'at the top level' : `in ${pathText(parent)}`;
  const hint = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
  return parseError(file, line, 'unknown-key', `unknown key "${key}" ${where} (line ${line})${hint}`);
}

/** Stable order for reporting: by line, then as found. */
export function byLine(errors: ParseError[]): ParseError[] {
  return errors.map((e, i) => [e, i] as const).sort((a, b) => a[0].line - b[0].line || a[1] - b[1]).map(([e]) => e);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Adds only the optional fields that have a value, so results compare cleanly with toEqual. */
export function withOptional<T extends object, O extends Record<string, unknown>>(base: T, optional: O): T & Partial<O> {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) out[k] = v;
  return out as T & Partial<O>;
}
