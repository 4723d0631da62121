// The App under test: a real Probot with a freshly generated private key and the retry and
// throttle plugins off (a test answers each request once), loaded with modelgateApp, plus
// webhook payloads taken from @octokit/webhooks-examples and adapted to the fake repository.
// A wave recorder wraps each event's Octokit to measure how many sequential request waves a
// review needs (the longest chain of requests each starting after another one ended).
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Octokit } from '@octokit/rest';
import { Probot, ProbotOctokit } from 'probot';
import { octokitClient, type GitHubClient } from '../../../src/adapters/github/client.ts';
import { modelgateApp } from '../../../src/adapters/probot/app.ts';
import { APP_ID, AUTHOR, INSTALLATION_ID, OWNER, PR_NUMBER, REPO } from '../github/repo-fixture.ts';
import { DEFAULT_PULL_UPDATED, DEFAULT_TIME, type FakeGitHub, type FakeState } from '../github/fake-github.ts';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];

export const PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/**
 * Probot's testing recipe (`ProbotOctokit.defaults({ retry: { enabled: false }, throttle: {
 * enabled: false } })`) in function form: with the object form, Probot's own throttle options
 * replace ours when the App's Octokit is built, so the throttle stays on and every write waits
 * about a second (measured: 6 s instead of 1 s for one review). Retries are off, so a 500 is final.
 */
export const TestOctokit = ProbotOctokit.defaults((o: any) => ({ ...o, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } }));

/** Start/end of each HTTP request an event's Octokit made, in one global order. */
export class WaveRecorder {
  private clock = 0;
  readonly calls: { route: string; start: number; end: number }[] = [];

  instrument(octokit: Octokit): void {
    octokit.hook.wrap('request', async (request, options) => {
      const call = { route: `${options.method} ${options.url}`, start: ++this.clock, end: Infinity };
      this.calls.push(call);
      try {
        return await request(options);
      } finally {
        call.end = ++this.clock;
      }
    });
  }

  /** Waves of the calls before the first write: the longest chain where each call starts after the previous ended. */
  loadWaves(): number {
    // The installation token is fetched inside the first requests (auth), not as a wave of its own.
    const calls = this.calls.filter((c) => !c.route.includes('/access_tokens'));
    const firstWrite = calls.findIndex((c) => !c.route.startsWith('GET ') && !c.route.startsWith('POST /graphql'));
    const reads = calls.slice(0, firstWrite < 0 ? undefined : firstWrite);
    const wave = new Map<(typeof reads)[number], number>();
    for (const call of [...reads].sort((a, b) => a.start - b.start)) {
      const before = reads.filter((d) => d.end < call.start).map((d) => wave.get(d) ?? 1);
      wave.set(call, 1 + Math.max(0, ...before));
    }
    return Math.max(0, ...wave.values());
  }
}

/** The key the test App seals its hidden command record with. */
export const STATE_SECRET = 'test-webhook-secret';

export interface TestAppOptions {
  /** Wraps the client of each event, in the order events ask for one (e.g. to hold a run mid-way). */
  wrapClient?: (client: GitHubClient, index: number) => GitHubClient;
}

export async function testApp(options: TestAppOptions = {}): Promise<{ probot: Probot; waves: WaveRecorder }> {
  const waves = new WaveRecorder();
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, logLevel: 'fatal' });
  let clients = 0;
  await probot.load(
    modelgateApp({
      appId: APP_ID,
      stateSecret: STATE_SECRET,
      lagRetryMs: 10,
      clientFor: (octokit) => {
        waves.instrument(octokit);
        const client = octokitClient(octokit);
        return options.wrapClient ? options.wrapClient(client, clients++) : client;
      },
    }),
  );
  return { probot, waves };
}

