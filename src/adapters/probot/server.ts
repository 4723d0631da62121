// The App's HTTP server: webhook deliveries verified here and handed to a queue (deliveries.ts)
// that runs them through Probot in the background, on Node's own http server, plus /healthz and
// the rule docs (/docs/rules/<id>, rule-docs.ts; MODELGATE_PUBLIC_URL or MODELGATE_DOCS_URL say
// where reports link rules).
// Configured by Probot's standard environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
// WEBHOOK_SECRET, WEBHOOK_PATH, LOG_LEVEL, LOG_FORMAT, GHE_HOST/GHE_PROTOCOL, REDIS_URL) and
// HOST/PORT, and WEBHOOK_PROXY_URL for local development (deliveries forwarded from a smee.io
// channel, as `probot run` does; see local-dev.ts). Every delivery's signature is checked here,
// as @octokit/webhooks checks it (400 when it is missing or does not match), which is why the
// server refuses to start without a secret. A delivery's body is read at most up to GitHub's
// 25 MB webhook cap (413 and the connection dropped past it); a forged body never reaches Probot,
// whose error logs would carry it whole. A verified delivery is answered 202 at once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getPrivateKey } from '@probot/get-private-key';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Probot, ProbotOctokit, type Logger } from 'probot';
import { ModelgateOctokit } from './octokit.ts';
import { DEFAULT_PACING } from '../github/pacing.ts';
import { InProcessDeliveryQueue, type Delivery, type DeliveryHandler, type DeliveryQueue } from './deliveries.ts';
import { resolveRuleDocsUrl } from '../../core/report/links.ts';
import { modelgateApp, serverUrlFromEnv, type AppOptions } from './app.ts';
import { ruleDocsAnswer } from './rule-docs.ts';
import { startWebhookProxy } from './local-dev.ts';
import type { RedisBackend, RedisSettings } from './redis.ts';

// Probot's Octokit with modelgate's pacing and fault handling (octokit.ts).
export { ModelgateOctokit, modelgateOctokit } from './octokit.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export interface ServerConfig {
  appId: number;
  privateKey: string;
  secret: string;
  webhookPath: string;
  host: string;
  port: number;
  /** REST/GraphQL API base for GitHub Enterprise Server (`https://HOST/api/v3`). */
  baseUrl?: string;
  /** Web address for links in reports (`https://HOST` on GHES). */
  serverUrl: string;
  redisUrl?: string;
  /**
   * MODELGATE_REDIS_LEASE_MS: with REDIS_URL, how long the job and the pull request lease of a
   * replica that died hold up the others (default 30 s: redis-queue.ts, redis-lock.ts), and its
   * turn to write to GitHub, when shorter than that turn's own bound (3 s: github/pacing.ts).
   * Shorter only for tests: a replica busier than this (a blocked event loop) loses its job to another.
   */
  redisLeaseMs?: number;
  /** A smee.io channel whose deliveries are forwarded to this server (local development). */
  webhookProxyUrl?: string;
  logLevel?: (typeof LOG_LEVELS)[number];
  logFormat?: 'json' | 'pretty';
  /**
   * Where rule links in reports point (links.ts resolveRuleDocsUrl): MODELGATE_DOCS_URL, else
   * this server's own /docs/rules/{id} under MODELGATE_PUBLIC_URL (the App's public address).
   */
  ruleDocsUrl?: string;
}

function positiveMs(name: string, value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100) throw new Error(`${name} must be a number of milliseconds (at least 100): ${value}`);
  return ms;
}

