// The esbuild options every modelgate bundle shares (scripts/build.js: the CLI and the App;
// scripts/build-action.js: the Action): one self-contained ESM file for Node.

// Some dependencies are CommonJS and call require(); an ESM bundle has no require of its own.
const requireShim = [
  "import { createRequire as __modelgateCreateRequire } from 'node:module';",
  'const require = __modelgateCreateRequire(import.meta.url);',
].join('\n');

export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Prefer ESM builds: jsonc-parser's UMD main does dynamic require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  banner: { js: requireShim },
  legalComments: 'none',
  logLevel: 'warning',
};