/** A promise the test resolves by hand, and one that says when a run reached it. */
export function latch(): { wait: () => Promise<void>; reached: Promise<void>; release: () => void } {
  let release!: () => void;
  let arrive!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return {
    wait: async () => {
      arrive();
      await gate;
    },
    reached,
    release,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Payloads: the library's example for the event, with our repository, PR, SHAs and people.

function example(name: string, action: string): any {
  const group = examples.find((e) => e.name === name);
  const found = group?.examples.find((e) => e.action === action && e.installation) ?? group?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

function adaptRepository(payload: any): any {
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

/** `of`: another of the fake's pull requests (`morePulls`) than its own. */
function adaptPull(pull: any, gh: FakeGitHub, of?: FakeState['pull']): any {
  pull.number = of?.number ?? PR_NUMBER;
  pull.user.login = (of ?? gh.state.pull).author ?? AUTHOR;
  pull.head.sha = (of ?? gh.state.pull).head;
  pull.base.sha = (of ?? gh.state.pull).base;
  pull.updated_at = (of ?? gh.state.pull).updatedAt ?? DEFAULT_PULL_UPDATED;
  pull.changed_files = gh.changedFiles(of ?? gh.state.pull).length;
  pull.draft = false;
  return pull;
}

export type PullAction = 'opened' | 'reopened' | 'ready_for_review' | 'synchronize' | 'closed' | 'edited';

/** `pull`: one of the fake's other pull requests (`morePulls`) instead of its own. */
export function pullRequestEvent(action: PullAction, gh: FakeGitHub, extra: { merged?: boolean; changes?: unknown; pull?: FakeState['pull'] } = {}) {
  const payload = adaptRepository(example('pull_request', action === 'edited' ? 'opened' : action));
  payload.action = action;
  payload.number = extra.pull?.number ?? PR_NUMBER;
  adaptPull(payload.pull_request, gh, extra.pull);
  if (action === 'closed') {
    payload.pull_request.merged = extra.merged ?? true;
    payload.pull_request.merge_commit_sha = (extra.pull ?? gh.state.pull).mergeSha ?? null;
  }
  if (extra.changes) payload.changes = extra.changes;
  return { id: `delivery-${action}${extra.pull ? `-${extra.pull.number}` : ''}`, name: 'pull_request' as const, payload };
}

export function reviewEvent(action: 'submitted' | 'dismissed', gh: FakeGitHub, review: { id: number; login: string; state: string; commit: string }) {
  const payload = adaptRepository(example('pull_request_review', 'submitted'));
  payload.action = action;
  adaptPull(payload.pull_request, gh);
  Object.assign(payload.review, { id: review.id, state: review.state.toLowerCase(), commit_id: review.commit });
  payload.review.user.login = review.login;
  return { id: `delivery-review-${review.id}`, name: 'pull_request_review' as const, payload };
}

export function commentEvent(action: 'created' | 'edited' | 'deleted', gh: FakeGitHub, comment: { id: number; login: string; body: string; bot?: boolean; createdAt?: string; before?: string }) {
  const payload = adaptRepository(example('issue_comment', action));
  payload.action = action;
  payload.issue.number = gh.state.pull.number;
  payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}` };
  Object.assign(payload.comment, { id: comment.id, body: comment.body, created_at: comment.createdAt ?? DEFAULT_TIME, performed_via_github_app: null });
  payload.comment.user.login = comment.login;
  payload.comment.user.type = comment.bot ? 'Bot' : 'User';
  if (action === 'edited') payload.changes = { body: { from: comment.before ?? 'before the edit' } };
  return { id: `delivery-comment-${comment.id}`, name: 'issue_comment' as const, payload };
}

/** `fork`: GitHub lists no pull requests for a check on a fork's commit (the Checks API only looks at this repository's branches). */
export function rerequestEvent(kind: 'check_run' | 'check_suite', gh: FakeGitHub, options: { fork?: boolean } = {}) {
  const payload = adaptRepository(example(kind, 'rerequested'));
  const pulls = [{ number: PR_NUMBER, head: { sha: gh.state.pull.head, ref: 'feature' }, base: { sha: gh.state.pull.base, ref: 'main' } }];
  payload[kind].pull_requests = options.fork ? [] : pulls;
  if (options.fork && kind === 'check_suite') payload.check_suite.head_branch = null;
  payload[kind].head_sha = gh.state.pull.head;
  return { id: `delivery-${kind}`, name: kind, payload };
}
