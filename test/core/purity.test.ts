// src/core is pure (DESIGN §8): no file system, network, processes, environment, clock,
// randomness or GitHub clients, so every decision is reproducible from its inputs and the same
// core runs in the App, the Action and the CLI. node:crypto (deterministic hashing) and
// node:path's posix functions would be harmless, but the core uses neither for paths: it
// has its own `/`-only helpers (engine/paths.ts), so node:path is banned too, to keep paths
// platform-independent.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const coreDir = join(root, 'src/core');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}

const BANNED_MODULES = ['fs', 'fs/promises', 'path', 'net', 'http', 'https', 'http2', 'child_process', 'os', 'process', 'dgram', 'dns', 'tls', 'worker_threads', 'cluster', 'vm'];
const BANNED_PACKAGES = [/^@octokit\//, /^octokit$/, /^probot$/, /^@actions\//, /^node-fetch$/, /^undici$/, /^axios$/];

const BANNED_CODE: Array<[RegExp, string]> = [
  [/\bprocess\.env\b/, 'process.env'],
  [/\bprocess\.(cwd|exit|argv)\b/, 'process'],
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(/, 'new Date('],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bfetch\s*\(/, 'fetch('],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bcrypto\.(randomUUID|getRandomValues|randomBytes)\b/, 'random crypto'],
];

/** Module specifiers of static imports, re-exports, dynamic imports and require calls. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of source.matchAll(re)) out.push(m[1]!);
  }
  return out;
}

/** Comments say why code avoids a thing; they must not trip the scan. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = walk(coreDir);

describe('src/core is pure', () => {
  it('finds the core files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const source = stripComments(readFileSync(file, 'utf8'));
    const problems: string[] = [];
    for (const spec of specifiers(source)) {
      const bare = spec.replace(/^node:/, '');
      if (BANNED_MODULES.includes(bare) || BANNED_PACKAGES.some((re) => re.test(spec))) problems.push(`imports ${spec}`);
      if (spec.startsWith('.') && spec.includes('/adapters/')) problems.push(`imports an adapter (${spec})`);
    }
    for (const [re, what] of BANNED_CODE) if (re.test(source)) problems.push(`uses ${what}`);
    expect(problems).toEqual([]);
  });

  it('the scan catches what it bans', () => {
    const bad = "import { readFileSync } from 'node:fs';\nimport('child_process');\nconst t = Date.now();\nconst r = Math.random();\nprocess.env.X;";
    expect(specifiers(bad)).toEqual(['node:fs', 'child_process']);
    expect(BANNED_CODE.filter(([re]) => re.test(stripComments(bad))).map(([, w]) => w)).toEqual(['process.env', 'Date.now()', 'Math.random()']);
    expect(BANNED_CODE.some(([re]) => re.test(stripComments('// never Date.now() here\nconst url = "https://x";')))).toBe(false);
  });
});
