// A real Redis for the tests that need one: `redis-server` from Debian's package, started on a
// free local port with nothing saved to disk, in a temporary directory, and stopped after the
// test file. When `redis-server` is not installed, it is installed first (`apt-get`, as root: CI
// and the developers' machines are Debian; .ci/run installs it up front).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../helpers/free-port.ts';

function installed(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function install(): void {
  if (installed()) return;
  if (process.getuid?.() !== 0) throw new Error('redis-server is not installed: `apt-get install redis-server` (the Redis tests start one)');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  install();
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-redis-'));
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `redis://127.0.0.1:${port}`;
    let up = false;
    for (const deadline = Date.now() + 5000; !up && Date.now() < deadline && child.exitCode === null; ) {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      up = await client.connect().then(
        () => client.ping().then((answer) => answer === 'PONG'),
        () => false,
      );
      client.disconnect();
      if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (up) {
      return {
        url,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    if (tries === 3) throw new Error(`redis-server did not start on port ${port}`);
  }
}

/** A Redis for this test file: `url()` once `beforeAll` ran; stopped after the file. */
export function useRedisServer(): { url: () => string } {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    url: () => {
      if (!server) throw new Error('the Redis server is not started yet');
      return server.url;
    },
  };
}
