// Seconds per pull request (issue 13): a review reads in at most two sequential rounds before
// its first write, and that first write is the approval check. Writes to GitHub are paced about
// a second apart per installation, reads are not: every write before the approval check, and
// every round of reads, would delay the gate. Rounds are counted by the harness's WaveRecorder
// (the longest chain of requests each starting after another ended, before the first write).
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/client.ts';
import { LOAD_ROUTES, useFakeNetwork, type FakeGitHub } from '../github/fake-github.ts';
import { OWNER, PR_NUMBER, REPO, exampleFiles, exampleFilesWithCopies, scenario } from '../github/repo-fixture.ts';
import { commentEvent, pullRequestEvent, reviewEvent, testApp } from './harness.ts';
import { REVIEWED, approved, checkRun, cleanChange, cleanPr, expectApprovalCheckFirst, plantedPr, retouchModel } from './scenarios.ts';

useFakeNetwork();

const R = `/repos/${OWNER}/${REPO}`;

/** Delivers the event; returns the rounds of reads before the first write. */
async function deliver(gh: FakeGitHub, event: unknown): Promise<number> {
  const { probot, waves } = await testApp();
  await probot.receive(event as any);
  expect(gh.unexpected).toEqual([]);
  return waves.loadWaves();
}

describe('the approval check is the first write of every review, after two rounds of reads', () => {
  it('a pass: an approval from the tier\'s team', async () => {
    const review = approved(1, 'mona');
    const gh = cleanPr({ reviews: [review] }).serve([...LOAD_ROUTES, 'permission']);
    expect(await deliver(gh, reviewEvent('submitted', gh, review))).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('success');
  });

  it('a wait: no approval yet', async () => {
    const gh = cleanPr().serve();
    expect(await deliver(gh, pullRequestEvent('synchronize', gh))).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });

  it('a block: errors to fix', async () => {
    const gh = plantedPr().serve();
    expect(await deliver(gh, pullRequestEvent('opened', gh))).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('failure');
  });

  it('an approval on an older commit: its tree is read in the second round, beside the contents', async () => {
    const reviewed = cleanChange(exampleFiles());
    const gh = cleanPr({ head: retouchModel(reviewed), more: { [REVIEWED]: reviewed }, reviews: [approved(1, 'mona', REVIEWED)] }).serve();
    expect(await deliver(gh, pullRequestEvent('synchronize', gh))).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(gh.lines('tree')).toContain(`GET ${R}/git/trees/${REVIEWED}?recursive=true`);
    // Stale: the model's report changed since mona approved.
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('action_required');
  });

  it('a team of a tier that does not gate, which GitHub refuses to show, does not fail the review', async () => {
    const review = approved(1, 'mona');
    const gh = cleanPr({ reviews: [review] }).serve([...LOAD_ROUTES, 'permission']);
    // Every tier's teams are read ahead; the high tier's org cannot be resolved (say, misspelt).
    const refusing = (client: GitHubClient): GitHubClient => ({
      ...client,
      getEligibility: async (ref, query) => {
        if (query.teams.includes('acme/model-risk')) throw new Error("Could not resolve to an Organization with the login of 'acme'.");
        return client.getEligibility(ref, query);
      },
    });
    const { probot, waves } = await testApp({ wrapClient: refusing });
    await probot.receive(reviewEvent('submitted', gh, review) as any);
    // The medium tier's team is read again once the evaluation says it gates: a third round, only then.
    expect(waves.loadWaves()).toBe(3);
    expectApprovalCheckFirst(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('success');
  });

  it('a command from a comment: the event names no head, so the pull request is read first, then the two rounds', async () => {
    const command = { id: 312, login: 'mona', body: '/modelgate approve' };
    const gh = cleanPr({ comments: [command] }).serve([...LOAD_ROUTES, 'pull', 'permission']);
    // The recorder watches the review's client, which exists once the pull request (and so its head) is read.
    expect(await deliver(gh, commentEvent('created', gh, command))).toBe(2);
    expect(gh.lines().filter((l) => !l.includes('/access_tokens'))[0]).toBe(`GET ${R}/pulls/${PR_NUMBER}`);
    expectApprovalCheckFirst(gh);
    expect(checkRun(gh, 'modelgate / approval').conclusion).toBe('success');
  });
});

describe('a pull request adding 50 models', () => {
  it('is read in two rounds too: every page of its 200 files at once, every artifact with the cards', async () => {
    const gh = scenario({ base: exampleFiles(), head: exampleFilesWithCopies(50) }).serve();
    expect(await deliver(gh, pullRequestEvent('opened', gh))).toBe(2);
    expectApprovalCheckFirst(gh);
    expect(gh.changedFiles()).toHaveLength(200);
    const files = `GET ${R}/pulls/${PR_NUMBER}/files`;
    expect(gh.lines('files')).toEqual([`${files}?per_page=100`, `${files}?per_page=100&page=2`]);
    // The 50 cards (and the models' README candidates) and, read ahead, the models' other files:
    // one query of contents, nothing asked for later.
    expect(gh.lines('graphql').filter((l) => l.includes('(blobs)'))).toHaveLength(1);
    expect(checkRun(gh, 'modelgate / rules').output.title).toMatch(/^\d+ errors?, \d+ warnings?$/);
  });
});
