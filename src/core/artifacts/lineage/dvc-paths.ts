// Small pure helpers the DVC readers share: which deps are data, how `${...}` resolves, how a
// lock entry's hash becomes a version string, how params files flatten.
import { isRecord } from '../source.ts';

/**
 * Code and configuration are deps of a stage but not datasets: a changed script is a code
 * change (reviewed as code), not an unversioned input. Decided by extension, plus the directories
 * projects conventionally keep code in. JSON/CSV/Parquet/pickles/directories count as data.
 */
const CODE_EXTENSIONS = new Set(['py', 'ipynb', 'r', 'sh', 'bash', 'jl', 'scala', 'java', 'js', 'mjs', 'ts', 'go', 'rs', 'c', 'cc', 'cpp', 'h', 'hpp', 'sql', 'rb', 'pl', 'ps1', 'bat', 'm', 'toml', 'cfg', 'ini', 'yaml', 'yml']);
const CODE_DIRS = new Set(['src', 'scripts', 'stages', 'code', 'lib', 'notebooks']);
const CODE_FILES = new Set(['requirements.txt', 'dockerfile', 'makefile', 'pipfile', 'pipfile.lock', 'poetry.lock']);

export function isCodePath(path: string): boolean {
  const clean = normalizePath(path).replace(/\/$/, '');
  const base = clean.split('/').pop() ?? '';
  if (CODE_FILES.has(base.toLowerCase())) return true;
  const dot = base.lastIndexOf('.');
  if (dot > 0 && CODE_EXTENSIONS.has(base.slice(dot + 1).toLowerCase())) return true;
  return dot <= 0 && CODE_DIRS.has(clean.split('/')[0]!.toLowerCase()) && clean.split('/').length === 1;
}

/** `./data//x.csv` and `data/x.csv` are the same file (DVC writes `model//clf` when a var ends in `/`). */
export function normalizePath(path: string): string {
  return path.trim().replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

const REFERENCE = /\$\{\s*([^}]+?)\s*\}/g;

export const hasReference = (s: string): boolean => /\$\{[^}]*\}/.test(s);

/**
 * Resolves `${a.b}` from flattened values. Only scalar values are substituted; a reference that
 * is unknown (or `${item...}`, bound per generated stage) is left as written, never guessed.
 */
export function interpolate(text: string, values: Record<string, unknown>): string {
  return text.replace(REFERENCE, (whole, key: string) => {
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : whole;
  });
}

/** A templated path as a pattern: `data/${item}.csv` matches `data/a.csv`. */
export function referencePattern(template: string): RegExp {
  const parts = normalizePath(template).split(/\$\{[^}]*\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('.+')}$`);
}

/** `{train: {params: {max_depth: 20}}}` -> `{"train.params.max_depth": 20}`; lists stay values. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!isRecord(value)) {
    if (prefix) out[prefix] = value;
    return out;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/**
 * What pins a lock/pointer entry. DVC 2 writes `md5: <hex>`; DVC 3 adds `hash: md5` naming the
 * algorithm of the value under that key; imports from clouds carry `etag`/`checksum`/`version_id`.
 */
export function hashVersion(entry: Record<string, unknown>): string | undefined {
  const algorithm = typeof entry.hash === 'string' && typeof entry[entry.hash] === 'string' ? entry.hash : undefined;
  for (const key of [algorithm, 'md5', 'etag', 'checksum', 'version_id']) {
    if (key === undefined) continue;
    const v = entry[key];
    if (typeof v === 'string' && v.trim() !== '') return `${key}:${v.trim()}`;
  }
  return undefined;
}
