// What the CLI tests share: the repository root, git with a fixed identity, and the CLI run
// in-process through runCli (the same dispatch as the binary) with an in-memory io.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { CliIo } from '../../../src/adapters/cli/command.ts';
import { runCli } from '../../../src/adapters/cli/run.ts';

export const root = join(import.meta.dirname, '../../..');

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

/** Lines as a process prints them: each ends with a newline. */
export const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');

/** `modelgate ARGV` in `cwd`, in-process: exit code, and the lines written to each stream joined by newlines. */
export async function runInProcess(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, out: (line) => out.push(line), err: (line) => err.push(line), color: false };
  const code = await runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
