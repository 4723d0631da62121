// Running the App as Probot users run it: the private key in every form Probot accepts,
// WEBHOOK_PROXY_URL forwarding deliveries from a (local, fake) smee.io channel, and the setup
// mode that registers the App from app.yml through GitHub's manifest flow. No test leaves this
// machine: the smee channel is a local event stream and GitHub's manifest conversion is nock'd.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { needsSetup, startSetup } from '../../../src/adapters/probot/local-dev.ts';
import { configFromEnv, startServer } from '../../../src/adapters/probot/server.ts';
import { APP_ID } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit } from './harness.ts';
import { TEST_SECRET, signatureOf, testServerConfig } from './test-server.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = TEST_SECRET;
const silent = pino({ level: 'silent' });

describe('configFromEnv: the private key as Probot accepts it', () => {
  const env = { WEBHOOK_SECRET: SECRET, APP_ID: String(APP_ID) };
  const key = (extra: NodeJS.ProcessEnv) => configFromEnv({ ...env, ...extra }).privateKey;

  it('takes PEM as it is', () => {
    expect(key({ PRIVATE_KEY })).toBe(PRIVATE_KEY);
  });

  it('takes PEM with its newlines written as \\n (one-line env files)', () => {
    expect(key({ PRIVATE_KEY: PRIVATE_KEY.replace(/\n/g, '\\n') })).toBe(PRIVATE_KEY);
  });

  it('takes base64-encoded PEM', () => {
    expect(key({ PRIVATE_KEY: Buffer.from(PRIVATE_KEY).toString('base64') })).toBe(PRIVATE_KEY);
  });

  it('reads PRIVATE_KEY_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-key-'));
    writeFileSync(join(dir, 'app.pem'), PRIVATE_KEY);
    expect(key({ PRIVATE_KEY_PATH: join(dir, 'app.pem') })).toBe(PRIVATE_KEY);
    expect(() => key({ PRIVATE_KEY_PATH: join(dir, 'missing.pem') })).toThrow('Private key does not exists at path');
  });

  it('refuses a PRIVATE_KEY that is not a PEM key', () => {
    expect(() => key({ PRIVATE_KEY: 'not a key' })).toThrow('could not be validated');
  });
});

