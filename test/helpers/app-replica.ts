// modelgate's App as `npm start` runs it (configFromEnv, startServer; SIGTERM stops it), for tests
// that run replicas as child processes (test/integration/replicas.test.ts). All of its settings
// come from the environment, as in production: the tests shorten how long a killed replica holds
// up the others with MODELGATE_REDIS_LEASE_MS (the queue's job lock, the stalled-job check, the
// pull request's lease and the turn of a write in the shared pacing).
//
// Not src/adapters/probot/main.ts itself: that one reads a `.env` in the working directory (the
// checkout of a developer who registered the App has one, WEBHOOK_PROXY_URL included) and without
// APP_ID starts the setup app instead.
import { configFromEnv, startServer, stopServer } from '../../src/adapters/probot/server.ts';

const server = await startServer(configFromEnv());
console.log('replica listening');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void stopServer(server).then(() => process.exit(0));
    server.closeIdleConnections();
  });
}
