// The real server against oversized and forged deliveries (issue 10, item 10): a body over
// GitHub's 25 MB webhook cap is refused with 413 while it streams in (never buffered whole, the
// connection dropped), a delivery under the cap still reaches Probot byte for byte, and a
// delivery whose signature does not verify is answered 400 without its body ever reaching a log.
// Requests are written on raw sockets, so a test sees exactly how much of its body it could send
// before the server answered or hung up.
import { createHmac } from 'node:crypto';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import nock from 'nock';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BODY_BYTES, startServer, stopServer, type AppServer, type ServerConfig } from '../../../src/adapters/probot/server.ts';
import { useFakeNetwork } from '../github/fake-github.ts';
import { APP_ID } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit, pullRequestEvent } from './harness.ts';
import { checkRun, cleanPr } from './scenarios.ts';

const SECRET = 'it is a secret';
const MiB = 1024 * 1024;
const PATH = '/api/github/webhooks';

const config: ServerConfig = {
  appId: APP_ID,
  privateKey: PRIVATE_KEY,
  secret: SECRET,
  webhookPath: PATH,
  host: '127.0.0.1',
  port: 0,
  serverUrl: 'https://github.com',
};

let server: AppServer | undefined;
let logs: string[] = [];

useFakeNetwork('127.0.0.1');
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await stopServer(server);
  server = undefined;
  logs = [];
});

/** The real server, logging at `trace` as JSON lines into `logs`. */
async function start(): Promise<number> {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  server = await startServer(config, {}, { Octokit: TestOctokit, log: pino({ level: 'trace' }, sink) });
  return (server.address() as AddressInfo).port;
}

/** The log records holding `marker`, summarised (level, message, size) rather than printed whole. */
function leaks(marker: string): string[] {
  return logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes(marker))
    .map((line) => {
      const record = JSON.parse(line) as { level: number; msg?: string };
      return `level ${record.level} "${record.msg}": ${line.length} characters, ${line.split(marker).length - 1} copies of the marker`;
    });
}

const sign = (body: string | Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface Exchange {
  /** The response's status code, when one arrived. */
  status?: number;
  response: string;
  /** Body bytes handed to the socket before the client stopped (the server answered or hung up). */
  sent: number;
  /** Whether the whole body (and, for a chunked one, its last chunk) was written. */
  finished: boolean;
  /** Socket error seen by the client (ECONNRESET, EPIPE when the server hung up mid-body). */
  error?: string;
  closed: boolean;
  /** Largest growth of heapUsed + arrayBuffers while the exchange ran. */
  memoryGrowth: number;
}

interface Request {
  headers: Record<string, string>;
  /** The body's bytes, or `bytes` bytes of `repeat` written again and again (no big buffer in the client). */
  body: Buffer | { repeat: Buffer; bytes: number };
  /** Size of each write (and of each chunk, when chunked). */
  piece?: number;
  /** Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
  /** Send the headers only, and wait for the answer. */
  holdBody?: boolean;
  /** Leave the body unfinished: no last chunk (the socket stays open, as a slow client's would). */
  endBody?: boolean;
  /** Give up waiting for the server after this long. */
  waitMs?: number;
}

// A full garbage collection before each exchange, so its memory growth is not hidden by the
// previous test's garbage being collected meanwhile.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const memory = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** One HTTP/1.1 POST on a raw socket; stops writing as soon as a response arrives or the socket closes. */
async function exchange(port: number, request: Request): Promise<Exchange> {
  const { headers, body, piece: size = MiB, chunked = false, holdBody = false, endBody = true, waitMs = 10_000 } = request;
  const bytes = Buffer.isBuffer(body) ? body.length : body.bytes;
  const piece = (offset: number, length: number) => (Buffer.isBuffer(body) ? body.subarray(offset, offset + length) : body.repeat.subarray(0, length));
  gc();
  const baseline = memory();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memory() - baseline)), 2);
  const result: Exchange = { response: '', sent: 0, finished: false, closed: false, memoryGrowth: 0 };
  const socket = connect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', (error: NodeJS.ErrnoException) => (result.error ??= error.code ?? error.message));
  socket.on('data', (data: Buffer) => {
    result.response += data.toString('latin1');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(result.response);
    if (status) result.status = Number(status[1]);
  });
  socket.once('close', () => (result.closed = true));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = [`POST ${PATH} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes}`];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  const stopped = () => result.status !== undefined || result.closed || result.error !== undefined;
  const write = async (data: Buffer | string) => {
    if (socket.destroyed || socket.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done).off('close', done);
        resolve();
      };
      socket.on('drain', done).on('close', done);
    });
  };
  while (!holdBody && result.sent < bytes && !stopped()) {
    const data = piece(result.sent, Math.min(size, bytes - result.sent));
    if (chunked) await write(`${data.length.toString(16)}\r\n`);
    await write(data);
    if (chunked) await write('\r\n');
    result.sent += data.length;
    peak = Math.max(peak, memory() - baseline);
  }
  if (!holdBody && result.sent === bytes && !stopped()) {
    if (chunked && endBody) await write('0\r\n\r\n');
    result.finished = endBody;
  }
  const timer = setTimeout(() => socket.destroy(), waitMs);
  await closed;
  clearTimeout(timer);
  clearInterval(sampler);
  result.memoryGrowth = Math.max(peak, memory() - baseline);
  return result;
}

