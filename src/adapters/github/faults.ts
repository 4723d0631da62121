// What a request does when GitHub fails it: which failures are tried again, how long to wait
// before the next try, and when to give up with an error that says what happened (the review
// then fails closed with that reason: app.ts, review.ts failClosed).
//
// Tried again, within bounds (`FaultOptions`):
// - 500, 502, 503, 504, a dropped connection, no answer within `timeoutMs`, and a 200 whose JSON
//   body is cut off: after `backoffMs`, doubling each time.
// - Secondary rate limits (403 or 429 with `retry-after`, or GitHub's "secondary rate limit"
//   message; any 429): after `retry-after` seconds, else a minute. GitHub: "If the retry-after
//   response header is present, you should not retry your request until after that many seconds
//   has elapsed ... Otherwise, wait for at least one minute before retrying ... and throw an error
//   after a specific number of retries" (REST API best practices, "Handle rate limit errors
//   appropriately", https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api).
// - The primary rate limit used up (`x-ratelimit-remaining: 0`, or GraphQL's RATE_LIMITED):
//   until `x-ratelimit-reset`, "in UTC epoch seconds" (same page).
// Never longer than `maxWaitMs` at once nor `maxTotalWaitMs` in all, and at most `retries` times
// more: a review waiting on GitHub for an hour helps nobody, and its check would say nothing.
//
// A request that creates content (a comment, say: pacing.ts) is not sent again after a failure
// that may have come after GitHub did it (a 5xx, a timeout, a dropped connection, a cut-off
// answer): a second comment would be worse than a failed review, which a recheck repeats.
//
// The timeout: GitHub "will terminate the request" after 10 s of processing (Troubleshooting the
// REST API, "Timeouts", https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api);
// `timeoutMs` (30 s) leaves room for a large answer to arrive, and is what stops a connection
// that never answers at all.

export interface FaultOptions {
  /** Tries after the first, at most (for any fault). */
  retries?: number;
  /** Wait before the first retry after a 5xx, timeout, dropped connection or cut-off answer; doubled each time. */
  backoffMs?: number;
  /** How long one second of GitHub's `retry-after` is (tests make it a millisecond). */
  retryAfterUnitMs?: number;
  /** The longest wait GitHub may ask for once: asked for more, the request fails at once. */
  maxWaitMs?: number;
  /** The longest time one request spends waiting between its tries. */
  maxTotalWaitMs?: number;
  /** How long one try may take, answer body included. */
  timeoutMs?: number;
}

export const DEFAULT_FAULTS = { retries: 3, backoffMs: 1000, retryAfterUnitMs: 1000, maxWaitMs: 60_000, maxTotalWaitMs: 120_000, timeoutMs: 30_000 } as const;

/** GitHub's advice when a secondary rate limit names no wait: at least a minute. */
const SECONDARY_FALLBACK_SECONDS = 60;

