// Pacing per installation (src/adapters/github/pacing.ts through ModelgateOctokit): reads go out
// at once, only capped in number; writes and GraphQL mutations of one installation start at least
// the write interval apart; two installations never wait for each other. A write's time is when
// it left for GitHub (the fetch Octokit calls); reads are shown to be concurrent by the fake
// (nock) holding every answer until all of them have arrived.
import nock from 'nock';
import { Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import { isGraphqlMutation, requestKind } from '../../../src/adapters/github/pacing.ts';
import { modelgateOctokit } from '../../../src/adapters/probot/octokit.ts';
import { PRIVATE_KEY } from '../probot/harness.ts';
import { API, useFakeNetwork } from './fake-github.ts';
import { APP_ID, OWNER, REPO } from './repo-fixture.ts';

useFakeNetwork();

const QUERY = 'query Viewer { viewer { login } }';
const MUTATION = 'mutation AddComment($id: ID!) { addComment(input: { subjectId: $id, body: "x" }) { clientMutationId } }';

/** When each request left for GitHub (its fetch called), as `METHOD path` in order. */
type Sent = { route: string; at: number }[];

/**
 * Installation Octokits as Probot builds them (`auth.installationId`), all of one ModelgateOctokit
 * class, each with its token already fetched: pacing spaces when requests start, and the first
 * request of an installation would otherwise go out only after its token request. `sent` records
 * when each request went out (the fetch Octokit calls), which is what pacing controls: times taken
 * where the fake receives them would add the jitter of the network stack under load.
 */
async function installations(pacing: NonNullable<Parameters<typeof modelgateOctokit>[0]>['pacing']) {
  const sent: Sent = [];
  const fetch = (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    const operation = path === '/graphql' ? (isGraphqlMutation(JSON.parse(String(init?.body)).query) ? ' (mutation)' : ' (query)') : '';
    if (!path.includes('/access_tokens')) sent.push({ route: `${init?.method ?? 'GET'} ${path}${operation}`, at: performance.now() });
    return globalThis.fetch(url, init);
  };
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: modelgateOctokit({ pacing }), logLevel: 'fatal', request: { fetch } });
  nock(API)
    .persist()
    .post(/^\/app\/installations\/\d+\/access_tokens$/)
    .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
  const auth = async (id: number) => {
    const octokit = await probot.auth(id);
    await octokit.auth({ type: 'installation' });
    return octokit;
  };
  const at = (route: string) => sent.find((s) => s.route === route)?.at ?? NaN;
  return { auth, sent, at };
}

/** Gaps between consecutive sends, in ms. */
const gapsOf = (sent: Sent) => sent.slice(1).map((s, i) => s.at - sent[i]!.at);

/** Timers and promise turns under load: a gap may come out this much short of the interval and still be paced. */
const JITTER_MS = 15;

describe('requestKind', () => {
  it.each([
    ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', 'read', undefined],
    ['POST', '/graphql', 'read', QUERY],
    ['POST', '/graphql', 'read', `# mutation in a comment\nquery Q { repository(owner: "mutation", name: "x") { mutation: id } }`],
    ['POST', '/graphql', 'content', MUTATION],
    ['POST', '/graphql', 'content', `fragment F on User { login }\nmutation M { x }`],
    ['POST', '/repos/{owner}/{repo}/check-runs', 'write', undefined],
    ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'write', undefined],
    ['DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'write', undefined],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'content', undefined],
    ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 'content', undefined],
    ['POST', '/repos/{owner}/{repo}/issues', 'content', undefined],
    ['POST', '/app/installations/{installation_id}/access_tokens', 'unpaced', undefined],
    ['GET', '/app', 'unpaced', undefined],
    ['POST', 'https://ghe.example.com/api/v3/repos/a/b/issues/1/comments', 'content', undefined],
  ] as const)('%s %s is %s', (method, url, kind, query?: string) => {
    expect(requestKind(method, url, query)).toBe(kind);
  });

  it('finds a mutation only as an operation', () => {
    expect([isGraphqlMutation(MUTATION), isGraphqlMutation(QUERY), isGraphqlMutation('{ mutation }'), isGraphqlMutation('"mutation" query Q { a }')]).toEqual([true, false, false, false]);
  });
});