/** Reads the environment; throws a clear message for anything missing (never starts half-configured). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const secret = env.WEBHOOK_SECRET;
  if (!secret) throw new Error('WEBHOOK_SECRET is not set: modelgate refuses to accept unsigned webhooks');
  const appId = Number(env.APP_ID);
  if (!env.APP_ID || !Number.isInteger(appId) || appId <= 0) throw new Error('APP_ID is not set to the GitHub App id (a number)');
  // As Probot reads it: PRIVATE_KEY as PEM, PEM with literal "\n"s (one-line env files) or
  // base64-encoded PEM; else the file at PRIVATE_KEY_PATH; else the only *.pem in the directory.
  const privateKey = getPrivateKey({ env });
  if (!privateKey) throw new Error('PRIVATE_KEY or PRIVATE_KEY_PATH is not set');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT is not a port number: ${env.PORT}`);
  const webhookPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
  if (!webhookPath.startsWith('/')) throw new Error(`WEBHOOK_PATH must start with "/": ${webhookPath}`);
  if (env.LOG_LEVEL && !(LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const serverUrl = serverUrlFromEnv(env);
  for (const name of ['MODELGATE_PUBLIC_URL', 'MODELGATE_DOCS_URL'] as const) {
    if (env[name] && !resolveRuleDocsUrl({ explicit: env[name], fallback: undefined })) throw new Error(`${name} must be an http(s) URL: ${env[name]}`);
  }
  const ruleDocsUrl = resolveRuleDocsUrl({ explicit: env.MODELGATE_DOCS_URL, publicUrl: env.MODELGATE_PUBLIC_URL });
  return {
    appId,
    privateKey,
    secret,
    webhookPath,
    host: env.HOST ?? '0.0.0.0',
    port,
    ...(env.GHE_HOST ? { baseUrl: `${serverUrl}/api/v3` } : {}),
    serverUrl,
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.MODELGATE_REDIS_LEASE_MS ? { redisLeaseMs: positiveMs('MODELGATE_REDIS_LEASE_MS', env.MODELGATE_REDIS_LEASE_MS) } : {}),
    ...(env.WEBHOOK_PROXY_URL ? { webhookProxyUrl: env.WEBHOOK_PROXY_URL } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL as ServerConfig['logLevel'] } : {}),
    ...(env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? { logFormat: env.LOG_FORMAT } : {}),
    ...(ruleDocsUrl ? { ruleDocsUrl } : {}),
  };
}

/**
 * modelgate's Redis parts (redis.ts) load ioredis at run time with a bare `import('ioredis')`
 * (the bundle leaves it out), so it must be installed next to modelgate. Say so at start-up,
 * not at the first webhook.
 */
async function assertRedisClientInstalled(): Promise<void> {
  const specifier = 'ioredis';
  try {
    await import(specifier);
  } catch {
    throw new Error('REDIS_URL is set, but the ioredis package is not installed: run `npm install ioredis@5` next to modelgate (modelgate loads it at run time; the Docker image: --build-arg WITH_REDIS=true)');
  }
}

/**
 * GitHub's cap on a webhook payload ("Payloads are capped at 25 MB": larger events are not
 * delivered), read as 25 MiB so that no genuine delivery is refused.
 */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

// @octokit/webhooks' test for "a request to the webhook path": the configured path and the
// request's URL path, each without trailing slashes (normalize-trailing-slashes.js).
const trimSlashes = (path: string) => path.replace(/\/+$/, '') || '/';
function requestPath(url: string): string | undefined {
  try {
    return new URL(trimSlashes(url), 'http://localhost').pathname;
  } catch {
    return undefined; // the middleware answers 422 without reading the body
  }
}

type Body = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads a request body as it streams in, giving up (holding nothing) once it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (body: Body) => {
      if (done) return;
      done = true;
      chunks = [];
      req.off('data', onData);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ kind: 'too-large' });
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      const bytes = Buffer.concat(chunks, size);
      finish({ kind: 'read', bytes });
    });
    req.once('error', () => finish({ kind: 'aborted' }));
    req.once('close', () => finish({ kind: 'aborted' }));
  });
}

/** 413, then the connection closed at once: nothing more of the body is read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ error: `Payload Too Large: GitHub's webhook payloads are at most 25 MiB (${MAX_WEBHOOK_BODY_BYTES} bytes)` });
  res.once('finish', () => req.socket.destroy());
  res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** @octokit/webhooks' own test: HMAC-SHA256 of the decoded payload, `sha256=<hex>`, compared in constant time. */
