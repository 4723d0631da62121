// Local development as `probot run` offers it, on modelgate's own server:
//   - WEBHOOK_PROXY_URL: deliveries sent by GitHub to a smee.io channel are forwarded to the
//     local server's webhook path by smee-client (a dev dependency, loaded only when the variable
//     is set; the production bundle leaves it external and the image does not install it).
//   - Setup mode: started without APP_ID outside production, Probot's own setup app answers on
//     HOST:PORT (GET / redirects to /probot): a button registers a GitHub App from ./app.yml
//     through GitHub's manifest flow, Probot writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET (and a
//     smee.io WEBHOOK_PROXY_URL when it made one) to ./.env, and asks for a restart.
import type { Server } from 'node:http';
import { run, type Logger } from 'probot';
import type { SmeeClient as SmeeClientClass } from 'smee-client';
import type { ServerConfig } from './server.ts';

type SmeeClientType = typeof SmeeClientClass;

/** smee-client, when installed (it is a dev dependency); a bare specifier esbuild leaves alone. */
async function loadSmeeClient(): Promise<SmeeClientType | undefined> {
  const specifier = 'smee-client';
  try {
    return ((await import(specifier)) as { SmeeClient: SmeeClientType }).SmeeClient;
  } catch {
    return undefined;
  }
}

/** Where a proxy on this machine reaches the server: a wildcard address is reached on loopback. */
function localTarget(server: Server, webhookPath: string): string {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}${webhookPath}`;
}

/**
 * Forwards the deliveries of the smee.io channel at `url` to `server`'s webhook path (as
 * Probot's Server does for WEBHOOK_PROXY_URL). Resolves once the channel is open; fails with a
 * clear message when smee-client is missing or the channel cannot be reached.
 */
export async function startWebhookProxy(
  url: string,
  server: Server,
  config: Pick<ServerConfig, 'webhookPath'>,
  log: Pick<Logger, 'info' | 'error'>,
  SmeeClient?: SmeeClientType,
): Promise<{ stop(): Promise<void> }> {
  const Client = SmeeClient ?? (await loadSmeeClient());
  if (!Client) throw new Error('WEBHOOK_PROXY_URL is set, but the smee-client package is not installed: run `npm install --save-dev smee-client` (it forwards deliveries to a local server; unset WEBHOOK_PROXY_URL in production)');
  const target = localTarget(server, config.webhookPath);
  const client = new Client({
    source: url,
    target,
    logger: { info: (message: string) => log.info(String(message)), error: (message: unknown, ...rest: unknown[]) => log.error(`${String(message)}${rest.length ? ` ${rest.map(String).join(' ')}` : ''}`) },
  });
  try {
    await client.start();
  } catch (error) {
    await client.stop().catch(() => undefined);
    throw new Error(`WEBHOOK_PROXY_URL: could not connect to ${url} (${error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error)})`);
  }
  log.info(`forwarding deliveries from ${url} to ${target}`);
  return client;
}

/** Setup mode: no App registered yet (no APP_ID) and not in production (NODE_ENV=production). */
export function needsSetup(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.APP_ID && env.NODE_ENV !== 'production';
}

export interface SetupOptions {
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Defaults to the installed smee-client (a channel is created unless NO_SMEE_SETUP=true or WEBHOOK_PROXY_URL is set). */
  SmeeClient?: Pick<SmeeClientType, 'createChannel'>;
  /** Defaults to Probot's, which merges the values into ./.env and process.env. */
  updateEnv?: (env: Record<string, string>) => Record<string, string>;
}

/**
 * Probot's setup app (its `run` without APP_ID): serves the manifest flow on HOST (default
 * localhost) and PORT (default 3000) until the App is registered. Resolves to Probot's Server
 * (`stop()` closes it).
 */
export async function startSetup(options: SetupOptions = {}): Promise<Awaited<ReturnType<typeof run>>> {
  const SmeeClient = options.SmeeClient ?? (await loadSmeeClient());
  return run(() => undefined, {
    ...(options.env ? { env: options.env } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(SmeeClient ? { SmeeClient } : {}),
    ...(options.updateEnv ? { updateEnv: options.updateEnv } : {}),
  } as Parameters<typeof run>[1]);
}
