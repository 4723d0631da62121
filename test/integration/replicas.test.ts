// Replicas as they run in production (issue 13): the App as separate processes sharing one real
// redis-server (REDIS_URL), against fakehub (a fake GitHub with GitHub's limits and fault
// injection, ../shared/fakehub; test/helpers/fakehub.ts). Each replica reaches fakehub through a
// router of its own, which tells which replica made which requests.
//
// - A replica killed (SIGKILL) in the middle of a review: the other replica takes the delivery
//   over once the job's lock lapses and finishes it; the approval check ends completed with the
//   expected conclusion, nothing is left in progress, and there is one comment.
// - 20 concurrent POSTs of one delivery (one X-GitHub-Delivery, as GitHub's "Redeliver" and
//   retries send it) split across two replicas: one comment and one check run of each name.
// - The same 20 POSTs to one replica without REDIS_URL (the in-process queue).
//
// The replicas run test/helpers/app-replica.ts (configFromEnv and startServer, as `npm start`)
// with MODELGATE_REDIS_LEASE_MS=1000: the queue's job lock, the stalled-job check and the pull
// request's lease shortened to 1 s (30 s by default), so that a dead replica's delivery is taken
// over within this file's time. A dead replica's turn to write (github/pacing.ts) lapses within
// 1 s too (3 s by default), which the killed replica's test relies on only if it died between
// taking the turn and sending its request: a turn ends as its request leaves.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVAL_CHECK,
  completedCheck,
  deliver,
  deliveryFor,
  fakehubAvailable,
  startApp,
  startHubRouter,
  startScenarioHub,
  waitFor,
  waitQuiet,
  type AppProcess,
  type Hub,
  type HubRouter,
} from '../helpers/fakehub.ts';
import { startRedisServer, type RedisServer } from '../adapters/probot/redis-server.ts';

/** What the App concludes on the scenario's pull request (churn-clean 2.4.0 -> 2.5.0, tier medium). */
const EXPECTED_APPROVAL = { conclusion: 'action_required', output: { title: 'waiting — 1 approval from acme/ml-reviewers (0 of 1)' } };
const RULES_CHECK = 'modelgate / rules';
/** Longer than the 1 s between two writes of one installation: "quiet" means the review is done. */
const QUIET_MS = 2500;
/** How long a dead replica holds up the other (MODELGATE_REDIS_LEASE_MS; see the top of this file). */
const LEASE_MS = '1000';

// Without ../shared/fakehub (or FAKEHUB_DIR) on a developer's machine the file is skipped; in CI it runs.
const run = fakehubAvailable() || Boolean(process.env.CI);

