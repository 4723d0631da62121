// Verified webhook deliveries, answered at once and processed in the background.
//
// GitHub waits 10 s for a webhook's answer and marks slower ones failed; a review takes longer
// than that on a large pull request or a slow API. So the server answers 202 as soon as a
// delivery's signature is verified and hands the delivery to a `DeliveryQueue`, which runs it
// through Probot (`probot.receive`) later. This module is the in-process queue (the default);
// redis-queue.ts is the durable one every replica shares when REDIS_URL is set.
//
// Both process a delivery id once: GitHub's "Redeliver" re-sends the same `X-GitHub-Delivery`,
// and a review run twice for one event is at best noise (a second comment or reply) and at
// worst a race. A delivery whose processing failed may be processed again by a redelivery.

/** A delivery whose signature matched: `payload` is the exact body GitHub signed. */
export interface Delivery {
  id: string;
  name: string;
  payload: string;
}

export type Enqueued = 'queued' | 'duplicate';

/** Runs one delivery; a throw marks it failed (retried by a durable queue, logged by this one). */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface DeliveryQueue {
  /** Accepts a delivery; resolves once it is queued (durably, for a durable queue) or known. */
  enqueue(delivery: Delivery): Promise<Enqueued>;
  /** Resolves when every delivery accepted so far has been processed (tests, graceful stop). */
  idle(): Promise<void>;
  /** Stops taking deliveries and waits for those in progress. */
  close(): Promise<void>;
}

/** Delivery ids remembered for deduplication (GitHub redelivers within days; this bounds memory). */
export const REMEMBERED_DELIVERIES = 10_000;

/** Deliveries processed at once by one process; the rest wait in memory, in arrival order. */
export const IN_PROCESS_CONCURRENCY = 8;

export class InProcessDeliveryQueue implements DeliveryQueue {
  /** id -> whether it is done; insertion order gives the oldest to forget. */
  private readonly seen = new Map<string, 'pending' | 'done' | 'failed'>();
  private readonly waiting: Delivery[] = [];
  private running = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handle: DeliveryHandler,
    private readonly options: { concurrency?: number; onError?: (delivery: Delivery, error: unknown) => void } = {},
  ) {}

  async enqueue(delivery: Delivery): Promise<Enqueued> {
    if (this.closed) throw new Error('the delivery queue is closed');
    const state = this.seen.get(delivery.id);
    if (state === 'pending' || state === 'done') return 'duplicate';
    this.seen.delete(delivery.id);
    this.seen.set(delivery.id, 'pending');
    if (this.seen.size > REMEMBERED_DELIVERIES) this.seen.delete(this.seen.keys().next().value!);
    this.waiting.push(delivery);
    this.pump();
    return 'queued';
  }

  private pump(): void {
    const limit = this.options.concurrency ?? IN_PROCESS_CONCURRENCY;
    while (this.running < limit && this.waiting.length > 0) {
      const delivery = this.waiting.shift()!;
      this.running++;
      void this.handle(delivery)
        .then(
          () => this.mark(delivery.id, 'done'),
          (error: unknown) => {
            this.mark(delivery.id, 'failed');
            this.options.onError?.(delivery, error);
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }

  private mark(id: string, state: 'done' | 'failed'): void {
    if (this.seen.has(id)) this.seen.set(id, state);
  }

  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
