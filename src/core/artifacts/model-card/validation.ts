// Turns zod issues into ParseErrors that point at a line, and tells a mapper which parts of a
// document are valid so it can keep them (one bad metric must not hide the rest of a card).
import type { z } from 'zod';
import { lineOf, parseError } from '../source.ts';
import type { Locations, ParseError } from '../types.ts';
import { describeValue } from './metric-value.ts';

type Path = (string | number)[];

export interface Validation {
  errors: ParseError[];
  /** True when no issue (other than an unknown key) lies at, above or below `path`. */
  isValid(path: Path): boolean;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  tuple: 'a list',
};

/** The message for issues whose schema did not bring its own (`error:` option). */
function defaultMessage(issue: z.core.$ZodRawIssue): string {
  const found = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type': {
      const what = NOUNS[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `missing, expected ${what}` : `expected ${what}, found ${found}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}, found ${found}`;
    case 'too_small':
      if (issue.origin === 'string') return 'expected a non-empty string';
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s), found ${found}`;
      return `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, found ${found}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} item(s), found ${found}`;
      return `expected a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, found ${found}`;
    default:
      return `invalid value ${found}`;
  }
}

/** "riskTier" and "risk-tier" are one edit away from "risk_tier" in spirit: compare loosely. */
function suggestion(key: string, allowed: string[]): string | undefined {
  const loose = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  return allowed.find((a) => loose(a) === loose(key));
}

/** Keys a strict object accepts, read from its shape so messages never drift from the schema. */
function allowedKeys(schema: z.ZodType, path: Path): string[] {
  let node: unknown = schema;
  for (const part of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (def?.type === 'object') node = def.shape?.[String(part)];
    else if (def?.type === 'array') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return [];
  }
  const def = (unwrap(node) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (current?.def && ['optional', 'nullable', 'default', 'pipe'].includes(current.def.type ?? '')) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}

/**
 * Validates `data` found at `prefix` in a document. Each issue becomes one error naming the key
 * path (`governance.evaluation.metrics.0.value: ...`) at the line `locations` gives for it; an
 * unknown key is reported as `unknown-key` at the line of that key. `locations` may be a function
 * giving them, called only when there is an issue to place (a caller whose map leaves parts out).
 */
export function validate(file: string, schema: z.ZodType, data: unknown, locationsOrLater: Locations | (() => Locations), prefix: Path): Validation {
  const result = schema.safeParse(data, { reportInput: true, error: defaultMessage });
  if (result.success) return { errors: [], isValid: () => true };
  const locations = typeof locationsOrLater === 'function' ? locationsOrLater() : locationsOrLater;
  const errors: ParseError[] = [];
  const invalid: string[][] = [];
  for (const issue of result.error.issues) {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path as Path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const hint = suggestion(key, allowed);
        const tail = hint ? `did you mean "${hint}"?` : `allowed keys: ${allowed.join(', ')}`;
        errors.push(parseError(file, lineOf(locations, keyPath), 'unknown-key', `${keyPath.join('.')}: unknown key "${key}"; ${tail}`));
      }
      continue;
    }
    invalid.push(path);
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    errors.push(parseError(file, lineOf(locations, path), 'schema', `${where}${issue.message}`));
  }
  const related = (a: string[], b: string[]) => a.every((part, i) => i >= b.length || b[i] === part);
  return {
    errors,
    isValid: (p) => {
      const path = [...prefix, ...p].map(String);
      return !invalid.some((bad) => related(bad, path));
    },
  };
}
