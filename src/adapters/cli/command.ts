// The contract every CLI command implements. A command is one file under commands/, listed in
// commands/index.ts; the runner owns argument parsing, --help, usage errors and exit codes.
import type { ParseArgsConfig } from 'node:util';
import type { Progress } from './progress.ts';

/** Exit codes shared by every command (DESIGN §7). */
export const EXIT = {
  /** Ran, nothing wrong. */
  ok: 0,
  /** Ran, and found errors (parse errors, error findings). */
  errors: 1,
  /** Could not run: bad arguments, missing files, unreadable policy, internal error. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes; tests pass an in-memory one. */
export interface CliIo {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Writes one line (a newline is added) to standard output. */
  out(line: string): void;
  /** Writes one line (a newline is added) to standard error. */
  err(line: string): void;
  /** True when standard output is a terminal that takes colour. */
  color: boolean;
  /** Starts a progress line on stderr for a long run (progress.ts); absent: no progress is shown. */
  progress?: () => Progress;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandArgs {
  values: OptionValues;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for `modelgate --help`. */
  summary: string;
  /** The whole text of `modelgate <name> --help`. */
  help: string;
  /** node:util parseArgs options; `--help`/`-h` is added by the runner. */
  options?: ParseArgsConfig['options'];
  run(args: CommandArgs, io: CliIo): Promise<number>;
}

/** Thrown by a command for a mistake in how it was called; the runner prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Thrown when a command was called correctly but cannot run: an unreadable repository, a bad
 * policy, `--base` outside a git repository. The runner prints it and exits 2, without the
 * usage hint a UsageError gets.
 */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
}
