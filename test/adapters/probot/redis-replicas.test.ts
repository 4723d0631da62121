// Several replicas behind one webhook URL (issue 13): with REDIS_URL, two real servers
// (startServer, each with its own Redis connections) on one real redis-server share the delivery
// queue and the lease per pull request. A redelivery is processed once whichever replica gets it,
// runs of one pull request never overlap across replicas, and a replica that dies mid-run leaves
// its delivery to the other. Without REDIS_URL the same deliveries to one server run on the
// in-process queue, with the same outcome.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { octokitClient, type GitHubClient } from '../../../src/adapters/github/client.ts';
import type { AppOptions } from '../../../src/adapters/probot/app.ts';
import type { RedisSettings } from '../../../src/adapters/probot/redis.ts';
import { configFromEnv, startServer, stopServer, type AppServer } from '../../../src/adapters/probot/server.ts';
import { useFakeNetwork, type FakeGitHub, type Recorded } from '../github/fake-github.ts';
import { AUTHOR, sha } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit, latch, pullRequestEvent } from './harness.ts';
import { useRedisServer } from './redis-server.ts';
import { MARKER, checkRun, cleanPr, withDocs } from './scenarios.ts';
import { deliver, testServerConfig } from './test-server.ts';

useFakeNetwork('127.0.0.1');
const redis = useRedisServer();

/**
 * Each test its own queue and leases. `lockDurationMs`: how soon a dead replica's job is taken
 * over; short only where a test kills one, since a job whose worker is busier than that (a loaded
 * test machine) counts as stalled too, and runs twice.
 */
const fast = (lockDurationMs = 30_000): RedisSettings => {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  return { queue: { prefix, lockDurationMs, stalledIntervalMs: 300, backoffMs: 50, pollMs: 20 }, lock: { prefix: `${prefix}:lock:`, leaseMs: 1000, retryMaxMs: 50 } };
};

const started: AppServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => stopServer(server)));
});

interface Replica {
  url: string;
  server: AppServer;
}

async function replica(mode: 'redis' | 'in-process', settings: RedisSettings, appOptions: AppOptions = {}): Promise<Replica> {
  const server = await startServer(testServerConfig(mode === 'redis' ? { redisUrl: redis.url() } : {}), { lagRetryMs: 10, ...appOptions }, { Octokit: TestOctokit, redis: settings });
  started.push(server);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Every call each run makes to GitHub, with its start and end (one clock: both replicas are in this process). */
class RunTimeline {
  private runs = 0;
  readonly calls: { run: number; start: number; end: number }[] = [];

  clientFor = (octokit: Octokit): GitHubClient => {
    const run = this.runs++;
    const client = octokitClient(octokit);
    return new Proxy(client, {
      get: (target, property) => {
        const value = Reflect.get(target, property) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const call = { run, start: performance.now(), end: Infinity };
          this.calls.push(call);
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            call.end = performance.now();
          }
        };
      },
    });
  };

  /** Each run's first call to the end of its last. */
  spans(): { run: number; start: number; end: number }[] {
    const byRun = new Map<number, { run: number; start: number; end: number }>();
    for (const { run, start, end } of this.calls) {
      const span = byRun.get(run) ?? { run, start, end };
      byRun.set(run, { run, start: Math.min(span.start, start), end: Math.max(span.end, end) });
    }
    return [...byRun.values()].sort((a, b) => a.start - b.start);
  }
}

const checklistComments = (gh: FakeGitHub) => gh.bodies('comments:create').filter((b) => String(b.body).includes(MARKER));

describe.each([
  { mode: 'redis' as const, replicas: 2 },
  { mode: 'in-process' as const, replicas: 1 },
])('$mode, $replicas replica(s)', ({ mode, replicas }) => {
  it('processes 20 concurrent redeliveries of one delivery id once', async () => {
    const gh = cleanPr().serve();
    const settings = fast();
    const servers = await Promise.all(Array.from({ length: replicas }, () => replica(mode, settings)));
    const event = pullRequestEvent('opened', gh);

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(servers[i % replicas]!.url, event).then(async (r) => [r.status, ((await r.json()) as { status: string }).status])));
    await servers[0]!.server.deliveries.idle();

    expect(answers.filter(([, status]) => status === 'accepted')).toEqual([[202, 'accepted']]);
    expect(answers.filter(([, status]) => status !== 'accepted')).toEqual(Array.from({ length: 19 }, () => [202, 'duplicate delivery, already accepted']));
    expect(checklistComments(gh)).toHaveLength(1);
    expect(gh.bodies('comments:update')).toEqual([]);
    expect(checkRun(gh, 'modelgate / rules').conclusion).toBe('success');
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(gh.state.checkRuns?.map((c) => c.status)).toEqual(['completed', 'completed']);
    expect(gh.unexpected).toEqual([]);
  });

  it('runs 20 distinct deliveries of one pull request one at a time', async () => {
    const gh = cleanPr().serve();
    const settings = fast();
    const timeline = new RunTimeline();
    const servers = await Promise.all(Array.from({ length: replicas }, () => replica(mode, settings, { clientFor: timeline.clientFor })));
    const event = pullRequestEvent('synchronize', gh);

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(servers[i % replicas]!.url, { ...event, id: `sync-${i}` }).then((r) => r.status)));
    await servers[0]!.server.deliveries.idle();

    expect(answers).toEqual(Array.from({ length: 20 }, () => 202));
    const spans = timeline.spans();
    expect(spans).toHaveLength(20);
    const overlaps = spans.slice(1).filter((span, i) => span.start < spans[i]!.end);
    expect(overlaps).toEqual([]);
    expect(checklistComments(gh)).toHaveLength(1);
    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => b.conclusion)).toEqual(Array.from({ length: 20 }, () => 'action_required'));
    expect(gh.unexpected).toEqual([]);
  });
});

