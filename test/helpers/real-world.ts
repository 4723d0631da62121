// The real files copied byte-exact from ../shared/real-world into test/fixtures/real-world,
// and their EXPECTED.tsv roles: one place that knows where they live and how to read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../../src/core/artifacts/source.ts';

export const REAL_WORLD_ROOT = join(import.meta.dirname, '../fixtures/real-world');

export type ExpectedRole = 'parse-ok' | 'parse-error' | 'reference';

/** The file's text exactly as stored. */
export function realWorldFile(path: string): string {
  return readFileSync(join(REAL_WORLD_ROOT, path), 'utf8');
}

/** What the real pipeline hands a parser: the file through readText's guards (BOM removed). */
export function realWorldText(path: string): string {
  const { text, error } = readText(path, readFileSync(join(REAL_WORLD_ROOT, path)));
  if (error || text === undefined) throw new Error(`fixture ${path} unreadable: ${error?.message}`);
  return text;
}

/** EXPECTED.tsv rows `[path, role, what a reader must do]`, optionally only those under `prefix`. */
export function expectedRows(prefix = ''): [string, ExpectedRole, string][] {
  return readFileSync(join(REAL_WORLD_ROOT, 'EXPECTED.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && line.startsWith(prefix))
    .map((line) => line.split('\t') as [string, ExpectedRole, string]);
}