describe.skipIf(!run)('replicas of the App as processes, against fakehub', { timeout: 45_000 }, () => {
  let work: string;
  let redis: RedisServer | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'modelgate-replicas-'));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function redisUrl(): Promise<string> {
    redis ??= await startRedisServer();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    await client.flushall(); // a test's leftover jobs and leases are not the next one's
    client.disconnect();
    return redis.url;
  }

  async function hub(faults: Record<string, unknown>[] = []): Promise<Hub> {
    const started = await startScenarioHub(join(work, randomUUID()), { faults });
    cleanups.push(() => started.close());
    return started;
  }

  /** `count` replicas, each through its own router to `target`. */
  async function replicas(target: Hub, count: number, env: Record<string, string>): Promise<{ app: AppProcess; router: HubRouter }[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const router = await startHubRouter([target]);
        cleanups.push(() => router.close());
        const app = await startApp({ entry: 'test/helpers/app-replica.ts', gheHost: router.host, env });
        cleanups.push(() => app.stop());
        return { app, router };
      }),
    );
  }

  function expectOneOfEach(target: Hub): void {
    const state = target.state();
    const names = state.checkRuns.map((c) => c.name).sort();
    expect(names).toEqual([APPROVAL_CHECK, RULES_CHECK]);
    expect(state.checkRuns.every((c) => c.status === 'completed')).toBe(true);
    expect(completedCheck(target)).toMatchObject(EXPECTED_APPROVAL);
    expect(state.comments.filter((c) => c.viaApp)).toHaveLength(1);
  }

  it('a replica killed mid-review: the other replica finishes the delivery', async () => {
    // Every request to GitHub 100 ms slower, and the review's first write (a check run) 2 s: the
    // replica dies in the middle of a write, its installation's write turn taken (the first rule
    // that matches a request applies, so the one-off rule comes first).
    const target = await hub([{ method: 'POST', path: '/check-runs$', delayMs: 2000, count: 1 }, { delayMs: 100, count: 0 }]);
    const pair = await replicas(target, 2, { REDIS_URL: await redisUrl(), MODELGATE_REDIS_LEASE_MS: LEASE_MS });
    expect(await deliver(pair[0]!.app.url, await deliveryFor(target))).toBe(202);

    // The replica running the review (whichever took the job from Redis) is the one whose
    // first write is in flight.
    const running = await waitFor(() => pair.find((r) => r.router.inFlight().some((line) => /^POST .*\/check-runs$/.test(line))), 20_000, 'the first write of the review');
    const other = pair.find((r) => r !== running)!;
    await running.app.stop('SIGKILL');
    const killedAt = new Date().toISOString().slice(17, 23);
    expect(target.state().comments.filter((c) => c.viaApp)).toHaveLength(0);
    const before = other.router.requests();

    await waitFor(() => completedCheck(target)?.conclusion === EXPECTED_APPROVAL.conclusion && target.state().comments.some((c) => c.viaApp), 20_000, 'the review finished by the other replica').catch((error: Error) => {
      const state = target.state();
      const seen = { checkRuns: state.checkRuns.map((c) => `${c.name}: ${c.status} ${c.conclusion}`), comments: state.comments.length, otherRequests: other.router.requests() - before, requests: target.log().map((e) => `${e.time.slice(17, 23)} ${e.method} ${e.path} ${e.status}`) };
      throw new Error(`${error.message}\nkilled at ${killedAt}\n${JSON.stringify(seen, null, 1)}\nthe other replica's log:\n${other.app.output().slice(-3000)}`);
    });
    await waitQuiet([target], QUIET_MS, 15_000);
    expect(other.router.requests()).toBeGreaterThan(before);
    const state = target.state();
    expect(state.checkRuns.filter((c) => c.status !== 'completed')).toEqual([]);
    // The latest approval check (GitHub's branch protection reads the latest of a name) is the review's.
    const approvals = state.checkRuns.filter((c) => c.name === APPROVAL_CHECK);
    expect(approvals.at(-1)).toMatchObject({ status: 'completed', ...EXPECTED_APPROVAL });
    expect(state.comments.filter((c) => c.viaApp)).toHaveLength(1);
    expect(state.requestedReviewers.teams).toEqual(['ml-reviewers']);
  });

  it('20 concurrent POSTs of one delivery across two replicas: one comment and one check run of each name', async () => {
    const target = await hub();
    const pair = await replicas(target, 2, { REDIS_URL: await redisUrl(), MODELGATE_REDIS_LEASE_MS: LEASE_MS });
    const delivery = await deliveryFor(target);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(pair[i % 2]!.app.url, delivery)));
    expect(statuses).toEqual(Array(20).fill(202));
    await waitFor(() => completedCheck(target) && target.state().comments.some((c) => c.viaApp), 25_000, 'the review');
    await waitQuiet([target], QUIET_MS, 15_000);
    expectOneOfEach(target);
  });

  it('without REDIS_URL, 20 concurrent POSTs of one delivery to one replica: one comment and one check run of each name', async () => {
    const target = await hub();
    const [one] = await replicas(target, 1, {});
    const delivery = await deliveryFor(target);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => deliver(one!.app.url, delivery)));
    expect(statuses).toEqual(Array(20).fill(202));
    await waitFor(() => completedCheck(target) && target.state().comments.some((c) => c.viaApp), 25_000, 'the review');
    await waitQuiet([target], QUIET_MS, 15_000);
    expectOneOfEach(target);
  });
});
