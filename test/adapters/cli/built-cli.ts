// The built CLI, as a user runs it: `node bin/modelgate.js …`, built once per test file into a
// temporary directory (bin/ copied beside dist/), so parallel test files never race on dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const root = join(import.meta.dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface BuiltCli {
  run(args: string[], cwd?: string): CliRun;
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

/** Runs git in `cwd` with a fixed identity and no user or system config. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  });
}

export const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');
