// GitHub failing a request, through the real server and the Octokit the App runs with
// (ModelgateOctokit, octokit.ts), its bounds shrunk to milliseconds. Each fault hits the first
// read of a review (the PR's changed files). A fault that passes within the bound is tried
// again and the review ends as it would have without it; one that persists fails the review
// closed: the approval check completed as `failure`, saying which request failed and how.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { FaultOptions } from '../../../src/adapters/github/faults.ts';
import { modelgateOctokit } from '../../../src/adapters/probot/octokit.ts';
import { API, useFakeNetwork, type FakeGitHub } from '../github/fake-github.ts';
import { OWNER, PR_NUMBER, REPO } from '../github/repo-fixture.ts';
import { pullRequestEvent } from './harness.ts';
import { checkRun, cleanPr } from './scenarios.ts';
import { deliver, useTestServer } from './test-server.ts';

useFakeNetwork('127.0.0.1');
const { start, processed } = useTestServer();

const RETRIES = 2;
const TRIES = RETRIES + 1;
const TIMEOUT_MS = 150;
const BOUNDS: FaultOptions = { retries: RETRIES, backoffMs: 1, retryAfterUnitMs: 1, timeoutMs: TIMEOUT_MS, maxWaitMs: 1000, maxTotalWaitMs: 2000 };
const Octokit = modelgateOctokit({ faults: BOUNDS, pacing: { writeIntervalMs: 1 } });

const FILES = `/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}/files`;
const FAILED_TITLE = 'modelgate could not review this pull request';
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

type Interceptor = ReturnType<ReturnType<typeof nock>['get']>;

interface Fault {
  name: string;
  /** Answers one request with the fault. */
  inject: (interceptor: Interceptor) => void;
  /** How the failed request is described once the tries run out. */
  reason: string;
}

const faults: Fault[] = [
  { name: '500', inject: (i) => i.reply(500, { message: 'Server Error' }), reason: `GitHub answered 500 to GET ${FILES}` },
  { name: '502', inject: (i) => i.reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' }), reason: `GitHub answered 502 to GET ${FILES}` },
  {
    name: '403 secondary rate limit with retry-after',
    inject: (i) => i.reply(403, { message: SECONDARY, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }, { 'retry-after': '3' }),
    reason: `GitHub answered 403 (secondary rate limit) to GET ${FILES}`,
  },
  { name: '429 with retry-after', inject: (i) => i.reply(429, { message: 'Too Many Requests' }, { 'retry-after': '2' }), reason: `GitHub answered 429 (too many requests) to GET ${FILES}` },
  { name: 'a timeout', inject: (i) => i.delay(TIMEOUT_MS * 3).reply(200, []), reason: `GitHub did not answer GET ${FILES} within ${TIMEOUT_MS} ms` },
  {
    name: 'truncated JSON',
    inject: (i) => i.reply(200, '[{"filename":"models/churn-clean/MODEL_CARD.md","status":"modi', { 'content-type': 'application/json; charset=utf-8' }),
    reason: `GitHub's answer to GET ${FILES} was cut off (62 characters that are not complete JSON)`,
  },
  { name: 'connection reset', inject: (i) => i.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' }), reason: `the connection to GitHub failed during GET ${FILES} (ECONNRESET: socket hang up)` },
];

/** The fault on the first `times` requests for the PR's files (every one: Infinity), counting them. Registered before the fake's routes, so it answers first. */
function injectFault(inject: Fault['inject'], times: number): { hits: () => number } {
  let hits = 0;
  const scope = times === Infinity ? nock(API).persist() : nock(API);
  const interceptor = scope.get(FILES).query(true);
  if (times !== Infinity) interceptor.times(times);
  scope.on('request', (req: { path: string }) => {
    if (req.path.startsWith(FILES)) hits++;
  });
  inject(interceptor);
  return { hits: () => hits };
}

async function review(gh: FakeGitHub): Promise<void> {
  const url = await start({}, { Octokit });
  const response = await deliver(url, pullRequestEvent('opened', gh));
  expect(response.status).toBe(202);
  await processed();
}

/** Every check run the App created: completed (none left queued or in progress). */
function expectAllCompleted(gh: FakeGitHub): void {
  expect(gh.bodies('check-runs:create').map((b) => b.status)).toEqual(gh.bodies('check-runs:create').map(() => 'completed'));
  expect(gh.bodies('check-runs:update').map((b) => b.status ?? 'completed')).toEqual(gh.bodies('check-runs:update').map(() => 'completed'));
}

describe('a review on GitHub without faults', () => {
  it('completes the approval check as action_required (the baseline the faults are compared with)', async () => {
    const gh = cleanPr().serve();
    await review(gh);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.status, approval.conclusion, approval.output.title]).toEqual(['completed', 'action_required', BASELINE_TITLE]);
    expect(gh.unexpected).toEqual([]);
  });
});

const BASELINE_TITLE = 'waiting — 1 approval from acme/ml-reviewers (0 of 1)';

