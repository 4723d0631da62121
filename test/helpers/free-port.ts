// A TCP port free on 127.0.0.1 right now (the OS picks one; another process may still take it
// before the caller listens: callers that spawn a server try again on a port that was taken).
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
