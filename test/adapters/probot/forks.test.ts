// Pull requests from forks. GitHub serves a fork PR's commits from the base repository (through
// `refs/pull/N/head`), so every read by SHA goes to the base repository, where the App is
// installed; the fork itself is never asked. The Checks API, though, lists no pull requests
// for a fork's commit (`pull_requests: []`), so a re-run must find the PR by its head SHA.
import { describe, expect, it } from 'vitest';
import { LOAD_ROUTES, useFakeNetwork } from '../github/fake-github.ts';
import { OWNER, PR_NUMBER, REPO } from '../github/repo-fixture.ts';
import { pullRequestEvent, rerequestEvent, testApp } from './harness.ts';
import { checkRun, cleanPr, expectRequests, reviewReads, reviewWrites } from './scenarios.ts';

const R = `/repos/${OWNER}/${REPO}`;
const FORK = 'mallory/models';

useFakeNetwork();

describe('a pull request from a fork', () => {
  it('reads trees, blobs and the policy of the head commit from the base repository only', async () => {
    const gh = cleanPr().serve();
    gh.state.pull.headRepo = FORK;
    const { probot } = await testApp();
    const event = pullRequestEvent('opened', gh);
    event.payload.pull_request.head.repo.full_name = FORK;
    event.payload.pull_request.head.repo.name = 'models';
    event.payload.pull_request.head.repo.owner.login = 'mallory';
    await probot.receive(event as any);

    expectRequests(gh, {
      load: reviewReads(gh),
      publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`, `POST ${R}/pulls/${PR_NUMBER}/requested_reviewers`),
    });
    // Context and blob queries name the base repository (the eligibility query here reads teams only).
    const graphql = gh.requests.filter((r) => r.kind === 'graphql' && r.query !== 'eligibility');
    expect(graphql.map((r) => r.query)).toEqual(['context', 'blobs']);
    for (const r of graphql) expect(r.body.variables).toMatchObject({ owner: OWNER, repo: REPO });
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });

  it.each(['check_suite', 'check_run'] as const)('finds the pull request by its head commit when a %s re-run names none', async (kind) => {
    const gh = cleanPr().serve([...LOAD_ROUTES, 'pulls:list', 'pull']);
    gh.state.pull.headRepo = FORK;
    const { probot } = await testApp();
    await probot.receive(rerequestEvent(kind, gh, { fork: true }) as any);

    expectRequests(gh, {
      load: [`GET ${R}/pulls?state=open&per_page=100`, `GET ${R}/pulls/${PR_NUMBER}`, ...reviewReads(gh)],
      publish: reviewWrites(gh, `POST ${R}/issues/${PR_NUMBER}/comments`),
    });
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ head_sha: gh.state.pull.head, conclusion: 'action_required' });
  });

  it('does nothing for a re-run of a commit that heads no open pull request', async () => {
    const gh = cleanPr().serve(['token', 'pulls:list']);
    gh.state.pull.open = false;
    const { probot } = await testApp();
    await probot.receive(rerequestEvent('check_suite', gh, { fork: true }) as any);
    expect(gh.lines()).toEqual(['POST /app/installations/1/access_tokens', `GET ${R}/pulls?state=open&per_page=100`]);
  });

  it('fails closed on the re-run commit when the open pull requests cannot be listed', async () => {
    const gh = cleanPr({ fail: { 'pulls:list': 502 } }).serve(['token', 'pulls:list']);
    const { probot } = await testApp();
    await probot.receive(rerequestEvent('check_suite', gh, { fork: true }) as any);
    expect(gh.lines()).toEqual(['POST /app/installations/1/access_tokens', `GET ${R}/pulls?state=open&per_page=100`, `POST ${R}/check-runs`]);
    expect(checkRun(gh, 'modelgate / approval')).toMatchObject({ head_sha: gh.state.pull.head, conclusion: 'failure' });
  });
});
