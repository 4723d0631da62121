// The real server as the App tests start it: one configuration (a local port, a generated key,
// quiet logs), one way to sign a delivery as GitHub does, and a server closed after each test.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { startServer, stopServer, type AppServer, type ServerConfig, type ServerParts } from '../../../src/adapters/probot/server.ts';
import { APP_ID } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit } from './harness.ts';

export const TEST_SECRET = 'it is a secret';

export const testServerConfig = (overrides: Partial<ServerConfig> = {}): ServerConfig => ({
  appId: APP_ID,
  privateKey: PRIVATE_KEY,
  secret: TEST_SECRET,
  webhookPath: '/api/github/webhooks',
  host: '127.0.0.1',
  port: 0,
  serverUrl: 'https://github.com',
  logLevel: 'fatal',
  ...overrides,
});

/** `X-Hub-Signature-256` of a body, as GitHub computes it. */
export const signatureOf = (body: string, secret = TEST_SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** POSTs a delivery to the webhook path, signed with `secret`. */
export function deliver(url: string, event: { id: string; name: string; payload: unknown }, secret = TEST_SECRET) {
  const body = JSON.stringify(event.payload);
  return fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event.name, 'x-github-delivery': event.id, 'x-hub-signature-256': signatureOf(body, secret) },
    body,
  });
}

/**
 * `start(overrides)` runs the server on a free port and returns its URL; it is stopped after each
 * test. `running()` is the server started in this test, if one did start. The server answers a
 * delivery before reviewing it: `processed()` waits until every accepted delivery is done.
 */
export function useTestServer(): { start: (overrides?: Partial<ServerConfig>, parts?: ServerParts) => Promise<string>; running: () => AppServer | undefined; processed: () => Promise<void> } {
  let server: AppServer | undefined;
  afterEach(async () => {
    if (server) await stopServer(server);
    server = undefined;
  });
  const start = async (overrides: Partial<ServerConfig> = {}, parts: ServerParts = {}) => {
    server = await startServer(testServerConfig(overrides), {}, { Octokit: TestOctokit, ...parts });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  return { start, running: () => server, processed: async () => server?.deliveries.idle() };
}
