// Bundles the GitHub App (src/adapters/probot/main.ts) into one ESM file, dist/app.js, which
// the container runs with plain `node` (no TypeScript loader, no dev dependencies).
// `--outdir DIR` builds elsewhere (tests build into a temporary directory).
//
// Probot loads ioredis at run time with a bare dynamic `import('ioredis')` (only when
// REDIS_URL is set); esbuild leaves that import alone, so it resolves from node_modules next
// to the bundle. Nothing else is loaded dynamically.
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

await build({
  entryPoints: [{ in: join(root, 'src/adapters/probot/main.ts'), out: 'app' }],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Prefer ESM builds: jsonc-parser's UMD main does dynamic require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  banner: { js: requireShim },
  // Never bundled: optional at run time, installed beside the bundle when wanted.
  external: ['ioredis'],
  legalComments: 'none',
  logLevel: 'warning',
});
