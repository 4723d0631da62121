// `npm start`: configuration from the environment, then the server. Exits non-zero with a
// clear message when a required setting (WEBHOOK_SECRET above all) is missing.
import { configFromEnv, startServer } from './server.ts';

try {
  const config = configFromEnv();
  const server = await startServer(config);
  const address = server.address();
  const where = typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address);
  console.log(`modelgate listening on ${where}${config.webhookPath}`);
} catch (error) {
  console.error(`modelgate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
