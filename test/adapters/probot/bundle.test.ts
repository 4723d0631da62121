// The production entry as the container runs it: scripts/build.js --only app bundles the App into one
// file that starts with plain `node`, with no node_modules beside it, refuses to start without
// WEBHOOK_SECRET and answers /healthz.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_KEY } from './harness.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'modelgate-app-'));

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.js'), '--only', 'app', '--outdir', dir], { cwd: root });
  writeFileSync(join(dir, 'key.pem'), PRIVATE_KEY);
}, 60_000);

/** Only the variables the App reads, so nothing from the test's own environment leaks in. */
const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', APP_ID: '4242', PRIVATE_KEY_PATH: 'key.pem', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'fatal', ...extra });

describe('dist/app.js', () => {
  it('exits 1 with a clear message without WEBHOOK_SECRET', () => {
    let failure: { status: number; stderr: Buffer } | undefined;
    try {
      execFileSync(process.execPath, ['app.js'], { cwd: dir, env: env({}), stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number; stderr: Buffer };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.toString()).toBe('modelgate: WEBHOOK_SECRET is not set: modelgate refuses to accept unsigned webhooks\n');
  });

  it('starts, answers /healthz and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['app.js'], { cwd: dir, env: env({ WEBHOOK_SECRET: 's' }), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const port = /listening on 127\.0\.0\.1:(\d+)\/api\/github\/webhooks/.exec(line)?.[1];
      expect(port).toBeDefined();
      const health = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
