// How fast the App talks to GitHub, per installation: what kind of request each one is, and the
// limiters (Bottleneck) that space writes and cap concurrent reads.
//
// GitHub's documented limits this follows:
// - "If you are making a large number of POST, PATCH, PUT, or DELETE requests, wait at least one
//   second between each request" (REST API best practices, "Pause between mutative requests",
//   https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api):
//   writes, GraphQL mutations included, start at least `writeIntervalMs` apart.
// - "In general, no more than 80 content-generating requests per minute and no more than 500
//   content-generating requests per hour are allowed" (Rate limits for the REST API, "About
//   secondary rate limits", https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
//   comments, reviews, issues and pull requests created, on top of the write spacing.
// - "No more than 100 concurrent requests are allowed" (same page): reads are not spaced (a
//   GraphQL query is a read although it is a POST), only capped at `readConcurrency` at a time.
//
// Limiters are per installation (each installation's token has its own limits) and belong to the
// Pacing object, not to a module: every Octokit built with one Pacing (one per App process,
// octokit.ts) shares them, and two installations never wait for each other.
//
// Seam for several replicas: `connection` (a Bottleneck.IORedisConnection or RedisConnection)
// keeps the write and content limiters in Redis, so replicas of the App share one pace per
// installation. Reads stay local (a round trip to Redis per read would cost more than the cap
// saves). Nothing here opens a connection: whoever owns REDIS_URL passes one in, e.g.
// `modelgateOctokit({ pacing: { connection: new Bottleneck.IORedisConnection({ client, Redis }) } })`
// (octokit.ts). Give it the ioredis module as `Redis`: Bottleneck otherwise loads it with an
// `eval("require")`, which the ESM bundle (dist/app.js) does not have.
import Bottleneck from 'bottleneck';

/**
 * `unpaced`: the App's own JWT requests and installation-token requests (an installation's
 * first request waits for its token: pacing that request behind the write it serves would
 * deadlock); `read`: GET/HEAD and GraphQL queries; `write`: other REST methods and GraphQL
 * mutations; `content`: a write that creates content GitHub counts against its content limits.
 */
export type RequestKind = 'unpaced' | 'read' | 'write' | 'content';

export interface PacingOptions {
  /** Least time between the starts of two writes of one installation (GitHub: one second). */
  writeIntervalMs?: number;
  /** Reads of one installation in flight at once (GitHub refuses more than 100 concurrent requests). */
  readConcurrency?: number;
  /** Content-creating requests per minute and per hour of one installation (GitHub: 80 and 500). */
  contentPerMinute?: number;
  contentPerHour?: number;
  /**
   * With `connection`: how long a write's turn may stay taken in Redis (from the moment it is
   * taken until its request is sent) before it lapses there. A replica that dies holding one
   * holds that installation's writes on the other replicas for about this plus `heartbeatMs` at
   * most ("A replica that dies holding a turn", below). A live replica's turn lapsing (its request
   * took longer than this to leave: a slow token request, say) only lets another replica's write
   * start, still `writeIntervalMs` after this one started.
   */
  turnExpirationMs?: number;
  /** With `connection`: how often each replica's write limiter of an installation looks at Redis (lapsed turns are noticed then). */
  heartbeatMs?: number;
  /** Shares the write and content limiters across replicas (see the top of this file). */
  connection?: Bottleneck.IORedisConnection | Bottleneck.RedisConnection;
}

export const DEFAULT_PACING = { writeIntervalMs: 1000, readConcurrency: 10, contentPerMinute: 80, contentPerHour: 500, turnExpirationMs: 3000, heartbeatMs: 1000 } as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// Routes (after the API base) of the REST requests GitHub names as creating content: issues,
// pull requests, their comments and replies, reviews, commit comments, discussion comments.
const CONTENT_ROUTES = [
  /^\/repos\/[^/]+\/[^/]+\/issues$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/comments(\/[^/]+\/replies)?$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/reviews$/,
  /^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/comments$/,
  /^\/orgs\/[^/]+\/teams\/[^/]+\/discussions(\/[^/]+\/comments)?$/,
];

/** Requests made with the App's JWT, or for a token: never paced (the token one would deadlock, see RequestKind). */
const UNPACED_ROUTES = [/^\/app(\/|$)/, /^\/applications\//, /^\/login\/oauth\/access_token$/];

/** The route path of a request URL (a template such as `/repos/{owner}/...` or a full URL), without query. */
export function routePath(url: string): string {
  const path = /^https?:\/\//i.test(url) ? new URL(url).pathname : url.split('?')[0]!;
  // On GitHub Enterprise Server the REST base is `/api/v3` and GraphQL's is `/api`.
  return path.replace(/^\/api(\/v3)?(?=\/)/, '');
}

/**
 * Whether a GraphQL document holds a mutation: an operation keyword at the top level, outside
 * comments, strings and selections (a field or argument named `mutation` is nested in braces).
 */
export function isGraphqlMutation(document: string): boolean {
  const code = document.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, ' ');
  let depth = 0;
  for (const token of code.matchAll(/[{}()]|[A-Za-z_][A-Za-z0-9_]*/g)) {
    const text = token[0];
    if (text === '{' || text === '(') depth++;
    else if (text === '}' || text === ')') depth--;
    else if (depth === 0 && text === 'mutation') return true;
  }
  return false;
}

