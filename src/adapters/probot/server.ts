// The App's HTTP server: Probot's node middleware on Node's own http server, plus /healthz.
// Configured by Probot's standard environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
// WEBHOOK_SECRET, WEBHOOK_PATH, LOG_LEVEL, LOG_FORMAT, GHE_HOST/GHE_PROTOCOL, REDIS_URL) and
// HOST/PORT. Every delivery's signature is checked by @octokit/webhooks (400 when it does not
// match), which is why the server refuses to start without a secret.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { modelgateApp, serverUrlFromEnv, type AppOptions } from './app.ts';

/** Secondary rate limits: Probot's default handler only logs them; retry a bounded number of times. */
export const SECONDARY_RATE_LIMIT_RETRIES = 3;

interface ThrottledRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}

/** Whether to retry after a secondary rate limit (GitHub says how long to wait; the plugin waits). */
export function retrySecondaryRateLimit(retryAfter: number, options: ThrottledRequest, octokit: { log: { warn: (m: string) => void } }): boolean {
  const retry = options.request.retryCount < SECONDARY_RATE_LIMIT_RETRIES;
  octokit.log.warn(`secondary rate limit on ${options.method} ${options.url}; ${retry ? `retrying in ${retryAfter}s` : 'giving up, the review fails closed'}`);
  return retry;
}

export const ModelgateOctokit = ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => {
  const throttle = (instanceOptions.throttle ?? {}) as Record<string, unknown>;
  return { ...instanceOptions, throttle: { ...throttle, onSecondaryRateLimit: retrySecondaryRateLimit } };
});

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
  logLevel?: (typeof LOG_LEVELS)[number];
  logFormat?: 'json' | 'pretty';
}

/** Reads the environment; throws a clear message for anything missing (never starts half-configured). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const secret = env.WEBHOOK_SECRET;
  if (!secret) throw new Error('WEBHOOK_SECRET is not set: modelgate refuses to accept unsigned webhooks');
  const appId = Number(env.APP_ID);
  if (!env.APP_ID || !Number.isInteger(appId) || appId <= 0) throw new Error('APP_ID is not set to the GitHub App id (a number)');
  const privateKey = env.PRIVATE_KEY ?? (env.PRIVATE_KEY_PATH ? readFileSync(env.PRIVATE_KEY_PATH, 'utf8') : undefined);
  if (!privateKey) throw new Error('PRIVATE_KEY or PRIVATE_KEY_PATH is not set');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT is not a port number: ${env.PORT}`);
  const webhookPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
  if (!webhookPath.startsWith('/')) throw new Error(`WEBHOOK_PATH must start with "/": ${webhookPath}`);
  if (env.LOG_LEVEL && !(LOG_LEVELS as readonly string[]).includes(env.LOG_LEVEL)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const serverUrl = serverUrlFromEnv(env);
  return {
    appId,
    // One-line keys in env files carry literal "\n"s.
    privateKey: privateKey.replace(/\\n/g, '\n'),
    secret,
    webhookPath,
    host: env.HOST ?? '0.0.0.0',
    port,
    ...(env.GHE_HOST ? { baseUrl: `${serverUrl}/api/v3` } : {}),
    serverUrl,
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL as ServerConfig['logLevel'] } : {}),
    ...(env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? { logFormat: env.LOG_FORMAT } : {}),
  };
}

/**
 * Probot loads ioredis at run time with a bare `import('ioredis')` (through npx only when run
 * by `npx`), so it must be installed next to modelgate. Say so at start-up, not at the first
 * webhook.
 */
async function assertRedisClientInstalled(): Promise<void> {
  const specifier = 'ioredis';
  try {
    await import(specifier);
  } catch {
    throw new Error('REDIS_URL is set, but the ioredis package is not installed: run `npm install ioredis@5` next to modelgate (Probot loads it at run time)');
  }
}

export async function startServer(config: ServerConfig, appOptions: AppOptions = {}, probotOptions: { Octokit?: typeof ProbotOctokit } = {}): Promise<Server> {
  if (config.redisUrl) await assertRedisClientInstalled();
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.secret,
    Octokit: probotOptions.Octokit ?? ModelgateOctokit,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.redisUrl ? { redisConfig: config.redisUrl } : {}),
    ...(config.logLevel ? { logLevel: config.logLevel } : {}),
    ...(config.logFormat ? { logFormat: config.logFormat } : {}),
  });
  const app = modelgateApp({ appId: config.appId, serverUrl: config.serverUrl, stateSecret: config.secret, ...appOptions });
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: config.webhookPath });
  const server = createServer((req, res) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && new URL(req.url ?? '/', 'http://localhost').pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : '{"status":"ok"}');
      return;
    }
    Promise.resolve(
      middleware(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }),
    ).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
