// The production bundle (dist/app.js, as the container runs it with plain `node`) with REDIS_URL:
// without ioredis beside it, it refuses to start and says what to install; with ioredis beside
// it (as the image built with WITH_REDIS=true has it) its bundled BullMQ takes deliveries into
// Redis, a redelivery of one id is a duplicate, and it stops on SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_KEY } from './harness.ts';
import { useRedisServer } from './redis-server.ts';
import { signatureOf } from './test-server.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bare = mkdtempSync(join(tmpdir(), 'modelgate-app-'));
const withRedis = mkdtempSync(join(tmpdir(), 'modelgate-app-redis-'));
const redis = useRedisServer();

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.js'), '--only', 'app', '--outdir', bare], { cwd: root });
  copyFileSync(join(bare, 'app.js'), join(withRedis, 'app.js'));
  for (const dir of [bare, withRedis]) writeFileSync(join(dir, 'key.pem'), PRIVATE_KEY);
  // ioredis installed beside the bundle (its own dependencies resolve from the repository's).
  mkdirSync(join(withRedis, 'node_modules'));
  symlinkSync(join(root, 'node_modules/ioredis'), join(withRedis, 'node_modules/ioredis'));
}, 60_000);

const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', APP_ID: '4242', PRIVATE_KEY_PATH: 'key.pem', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'fatal', WEBHOOK_SECRET: 's', ...extra });

describe('dist/app.js with REDIS_URL', () => {
  it('exits 1 saying what to install when ioredis is not beside it', () => {
    let failure: { status: number; stderr: Buffer } | undefined;
    try {
      execFileSync(process.execPath, ['app.js'], { cwd: bare, env: env({ REDIS_URL: redis.url() }), stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number; stderr: Buffer };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.toString()).toContain('npm install ioredis@5');
  });

  it('queues deliveries in Redis, once per delivery id, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['app.js'], { cwd: withRedis, env: env({ REDIS_URL: redis.url() }), stdio: ['ignore', 'pipe', 'pipe'] });
    const client = new Redis(redis.url());
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const port = /listening on 127\.0\.0\.1:(\d+)\//.exec(line)?.[1];
      // `ping` (GitHub's first delivery to a new webhook): modelgate has no handler for it, so
      // processing it asks nothing of GitHub.
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
      const send = () =>
        fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'bundle-1', 'x-hub-signature-256': signatureOf(body, 's'), connection: 'close' },
          body,
        }).then(async (r) => [r.status, ((await r.json()) as { status: string }).status]);
      expect(await send()).toEqual([202, 'accepted']);
      expect(await send()).toEqual([202, 'duplicate delivery, already accepted']);
      const jobKey = `modelgate:deliveries:gh-bundle-1`;
      for (let i = 0; i < 100 && (await client.hget(jobKey, 'finishedOn')) === null; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await client.hget(jobKey, 'finishedOn')).not.toBeNull();
      expect(JSON.parse((await client.hget(jobKey, 'data'))!)).toMatchObject({ id: 'bundle-1', name: 'ping' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      client.disconnect();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
