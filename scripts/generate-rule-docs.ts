// Writes docs/rules/<id>.md for every registered rule, and docs/rules/README.md as the index,
// from the rules' own metadata (ESLint-style: the doc can never disagree with the rule).
// The rendering itself is src/core/report/rule-doc.ts, shared with `modelgate explain`.
// `--check` writes nothing and exits 1 listing every doc that is missing, stale or orphaned.
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderIndex, renderRuleDoc } from '../src/core/report/rule-doc.ts';
import type { Rule } from '../src/core/rules/define.ts';
import { rules } from '../src/core/rules/index.ts';
import { errorMessage } from '../src/adapters/messages.ts';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const docsDir = join(root, 'docs/rules');

/** Every generated file: docs/rules-relative name -> content. */
export function renderAll(all: readonly Rule<any>[] = rules): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of all) files.set(`${rule.meta.id}.md`, renderRuleDoc(rule));
  files.set('README.md', renderIndex(all));
  return files;
}

/** Docs that are missing or differ, and docs of rules that no longer exist. */
export async function staleDocs(expected = renderAll()): Promise<{ stale: string[]; orphaned: string[] }> {
  const present = await readdir(docsDir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const [name, text] of expected) {
    const current = await readFile(join(docsDir, name), 'utf8').catch(() => undefined);
    if (current !== text) stale.push(`docs/rules/${name}`);
  }
  const orphaned = present.filter((n) => n.endsWith('.md') && !expected.has(n)).map((n) => `docs/rules/${n}`);
  return { stale, orphaned };
}

async function main(check: boolean): Promise<number> {
  const expected = renderAll();
  const { stale, orphaned } = await staleDocs(expected);
  if (check) {
    if (stale.length + orphaned.length === 0) {
      console.log('Rule docs are up to date.');
      return 0;
    }
    console.error(`Rule docs out of date (run \`npm run docs\`):\n${[...stale, ...orphaned.map((o) => `${o} (no such rule)`)].map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  await mkdir(docsDir, { recursive: true });
  for (const file of stale) await writeFile(join(root, file), expected.get(file.slice('docs/rules/'.length))!);
  for (const file of orphaned) await unlink(join(root, file));
  console.log(stale.length + orphaned.length > 0 ? `Wrote ${stale.length} and removed ${orphaned.length} rule doc(s).` : 'Rule docs already up to date.');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.includes('--check')).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`generate-rule-docs: ${errorMessage(error)}`);
      process.exitCode = 1;
    },
  );
}