describe('WEBHOOK_PROXY_URL (smee.io)', () => {
  let channel: Server | undefined;
  let app: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (channel ? (channel.closeAllConnections(), channel.close(resolve)) : resolve(undefined)));
    app = channel = undefined;
  });

  /** A local stand-in for a smee.io channel: an event stream whose listeners get `send`'s messages. */
  async function fakeChannel(): Promise<{ url: string; send: (message: unknown) => void; connected: Promise<void> }> {
    const listeners: ServerResponse[] = [];
    let connect!: () => void;
    const connected = new Promise<void>((resolve) => (connect = resolve));
    channel = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': ready\n\n');
      listeners.push(res);
      connect();
    });
    await new Promise<void>((resolve) => channel!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/fake-channel`;
    return { url, connected, send: (message) => listeners.forEach((res) => res.write(`data: ${JSON.stringify(message)}\n\n`)) };
  }

  const config = (webhookProxyUrl: string) => testServerConfig({ webhookProxyUrl });

  it('is read from the environment', () => {
    expect(configFromEnv({ WEBHOOK_SECRET: SECRET, APP_ID: String(APP_ID), PRIVATE_KEY, WEBHOOK_PROXY_URL: 'https://smee.io/abc' }).webhookProxyUrl).toBe('https://smee.io/abc');
  });

  it('forwards the channel\'s deliveries to the webhook path, where their signature is checked', async () => {
    const smee = await fakeChannel();
    app = await startServer(config(smee.url), {}, { Octokit: TestOctokit });
    await smee.connected;
    const answered = new Promise<{ url: string; event: string; status: number }>((resolve) =>
      app!.on('request', (req, res) => res.once('finish', () => resolve({ url: req.url ?? '', event: String(req.headers['x-github-event']), status: res.statusCode }))),
    );
    // smee.io's message: the delivery's headers, its JSON body and the query string.
    const body = { zen: 'Design for failure.', hook_id: 1 };
    const signature = signatureOf(JSON.stringify(body));
    smee.send({ 'x-github-event': 'ping', 'x-github-delivery': 'smee-1', 'x-hub-signature-256': signature, host: 'smee.io', body, query: {}, timestamp: 1 });
    expect(await answered).toEqual({ url: '/api/github/webhooks', event: 'ping', status: 202 });
  });

  it('refuses to start when the channel cannot be reached', async () => {
    const smee = await fakeChannel();
    const unreachable = smee.url.replace(/:\d+\//, ':1/');
    await expect(startServer(config(unreachable), {}, { Octokit: TestOctokit })).rejects.toThrow(`WEBHOOK_PROXY_URL: could not connect to ${unreachable}`);
  });
});

/** A free local port (Probot's runner reads PORT=0 as its default, 3000). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The manifest the setup page posts to GitHub (the value of its "Register GitHub App" button). */
function postedManifest(html: string): Record<string, any> {
  const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
  expect(value).toBeDefined();
  return JSON.parse(value!);
}

describe('setup mode (no APP_ID)', () => {
  it('is entered without APP_ID, except in production', () => {
    expect(needsSetup({})).toBe(true);
    expect(needsSetup({ APP_ID: '1' })).toBe(false);
    expect(needsSetup({ NODE_ENV: 'production' })).toBe(false);
  });

  describe('Probot\'s setup app, in process', () => {
    const cwd = process.cwd();
    const saved = { ...process.env };
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-setup-'));
    let setup: Awaited<ReturnType<typeof startSetup>> | undefined;
    let base = '';

    beforeAll(async () => {
      copyFileSync(join(root, 'app.yml'), join(dir, 'app.yml'));
      process.chdir(dir); // Probot reads ./app.yml and writes ./.env
      for (const name of ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'WEBHOOK_PROXY_URL', 'NO_SMEE_SETUP', 'PROJECT_DOMAIN', 'GHE_HOST', 'GH_ORG', 'NODE_ENV']) delete process.env[name];
      const port = await freePort();
      setup = await startSetup({
        env: { HOST: '127.0.0.1', PORT: String(port) },
        log: silent,
        // What smee-client's createChannel answers, without asking smee.io.
        SmeeClient: { createChannel: async () => 'https://smee.io/modelgate-test-channel' },
      });
      base = `http://127.0.0.1:${port}`;
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
    });

    afterAll(async () => {
      await setup?.stop();
      nock.cleanAll();
      nock.enableNetConnect();
      process.chdir(cwd);
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    });

    it('redirects / to the setup page', async () => {
      const response = await fetch(`${base}/`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/probot');
    });

    it('offers to register the App from app.yml, its deliveries going to the new smee.io channel', async () => {
      const response = await fetch(`${base}/probot`);
      expect(response.status).toBe(200);
      const manifest = postedManifest(await response.text());
      const appYml = parseYaml(readFileSync(join(root, 'app.yml'), 'utf8'));
      expect(manifest).toMatchObject(appYml);
      expect(manifest).toMatchObject({
        name: 'modelgate',
        public: false,
        default_events: appYml.default_events,
        default_permissions: appYml.default_permissions,
        hook_attributes: { url: 'https://smee.io/modelgate-test-channel' },
        redirect_url: `${base}/probot/setup`,
      });
      expect(parseEnv(readFileSync(join(dir, '.env'), 'utf8')).WEBHOOK_PROXY_URL).toBe('https://smee.io/modelgate-test-channel');
    });

    it('trades GitHub\'s code for the App\'s credentials, writes them to .env and sends the user on to install it', async () => {
      const conversion = nock('https://api.github.com')
        .post('/app-manifests/the-code/conversions')
        .reply(201, { id: 4242, slug: 'modelgate', client_id: 'Iv1.abc', client_secret: 'client-secret', webhook_secret: 'generated secret', pem: PRIVATE_KEY, html_url: 'https://github.com/apps/modelgate' });
      const response = await fetch(`${base}/probot/setup?code=the-code`, { redirect: 'manual' });
      expect(conversion.isDone()).toBe(true);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://github.com/apps/modelgate/installations/new');
      const written = parseEnv(readFileSync(join(dir, '.env'), 'utf8'));
      expect(written).toMatchObject({ APP_ID: '4242', WEBHOOK_SECRET: 'generated secret', WEBHOOK_PROXY_URL: 'https://smee.io/modelgate-test-channel' });
      // After the restart the App starts from what was written.
      expect(needsSetup(written)).toBe(false);
      expect(configFromEnv(written)).toMatchObject({ appId: 4242, privateKey: PRIVATE_KEY, secret: 'generated secret', webhookProxyUrl: 'https://smee.io/modelgate-test-channel' });
    });
  });

  describe('the entry point', () => {
    const tsx = import.meta.resolve('tsx');
    const main = join(root, 'src/adapters/probot/main.ts');
    const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'fatal', NO_SMEE_SETUP: 'true' };

    it('serves the setup page when started without APP_ID in an empty directory', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modelgate-setup-'));
      copyFileSync(join(root, 'app.yml'), join(dir, 'app.yml'));
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', tsx, main], { cwd: dir, env: { ...baseEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('not registered yet') && resolve());
          child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
        });
        const response = await fetch(`http://127.0.0.1:${port}/probot`);
        expect(response.status).toBe(200);
        expect(postedManifest(await response.text())).toMatchObject({ name: 'modelgate', public: false, redirect_url: `http://127.0.0.1:${port}/probot/setup` });
        expect(existsSync(join(dir, '.env'))).toBe(false); // nothing written before GitHub answers
      } finally {
        child.kill('SIGTERM');
      }
    });

    it('still refuses to start without APP_ID in production', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modelgate-prod-'));
      const child = spawn(process.execPath, ['--import', tsx, main], { cwd: dir, env: { ...baseEnv, NODE_ENV: 'production', WEBHOOK_SECRET: SECRET, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toBe('modelgate: APP_ID is not set to the GitHub App id (a number)\n');
    });
  });
});
