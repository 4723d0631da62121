// Progress of a long `check` or `validate` on a terminal: one line on stderr ("checking
// 340/1000 models…") rewritten in place with \r and cleared at the end. It appears only once a
// run has taken a second (a quick run stays silent, as before), and never when stderr is not a
// terminal: piped or redirected output (CI logs, files) gets no progress at all. stdout, where
// reports go, is never touched. The terminal test and the clock are passed in, so tests can
// drive both.

export interface ProgressOptions {
  /** Whether stderr is a terminal (process.stderr.isTTY). */
  isTTY: boolean;
  /** Milliseconds from any fixed origin (performance.now). */
  now: () => number;
  /** Writes raw text to stderr, no newline added. */
  write: (text: string) => void;
  /** How long a run goes before progress shows; one second unless told. */
  delayMs?: number;
}

export interface Progress {
  /** Shows `line` ("checking 340/1000 models…") in place of the one before, once the run has taken the delay. */
  update(line: string): void;
  /** Clears the line, if one is shown; call before writing anything else to the terminal. */
  clear(): void;
  /** Runs `write`, which writes lines of its own (stdout may be the same terminal), with the line cleared first and drawn again after. */
  around(write: () => void): void;
}

/** Rewrites at most this often: a terminal redrawn for every one of 10,000 files slows the run. */
const REDRAW_MS = 50;

/** Erase to the end of the line (a shorter line must not keep the tail of the longer one before it). */
const ERASE_LINE = '\u001b[K';

/** No progress: stderr is no terminal, or the caller's io shows none (tests, an in-memory io). */
export const SILENT: Progress = { update() {}, clear() {}, around: (write) => write() };

export function createProgress(options: ProgressOptions): Progress {
  if (!options.isTTY) return SILENT;
  const start = options.now();
  const delay = options.delayMs ?? 1000;
  let shown: string | undefined;
  let drawnAt = -Infinity;
  const clear = () => {
    if (shown === undefined) return;
    options.write(`\r${ERASE_LINE}`);
    shown = undefined;
  };
  return {
    update(line) {
      const now = options.now();
      if (now - start < delay || now - drawnAt < REDRAW_MS) return;
      options.write(`\r${line}${ERASE_LINE}`);
      shown = line;
      drawnAt = now;
    },
    clear,
    around(write) {
      const line = shown;
      clear();
      write();
      if (line !== undefined) {
        options.write(`\r${line}${ERASE_LINE}`);
        shown = line;
      }
    },
  };
}

/** `countLine('checking', 340, 1000, 'models')` = "checking 340/1000 models…". */
export function countLine(verb: string, done: number, total: number, noun: string): string {
  return `${verb} ${done}/${total} ${noun}…`;
}

/**
 * Runs `work` with the io's progress line (none when the io has none), cleared when it ends,
 * however it ends: a failure's message must not land on the tail of a progress line.
 */
export async function withProgress<T>(io: { progress?: () => Progress }, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = io.progress?.() ?? SILENT;
  try {
    return await work(progress);
  } finally {
    progress.clear();
  }
}