/** A request GitHub did not complete, after the tries these bounds allow. `status`: GitHub's last answer, if any. */
export class GitHubFault extends Error {
  override readonly name = 'GitHubFault';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly tries: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No answer in time (a try's own error, classified below). */
export class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
}

/** A 2xx whose JSON body does not parse: Octokit would hand on the text, and fields read from it would be missing. */
export class InvalidAnswer extends Error {
  override readonly name = 'InvalidAnswer';
}

interface Response {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

/** What went wrong on one try, and whether (and when) to try again. */
interface Failure {
  /** e.g. `GitHub answered 502 to GET /repos/acme/ml/pulls/7/files`. */
  reason: string;
  status?: number;
  /** How long to wait before the next try. */
  waitMs: number;
  /** GitHub may have done the request before failing (a write could exist). */
  mayHaveBeenDone: boolean;
}

const header = (response: { headers?: Record<string, unknown> } | undefined, name: string): string | undefined => {
  const value = response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
};

const isJson = (contentType: string | undefined) => /^application\/(scim\+)?json\b/i.test(contentType ?? '');

/** Throws InvalidAnswer for a 2xx whose JSON body Octokit could not parse (it then passes the raw text on). */
export function assertParsedBody(response: Response, method: string): void {
  if (method === 'HEAD' || response.status === 204 || response.status === 205) return;
  if (typeof response.data === 'string' && isJson(header(response, 'content-type'))) {
    throw new InvalidAnswer(`${response.data.length} characters that are not complete JSON`);
  }
}

type GraphqlErrors = { errors?: { type?: string; message?: string }[] } | undefined;

/**
 * GraphQL answers 200 to two failures the retry plugin Probot ships would try again: its rate
 * limit (an error of type RATE_LIMITED) and "Something went wrong while executing your query".
 */
function graphqlFailure(response: Response, request: string, tries: number, options: Required<FaultOptions>): Failure | undefined {
  const errors = (response.data as GraphqlErrors)?.errors ?? [];
  if (errors.some((e) => e.type === 'RATE_LIMITED')) return rateLimitFailure(response, request, options.retryAfterUnitMs);
  const broken = errors.find((e) => /Something went wrong while executing your query/.test(e.message ?? ''));
  if (broken) return { reason: `GitHub's GraphQL API failed on ${request} ("${broken.message}")`, waitMs: options.backoffMs * 2 ** (tries - 1), mayHaveBeenDone: false };
  return undefined;
}

/** The primary rate limit used up: wait until it resets (plus one unit: GitHub says "after" the reset). */
function rateLimitFailure(response: Response, request: string, unitMs: number): Failure {
  const reset = Number(header(response, 'x-ratelimit-reset'));
  const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
  const waitMs = resetAt ? Math.max(0, resetAt.getTime() - Date.now()) + unitMs : SECONDARY_FALLBACK_SECONDS * unitMs;
  // GraphQL says so in a 200's errors, REST with a 403 or 429.
  const answered = response.status >= 400 ? `GitHub answered ${response.status} to ${request}` : `GitHub refused ${request}`;
  return { reason: `${answered}: the installation's rate limit is used up${resetAt ? ` until ${resetAt.toISOString()}` : ''}`, status: response.status, waitMs, mayHaveBeenDone: false };
}

/**
 * What a network error says: fetch's "fetch failed" wraps the socket's error (`ECONNRESET`...),
 * whose message @octokit/request keeps, or "Unknown Error" when the cause is no Error at all.
 */
function networkDetail(error: { message?: string; cause?: unknown }): string {
  const cause = error.cause as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const code = cause?.cause?.code ?? cause?.code;
  const known = error.message && error.message !== 'Unknown Error' ? error.message : undefined;
  const message = known ?? (typeof cause?.cause?.message === 'string' ? cause.cause.message : typeof cause?.message === 'string' ? cause.message : undefined);
  if (typeof code === 'string' && message && !message.includes(code)) return `${code}: ${message}`;
  return message ?? (typeof code === 'string' ? code : 'no answer');
}

/** The failure a try's error is, or undefined when it is an answer to pass on (a 404, a 422, ...). */
function classify(error: unknown, request: string, tries: number, options: Required<FaultOptions>): Failure | undefined {
  const backoff = options.backoffMs * 2 ** (tries - 1);
  if (error instanceof RequestTimeout) return { reason: `GitHub did not answer ${request} within ${duration(options.timeoutMs)}`, waitMs: backoff, mayHaveBeenDone: true };
  if (error instanceof InvalidAnswer) return { reason: `GitHub's answer to ${request} was cut off (${error.message})`, waitMs: backoff, mayHaveBeenDone: true };
  const failed = error as { status?: unknown; response?: Response; message?: string; name?: string } | null;
  // Only the caller's own signal aborts a request that way (a timeout is settled before it aborts): passed on.
  if (typeof failed?.status !== 'number' || failed.name === 'AbortError') return undefined;
  const { status, response } = failed;
  // @octokit/request turns a network error into a RequestError 500 with no response.
  if (!response) return { reason: `the connection to GitHub failed during ${request} (${networkDetail(failed)})`, waitMs: backoff, mayHaveBeenDone: true };
  if (status === 403 || status === 429) {
    const retryAfter = header(response, 'retry-after');
    const secondary = retryAfter !== undefined || /secondary rate limit/i.test(failed.message ?? '');
    if (!secondary && header(response, 'x-ratelimit-remaining') === '0') return rateLimitFailure(response, request, options.retryAfterUnitMs);
    if (secondary || status === 429) {
      const seconds = Number(retryAfter);
      const waitMs = (Number.isFinite(seconds) && retryAfter !== undefined ? seconds : SECONDARY_FALLBACK_SECONDS) * options.retryAfterUnitMs;
      const what = status === 429 ? 'too many requests' : 'secondary rate limit';
      return { reason: `GitHub answered ${status} (${what}) to ${request}`, status, waitMs, mayHaveBeenDone: false };
    }
    return undefined;
  }
  if (status === 500 || status === 502 || status === 503 || status === 504) return { reason: `GitHub answered ${status} to ${request}`, status, waitMs: backoff, mayHaveBeenDone: true };
  return undefined;
}

/** A try that rejects with RequestTimeout after `ms`, aborting the request (its signal) as it does. */
async function withTimeout<T>(ms: number, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RequestTimeout(`no answer within ${ms} ms`));
      controller.abort();
    }, ms);
  });
  try {
    return await Promise.race([attempt(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const triesOf = (n: number) => (n === 1 ? '1 try' : `${n} tries`);
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface FaultRequest {
  /** `METHOD /path` for messages. */
  describe: string;
  method: string;
  /** A request that creates content: not sent again after a failure that may have come after it was done. */
  createsContent: boolean;
  /** For GraphQL: its 200 answers can carry a rate limit or a transient failure. */
  graphql: boolean;
}

/** One try: aborted by `signal` when it takes too long; calls `sent` as the request leaves (pacing.ts). */
export type Attempt<T> = (signal: AbortSignal, sent: () => void) => Promise<T>;

/**
 * Makes tries of one request until one succeeds, a failure is not GitHub's fault (passed on as
 * it is: a 404 means something to the caller), or the bounds are reached (a GitHubFault saying why).
 * `pace` makes each try when pacing.ts allows it (time spent waiting there is not the try's: the
 * timeout starts inside).
 */
export async function withFaultHandling<T extends Response>(
  request: FaultRequest,
  attempt: Attempt<T>,
  options: FaultOptions = {},
  pace: (tryOnce: (sent: () => void) => Promise<T>) => Promise<T> = (tryOnce) => tryOnce(() => {}),
): Promise<T> {
  const bounds: Required<FaultOptions> = { ...DEFAULT_FAULTS, ...options };
  let waited = 0;
  for (let tries = 1; ; tries++) {
    let failure: Failure | undefined;
    let error: unknown;
    try {
      const response = await pace((sent) => withTimeout(bounds.timeoutMs, (signal) => attempt(signal, sent)));
      assertParsedBody(response, request.method);
      failure = request.graphql ? graphqlFailure(response, request.describe, tries, bounds) : undefined;
      if (!failure) return response;
    } catch (thrown) {
      error = thrown;
      failure = classify(thrown, request.describe, tries, bounds);
      if (!failure) throw thrown;
    }
    const giveUp = (why: string) => new GitHubFault(`${failure.reason}${why}`, failure.status, tries, { cause: error });
    if (failure.mayHaveBeenDone && request.createsContent) throw giveUp('; not sent again, as GitHub may have done it');
    if (tries > bounds.retries) throw giveUp(` (${triesOf(tries)})`);
    if (failure.waitMs > bounds.maxWaitMs) throw giveUp(`; the next try would be in ${duration(failure.waitMs)}, later than modelgate waits (${duration(bounds.maxWaitMs)})`);
    if (waited + failure.waitMs > bounds.maxTotalWaitMs) throw giveUp(` (${triesOf(tries)}; another would make ${duration(waited + failure.waitMs)} of waiting, more than modelgate waits in all: ${duration(bounds.maxTotalWaitMs)})`);
    await sleep(failure.waitMs);
    waited += failure.waitMs;
  }
}
