// The real server: startServer on a local port, deliveries signed (or not) as GitHub signs
// them, /healthz, configuration from the environment, and the bounded retry on GitHub's
// secondary rate limit that ModelgateOctokit's request policy makes (octokit.ts; the other
// faults: faults.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { configFromEnv, modelgateOctokit } from '../../../src/adapters/probot/server.ts';
import { API, useFakeNetwork } from '../github/fake-github.ts';
import { APP_ID, OWNER, REPO } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit, pullRequestEvent } from './harness.ts';
import { TEST_SECRET, deliver, useTestServer } from './test-server.ts';
import { checkRun, cleanPr } from './scenarios.ts';

const SECRET = TEST_SECRET;

useFakeNetwork('127.0.0.1');
const { start, running, processed } = useTestServer();

describe('startServer', () => {
  it('answers a correctly signed delivery with 202 at once, then processes it', async () => {
    const gh = cleanPr().serve();
    const url = await start();
    const response = await deliver(url, pullRequestEvent('opened', gh));
    expect([response.status, await response.json()]).toEqual([202, { status: 'accepted' }]);
    await processed();
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(gh.unexpected).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('refuses a delivery signed with another secret, and does nothing', async () => {
    const gh = cleanPr().serve([]);
    const url = await start();
    const response = await deliver(url, pullRequestEvent('opened', gh), 'not the secret');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('signature does not match');
    expect(gh.requests).toEqual([]);
  });

  it('answers /healthz, and 404 elsewhere', async () => {
    const url = await start();
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${url}/api/github/webhooks`)).status).toBe(404);
  });

  // Without ioredis installed: redis-bundle.test.ts (the bundle, with no node_modules beside it).
  it('refuses to start with REDIS_URL where no Redis answers, saying so', async () => {
    await expect(start({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow('REDIS_URL is set, but Redis does not answer there');
    expect(running()).toBeUndefined();
  });
});

describe('configFromEnv', () => {
  // A one-line key, as env files carry it (the other forms Probot accepts: local-dev.test.ts).
  const env = { WEBHOOK_SECRET: SECRET, APP_ID: String(APP_ID), PRIVATE_KEY: PRIVATE_KEY.replace(/\n/g, '\\n') };

  it('refuses to run without WEBHOOK_SECRET, APP_ID or a private key', () => {
    expect(() => configFromEnv({ ...env, WEBHOOK_SECRET: undefined })).toThrow('WEBHOOK_SECRET is not set: modelgate refuses to accept unsigned webhooks');
    expect(() => configFromEnv({ ...env, WEBHOOK_SECRET: '' })).toThrow('WEBHOOK_SECRET is not set');
    expect(() => configFromEnv({ ...env, APP_ID: undefined })).toThrow('APP_ID is not set');
    expect(() => configFromEnv({ ...env, APP_ID: 'modelgate' })).toThrow('APP_ID is not set to the GitHub App id (a number)');
    expect(() => configFromEnv({ ...env, PRIVATE_KEY: undefined })).toThrow('PRIVATE_KEY or PRIVATE_KEY_PATH is not set');
    expect(() => configFromEnv({ ...env, LOG_LEVEL: 'loud' } as unknown as NodeJS.ProcessEnv)).toThrow('LOG_LEVEL must be one of');
  });

  it('applies Probot\'s defaults and reads the key from PRIVATE_KEY_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-key-'));
    writeFileSync(join(dir, 'key.pem'), 'from a file\n');
    expect(configFromEnv({ ...env, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: join(dir, 'key.pem') }).privateKey).toBe('from a file\n');
    expect(configFromEnv(env)).toEqual({
      appId: APP_ID,
      privateKey: PRIVATE_KEY,
      secret: SECRET,
      webhookPath: '/api/github/webhooks',
      host: '0.0.0.0',
      port: 3000,
      serverUrl: 'https://github.com',
    });
  });

  it('points API calls and links at GitHub Enterprise Server', () => {
    const ghes = configFromEnv({ ...env, GHE_HOST: 'ghe.acme.test', PORT: '8080', WEBHOOK_PATH: '/hooks', REDIS_URL: 'redis://redis:6379', LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
    expect(ghes).toMatchObject({ baseUrl: 'https://ghe.acme.test/api/v3', serverUrl: 'https://ghe.acme.test', port: 8080, webhookPath: '/hooks', redisUrl: 'redis://redis:6379', logLevel: 'debug', logFormat: 'json' });
  });
});

describe('ModelgateOctokit on a secondary rate limit', () => {
  // `retryAfterUnitMs: 1`: GitHub's "retry after 1 second" becomes 1 ms here.
  const RETRIES = 3;
  const octokit = () =>
    new (modelgateOctokit({ faults: { retries: RETRIES, retryAfterUnitMs: 1 } }))({ auth: { token: 'ghs_test' }, log: { debug() {}, info() {}, warn() {}, error() {} } } as any);
  const limited = [403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' }] as const;

  it('retries, then succeeds', async () => {
    const scope = nock(API).get(`/repos/${OWNER}/${REPO}`).reply(...limited).get(`/repos/${OWNER}/${REPO}`).reply(200, { full_name: `${OWNER}/${REPO}` });
    const { data } = await octokit().rest.repos.get({ owner: OWNER, repo: REPO });
    expect(data.full_name).toBe(`${OWNER}/${REPO}`);
    expect(scope.isDone()).toBe(true);
  });

  it(`gives up after ${RETRIES} retries, so the review can fail closed`, async () => {
    const scope = nock(API).get(`/repos/${OWNER}/${REPO}`).times(RETRIES + 1).reply(...limited);
    await expect(octokit().rest.repos.get({ owner: OWNER, repo: REPO })).rejects.toMatchObject({
      status: 403,
      tries: RETRIES + 1,
      message: `GitHub answered 403 (secondary rate limit) to GET /repos/${OWNER}/${REPO} (${RETRIES + 1} tries)`,
    });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
