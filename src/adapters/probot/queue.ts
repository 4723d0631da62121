// One review at a time per pull request. Probot handles deliveries concurrently, and GitHub
// keeps only the latest `modelgate / approval` of a commit: a run that read the pull request
// before a change (a dismissed approval, a push) and published after the run that saw the
// change would leave the older, possibly more permissive, decision in force. Queued per pull
// request, each run reads GitHub only after the one before it has published, so the last
// published decision is always the one read last.
//
// This holds within one process. Replicas behind one webhook URL share Redis (REDIS_URL): there
// the App takes a Redis lease per key as well (redis-lock.ts), after this queue's turn.

/** Runs tasks one at a time per key: this in-process queue, or a lease every replica honours (redis-lock.ts). */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export class PerKeyQueue implements KeyedLock {
  /** key -> the end of the last queued task (never rejects). */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued before it under `key`, whether those succeeded or threw. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget the key once nothing is queued behind this task (keeps the map small).
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