/** What kind of request this is for pacing (`query`: the GraphQL document, when it is one). */
export function requestKind(method: string, url: string, query?: unknown): RequestKind {
  const path = routePath(url);
  const verb = method.toUpperCase();
  if (UNPACED_ROUTES.some((route) => route.test(path))) return 'unpaced';
  if (verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS') return 'read';
  if (path === '/graphql') {
    // GitHub counts mutations as content too, and their names do not reliably say which create
    // any: every mutation is counted against the content limits.
    return typeof query === 'string' && isGraphqlMutation(query) ? 'content' : 'read';
  }
  return verb === 'POST' && CONTENT_ROUTES.some((route) => route.test(path)) ? 'content' : 'write';
}

/** One try of one request; it calls `sent` as the request leaves for GitHub (after auth, say). */
export type PacedTry<T> = (sent: () => void) => Promise<T>;

export interface Pacing {
  /** Makes the try when installation `installation`'s limits allow a request of `kind`. */
  run<T>(installation: string | undefined, kind: RequestKind, tryOnce: PacedTry<T>): Promise<T>;
}

/**
 * A token bucket that lets through at most `limit` in any window of `windowMs`: with a bucket of
 * capacity C refilled at C per window, a window can see the full bucket plus one refill (2C),
 * so each holds half the limit.
 */
function contentGroup(id: string, limit: number, windowMs: number, connection: PacingOptions['connection']): Bottleneck.Group {
  const capacity = Math.max(1, Math.floor(limit / 2));
  return new Bottleneck.Group({
    id,
    reservoir: capacity,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: Math.ceil(windowMs / capacity),
    reservoirIncreaseMaximum: capacity,
    // An idle installation's limiter is dropped only once its bucket is full again anyway.
    timeout: windowMs * 2,
    ...(connection ? { connection } : {}),
  });
}

const startNow = () => Promise.resolve();
const ignore = () => {};

/**
 * A write's turn in its limiter lasts until the request is sent (or fails before it is): the
 * limiter spaces the moments requests leave, not the moments they begin (a token fetched first
 * would eat into the interval). It does not last for the answer: a slow one (or one held in Redis
 * by a replica that died) never blocks the installation's next write for longer than it takes to send.
 */
function untilSent<T>(tryOnce: PacedTry<T>): { turn: () => Promise<void>; result: () => Promise<T> | undefined } {
  let result: Promise<T> | undefined;
  const turn = () =>
    new Promise<void>((sent) => {
      result = tryOnce(sent);
      result.then(() => sent(), () => sent());
    });
  return { turn, result: () => result };
}

// A replica that dies holding a turn: in Redis the turn would be held for good, since Bottleneck
// frees the running jobs of a client gone silent only when they expire (its `clientTimeout` drops
// a silent client only once it runs nothing: process_tick.lua). So a shared turn expires
// `turnExpirationMs` after it was taken (3 s by default; a turn normally lasts the wait for
// `writeIntervalMs`, at most, then until its request leaves), and the other replicas notice at
// their limiter's next heartbeat (`heartbeatMs`, 1 s): a replica that dies at any moment holds an
// installation's writes on the others for about 4 s at most (1 s more when Bottleneck first offers
// the freed turn to the dead replica, which it gives up after 1 s). Locally a turn that lapses is
// rejected by Bottleneck, and the try goes on. Both clocks are the replicas' own (Bottleneck
// stamps turns with Date.now()): replicas whose clocks differ by more than a second shorten or
// lengthen the expiry by as much.

/**
 * An installation's shared write limiter is dropped after this long without writes (its state in
 * Redis expires too): older state does not matter to a one-second spacing, and fewer idle limiters
 * beat against Redis.
 */
const SHARED_WRITES_IDLE_MS = 60_000;

export function createPacing(options: PacingOptions = {}): Pacing {
  const { writeIntervalMs, readConcurrency, contentPerMinute, contentPerHour, turnExpirationMs, heartbeatMs } = { ...DEFAULT_PACING, ...options };
  const connection = options.connection;
  // `heartbeatInterval` is a Bottleneck option its typings leave out (RedisDatastore.js).
  const shared = connection ? ({ connection, heartbeatInterval: heartbeatMs, timeout: SHARED_WRITES_IDLE_MS } as Bottleneck.ConstructorOptions) : {};
  const reads = new Bottleneck.Group({ id: 'modelgate-reads', maxConcurrent: readConcurrency });
  const writes = new Bottleneck.Group({ id: 'modelgate-writes', maxConcurrent: 1, minTime: writeIntervalMs, ...shared });
  const perMinute = contentGroup('modelgate-content-minute', contentPerMinute, MINUTE_MS, connection);
  const perHour = contentGroup('modelgate-content-hour', contentPerHour, HOUR_MS, connection);
  return {
    async run(installation, kind, tryOnce) {
      if (installation === undefined || kind === 'unpaced') return tryOnce(ignore);
      // A read runs inside its limiter until answered, so the cap counts requests in flight.
      if (kind === 'read') return reads.key(installation).schedule(() => tryOnce(ignore));
      if (kind === 'content') {
        await perHour.key(installation).schedule(startNow);
        await perMinute.key(installation).schedule(startNow);
      }
      const write = untilSent(tryOnce);
      try {
        await writes.key(installation).schedule(connection ? { expiration: turnExpirationMs } : {}, write.turn);
      } catch (error) {
        // A turn that expired while its request was being sent: the try goes on. Any other
        // failure of the limiter (Redis gone) fails the request, and the review fails closed.
        if (!write.result()) throw error;
      }
      return write.result()!;
    },
  };
}
