// One run at a time per key across every replica (REDIS_URL): the App's runs of a pull request
// (`owner/repo#n`) and the approval check of a head (`owner/repo@sha`, shared-head.ts) take a
// lease in Redis, as PerKeyQueue (queue.ts) orders them within one process.
//
// The lease is redis-semaphore's RedisMutex: `SET key token NX PX ttl` to take it, a Lua script
// that extends it only while the key still holds this holder's token (every `ttl / 3` while
// the task runs), and one that deletes it only then (release by its owner only). A replica that
// dies stops extending it, so its lease lapses after `ttl` and the next run goes ahead.
//
// Inside a process the in-process queue still comes first (FIFO per key), then the lease: a
// replica never has two of its own runs polling Redis for one key, and its runs keep their
// arrival order. Across replicas the lease only excludes (it is not a queue): that is what the
// order argument of queue.ts needs, since each run reads GitHub only once it holds the key, after
// the previous holder published.
//
// Waiting: `SET NX` tried again after a pause that doubles from `retryMinMs` up to `retryMaxMs`
// (with jitter, so waiters on several replicas do not poll in step), for at most
// `acquireTimeoutMs`; then the run throws (its delivery fails and the durable queue retries it).
import type { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import { PerKeyQueue, type KeyedLock } from './queue.ts';

export interface RedisLockOptions {
  /** Key prefix in Redis (default `modelgate:lock:`; redis-semaphore puts `mutex:` before it). */
  prefix?: string;
  /** Lease time: how long a dead replica's lease blocks the key (default 30 s). */
  leaseMs?: number;
  /** How long a run waits for the key before it fails (default 10 min). */
  acquireTimeoutMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Told when a lease lapsed while its task ran (Redis unreachable longer than `leaseMs`). */
  onLeaseLost?: (key: string) => void;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 10 * 60_000;

/**
 * A redis-semaphore Mutex whose extension survives a Redis error: redis-semaphore extends from a timer, where
 * a rejected command would be an unhandled rejection (the process would exit). An error is read
 * as "not known to be lost": the next extension tells, and the lease lapses on its own meanwhile.
 */
class Lease extends Mutex {
  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch {
      return true;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisKeyedLock implements KeyedLock {
  private readonly local = new PerKeyQueue();
  private readonly options: Required<Omit<RedisLockOptions, 'onLeaseLost'>> & Pick<RedisLockOptions, 'onLeaseLost'>;

  constructor(
    private readonly client: Redis,
    options: RedisLockOptions = {},
  ) {
    this.options = {
      prefix: options.prefix ?? 'modelgate:lock:',
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      acquireTimeoutMs: options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
      retryMinMs: options.retryMinMs ?? 20,
      retryMaxMs: options.retryMaxMs ?? 500,
      ...(options.onLeaseLost ? { onLeaseLost: options.onLeaseLost } : {}),
    };
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.leased(key, task));
  }

  private async leased<T>(key: string, task: () => Promise<T>): Promise<T> {
    const { prefix, leaseMs, acquireTimeoutMs, retryMinMs, retryMaxMs, onLeaseLost } = this.options;
    const lease = new Lease(this.client, `${prefix}${key}`, {
      lockTimeout: leaseMs,
      refreshInterval: Math.max(1, Math.floor(leaseMs / 3)),
      // One SET NX per tryAcquire: the waiting (with backoff) is ours.
      acquireAttemptsLimit: 1,
      acquireTimeout: acquireTimeoutMs,
      onLockLost: () => onLeaseLost?.(key),
    });
    const deadline = Date.now() + acquireTimeoutMs;
    for (let pause = retryMinMs; !(await lease.tryAcquire()); pause = Math.min(retryMaxMs, pause * 2)) {
      if (Date.now() >= deadline) throw new Error(`modelgate: gave up waiting for ${key} after ${acquireTimeoutMs / 1000} s (another run holds it)`);
      await sleep(pause / 2 + Math.random() * (pause / 2));
    }
    try {
      return await task();
    } finally {
      // A release that fails (Redis unreachable) leaves the lease to lapse on its own.
      await lease.release().catch(() => undefined);
    }
  }

  /** Keys with a run of this process holding or waiting for them (tests, diagnostics). */
  get size(): number {
    return this.local.size;
  }
}
