// The in-process delivery queue: each delivery id processed once (a failed one may be again),
// at most `concurrency` at a time in arrival order, idle() after the last, close() refusing more.
import { describe, expect, it } from 'vitest';
import { InProcessDeliveryQueue, REMEMBERED_DELIVERIES, type Delivery } from '../../../src/adapters/probot/deliveries.ts';

const delivery = (id: string): Delivery => ({ id, name: 'pull_request', payload: '{}' });

/** A handler whose calls finish only when the test says so. */
function gatedHandler() {
  const started: string[] = [];
  const finished: string[] = [];
  const gates = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const handle = (d: Delivery) =>
    new Promise<void>((resolve, reject) => {
      started.push(d.id);
      gates.set(d.id, {
        resolve: () => {
          finished.push(d.id);
          resolve();
        },
        reject,
      });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { handle, started, finished, gates, tick };
}

describe('InProcessDeliveryQueue', () => {
  it('processes a delivery id once, however often it is redelivered', async () => {
    const seen: string[] = [];
    const queue = new InProcessDeliveryQueue(async (d) => void seen.push(d.id));
    const answers = await Promise.all([...Array(20)].map(() => queue.enqueue(delivery('d-1'))));
    await queue.idle();
    expect(answers.filter((a) => a === 'queued')).toHaveLength(1);
    expect(answers.filter((a) => a === 'duplicate')).toHaveLength(19);
    expect(await queue.enqueue(delivery('d-1'))).toBe('duplicate');
    await queue.idle();
    expect(seen).toEqual(['d-1']);
  });

  it('processes a delivery again when its first processing failed', async () => {
    const errors: string[] = [];
    let calls = 0;
    const queue = new InProcessDeliveryQueue(
      async () => {
        if (++calls === 1) throw new Error('GitHub answered 502');
      },
      { onError: (d, e) => errors.push(`${d.id}: ${(e as Error).message}`) },
    );
    expect(await queue.enqueue(delivery('d-2'))).toBe('queued');
    await queue.idle();
    expect(errors).toEqual(['d-2: GitHub answered 502']);
    expect(await queue.enqueue(delivery('d-2'))).toBe('queued');
    await queue.idle();
    expect(calls).toBe(2);
    expect(await queue.enqueue(delivery('d-2'))).toBe('duplicate');
  });

  it('runs at most `concurrency` deliveries at once, the rest in arrival order', async () => {
    const h = gatedHandler();
    const queue = new InProcessDeliveryQueue(h.handle, { concurrency: 2 });
    for (const id of ['a', 'b', 'c', 'd']) await queue.enqueue(delivery(id));
    await h.tick();
    expect(h.started).toEqual(['a', 'b']);
    h.gates.get('b')!.resolve();
    await h.tick();
    expect(h.started).toEqual(['a', 'b', 'c']);
    h.gates.get('a')!.resolve();
    await h.tick();
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    h.gates.get('c')!.resolve();
    await h.tick();
    expect(idle).toBe(false);
    h.gates.get('d')!.resolve();
    await waiting;
    expect(h.finished).toEqual(['b', 'a', 'c', 'd']);
  });

  it('close() waits for deliveries in progress, then refuses new ones', async () => {
    const h = gatedHandler();
    const queue = new InProcessDeliveryQueue(h.handle);
    await queue.enqueue(delivery('x'));
    await h.tick();
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await h.tick();
    expect(closed).toBe(false);
    await expect(queue.enqueue(delivery('y'))).rejects.toThrow('the delivery queue is closed');
    h.gates.get('x')!.resolve();
    await closing;
    expect(h.finished).toEqual(['x']);
  });

  it(`remembers the last ${REMEMBERED_DELIVERIES} ids, forgetting the oldest`, async () => {
    const queue = new InProcessDeliveryQueue(async () => {});
    for (let i = 0; i <= REMEMBERED_DELIVERIES; i++) await queue.enqueue(delivery(`id-${i}`));
    await queue.idle();
    expect(await queue.enqueue(delivery(`id-${REMEMBERED_DELIVERIES}`))).toBe('duplicate');
    expect(await queue.enqueue(delivery('id-1'))).toBe('duplicate');
    expect(await queue.enqueue(delivery('id-0'))).toBe('queued');
  });
});
