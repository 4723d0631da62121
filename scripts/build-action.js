// Bundles the GitHub Action (src/adapters/action/main.ts) into one self-contained ESM file,
// dist/index.js, which is committed: a workflow runs it with node24 straight from the checkout
// (`runs.main` of action.yml), with no node_modules. The repository's package.json says
// `"type": "module"`, so node loads it as ESM. `--outfile FILE` builds elsewhere (.ci/run
// builds to a temporary file and compares it with the committed one).
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeBundleOptions } from './bundle-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outfile: { type: 'string' } }, strict: true });
const outfile = resolve(values.outfile ?? join(root, 'dist/index.js'));

await build({
  ...nodeBundleOptions,
  entryPoints: [join(root, 'src/adapters/action/main.ts')],
  outfile,
  // Paths in the bundle's comments relative to the repository, wherever it is checked out.
  absWorkingDir: root,
});
