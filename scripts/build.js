// Bundles modelgate's programs into one ESM file each under dist/:
//   cli  src/adapters/cli/main.ts     -> dist/cli.js  (bin/modelgate.js, npx modelgate)
//   app  src/adapters/probot/main.ts  -> dist/app.js  (the GitHub App, run by the container
//        with plain `node`: no TypeScript loader, no dev dependencies)
// `--only cli|app` builds one of them; `--outdir DIR` builds elsewhere (tests build into a
// temporary directory, so parallel test files never race on dist/).
//
// modelgate's Redis parts (src/adapters/probot/redis.ts, only when REDIS_URL is set) load
// ioredis at run time with a bare dynamic `import('ioredis')`, as Probot does for its own; it
// stays external, so it resolves from node_modules next to the bundle. BullMQ, redis-semaphore
// and Bottleneck, which take the ioredis clients modelgate gives them, are bundled (pinned by
// the lockfile). msgpackr-extract, BullMQ's optional native speed-up of msgpackr, stays
// external: msgpackr falls back to its JavaScript.
// smee-client (WEBHOOK_PROXY_URL, local development only) is loaded the same way and stays
// external too: the production image does not install it.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeBundleOptions } from './bundle-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' }, only: { type: 'string' } }, strict: true });
const outdir = resolve(values.outdir ?? join(root, 'dist'));

const programs = {
  cli: join(root, 'src/adapters/cli/main.ts'),
  app: join(root, 'src/adapters/probot/main.ts'),
};
if (values.only && !(values.only in programs)) {
  console.error(`build: --only takes one of ${Object.keys(programs).join(', ')}`);
  process.exit(2);
}
const entries = Object.entries(programs)
  .filter(([name]) => !values.only || name === values.only)
  .map(([out, entry]) => ({ in: entry, out }));

await build({
  ...nodeBundleOptions,
  entryPoints: entries,
  outdir,
  // Never bundled: optional at run time, installed beside the bundle when wanted.
  external: ['ioredis', 'msgpackr-extract', 'smee-client'],
});