function signatureMatches(secret: string, payload: string, signature: string): boolean {
  if (!payload) return false; // @octokit/webhooks refuses an empty payload as not matching
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`);
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A JSON answer with its length. */
function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A header value short enough for one log line (headers are the sender's, not verified). */
const short = (value: string | string[] | undefined) => String(value ?? '').slice(0, 80);

// @octokit/webhooks decodes a body this way (a BOM dropped, bad UTF-8 replaced), and verifies the result.
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The HTTP server and the queue its verified deliveries go to. */
export type AppServer = Server & { deliveries: DeliveryQueue; redis?: RedisBackend };

export interface ServerParts {
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  /** The queue for verified deliveries (default: in-process, deliveries.ts); given the handler that reviews one. */
  deliveries?: (handle: DeliveryHandler) => Promise<DeliveryQueue>;
  /** With REDIS_URL: timings of the shared queue, lease and pacing (tests shorten them; defaults in redis-queue.ts, redis-lock.ts, github/pacing.ts). */
  redis?: RedisSettings;
}

/**
 * MODELGATE_REDIS_LEASE_MS as the job lock, the stalled-job check, the lease, and the expiry of a
 * write's turn in the shared pacing when shorter than its default (ServerParts.redis wins).
 */
function withLease(ms: number | undefined, settings: RedisSettings = {}): RedisSettings {
  if (ms === undefined) return settings;
  return {
    ...settings,
    queue: { lockDurationMs: ms, stalledIntervalMs: ms, ...settings.queue },
    lock: { leaseMs: ms, ...settings.lock },
    pacing: { turnExpirationMs: Math.min(ms, DEFAULT_PACING.turnExpirationMs), heartbeatMs: Math.min(ms, DEFAULT_PACING.heartbeatMs), ...settings.pacing },
  };
}

/** Stops taking connections, then waits for the deliveries already accepted to be processed. */
export async function stopServer(server: AppServer): Promise<void> {
  await new Promise((resolve) => server.close(resolve));
  await server.deliveries.close();
  await server.redis?.close();
}

export async function startServer(config: ServerConfig, appOptions: AppOptions = {}, probotOptions: ServerParts = {}): Promise<AppServer> {
  const makeDeliveries = probotOptions.deliveries;
  if (config.redisUrl) await assertRedisClientInstalled();
  // REDIS_URL: every replica takes deliveries from one queue in Redis, holds a lease per pull
  // request there and paces its writes to GitHub with the others (redis.ts); without it, the
  // in-process queue and PerKeyQueue. Connected first: a Redis that does not answer stops the start.
  // Redis errors are logged through Probot's logger, which exists only once Probot does (below):
  // never read before that (connectRedis reports nothing before it has returned).
  let logging: Probot | undefined;
  const redisLog = { error: (fields: object, message: string) => logging?.log?.child({ name: 'redis' }).error(fields, message), warn: (fields: object, message: string) => logging?.log?.child({ name: 'redis' }).warn(fields, message) };
  const redis = config.redisUrl ? await (await import('./redis.ts')).connectRedis(config.redisUrl, redisLog, withLease(config.redisLeaseMs, probotOptions.redis)) : undefined;
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.secret,
    // With REDIS_URL, writes are paced per installation through Redis across replicas (redis.ts).
    Octokit: probotOptions.Octokit ?? redis?.Octokit ?? ModelgateOctokit,
    ...(probotOptions.log ? { log: probotOptions.log } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.logLevel ? { logLevel: config.logLevel } : {}),
    ...(config.logFormat ? { logFormat: config.logFormat } : {}),
  });
  logging = probot;
  const app = modelgateApp({ appId: config.appId, serverUrl: config.serverUrl, stateSecret: config.secret, ...(config.ruleDocsUrl ? { ruleDocsUrl: config.ruleDocsUrl } : {}), ...(redis ? { lock: redis.lock } : {}), ...appOptions });
  await probot.load(app);
  const log = probot.log.child({ name: 'webhooks' });
  const receive = async (delivery: Delivery) => {
    await probot.receive({ id: delivery.id, name: delivery.name, payload: JSON.parse(delivery.payload) } as Parameters<Probot['receive']>[0]);
  };
  const deliveries = makeDeliveries ? await makeDeliveries(receive) : redis ? redis.deliveries(receive) : new InProcessDeliveryQueue(receive, { onError: (d, err) => log.error({ err, id: d.id, event: d.name }, 'webhook delivery failed') });
  const webhooksPath = trimSlashes(config.webhookPath);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && new URL(req.url ?? '/', 'http://localhost').pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : '{"status":"ok"}');
      return;
    }
    const docs = req.method === 'GET' || req.method === 'HEAD' ? ruleDocsAnswer(new URL(req.url ?? '/', 'http://localhost').pathname) : undefined;
    if (docs) {
      const headers = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" };
      if (docs.status === 200) res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(docs.html) });
      else if (docs.status === 308) res.writeHead(308, { ...headers, location: docs.location });
      else res.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' || docs.status === 308 ? undefined : docs.status === 200 ? docs.html : 'no such rule');
      return;
    }
    if (req.method === 'POST' && requestPath(req.url ?? '/') === webhooksPath) {
      const delivery = { id: short(req.headers['x-github-delivery']), event: short(req.headers['x-github-event']) };
      const declared = Number(req.headers['content-length']);
      const body = declared > MAX_WEBHOOK_BODY_BYTES ? ({ kind: 'too-large' } as const) : await readBody(req, MAX_WEBHOOK_BODY_BYTES);
      if (body.kind === 'aborted') {
        req.socket.destroy();
        return;
      }
      if (body.kind === 'too-large') {
        log.warn(delivery, 'webhook delivery refused with 413: its body is over the 25 MiB GitHub sends at most (connection closed, body not logged)');
        refuseTooLarge(req, res);
        return;
      }
      const payload = utf8.decode(body.bytes);
      const signature = req.headers['x-hub-signature-256'];
      if (typeof signature !== 'string') {
        answer(res, 400, { error: 'Required headers missing: x-hub-signature-256' });
        return;
      }
      if (!signatureMatches(config.secret, payload, signature)) {
        log.warn(delivery, 'webhook delivery refused with 400: its signature does not match WEBHOOK_SECRET (body not logged)');
        answer(res, 400, { error: 'Error: [@octokit/webhooks] signature does not match event payload and secret' });
        return;
      }
      const missing = ['x-github-event', 'x-github-delivery'].filter((name) => typeof req.headers[name] !== 'string');
      if (missing.length > 0) {
        answer(res, 400, { error: `Required headers missing: ${missing.join(', ')}` });
        return;
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        answer(res, 415, { error: 'Unsupported "Content-Type" header value. Must be "application/json"' });
        return;
      }
      try {
        JSON.parse(payload);
      } catch {
        answer(res, 400, { error: 'Invalid JSON' });
        return;
      }
      // Verified: answered now, reviewed in the background (deliveries.ts says why).
      const enqueued = await deliveries.enqueue({ id: String(req.headers['x-github-delivery']), name: String(req.headers['x-github-event']), payload });
      answer(res, 202, { status: enqueued === 'queued' ? 'accepted' : 'duplicate delivery, already accepted' });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  const server = Object.assign(createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }), { deliveries, ...(redis ? { redis } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await deliveries.close();
    await redis?.close();
    throw error;
  });
  if (config.webhookProxyUrl) {
    try {
      const proxy = await startWebhookProxy(config.webhookProxyUrl, server, config, probot.log.child({ name: 'smee' }));
      server.once('close', () => void proxy.stop());
    } catch (error) {
      server.close();
      throw error;
    }
  }
  return server;
}
