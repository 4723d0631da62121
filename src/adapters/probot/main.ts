// `npm start` (and the container's entry, bundled as dist/app.js): configuration from the
// environment (and `.env` in the working directory, as Probot's own runner does; variables
// already set win), then the server. Exits non-zero with a clear message when a required
// setting (WEBHOOK_SECRET above all) is missing; stops accepting deliveries on SIGTERM/SIGINT.
// Without APP_ID outside production (NODE_ENV=production), it starts Probot's setup app instead:
// the manifest flow that registers the App from ./app.yml and writes ./.env (local-dev.ts).
import { existsSync } from 'node:fs';
import { errorMessage } from '../messages.ts';
import { needsSetup, startSetup } from './local-dev.ts';
import { configFromEnv, startServer, stopServer } from './server.ts';

try {
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (needsSetup()) {
    const setup = await startSetup();
    console.log(`modelgate is not registered yet (no APP_ID): open http://${setup.host}:${setup.port}/ to register the GitHub App from app.yml, then restart`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void setup.stop().then(() => process.exit(0)));
  } else await startApp();
} catch (error) {
  console.error(`modelgate: ${errorMessage(error)}`);
  process.exit(1);
}

async function startApp(): Promise<void> {
  const config = configFromEnv();
  const server = await startServer(config);
  const address = server.address();
  const where = typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address);
  console.log(`modelgate listening on ${where}${config.webhookPath} (health: /healthz)`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Deliveries already accepted finish: GitHub redelivers nothing by itself, and the
      // in-process queue holds them only in memory (with REDIS_URL they would survive in Redis).
      void stopServer(server).then(() => process.exit(0));
      server.closeIdleConnections();
    });
  }
}