const webhookHeaders = (event: string, signature: string) => ({
  'Content-Type': 'application/json',
  'X-GitHub-Event': event,
  'X-GitHub-Delivery': `delivery-${event}-${Math.random().toString(36).slice(2)}`,
  'X-Hub-Signature-256': signature,
});

/** A `ping` payload padded to exactly `bytes` bytes of UTF-8, with some multi-byte characters. */
function pingBody(bytes: number, marker = 'zen'): Buffer {
  const prefix = `{"zen":"Keep it logically awesome – ünïcödé ✓ ${marker}","hook_id":1,"padding":"`;
  const suffix = '"}';
  const fill = bytes - Buffer.byteLength(prefix) - Buffer.byteLength(suffix);
  return Buffer.concat([Buffer.from(prefix), Buffer.alloc(fill, 'x'), Buffer.from(suffix)]);
}

describe('webhook bodies over GitHub\'s 25 MB cap', () => {
  it('is the cap GitHub documents ("Payloads are capped at 25 MB"), read generously as 25 MiB', () => {
    expect(MAX_WEBHOOK_BODY_BYTES).toBe(25 * MiB);
  });

  it('answers 413 to a Content-Length over the cap at once, without waiting for (or reading) the body', async () => {
    const port = await start();
    const started = Date.now();
    // Only the headers go out: the client waits for the answer before sending any of the 26 MiB.
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat: Buffer.alloc(MiB, 'a'), bytes: 26 * MiB }, holdBody: true });
    expect(result.status).toBe(413);
    expect(result.sent).toBe(0);
    expect(result.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.response).toContain('25 MiB');
  });

  it('answers 413 to a declared length of one byte over the cap', async () => {
    const port = await start();
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat: Buffer.alloc(MiB, 'a'), bytes: MAX_WEBHOOK_BODY_BYTES + 1 }, holdBody: true });
    expect(result.status).toBe(413);
  });

  it('stops a 26 MiB body sent with its Content-Length before the client has sent it, holding none of it', async () => {
    const port = await start();
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat: Buffer.alloc(MiB, 'a'), bytes: 26 * MiB } });
    // The 413 arrives, or the connection is reset under the client's writes: either way it could not send it all.
    expect(result.status === 413 || result.error === 'ECONNRESET' || result.error === 'EPIPE', JSON.stringify({ ...result, response: result.response.slice(0, 200) })).toBe(true);
    expect(result.finished).toBe(false);
    expect(result.sent).toBeLessThan(26 * MiB);
    expect(result.closed).toBe(true);
    expect(result.memoryGrowth).toBeLessThan(8 * MiB);
  });

  it('cuts off a chunked body (no Content-Length) with 413 as soon as it passes the cap', async () => {
    const port = await start();
    // Exactly one byte over the cap, then the client goes quiet without ending the body.
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat: Buffer.alloc(MiB, 'a'), bytes: MAX_WEBHOOK_BODY_BYTES + 1 }, chunked: true, endBody: false });
    expect(result.status).toBe(413);
    expect(result.closed).toBe(true);
  });

  it('cuts off a chunked body streaming far past the cap before the client has sent it, buffering at most the cap', async () => {
    const port = await start();
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat: Buffer.alloc(MiB, 'a'), bytes: 48 * MiB }, chunked: true });
    expect(result.status === 413 || result.error === 'ECONNRESET' || result.error === 'EPIPE', JSON.stringify({ ...result, response: result.response.slice(0, 200) })).toBe(true);
    expect(result.finished).toBe(false);
    expect(result.sent).toBeLessThan(40 * MiB);
    expect(result.closed).toBe(true);
    expect(result.memoryGrowth).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 8 * MiB);
  });

  it('does not log an over-cap body', async () => {
    const port = await start();
    const marker = 'OVERSIZED-MARKER-5c1f0e';
    const repeat = Buffer.alloc(MiB, `${marker} `);
    const result = await exchange(port, { headers: webhookHeaders('ping', sign('whatever')), body: { repeat, bytes: MAX_WEBHOOK_BODY_BYTES + MiB }, chunked: true });
    expect(result.status === 413 || result.error === 'ECONNRESET' || result.error === 'EPIPE').toBe(true);
    expect(leaks(marker)).toEqual([]);
    expect(logs.filter((line) => line.includes('413'))).toHaveLength(1);
  });
});

