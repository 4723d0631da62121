// Bundles the CLI into one ESM file, dist/cli.js, for `bin/modelgate.js` and `npx modelgate`.
// `--outdir DIR` builds elsewhere (tests build into a temporary directory, so parallel test
// files never race on dist/).
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } }, strict: true });
const outdir = resolve(values.outdir ?? join(root, 'dist'));

// Some dependencies are CommonJS and call require(); an ESM bundle has no require of its own.
const requireShim = [
  "import { createRequire as __modelgateCreateRequire } from 'node:module';",
  'const require = __modelgateCreateRequire(import.meta.url);',
].join('\n');

/** One entry per shipped program; the Action's bundle can join this list. */
const entries = [{ in: join(root, 'src/adapters/cli/main.ts'), out: 'cli' }];

await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Prefer ESM builds: jsonc-parser's UMD main does dynamic require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  banner: { js: requireShim },
  legalComments: 'none',
  logLevel: 'warning',
});
