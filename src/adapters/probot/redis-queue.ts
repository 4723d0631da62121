// The durable delivery queue every replica shares when REDIS_URL is set (deliveries.ts has the
// in-process one): a BullMQ queue in Redis, and a BullMQ worker in every replica.
//
// - Accepted means in Redis: `enqueue` resolves once the job is stored, and the server answers
//   202 only then. A replica that dies after that loses nothing.
// - Once per delivery id: the job id is derived from `X-GitHub-Delivery`, and BullMQ adds no job
//   whose id exists. Finished jobs are kept `keepMs` (24 h by default; GitHub's "Redeliver" is
//   a person's click, usually within minutes) so a redelivery finds its id. A completed job keeps
//   its id but drops its payload (Redis holds ids, not 24 h of webhook bodies).
// - A job that failed for good (every attempt) is run again by a redelivery of its id, as the
//   in-process queue does: a redelivery is how a person asks for it again. `Job.retry` moves it
//   from the failed set atomically, so two replicas receiving that redelivery run it once.
// - A failed attempt is retried `attempts` times in all, the pause doubling from `backoffMs`.
// - A crashed worker: BullMQ's job lock (`lockDurationMs`) is extended by the worker running
//   the job; once it lapses, the stalled-job check of any replica (every `stalledIntervalMs`)
//   puts the job back in the queue, and a live replica runs it from the start.
// - `idle()` asks Redis: nothing waiting, running or delayed, on any replica.
import { createHash, randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { IN_PROCESS_CONCURRENCY, type Delivery, type DeliveryHandler, type DeliveryQueue, type Enqueued } from './deliveries.ts';

export interface RedisQueueOptions {
  /** BullMQ queue name (default `deliveries`) and key prefix (default `modelgate`). */
  queueName?: string;
  prefix?: string;
  /** Deliveries this replica runs at once (default as the in-process queue). */
  concurrency?: number;
  /** Tries of a delivery whose run threw (default 3), the pause before the next doubling from `backoffMs` (default 10 s). */
  attempts?: number;
  backoffMs?: number;
  /** How long a finished delivery's id is kept to recognise a redelivery (default 24 h). */
  keepMs?: number;
  /** BullMQ's job lock: how long after a worker's death its job counts as stalled (default 30 s). */
  lockDurationMs?: number;
  /** How often each worker looks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** How often one delivery may stall (its worker died) before it counts as failed (default 2). */
  maxStalledCount?: number;
  /** How often `idle()` asks Redis (default 50 ms). */
  pollMs?: number;
  /** Told of each failed attempt (`final`: no attempt is left). */
  onError?: (delivery: Pick<Delivery, 'id' | 'name'>, error: unknown, final: boolean) => void;
  /** Told of errors of the worker itself (a lost connection, a lock it could not extend). */
  onWorkerError?: (error: unknown) => void;
}

export const DELIVERY_KEEP_MS = 24 * 60 * 60_000;

/** What a job holds: the delivery, and the token of the enqueue that created it. */
interface JobData {
  id: string;
  name: string;
  /** Dropped once the delivery is processed. */
  payload?: string;
  token: string;
}

/**
 * The job id of a delivery. BullMQ refuses ids with `:` and all-digit ids; GitHub's are UUIDs,
 * and anything else (the header is the sender's) is hashed.
 */
export function deliveryJobId(id: string): string {
  return /^[\w.-]{1,100}$/.test(id) ? `gh-${id}` : `gh-sha256-${createHash('sha256').update(id).digest('hex')}`;
}

export class RedisDeliveryQueue implements DeliveryQueue {
  private readonly queue: Queue<JobData>;
  private readonly worker: Worker<JobData>;
  private readonly settings;
  private closed = false;

  /**
   * `client`: for enqueueing and `idle()`; `workerClient`: the worker's (BullMQ duplicates it for
   * its blocking reads), with `maxRetriesPerRequest: null` as BullMQ requires. The caller owns both.
   */
  constructor(
    handle: DeliveryHandler,
    client: Redis,
    workerClient: Redis,
    private readonly options: RedisQueueOptions = {},
  ) {
    const name = options.queueName ?? 'deliveries';
    const prefix = options.prefix ?? 'modelgate';
    const keep = { age: Math.ceil((options.keepMs ?? DELIVERY_KEEP_MS) / 1000) };
    this.settings = { attempts: options.attempts ?? 3, backoff: { type: 'exponential', delay: options.backoffMs ?? 10_000 }, removeOnComplete: keep, removeOnFail: keep } as const;
    this.queue = new Queue<JobData>(name, { connection: client, prefix });
    this.queue.on('error', (error) => options.onWorkerError?.(error));
    this.worker = new Worker<JobData>(
      name,
      async (job: Job<JobData>) => {
        const { id, name: event, payload, token } = job.data;
        if (payload === undefined) return; // processed already (its completion was not recorded)
        await handle({ id, name: event, payload });
        // Done: keep the id for deduplication, not the body.
        await job.updateData({ id, name: event, token }).catch(() => undefined);
      },
      {
        connection: workerClient,
        prefix,
        concurrency: options.concurrency ?? IN_PROCESS_CONCURRENCY,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        maxStalledCount: options.maxStalledCount ?? 2,
      },
    );
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || job.finishedOn !== undefined;
      options.onError?.({ id: job.data.id, name: job.data.name }, error, final);
    });
    this.worker.on('error', (error) => options.onWorkerError?.(error));
  }

  async enqueue(delivery: Delivery): Promise<Enqueued> {
    if (this.closed) throw new Error('the delivery queue is closed');
    const jobId = deliveryJobId(delivery.id);
    const token = randomUUID();
    // BullMQ adds nothing when the id exists (whatever its state) and still resolves: the token
    // read back says whether this call created the job.
    await this.queue.add(delivery.name, { ...delivery, token }, { jobId, ...this.settings });
    const stored = await this.queue.getJob(jobId);
    if (stored?.data.token === token) return 'queued';
    if (stored && (await stored.isFailed())) {
      try {
        await stored.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return 'queued';
      } catch {
        return 'duplicate'; // another replica moved it first
      }
    }
    return 'duplicate';
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 50));
    }
  }

  /** Stops taking deliveries and jobs; resolves once this replica's running jobs are done. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.close();
    await this.queue.close();
  }

  /**
   * Stops at once, as a crashed process would: the worker no longer extends its jobs' locks, and
   * what it was running is left to the stalled-job check of the other replicas (tests).
   */
  async abandon(): Promise<void> {
    this.closed = true;
    await this.worker.close(true).catch(() => undefined);
    await this.queue.close().catch(() => undefined);
  }
}
