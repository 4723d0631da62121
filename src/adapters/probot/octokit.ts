// The Octokit the App runs with: Probot's, with its throttle and retry plugins off and one plugin
// of ours in their place that paces requests per installation (github/pacing.ts) and tries a
// failed request again within bounds (github/faults.ts).
//
// Why not Probot's plugins: its throttle paces every POST one second apart, GraphQL queries
// included (a review's reads would queue behind each other), and keeps its limiters in module
// state, so all installations of the process share one queue. It gives up on a secondary rate
// limit at once. Its retry waits 1, 4 and 9 s on any 4xx/5xx outside a short list (a 409 too,
// a 429 without heeding `retry-after`), resends a comment whose 502 may have come after GitHub
// created it, and neither bounds a request's time nor notices an answer whose JSON is cut off.
// One plugin doing both keeps each request's tries and waits under one set of bounds.
//
// Seams: `modelgateOctokit({ pacing: { connection } })` shares write pacing across replicas
// through Redis (a Bottleneck connection; see pacing.ts), and tests pass tiny bounds the same way.
// Every Octokit of one class shares its limiters: Probot builds a new one per event.
import type { Octokit as CoreOctokit } from '@octokit/core';
import { ProbotOctokit } from 'probot';
import { withFaultHandling, type FaultOptions } from '../github/faults.ts';
import { createPacing, requestKind, routePath, type Pacing, type PacingOptions } from '../github/pacing.ts';

export interface ModelgateOctokitOptions {
  pacing?: PacingOptions;
  faults?: FaultOptions;
}

interface HookOptions {
  method: string;
  url: string;
  query?: unknown;
  request?: { signal?: AbortSignal } & Record<string, unknown>;
  [parameter: string]: unknown;
}

/** `METHOD /path` of a request, its parameters filled in, no query; a GraphQL request names its operation. */
function describe(octokit: CoreOctokit, options: HookOptions): string {
  const { url } = octokit.request.endpoint.parse(options as Parameters<CoreOctokit['request']['endpoint']['parse']>[0]);
  const path = /^https?:\/\//i.test(url) ? new URL(url).pathname : url.split('?')[0]!;
  const operation = typeof options.query === 'string' ? /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(options.query)?.[1] : undefined;
  return `${options.method} ${path}${operation ? ` (${operation})` : ''}`;
}

type Fetch = typeof globalThis.fetch;

/**
 * One try: the caller's own signal (if any) can still cancel it besides the timeout's, and `sent`
 * is called as the request leaves (the fetch @octokit/request calls, after the auth hook).
 *
 * Set on the hook's own `options` object, not on a copy: before-after-hook binds every inner hook
 * (auth, Probot's request logging, then @octokit/request) to the options object the request
 * started with (register.js: `registered.hook.bind(null, method, options)`), so the `request`
 * a wrap receives ignores its argument, and a copy passed to it never reaches the fetch: `sent`
 * would then never be called (a write's turn held until the answer) and the timeout's signal
 * never heeded. `base` is the request's own `request` options, taken before the first try.
 */
function setTry(options: HookOptions, base: HookOptions['request'], signal: AbortSignal, sent: () => void): HookOptions {
  const own = base?.signal;
  const fetch = (base?.fetch as Fetch | undefined) ?? globalThis.fetch;
  const sending: Fetch = (input, init) => {
    sent();
    return fetch(input, init);
  };
  options.request = { ...base, signal: own ? AbortSignal.any([own, signal]) : signal, fetch: sending };
  return options;
}

/** The plugin: each request paced for its installation, and its faults handled. */
export function requestPolicy(pacing: Pacing, faults: FaultOptions = {}) {
  return (octokit: CoreOctokit, octokitOptions: { auth?: unknown }) => {
    // Probot builds an installation's Octokit with `auth.installationId` (get-authenticated-octokit.js);
    // the App's own (JWT) Octokit has none, and is not paced.
    const installationId = (octokitOptions.auth as { installationId?: number | string } | undefined)?.installationId;
    const installation = installationId === undefined ? undefined : String(installationId);
    octokit.hook.wrap('request', async (request, options) => {
      const hookOptions = options as unknown as HookOptions;
      const kind = requestKind(hookOptions.method, hookOptions.url, hookOptions.query);
      const base = hookOptions.request;
      const send = async (signal: AbortSignal, sent: () => void) => request(setTry(hookOptions, base, signal, sent) as unknown as typeof options);
      const described = { describe: describe(octokit, hookOptions), method: hookOptions.method.toUpperCase(), createsContent: kind === 'content', graphql: routePath(hookOptions.url) === '/graphql' };
      return withFaultHandling(described, send, faults, (tryOnce) => pacing.run(installation, kind, tryOnce));
    });
    return {};
  };
}

/** Probot's Octokit with our request policy in place of its throttle and retry plugins. */
export function modelgateOctokit(options: ModelgateOctokitOptions = {}): typeof ProbotOctokit {
  const pacing = createPacing(options.pacing);
  // The function form: Probot passes its own throttle options when it builds the App's Octokit
  // (get-probot-octokit-with-defaults.js), and with the object form those would switch the
  // throttle back on (see test/adapters/probot/harness.ts).
  return ProbotOctokit.plugin(requestPolicy(pacing, options.faults)).defaults((instanceOptions: Record<string, unknown>) => ({
    ...instanceOptions,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
}

export const ModelgateOctokit = modelgateOctokit();
