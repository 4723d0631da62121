// When a write's turn ends, and what a replica that dies holding one costs the others.
//
// - Through the Octokit the App runs with (octokit.ts): `sent` is called as the request leaves,
//   before GitHub answers, and the try's own signal reaches the fetch (a try that times out is
//   aborted). Both once failed silently: before-after-hook binds each inner hook to the options
//   the request started with, so options passed on as a copy never reached @octokit/request.
// - Shared through a real Redis (github/pacing.ts): a turn taken by a replica that then dies
//   (its request never sent) holds the installation's writes on another replica only until it
//   lapses (`turnExpirationMs` + `heartbeatMs`), not for a minute.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { createPacing, type Pacing, type RequestKind } from '../../../src/adapters/github/pacing.ts';
import { requestPolicy } from '../../../src/adapters/probot/octokit.ts';
import { PRIVATE_KEY } from './harness.ts';
import { useRedisServer } from './redis-server.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a try through the Octokit the App runs with', () => {
  /** A GitHub whose answers to anything but a token wait for `release`; `closed` counts requests dropped by the App. */
  async function slowGitHub() {
    const held: ServerResponse[] = [];
    let closed = 0;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' });
      if (req.url!.endsWith('/access_tokens')) return res.end(JSON.stringify({ token: 't', expires_at: new Date(Date.now() + 3_600_000).toISOString() }));
      req.socket.once('close', () => res.writableEnded || closed++);
      held.push(res);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanups.push(() => new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    }));
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
      held: () => held.length,
      closed: () => closed,
      release: () => held.splice(0).forEach((res) => res.end('{"id":1}')),
    };
  }

  /** An installation's Octokit with the request policy, its pacing recording each try's kind and when it was sent. */
  async function installationOctokit(baseUrl: string, timeoutMs = 30_000) {
    const sent: RequestKind[] = [];
    const pacing: Pacing = { run: (_installation, kind, tryOnce) => tryOnce(() => sent.push(kind)) };
    const Octokit = ProbotOctokit.plugin(requestPolicy(pacing, { timeoutMs, retries: 0 })).defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
    const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, Octokit, baseUrl, logLevel: 'fatal' });
    return { octokit: await probot.auth(4242), sent };
  }

  it('calls `sent` as a write leaves, before GitHub answers it', async () => {
    const github = await slowGitHub();
    const { octokit, sent } = await installationOctokit(github.baseUrl);
    const created = octokit.rest.checks.create({ owner: 'acme', repo: 'models', name: 'x', head_sha: 'a'.repeat(40) });
    await expect.poll(github.held).toBe(1);
    expect(sent).toEqual(['unpaced', 'write']);
    github.release();
    await expect(created).resolves.toMatchObject({ status: 201 });
  });

  it('aborts a try that GitHub does not answer within its timeout', async () => {
    const github = await slowGitHub();
    const { octokit } = await installationOctokit(github.baseUrl, 200);
    await expect(octokit.rest.pulls.get({ owner: 'acme', repo: 'models', pull_number: 7 })).rejects.toThrow('within 200 ms');
    await expect.poll(github.closed).toBe(1);
  });
});

describe('the shared write pacing when a replica dies holding a turn', () => {
  const redis = useRedisServer();

  function replica(id: string, options: { turnExpirationMs: number; heartbeatMs: number }) {
    const connection = new Bottleneck.IORedisConnection({ client: new Redis(redis.url(), { keyPrefix: undefined }), Redis });
    const pacing = createPacing({ ...options, writeIntervalMs: 100, connection });
    cleanups.push(() => connection.disconnect(false));
    return { id, pacing, die: () => connection.disconnect(false) };
  }

  it(`holds the other replica's next write only until the turn lapses`, async () => {
    const installation = `dies-${Date.now()}`;
    const bounds = { turnExpirationMs: 600, heartbeatMs: 200 };
    const a = replica('a', bounds);
    const b = replica('b', bounds);
    let taken!: () => void;
    const turnTaken = new Promise<void>((done) => (taken = done));
    // A takes the turn and dies before its request leaves (the try never calls `sent`).
    void a.pacing.run(installation, 'write', () => {
      taken();
      return new Promise<never>(() => undefined);
    }).catch(() => undefined);
    await turnTaken;
    const diedAt = performance.now();
    await a.die();
    const wroteAt = await b.pacing.run(installation, 'write', async (sent) => {
      sent();
      return performance.now();
    });
    // The turn lapses in Redis 600 ms after A took it; B notices at its next heartbeat (200 ms).
    expect(wroteAt - diedAt).toBeLessThan(bounds.turnExpirationMs + bounds.heartbeatMs + 1000);
    expect(wroteAt - diedAt).toBeGreaterThan(bounds.turnExpirationMs / 2);
  });

  it(`does not hold the other replica's writes while its request waits for GitHub's answer`, async () => {
    const installation = `slow-${Date.now()}`;
    const bounds = { turnExpirationMs: 60_000, heartbeatMs: 5000 };
    const a = replica('a', bounds);
    const b = replica('b', bounds);
    let sentAt = 0;
    const slow = a.pacing.run(installation, 'write', async (sent) => {
      sent();
      sentAt = performance.now();
      await new Promise((done) => setTimeout(done, 2000));
      return 'answered';
    });
    await expect.poll(() => sentAt).toBeGreaterThan(0);
    const wroteAt = await b.pacing.run(installation, 'write', async (sent) => {
      sent();
      return performance.now();
    });
    expect(wroteAt - sentAt).toBeGreaterThanOrEqual(90);
    expect(wroteAt - sentAt).toBeLessThan(1000);
    await expect(slow).resolves.toBe('answered');
  });
});