describe('ModelgateOctokit pacing', () => {
  it('starts 5 GraphQL queries and 5 GETs of one installation together, without pacing', async () => {
    const octokit = await (await installations({ writeIntervalMs: 1000, readConcurrency: 10 })).auth(1);
    let arrived = 0;
    // Every answer is held until all 10 requests have arrived: paced or queued, they never would.
    const held: (() => void)[] = [];
    let releasedBy = '';
    const release = (why: string) => {
      releasedBy ||= why;
      for (const answer of held.splice(0)) answer();
    };
    const safety = setTimeout(() => release('timeout: not all 10 requests arrived together'), 3000);
    const hold = (body: nock.Body) => () =>
      new Promise<[number, nock.Body]>((resolve) => {
        arrived++;
        held.push(() => resolve([200, body]));
        if (arrived === 10) release('all 10 arrived');
      });
    nock(API).post('/graphql').times(5).reply(hold({ data: { viewer: { login: 'modelgate[bot]' } } }));
    nock(API).get(`/repos/${OWNER}/${REPO}`).times(5).reply(hold({ full_name: `${OWNER}/${REPO}` }));
    const started = performance.now();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => octokit.graphql<{ viewer: { login: string } }>(QUERY)),
      ...Array.from({ length: 5 }, () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })),
    ]);
    clearTimeout(safety);
    expect(releasedBy).toBe('all 10 arrived');
    expect(answers).toHaveLength(10);
    // A write interval of one second between any two would take 9 s.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('caps reads in flight per installation', async () => {
    const octokit = await (await installations({ readConcurrency: 2 })).auth(1);
    let inFlight = 0;
    let most = 0;
    nock(API)
      .get(`/repos/${OWNER}/${REPO}`)
      .times(6)
      .reply((_uri, _body, callback) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          callback(null, [200, {}]);
        }, 20);
      });
    await Promise.all(Array.from({ length: 6 }, () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })));
    expect(most).toBe(2);
  });

  it('starts 3 writes of one installation at least the write interval apart', async () => {
    const INTERVAL = 200;
    const { auth, sent } = await installations({ writeIntervalMs: INTERVAL });
    const octokit = await auth(1);
    nock(API).patch(/^\/repos\/acme\/models\/check-runs\/\d+$/).times(3).reply(200, {});
    await Promise.all([1, 2, 3].map((id) => octokit.rest.checks.update({ owner: OWNER, repo: REPO, check_run_id: id, status: 'completed' })));
    const gaps = gapsOf(sent);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL - JITTER_MS);
  });

  it('does not serialize the writes of two installations against each other', async () => {
    const INTERVAL = 300;
    const { auth, at } = await installations({ writeIntervalMs: INTERVAL });
    const [first, second] = [await auth(1), await auth(2)];
    nock(API).patch(/^\/repos\/acme\/models\/check-runs\/\d+$/).times(4).reply(200, {});
    const update = (octokit: typeof first, id: number) => octokit.rest.checks.update({ owner: OWNER, repo: REPO, check_run_id: id, status: 'completed' });
    await Promise.all([update(first, 11), update(first, 12), update(second, 21), update(second, 22)]);
    const route = (id: number) => `PATCH /repos/${OWNER}/${REPO}/check-runs/${id}`;
    // Each installation's first write goes out at once; only its own second one waits.
    expect(Math.abs(at(route(21)) - at(route(11)))).toBeLessThan(INTERVAL / 2);
    expect(at(route(12)) - at(route(11))).toBeGreaterThanOrEqual(INTERVAL - JITTER_MS);
    expect(at(route(22)) - at(route(21))).toBeGreaterThanOrEqual(INTERVAL - JITTER_MS);
  });

  it('paces a GraphQL mutation as a write, and not a query', async () => {
    const INTERVAL = 200;
    const { auth, at } = await installations({ writeIntervalMs: INTERVAL });
    const octokit = await auth(1);
    nock(API).patch(`/repos/${OWNER}/${REPO}/check-runs/1`).reply(200, {}).post('/graphql').times(2).reply(200, { data: {} });
    await octokit.rest.checks.update({ owner: OWNER, repo: REPO, check_run_id: 1, status: 'completed' });
    await Promise.all([octokit.graphql(MUTATION, { id: 'I_1' }), octokit.graphql(QUERY)]);
    const write = at(`PATCH /repos/${OWNER}/${REPO}/check-runs/1`);
    expect(at('POST /graphql (mutation)') - write).toBeGreaterThanOrEqual(INTERVAL - JITTER_MS);
    expect(at('POST /graphql (query)') - write).toBeLessThan(INTERVAL / 2);
  });
});
