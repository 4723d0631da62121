// REDIS_URL: what the replicas share through Redis, each on connections of its own: the
// delivery queue (redis-queue.ts, BullMQ), the per-pull-request lease (redis-lock.ts,
// redis-semaphore), and the pace of each installation's writes to GitHub (octokit.ts and
// github/pacing.ts: Bottleneck limiters kept in Redis, which replace Probot's throttling).
//
// ioredis is loaded at run time, never bundled (scripts/build.js keeps it external; Probot
// imports it the same way): without REDIS_URL neither it nor the modules here are loaded.
import type Bottleneck from 'bottleneck';
import type { Redis, RedisOptions } from 'ioredis';
import type { ProbotOctokit } from 'probot';
import type { PacingOptions } from '../github/pacing.ts';
import type { DeliveryHandler } from './deliveries.ts';
import type { RedisLockOptions, RedisKeyedLock } from './redis-lock.ts';
import type { RedisDeliveryQueue, RedisQueueOptions } from './redis-queue.ts';

/** Timings and names of the queue and the lease (defaults in redis-queue.ts and redis-lock.ts). */
export interface RedisSettings {
  queue?: Omit<RedisQueueOptions, 'onError' | 'onWorkerError'>;
  lock?: Omit<RedisLockOptions, 'onLeaseLost'>;
  /**
   * Bounds of the shared pacing (defaults in github/pacing.ts; tests shorten the write interval):
   * `turnExpirationMs` and `heartbeatMs` bound how long a replica that died holds an
   * installation's writes on the others (about 4 s by default; MODELGATE_REDIS_LEASE_MS shortens both).
   */
  pacing?: Omit<PacingOptions, 'connection'>;
}

export interface RedisLog {
  error: (fields: object, message: string) => void;
  warn: (fields: object, message: string) => void;
}

export interface RedisBackend {
  /** The lease per key every replica honours (AppOptions.lock). */
  lock: RedisKeyedLock;
  /** modelgate's Octokit with its writes paced per installation through this Redis (octokit.ts). */
  Octokit: typeof ProbotOctokit;
  /** The shared delivery queue; this replica's worker starts running `handle` at once. */
  deliveries(handle: DeliveryHandler): RedisDeliveryQueue;
  /** Closes every connection opened here (after the queue's close). */
  close(): Promise<void>;
  /** Drops every connection at once, extending and releasing nothing, as a crashed process would (tests). */
  abandon(): Promise<void>;
}

/** How long start-up waits for Redis before it gives up with a clear message. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Connects to REDIS_URL (throws when it cannot within 10 s: a replica must not start half-shared). */
export async function connectRedis(url: string, log: RedisLog, settings: RedisSettings = {}): Promise<RedisBackend> {
  const specifier = 'ioredis';
  const { Redis: RedisClient } = (await import(specifier)) as typeof import('ioredis');
  const [{ RedisDeliveryQueue }, { RedisKeyedLock }, { default: BottleneckModule }, { modelgateOctokit }] = await Promise.all([
    import('./redis-queue.ts'),
    import('./redis-lock.ts'),
    import('bottleneck'),
    import('./octokit.ts'),
  ]);
  // Errors while connecting end the start (below); logged from then on.
  const quiet = () => undefined;
  const open = (options: RedisOptions): Redis => new RedisClient(url, { connectTimeout: CONNECT_TIMEOUT_MS, ...options }).on('error', quiet);
  // Enqueueing fails fast when Redis is away (the delivery is answered 500, and GitHub shows it
  // failed: it can be redelivered); the worker waits for Redis as long as it takes.
  const client = open({ maxRetriesPerRequest: 2 });
  const workerClient = open({ maxRetriesPerRequest: null });
  const lockClient = open({ maxRetriesPerRequest: 2 });
  const clients = [client, workerClient, lockClient];
  try {
    await Promise.race([
      Promise.all(clients.map((c) => c.ping())),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), CONNECT_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    for (const c of clients) c.disconnect();
    throw new Error(`REDIS_URL is set, but Redis does not answer there (${error instanceof Error ? error.message : String(error)})`);
  }
  for (const c of clients) c.off('error', quiet).on('error', (err) => log.warn({ err }, 'Redis connection error (ioredis reconnects)'));
  // Bottleneck's connection owns its client (and a duplicate of it, for its pub/sub).
  const pacing: Bottleneck.IORedisConnection = new BottleneckModule.IORedisConnection({ client: open({ maxRetriesPerRequest: 2 }), Redis: RedisClient });
  pacing.on('error', (err) => log.warn({ err }, 'Redis error in the shared pacing of GitHub requests'));
  const Octokit = modelgateOctokit({ pacing: { ...settings.pacing, connection: pacing } });
  const lock = new RedisKeyedLock(lockClient, {
    ...settings.lock,
    onLeaseLost: (key) => log.error({ key }, 'the Redis lease of a run lapsed while it ran (Redis unreachable): another replica may run the same pull request at once'),
  });
  let queue: RedisDeliveryQueue | undefined;
  return {
    lock,
    Octokit,
    deliveries(handle) {
      queue = new RedisDeliveryQueue(handle, client, workerClient, {
        ...settings.queue,
        onError: (delivery, err, final) => log.error({ err, id: delivery.id, event: delivery.name, final }, final ? 'webhook delivery failed (no attempt left)' : 'webhook delivery failed (it will be tried again)'),
        onWorkerError: (err) => log.warn({ err }, 'delivery worker error'),
      });
      return queue;
    },
    async close() {
      await queue?.close();
      await Promise.all([...clients.map((c) => c.quit().catch(() => c.disconnect())), pacing.disconnect(true).catch(() => pacing.disconnect(false))]);
    },
    async abandon() {
      await queue?.abandon();
      for (const c of clients) c.disconnect();
      await pacing.disconnect(false);
    },
  };
}
