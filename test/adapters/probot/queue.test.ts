// PerKeyQueue: tasks under one key run one after another, in arrival order, whatever the one
// before did; tasks under other keys do not wait; nothing is kept once a key's queue drains.
import { describe, expect, it } from 'vitest';
import { PerKeyQueue } from '../../../src/adapters/probot/queue.ts';
import { latch } from './harness.ts';

describe('PerKeyQueue', () => {
  it('runs tasks of one key one at a time, in order, even after a failure', async () => {
    const queue = new PerKeyQueue();
    const log: string[] = [];
    const hold = latch();
    const first = queue.run('acme/models#7', async () => {
      log.push('first starts');
      await hold.wait();
      log.push('first throws');
      throw new Error('boom');
    });
    const second = queue.run('acme/models#7', async () => {
      log.push('second runs');
      return 2;
    });
    const other = queue.run('acme/models#8', async () => {
      log.push('other PR runs');
      return 8;
    });
    await hold.reached;
    expect(await other).toBe(8);
    expect(log).toEqual(['first starts', 'other PR runs']);
    hold.release();
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe(2);
    expect(log).toEqual(['first starts', 'other PR runs', 'first throws', 'second runs']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
