// Writes schemas/*.schema.json from the zod schemas (src/core/schemas.ts).
// `--check` writes nothing and exits 1 listing every file that is missing or differs,
// so CI fails when someone changes a zod schema and forgets to regenerate.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema, schemaFileName, SCHEMA_NAMES } from '../src/core/schemas.ts';
import { errorMessage } from '../src/adapters/messages.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'schemas');

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function main(check: boolean): Promise<number> {
  const stale: string[] = [];
  await mkdir(outDir, { recursive: true });
  for (const name of SCHEMA_NAMES) {
    const relative = `schemas/${schemaFileName(name)}`;
    const path = join(root, relative);
    const expected = renderJsonSchema(name);
    if ((await readOrEmpty(path)) === expected) continue;
    stale.push(relative);
    if (!check) await writeFile(path, expected);
  }
  if (check && stale.length > 0) {
    console.error(`JSON Schemas out of date (run \`npm run schemas\`):\n${stale.map((file) => `  ${file}`).join('\n')}`);
    return 1;
  }
  console.log(check ? 'JSON Schemas are up to date.' : stale.length > 0 ? `Wrote ${stale.join(', ')}` : 'JSON Schemas already up to date.');
  return 0;
}

main(process.argv.includes('--check')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`generate-schemas: ${errorMessage(error)}`);
    process.exitCode = 1;
  },
);
