// The lease per key every replica honours (redis-lock.ts), on a real redis-server: two locks on
// their own connections stand for two replicas.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisKeyedLock, type RedisLockOptions } from '../../../src/adapters/probot/redis-lock.ts';
import { sleep } from './harness.ts';
import { useRedisServer } from './redis-server.ts';

const redis = useRedisServer();

const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

function connect(): Redis {
  const client = new Redis(redis.url(), { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

/** Two replicas' locks under one fresh prefix. */
function replicas(options: RedisLockOptions = {}) {
  const prefix = `t${randomUUID().slice(0, 8)}:lock:`;
  return { prefix, a: new RedisKeyedLock(connect(), { prefix, retryMaxMs: 20, ...options }), b: new RedisKeyedLock(connect(), { prefix, retryMaxMs: 20, ...options }) };
}

/** A task that records when it ran. */
function recorder() {
  const spans: { name: string; start: number; end: number }[] = [];
  const task = (name: string, ms = 5) => async () => {
    const span = { name, start: performance.now(), end: Infinity };
    spans.push(span);
    await sleep(ms);
    span.end = performance.now();
    return name;
  };
  const overlaps = () => {
    const sorted = [...spans].sort((x, y) => x.start - y.start);
    return sorted.slice(1).filter((s, i) => s.start < sorted[i]!.end).map((s) => s.name);
  };
  return { spans, task, overlaps };
}

describe('RedisKeyedLock', () => {
  it('runs the tasks of one key one at a time across replicas, and other keys alongside', async () => {
    const { a, b } = replicas();
    const pr = recorder();
    const other = recorder();
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).run('acme/models#7', pr.task(`run ${i}`))),
      ...Array.from({ length: 4 }, (_, i) => a.run('acme/models#8', other.task(`other ${i}`, 30))),
    ]);
    expect(results.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `run ${i}`));
    expect(pr.overlaps()).toEqual([]);
    expect(pr.spans).toHaveLength(10);
    // #8's runs are not held up by #7's.
    expect(Math.min(...other.spans.map((s) => s.start))).toBeLessThan(Math.max(...pr.spans.map((s) => s.end)));
    expect([a.size, b.size]).toEqual([0, 0]);
  });

  it('keeps the arrival order of one replica\'s own tasks', async () => {
    const { a } = replicas();
    const { spans, task } = recorder();
    await Promise.all(Array.from({ length: 5 }, (_, i) => a.run('k', task(`${i}`, 1))));
    expect(spans.map((s) => s.name)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('releases the key when the task throws', async () => {
    const { a, b } = replicas();
    await expect(a.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(b.run('k', async () => 'next')).resolves.toBe('next');
  });

  it('extends the lease while a task runs longer than it', async () => {
    const { a, b } = replicas({ leaseMs: 300 });
    const { task, overlaps } = recorder();
    await Promise.all([a.run('k', task('long', 1000)), sleep(50).then(() => b.run('k', task('after', 1)))]);
    expect(overlaps()).toEqual([]);
  });

  it('lets the lease of a replica that died lapse, and the key go to another', async () => {
    const { prefix, b } = replicas({ leaseMs: 500 });
    const dying = connect();
    const dead = new RedisKeyedLock(dying, { prefix, leaseMs: 500 });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    void dead.run('k', () => {
      entered();
      return new Promise<never>(() => undefined); // never ends: the process died here
    });
    await inside;
    dying.disconnect(); // no more extensions
    const began = performance.now();
    await expect(b.run('k', async () => 'took over')).resolves.toBe('took over');
    const waited = performance.now() - began;
    expect(waited).toBeGreaterThan(100);
    expect(waited).toBeLessThan(2000);
  });

  it('is released by its holder only, and says when its lease was taken', async () => {
    const lost: string[] = [];
    const { prefix, a } = replicas({ leaseMs: 300, onLeaseLost: (key) => lost.push(key) });
    const raw = connect();
    await a.run('k', async () => {
      // The lease lapsed meanwhile (Redis unreachable, say) and another holder took the key.
      await raw.set(`mutex:${prefix}k`, 'another holder', 'PX', 10_000);
      await sleep(250); // an extension finds the key is no longer ours
    });
    expect(await raw.get(`mutex:${prefix}k`)).toBe('another holder');
    expect(lost).toEqual(['k']);
  });

  it('gives up after acquireTimeoutMs, without running the task', async () => {
    const { prefix, a } = replicas({ acquireTimeoutMs: 200 });
    await connect().set(`mutex:${prefix}k`, 'held elsewhere', 'PX', 10_000);
    let ran = false;
    await expect(
      a.run('k', async () => {
        ran = true;
      }),
    ).rejects.toThrow('modelgate: gave up waiting for k after 0.2 s (another run holds it)');
    expect(ran).toBe(false);
  });
});