describe('webhook bodies under the cap', () => {
  it('processes a correctly signed 1 MiB delivery sent in pieces: the payload reaches the App unchanged', async () => {
    const gh = cleanPr().serve();
    const port = await start();
    const event = pullRequestEvent('opened', gh);
    const padded = Buffer.from(JSON.stringify({ ...event.payload, padding: 'ü✓'.repeat(MiB / 5) }));
    expect(padded.length).toBeGreaterThan(MiB);
    // 4093-byte chunks: multi-byte characters are split across them.
    const result = await exchange(port, { headers: { ...webhookHeaders('pull_request', sign(padded)), 'X-GitHub-Delivery': event.id }, body: padded, piece: 4093, chunked: true });
    expect(result.status).toBe(202);
    await server!.deliveries.idle();
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
    expect(gh.unexpected).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('accepts a correctly signed ping of exactly the cap, with its Content-Length', async () => {
    const port = await start();
    const body = pingBody(MAX_WEBHOOK_BODY_BYTES);
    const result = await exchange(port, { headers: webhookHeaders('ping', sign(body)), body });
    expect(result.status).toBe(202);
    expect(result.response).toMatch(/\r\n\r\n\{"status":"accepted"\}$/);
  });

  it('accepts a correctly signed 1 MiB chunked ping', async () => {
    const port = await start();
    const body = pingBody(MiB);
    const result = await exchange(port, { headers: webhookHeaders('ping', sign(body)), body, piece: 300_001, chunked: true });
    expect(result.status).toBe(202);
  });
});

describe('deliveries whose signature does not verify', () => {
  it('answers 400 and logs one short line, never the body', async () => {
    const port = await start();
    const marker = 'FORGED-MARKER-8d2b4a';
    const body = pingBody(MiB, marker);
    const result = await exchange(port, { headers: webhookHeaders('ping', sign(body, 'not the secret')), body });
    expect(result.status).toBe(400);
    expect(result.response).toContain('signature does not match');
    expect(result.response).not.toContain(marker);
    expect(leaks(marker)).toEqual([]);
    const lines = logs.flatMap((chunk) => chunk.split('\n')).filter(Boolean);
    const mentions = lines.filter((line) => line.includes('signature'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]!.length).toBeLessThan(400);
    expect(JSON.parse(mentions[0]!).level).toBe(40);
  });

  it('answers 400 to an unsigned delivery and logs none of its body', async () => {
    const port = await start();
    const marker = 'UNSIGNED-MARKER-3e9a71';
    const body = pingBody(64 * 1024, marker);
    const { 'X-Hub-Signature-256': _, ...unsigned } = webhookHeaders('ping', '');
    const result = await exchange(port, { headers: unsigned, body });
    expect(result.status).toBe(400);
    expect(result.response).toContain('Required headers missing: x-hub-signature-256');
    expect(leaks(marker)).toEqual([]);
  });

  it('answers 400 to a forged chunked delivery and logs none of it', async () => {
    const port = await start();
    const marker = 'CHUNKED-FORGED-MARKER-77c0d2';
    const body = pingBody(2 * MiB, marker);
    const result = await exchange(port, { headers: webhookHeaders('ping', `sha256=${'0'.repeat(64)}`), body, chunked: true });
    expect(result.status).toBe(400);
    expect(leaks(marker)).toEqual([]);
  });
});