describe.each(faults)('GitHub answering with $name', (fault) => {
  it(`fails ${TRIES - 1} times, is tried again, and the review completes as it would have`, async () => {
    const injected = injectFault(fault.inject, TRIES - 1);
    const gh = cleanPr().serve();
    await review(gh);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.status, approval.conclusion, approval.output.title]).toEqual(['completed', 'action_required', BASELINE_TITLE]);
    expect(checkRun(gh, 'modelgate / rules').conclusion).toBe('success');
    // The failed tries, then the one the fake answered.
    expect([injected.hits(), gh.lines('files').length]).toEqual([TRIES - 1, 1]);
    expectAllCompleted(gh);
    expect(gh.unexpected).toEqual([]);
  });

  it(`fails every time: ${TRIES} tries, then the approval check fails closed, naming the reason`, async () => {
    const injected = injectFault(fault.inject, Infinity);
    const gh = cleanPr().serve([]);
    await review(gh);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.status, approval.conclusion, approval.output.title]).toEqual(['completed', 'failure', FAILED_TITLE]);
    expect(approval.output.summary).toContain(`Reason: ${fault.reason} (${TRIES} tries)\n`);
    expect(injected.hits()).toBe(TRIES);
    // Nothing else was published: no rules check, no comment, and nothing passed.
    expect(gh.bodies('check-runs:create').map((b) => `${b.name}: ${b.conclusion}`)).toEqual(['modelgate / approval: failure']);
    expect(gh.lines('comments:create', 'comments:update')).toEqual([]);
    expectAllCompleted(gh);
    expect(gh.unexpected).toEqual([]);
  });
});

describe('the bounds', () => {
  it('tries a GraphQL read whose answer is cut off again: a 200 with half a JSON body is no answer', async () => {
    let hits = 0;
    nock(API)
      .post('/graphql', (body: { query?: string }) => /query PullContext/.test(body.query ?? ''))
      .reply(() => {
        hits++;
        return [200, '{"data":{"repository":{"pullRequest":{"headRefOid":"', { 'content-type': 'application/json; charset=utf-8' }];
      });
    const gh = cleanPr().serve();
    await review(gh);
    expect(hits).toBe(1);
    expect(gh.lines('graphql').filter((l) => l.includes('(context)'))).toHaveLength(1);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.conclusion, approval.output.title]).toEqual(['action_required', BASELINE_TITLE]);
  });

  it.each([
    ['"Something went wrong"', { errors: [{ message: 'Something went wrong while executing your query. Please include `ABCD:1234` when reporting this issue.' }] }, {}],
    ['its rate limit (RATE_LIMITED)', { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }] }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }],
  ])('tries a GraphQL query again when GitHub answers 200 with %s', async (_name, body, headers) => {
    let hits = 0;
    nock(API)
      .post('/graphql', (b: { query?: string }) => /query PullContext/.test(b.query ?? ''))
      .reply(() => {
        hits++;
        return [200, body, headers];
      });
    const gh = cleanPr().serve();
    await review(gh);
    expect([hits, gh.lines('graphql').filter((l) => l.includes('(context)')).length]).toEqual([1, 1]);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.conclusion, approval.output.title]).toEqual(['action_required', BASELINE_TITLE]);
  });

  it('fails at once when GitHub asks for a longer wait than the bound, without waiting it', async () => {
    const injected = injectFault((i) => i.reply(403, { message: SECONDARY }, { 'retry-after': '5000' }), Infinity);
    const gh = cleanPr().serve([]);
    const started = performance.now();
    await review(gh);
    expect(performance.now() - started).toBeLessThan(3000);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([approval.conclusion, approval.output.title]).toEqual(['failure', FAILED_TITLE]);
    expect(approval.output.summary).toContain(`Reason: GitHub answered 403 (secondary rate limit) to GET ${FILES}; the next try would be in 5 s, later than modelgate waits (1 s)\n`);
    expect(injected.hits()).toBe(1);
  });

  const usedUp = (reset: number) => (i: Interceptor) => i.reply(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });

  it('waits for the primary rate limit to reset when it resets within the bound', async () => {
    const injected = injectFault(usedUp(Math.floor(Date.now() / 1000) - 1), 1);
    const gh = cleanPr().serve();
    await review(gh);
    expect([injected.hits(), gh.lines('files').length, checkRun(gh, 'modelgate / approval').conclusion]).toEqual([1, 1, 'action_required']);
  });

  it('fails at once when the primary rate limit resets later than the bound', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const injected = injectFault(usedUp(reset), Infinity);
    const gh = cleanPr().serve([]);
    await review(gh);
    const approval = checkRun(gh, 'modelgate / approval');
    expect([injected.hits(), approval.conclusion, approval.output.title]).toEqual([1, 'failure', FAILED_TITLE]);
    const until = new Date(reset * 1000).toISOString();
    expect(approval.output.summary).toMatch(new RegExp(`Reason: GitHub answered 403 to GET ${FILES}: the installation's rate limit is used up until ${until.replace(/\./g, '\\.')}; the next try would be in 3\\d{3} s, later than modelgate waits \\(1 s\\)\n`));
  });

  it('does not send a comment again after a 502 (GitHub may have created it): the review fails closed instead', async () => {
    let posts = 0;
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/issues/${PR_NUMBER}/comments`)
      .reply(() => {
        posts++;
        return [502, { message: 'Server Error' }];
      });
    const gh = cleanPr().serve();
    await review(gh);
    expect(posts).toBe(1);
    const approvals = gh.bodies('check-runs:create').filter((b) => b.name === 'modelgate / approval');
    expect(approvals.map((b) => b.conclusion)).toEqual(['action_required', 'failure']);
    expect(approvals[1].output.title).toBe(FAILED_TITLE);
    expect(approvals[1].output.summary).toContain(`Reason: GitHub answered 502 to POST /repos/${OWNER}/${REPO}/issues/${PR_NUMBER}/comments; not sent again, as GitHub may have done it\n`);
    expectAllCompleted(gh);
  });
});
