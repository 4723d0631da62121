// The built CLI, as a user runs it: `node bin/modelgate.js …`, built once per test file into a
// temporary directory (bin/ copied beside dist/), so parallel test files never race on dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { root } from './harness.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface BuiltCli {
  run(args: string[], cwd?: string): CliRun;
  /** The built `bin/modelgate.js`, for a test that spawns it itself (with node flags). */
  readonly bin: string;
  /** A scratch directory in the sandbox with `files` (path -> content). */
  scratch(files: Record<string, string>): string;
}

/** Registers beforeAll/afterAll that build the CLI; call at the top of a test file. */
export function useBuiltCli(): BuiltCli {
  let sandbox = '';
  let bin = '';
  beforeAll(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'modelgate-cli-'));
    bin = join(sandbox, 'bin/modelgate.js');
    mkdirSync(dirname(bin));
    copyFileSync(join(root, 'bin/modelgate.js'), bin);
    execFileSync(process.execPath, [join(root, 'scripts/build.js'), '--only', 'cli', '--outdir', join(sandbox, 'dist')], { stdio: 'pipe' });
  }, 60_000);
  afterAll(() => {
    rmSync(sandbox, { recursive: true, force: true });
  });
  return {
    get bin() {
      return bin;
    },
    run(args, cwd = root) {
      const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    scratch(files) {
      const dir = mkdtempSync(join(sandbox, 'repo-'));
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      return dir;
    },
  };
}