describe('a replica that dies mid-run', () => {
  it('leaves its delivery to the other replica, which completes the approval check', async () => {
    const gh = cleanPr().serve();
    const settings = fast(3000);
    // Replica A takes the delivery and stops answering at its first write, as a process that
    // died there: then its Redis connections drop, so it no longer extends its job or its lease.
    const hang = latch();
    const aRuns: number[] = [];
    const a = await replica('redis', settings, {
      clientFor: (octokit) => {
        const client = octokitClient(octokit);
        aRuns.push(aRuns.length);
        return { ...client, createCheckRun: () => hang.wait().then(() => new Promise<number>(() => undefined)) };
      },
    });
    const response = await deliver(a.url, pullRequestEvent('opened', gh));
    expect(response.status).toBe(202);
    await hang.reached;
    await a.server.redis!.abandon();
    started.splice(started.indexOf(a.server), 1);
    a.server.close();

    const bRuns: number[] = [];
    const b = await replica('redis', settings, {
      clientFor: (octokit) => {
        bRuns.push(bRuns.length);
        return octokitClient(octokit);
      },
    });
    const began = performance.now();
    await b.server.deliveries.idle();

    expect([aRuns.length, bRuns.length]).toEqual([1, 1]);
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(checkRun(gh, 'modelgate / rules').conclusion).toBe('success');
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(gh.state.checkRuns?.filter((c) => c.status !== 'completed')).toEqual([]);
    expect(checklistComments(gh)).toHaveLength(1);
    expect(gh.unexpected).toEqual([]);
  });
});

describe('writes to GitHub across replicas', () => {
  it('are paced per installation through Redis, by both replicas together', async () => {
    // PR #8 of the same installation, on a head of its own: its run and #7's go at once.
    const gh = cleanPr();
    const other = sha('other head');
    gh.state.commits[other] = withDocs(gh.state.commits[gh.state.pull.head]!);
    const pull8 = { number: 8, author: AUTHOR, base: gh.state.pull.base, head: other };
    gh.state.morePulls = [{ pull: pull8, reviews: [], comments: [], commitAuthors: [AUTHOR] }];
    gh.state.reviewRequests = { users: [], teams: ['ml-reviewers'] }; // asked already (the fake serves #7's requests only)
    gh.serve();
    // When each request reached the fake GitHub.
    const arrived = new Map<Recorded, number>();
    const push = gh.requests.push.bind(gh.requests);
    gh.requests.push = (...items: Recorded[]) => {
      for (const item of items) arrived.set(item, performance.now());
      return push(...items);
    };
    const writeIntervalMs = 400;
    const settings = { ...fast(), pacing: { writeIntervalMs } };
    // The replicas' own Octokit (no test Octokit): modelgate's, paced through Redis.
    const start = async () => {
      const server = await startServer(testServerConfig({ redisUrl: redis.url() }), { lagRetryMs: 10 }, { redis: settings });
      started.push(server);
      return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const [a, b] = await Promise.all([start(), start()]);

    await Promise.all([deliver(a.url, pullRequestEvent('opened', gh)), deliver(b.url, pullRequestEvent('opened', gh, { pull: pull8 }))]);
    await a.server.deliveries.idle();

    const writes = gh.requests.filter((r) => r.method !== 'GET' && r.kind !== 'graphql' && r.kind !== 'token');
    expect(new Set(writes.map((w) => (w.path.includes('/8') || w.body?.head_sha === other ? 8 : 7)))).toEqual(new Set([7, 8]));
    const times = writes.map((w) => arrived.get(w)!).sort((x, y) => x - y);
    const gaps = times.slice(1).map((t, i) => Math.round(t - times[i]!));
    // Bottleneck spaces the writes' starts; each reaches GitHub somewhat after its start (more so
    // on a loaded machine). Unpaced, the two replicas' writes come 10 to 20 ms apart.
    expect(gaps.filter((gap) => gap < writeIntervalMs / 4)).toEqual([]);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan((times.length - 1) * writeIntervalMs * 0.9);
    expect([gh.state.comments, gh.state.morePulls[0]!.comments].map((comments) => comments.filter((c) => c.body.includes(MARKER)).length)).toEqual([1, 1]);
    expect(gh.unexpected).toEqual([]);
  });
});

describe('MODELGATE_REDIS_LEASE_MS', () => {
  const env = { WEBHOOK_SECRET: 's', APP_ID: '1', PRIVATE_KEY, REDIS_URL: 'redis://redis:6379' };
  it('sets how long a dead replica holds up the others (for tests of several processes)', () => {
    expect(configFromEnv({ ...env, MODELGATE_REDIS_LEASE_MS: '1500' })).toMatchObject({ redisUrl: 'redis://redis:6379', redisLeaseMs: 1500 });
    expect(configFromEnv(env)).not.toHaveProperty('redisLeaseMs');
    expect(() => configFromEnv({ ...env, MODELGATE_REDIS_LEASE_MS: 'soon' })).toThrow('MODELGATE_REDIS_LEASE_MS must be a number of milliseconds (at least 100): soon');
  });
});
