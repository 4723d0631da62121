// The durable delivery queue (redis-queue.ts) on a real redis-server: once per delivery id, a
// failed attempt tried again, a delivery that failed for good run again by its redelivery (once,
// whichever replica receives it), the payload dropped once processed, idle() and close().
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryHandler } from '../../../src/adapters/probot/deliveries.ts';
import { RedisDeliveryQueue, deliveryJobId, type RedisQueueOptions } from '../../../src/adapters/probot/redis-queue.ts';
import { latch, sleep } from './harness.ts';
import { useRedisServer } from './redis-server.ts';

const redis = useRedisServer();

const open: { queues: RedisDeliveryQueue[]; clients: Redis[] } = { queues: [], clients: [] };
afterEach(async () => {
  await Promise.all(open.queues.splice(0).map((q) => q.close()));
  for (const client of open.clients.splice(0)) client.disconnect();
});

function connect(options: { maxRetriesPerRequest: number | null }): Redis {
  const client = new Redis(redis.url(), options);
  client.on('error', () => undefined);
  open.clients.push(client);
  return client;
}

/** One replica's queue; `prefix` shared by the replicas of one test. */
function replica(handle: DeliveryHandler, prefix: string, options: RedisQueueOptions = {}): RedisDeliveryQueue {
  const queue = new RedisDeliveryQueue(handle, connect({ maxRetriesPerRequest: 1 }), connect({ maxRetriesPerRequest: null }), { prefix, backoffMs: 10, pollMs: 10, ...options });
  open.queues.push(queue);
  return queue;
}

const delivery = (id: string): Delivery => ({ id, name: 'pull_request', payload: JSON.stringify({ action: 'opened', id }) });
const freshPrefix = () => `t${randomUUID().slice(0, 8)}`;

describe('RedisDeliveryQueue', () => {
  it('accepts a delivery id once across replicas, runs it once, and keeps its id but not its payload', async () => {
    const prefix = freshPrefix();
    const handled: string[] = [];
    const handle: DeliveryHandler = async (d) => {
      handled.push(d.id);
    };
    const [a, b] = [replica(handle, prefix), replica(handle, prefix)];
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).enqueue(delivery('d1'))));
    await a.idle();
    expect(answers.filter((x) => x === 'queued')).toHaveLength(1);
    expect(handled).toEqual(['d1']);
    // After it ran: still a duplicate (GitHub's "Redeliver" of a processed delivery).
    expect(await b.enqueue(delivery('d1'))).toBe('duplicate');
    await a.idle();
    expect(handled).toEqual(['d1']);
    const inspect = new Queue('deliveries', { connection: connect({ maxRetriesPerRequest: 1 }), prefix });
    const job = await inspect.getJob(deliveryJobId('d1'));
    expect([await job?.getState(), job?.data.id, job?.data.payload]).toEqual(['completed', 'd1', undefined]);
    await inspect.close();
  });

  it('tries a failed delivery again, and a redelivery runs one that failed for good (once, on either replica)', async () => {
    const prefix = freshPrefix();
    let fail = true;
    const tries: string[] = [];
    const errors: boolean[] = [];
    const handle: DeliveryHandler = async (d) => {
      tries.push(d.id);
      if (fail) throw new Error('GitHub is down');
    };
    const options = { attempts: 2, onError: (_d: unknown, _e: unknown, final: boolean) => errors.push(final) };
    const [a, b] = [replica(handle, prefix, options), replica(handle, prefix, options)];
    expect(await a.enqueue(delivery('d2'))).toBe('queued');
    await a.idle();
    expect([tries, errors]).toEqual([['d2', 'd2'], [false, true]]);

    fail = false;
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).enqueue(delivery('d2'))));
    await a.idle();
    expect(again.filter((x) => x === 'queued')).toHaveLength(1);
    expect(tries).toEqual(['d2', 'd2', 'd2']);
    expect(await b.enqueue(delivery('d2'))).toBe('duplicate');
  });

  it('derives job ids BullMQ accepts from any delivery id', () => {
    expect(deliveryJobId('72d3162e-cc78-11e3-81ab-4c9367dc0958')).toBe('gh-72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(deliveryJobId('12345')).toBe('gh-12345');
    expect(deliveryJobId('a:b')).toMatch(/^gh-sha256-[0-9a-f]{64}$/);
    expect(deliveryJobId('a'.repeat(101))).toMatch(/^gh-sha256-/);
  });

  it('is idle only once every replica finished, and close() waits for the delivery it runs', async () => {
    const prefix = freshPrefix();
    const hold = latch();
    let done = false;
    const a = replica(async () => {
      await hold.wait();
      await sleep(50);
      done = true;
    }, prefix);
    await a.enqueue(delivery('d3'));
    await hold.reached;
    let idle = false;
    const idled = a.idle().then(() => (idle = true));
    await sleep(100);
    expect(idle).toBe(false);
    hold.release();
    open.queues.splice(open.queues.indexOf(a), 1);
    await a.close();
    expect(done).toBe(true);
    await idled;
    await expect(a.enqueue(delivery('d4'))).rejects.toThrow('the delivery queue is closed');
  });
});
