#!/usr/bin/env node
// The `modelgate` binary: the bundled CLI, dist/cli.js (built by `npm run build`). Without the
// bundle, e.g. in a checkout before its first build, it says so in one line and exits 2 (could
// not run), not with a stack trace and exit 1, which would read as "error findings".
const bundle = new URL('../dist/cli.js', import.meta.url);
try {
  await import(bundle.href);
} catch (error) {
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && error?.url === bundle.href;
  process.stderr.write(
    missing
      ? 'modelgate: the CLI is not built (dist/cli.js is missing): run `npm run build` first\n'
      : `modelgate: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
