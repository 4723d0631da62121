// Entry point of the `modelgate` binary (bundled to dist/cli.js, started by bin/modelgate.js).
import { errorMessage } from '../messages.ts';
import { runCli } from './run.ts';
import type { CliIo } from './command.ts';
import { createProgress } from './progress.ts';

// `modelgate … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const io: CliIo = {
  cwd: process.cwd(),
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
  // A dumb terminal cannot erase a line: there the progress would pile up, so it shows none.
  progress: () => createProgress({ isTTY: Boolean(process.stderr.isTTY) && process.env['TERM'] !== 'dumb', now: () => performance.now(), write: (text) => void process.stderr.write(text) }),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`modelgate: internal error: ${errorMessage(error)}\n`);
    process.exitCode = 2;
  },
);
