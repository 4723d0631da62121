// The package as a user gets it: `npm pack` (its prepack builds the bundles) into a temporary
// directory, the tarball installed into an empty directory with npm, and `npx modelgate …` run
// there: --version, check on a copy of examples/, validate, init. The bundle inlines every
// package it uses, so the tarball declares no dependencies and installs offline; nothing of the
// repository's node_modules is reachable from the install directory (it lies under the OS temp
// directory). Runs with the rest of the suite in CI (`npx vitest run`), in a few seconds.
//
// `npm pack` runs in a copy of the repository (node_modules linked, not copied), so the build
// never writes the working tree's dist/ while other tests or people use it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

/** The environment without npm's own npm_* variables (set when the suite runs under `npm test`). */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

// Not copied into the staging copy: what the build makes, and what the package never ships.
const notStaged = new Set(['node_modules', '.git', 'dist', 'test', 'bench', 'coverage', 'tmp']);

let work = '';
let use = '';
let packed: { filename: string; size: number; files: { path: string }[] };

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function modelgate(args: string[], cwd = use) {
  const run = spawnSync('npx', ['modelgate', ...args], { cwd, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'modelgate-pack-'));
  const stage = join(work, 'stage');
  const out = join(work, 'out');
  use = join(work, 'use');
  for (const dir of [stage, out, use]) mkdirSync(dir);
  for (const name of readdirSync(root)) {
    if (!notStaged.has(name)) cpSync(join(root, name), join(stage, name), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');

  packed = (JSON.parse(npm(['pack', '--json', '--pack-destination', out], stage)) as (typeof packed)[])[0]!;
  const tarball = join(out, packed.filename);
  try {
    npm(['install', '--offline', '--no-audit', '--no-fund', tarball], use);
  } catch {
    // Only if the package ever declares a dependency the local cache lacks: fetch it.
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], use);
  }
  cpSync(join(root, 'examples'), join(use, 'examples'), { recursive: true });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the bin, the CLI bundle, schemas and rule docs, and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/modelgate.js', 'dist/cli.js', 'schemas/policy.schema.json', 'docs/rules/README.md']));
    // npm adds a LICENSE or CHANGELOG by itself when there is one.
    const tops = new Set(paths.map((p) => p.split('/')[0]!).filter((p) => !/^(licen[cs]e|changelog)/i.test(p)));
    expect([...tops].sort()).toEqual(['README.md', 'bin', 'dist', 'docs', 'package.json', 'schemas']);
    expect(paths.filter((p) => p.startsWith('dist/'))).toEqual(['dist/cli.js']);
    expect(packed.size).toBeLessThan(1_000_000);
  });

  it('installs into an empty directory with nothing but modelgate (every dependency is bundled)', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(join(use, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['modelgate']);
    expect(existsSync(join(use, 'node_modules/.bin/modelgate'))).toBe(true);
  });
});

describe('npx modelgate from the installed tarball', () => {
  it('--version prints the package version', () => {
    const run = modelgate(['--version']);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${manifest.version}\n`, '']);
  });

  it('check on a copy of examples/ reports the planted model and exits 1', () => {
    const run = modelgate(['check', 'examples', '--all']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('3 models checked:');
    expect(run.stdout).toMatch(/examples\/models\/churn-clean +tier medium +\S+ +✔ clean/);
    expect(run.stdout).toMatch(/examples\/models\/fraud-planted +tier high +\S+ +✖ 9 errors/);
    expect(run.stdout).toContain('lineage-split-before-fit');
  });

  it('validate reads every artifact of examples/ and exits 0', () => {
    const run = modelgate(['validate', 'examples']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('examples/.github/modelgate.yml: modelgate-policy');
    expect(run.stdout).toContain('examples/models/fraud-planted/lineage.yaml: modelgate-lineage');
    expect(run.stdout).toContain('8 files read, no errors');
  });

  it('init writes the policy and the card template, which validate accepts', () => {
    const run = modelgate(['init', 'fresh']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('wrote fresh/.github/modelgate.yml\n');
    expect(run.stdout).toContain('wrote fresh/.github/MODEL_CARD.template.md\n');
    const validate = modelgate(['validate', 'fresh/.github/modelgate.yml']);
    expect([validate.code, validate.stdout]).toEqual([0, expect.stringContaining('fresh/.github/modelgate.yml: modelgate-policy')]);
  });
});
