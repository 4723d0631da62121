// The progress line of long `check` and `validate` runs: only on a terminal, only after a
// second, cleared at the end, driven here by a fake clock.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/adapters/cli/command.ts';
import { countLine, createProgress, withProgress } from '../../../src/adapters/cli/progress.ts';
import { runCli } from '../../../src/adapters/cli/run.ts';
import { root } from './harness.ts';

function fake(isTTY: boolean) {
  let now = 5_000;
  const written: string[] = [];
  const progress = createProgress({ isTTY, now: () => now, write: (text) => void written.push(text) });
  return { progress, written, advance: (ms: number) => void (now += ms) };
}

describe('progress on stderr', () => {
  it('writes nothing when stderr is not a terminal, however long the run', async () => {
    const { progress, written, advance } = fake(false);
    advance(10_000);
    progress.update(countLine('checking', 1, 2, 'models'));
    progress.around(() => undefined);
    progress.clear();
    expect(written).toEqual([]);
    // And a command's io without progress (an in-memory io) runs the work as is.
    expect(await withProgress({}, async (p) => (p.update('x'), 7))).toBe(7);
  });

  it('writes nothing on a terminal when the run ends within a second', () => {
    const { progress, written, advance } = fake(true);
    for (let done = 1; done <= 10; done++) {
      advance(90);
      progress.update(countLine('checking', done, 10, 'models'));
    }
    progress.clear();
    expect(written).toEqual([]);
  });

  it('shows the count in place once a second has passed, and clears it at the end', () => {
    const { progress, written, advance } = fake(true);
    progress.update(countLine('checking', 1, 1000, 'models'));
    advance(999);
    progress.update(countLine('checking', 2, 1000, 'models'));
    expect(written).toEqual([]);
    advance(1);
    progress.update(countLine('checking', 340, 1000, 'models'));
    // Redrawn at most every 50 ms.
    advance(10);
    progress.update(countLine('checking', 341, 1000, 'models'));
    advance(50);
    progress.update(countLine('checking', 999, 1000, 'models'));
    progress.clear();
    progress.clear();
    expect(written).toEqual(['\rchecking 340/1000 models…\u001b[K', '\rchecking 999/1000 models…\u001b[K', '\r\u001b[K']);
  });

  it('steps aside for other output on the same terminal and comes back', () => {
    const { progress, written, advance } = fake(true);
    advance(2_000);
    progress.update('validating 1/3 files…');
    progress.around(() => void written.push('models/a/README.md: hf-model-card\n'));
    expect(written).toEqual(['\rvalidating 1/3 files…\u001b[K', '\r\u001b[K', 'models/a/README.md: hf-model-card\n', '\rvalidating 1/3 files…\u001b[K']);
  });

  it('is cleared when the work fails, so the error starts on a clean line', async () => {
    const { progress, written, advance } = fake(true);
    advance(1_500);
    const failing = withProgress({ progress: () => progress }, async (p) => {
      p.update('reading 3/9 models (pass 1)…');
      throw new Error('no such directory');
    });
    await expect(failing).rejects.toThrow('no such directory');
    expect(written.at(-1)).toBe('\r\u001b[K');
  });
});

describe('check and validate on a slow terminal', () => {
  /** An io whose stderr is a terminal and whose clock moves a second each time it is read. */
  function slowTerminal() {
    let now = 0;
    const out: string[] = [];
    const err: string[] = [];
    const raw: string[] = [];
    const io: CliIo = {
      cwd: root,
      out: (line) => void out.push(line),
      err: (line) => void err.push(line),
      color: false,
      progress: () => createProgress({ isTTY: true, now: () => (now += 1000), write: (text) => void raw.push(text) }),
    };
    return { io, out, err, raw };
  }

  it('check shows its reading and checking counts on stderr only, and clears them before the report', async () => {
    const { io, out, err, raw } = slowTerminal();
    const quiet = { ...slowTerminal().io, progress: undefined };
    const reference: string[] = [];
    expect(await runCli(['check', 'examples', '--all'], { ...quiet, out: (line) => void reference.push(line) })).toBe(1);
    expect(await runCli(['check', 'examples', '--all'], io)).toBe(1);
    expect(raw).toContain('\rreading 3/3 models (pass 2)…\u001b[K');
    expect(raw).toContain('\rchecking 3/3 models…\u001b[K');
    expect(raw.at(-1)).toBe('\r\u001b[K');
    expect(err).toEqual([]);
    expect(out).toEqual(reference);
  });

  it('validate counts the files it parses', async () => {
    const { io, out, raw } = slowTerminal();
    expect(await runCli(['validate', join('examples', 'models')], io)).toBe(0);
    expect(raw).toContain('\rvalidating 7/7 files…\u001b[K');
    expect(out.join('\n')).not.toContain('validating');
  });
});
