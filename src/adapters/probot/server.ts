// The App's HTTP server: Probot's node middleware on Node's own http server, plus /healthz.
// Configured by Probot's standard environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
// WEBHOOK_SECRET, WEBHOOK_PATH, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL, REDIS_URL) and HOST/PORT.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { modelgateApp, type AppOptions } from './app.ts';

/** Secondary rate limits: Probot only logs them by default; retry a bounded number of times. */
export const SECONDARY_RATE_LIMIT_RETRIES = 3;

export const ModelgateOctokit = ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => {
  const throttle = (instanceOptions.throttle ?? {}) as Record<string, unknown>;
  return {
    ...instanceOptions,
    throttle: {
      ...throttle,
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string; request: { retryCount: number } }, octokit: { log: { warn: (m: string) => void } }) => {
        const retry = options.request.retryCount < SECONDARY_RATE_LIMIT_RETRIES;
        octokit.log.warn(`secondary rate limit on ${options.method} ${options.url}; ${retry ? `retrying in ${retryAfter}s` : 'giving up'}`);
        return retry;
      },
    },
  };
});

export interface ServerConfig {
  appId: string;
  privateKey: string;
  secret: string;
  webhookPath: string;
  host: string;
  port: number;
  baseUrl?: string;
  redisUrl?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

/** Reads the environment; throws a clear message for anything missing (never starts half-configured). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const secret = env.WEBHOOK_SECRET;
  if (!secret) throw new Error('WEBHOOK_SECRET is not set: modelgate refuses to accept unsigned webhooks');
  const appId = env.APP_ID;
  if (!appId) throw new Error('APP_ID is not set');
  const privateKey = env.PRIVATE_KEY ?? (env.PRIVATE_KEY_PATH ? readFileSync(env.PRIVATE_KEY_PATH, 'utf8') : undefined);
  if (!privateKey) throw new Error('PRIVATE_KEY or PRIVATE_KEY_PATH is not set');
  const baseUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL ?? 'https'}://${env.GHE_HOST}/api/v3` : undefined;
  return {
    appId,
    privateKey: privateKey.replace(/\\n/g, '\n'),
    secret,
    webhookPath: env.WEBHOOK_PATH ?? '/api/github/webhooks',
    host: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 3000),
    ...(baseUrl ? { baseUrl } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL as ServerConfig['logLevel'] } : {}),
  };
}

export async function startServer(config: ServerConfig, appOptions: AppOptions = {}, probotOptions: { Octokit?: typeof ProbotOctokit } = {}): Promise<Server> {
  const probot = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.secret,
    Octokit: probotOptions.Octokit ?? ModelgateOctokit,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.redisUrl ? { redisConfig: config.redisUrl } : {}),
    ...(config.logLevel ? { logLevel: config.logLevel } : {}),
  });
  const middleware = await createNodeMiddleware(modelgateApp(appOptions), { probot, webhooksPath: config.webhookPath });
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
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
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  return server;
}
