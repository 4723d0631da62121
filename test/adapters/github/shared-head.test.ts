// The approval check of a head shared by several open pull requests (shared-head.ts): the
// combination as a table of cases, the record read back only as modelgate writes it, and what
// `publishHeadCheck` reads from GitHub (nothing more when a PR is alone on its head, no record
// trusted without the App's id).
import { describe, expect, it } from 'vitest';
import type { CheckConclusion } from '../../../src/core/approval/types.ts';
import type { CheckRunRecord, GitHubClient } from '../../../src/adapters/github/client.ts';
import { combineHeadCheck, publishHeadCheck, readHeadRecord, writeHeadRecord, type HeadRecord } from '../../../src/adapters/github/shared-head.ts';

const HEAD = 'abcdef0123456789abcdef0123456789abcdef01';
const self = (conclusion: CheckConclusion, title = `own ${conclusion}`) => ({ number: 12, conclusion, title, summary: `${title}\n\n- why` });

describe('combineHeadCheck', () => {
  const cases: { name: string; self: CheckConclusion; open: number[]; complete?: boolean; recorded: HeadRecord | undefined; conclusion: CheckConclusion; title: string; record: HeadRecord; unreviewed?: number[] }[] = [
    { name: 'alone on its head: its own check', self: 'success', open: [12], recorded: {}, conclusion: 'success', title: 'own success', record: { 12: 'success' } },
    { name: 'alone, a closed PR still recorded: dropped', self: 'success', open: [12], recorded: { 15: 'action_required' }, conclusion: 'success', title: 'own success', record: { 12: 'success' } },
    { name: 'another PR waits: it holds the head back', self: 'success', open: [12, 15], recorded: { 15: 'action_required' }, conclusion: 'action_required', title: '#15 waits for approval; #12 passes', record: { 12: 'success', 15: 'action_required' } },
    { name: 'this PR waits, the other passes', self: 'action_required', open: [12, 15], recorded: { 12: 'success', 15: 'success' }, conclusion: 'action_required', title: '#12 waits for approval; #15 passes', record: { 12: 'action_required', 15: 'success' } },
    { name: 'failure is stricter than waiting', self: 'action_required', open: [12, 15, 9], recorded: { 15: 'failure', 9: 'success' }, conclusion: 'failure', title: '#15 fails; #12 waits for approval; #9 passes', record: { 9: 'success', 12: 'action_required', 15: 'failure' } },
    { name: 'all pass: success', self: 'success', open: [15, 12], recorded: { 15: 'success' }, conclusion: 'success', title: '#12 passes; #15 passes', record: { 12: 'success', 15: 'success' } },
    { name: 'an open PR never reviewed here: not passed, and named for a review', self: 'success', open: [12, 15], recorded: {}, conclusion: 'action_required', title: '#15 not reviewed yet; #12 passes', record: { 12: 'success' }, unreviewed: [15] },
    { name: 'no record can be trusted (no App id): every other PR counts as not passed, none is named for a review', self: 'success', open: [12, 15], recorded: undefined, conclusion: 'action_required', title: '#15 not confirmed; #12 passes', record: { 12: 'success' } },
    { name: 'this PR no longer open on the head (a late event): still decided with the others', self: 'success', open: [15], recorded: { 15: 'success' }, conclusion: 'success', title: '#12 passes; #15 passes', record: { 12: 'success', 15: 'success' } },
    { name: 'scan incomplete: a recorded PR not seen may still be open, and is kept', self: 'success', open: [12], complete: false, recorded: { 15: 'action_required' }, conclusion: 'action_required', title: '#15 waits for approval; #12 passes', record: { 12: 'success', 15: 'action_required' } },
  ];

  it.each(cases)('$name', (c) => {
    const check = combineHeadCheck({ headSha: HEAD, self: self(c.self), open: { numbers: c.open, complete: c.complete ?? true }, recorded: c.recorded });
    expect({ conclusion: check.conclusion, title: check.title, record: readHeadRecord(check.text), unreviewed: check.unreviewed }).toEqual({ conclusion: c.conclusion, title: c.title, record: c.record, unreviewed: c.unreviewed ?? [] });
  });

  it('keeps the PR\'s own summary when it is alone, and says which PR holds the head back when not', () => {
    expect(combineHeadCheck({ headSha: HEAD, self: self('success'), open: { numbers: [12], complete: true }, recorded: {} }).summary).toBe('own success\n\n- why');
    expect(combineHeadCheck({ headSha: HEAD, self: self('success'), open: { numbers: [12, 15], complete: true }, recorded: {} }).summary).toBe(
      [
        '`abcdef0` is the head of 2 open pull requests. GitHub keeps one `modelgate / approval` per commit, so it passes only when every one of them passes:',
        '',
        '- #15: not reviewed yet: modelgate has no decision of it on this commit, and reviews it now',
        '- #12: passes (this review)',
        '',
        '**#12** (this review): own success',
        '',
        '- why',
      ].join('\n'),
    );
  });
});

describe('the record of a head', () => {
  it('reads back what it wrote', () => {
    expect(writeHeadRecord({ 15: 'action_required', 12: 'success' })).toBe('<!-- modelgate:shared-head {"v":1,"pulls":{"12":"success","15":"action_required"}} -->');
    expect(readHeadRecord(writeHeadRecord({ 15: 'failure', 3: 'success' }))).toEqual({ 3: 'success', 15: 'failure' });
  });

  it.each([
    ['no text', undefined],
    ['a summary, not a record', 'no model changes'],
    ['the marker elsewhere than at the start', 'x <!-- modelgate:shared-head {"v":1,"pulls":{"7":"success"}} -->'],
    ['another version', '<!-- modelgate:shared-head {"v":2,"pulls":{"7":"success"}} -->'],
    ['not JSON', '<!-- modelgate:shared-head {"v":1,"pulls": -->'],
    ['text after the record', '<!-- modelgate:shared-head {"v":1,"pulls":{"7":"success"}} --> and more'],
  ])('reads none from %s', (_name, text) => {
    expect(readHeadRecord(text)).toEqual({});
  });

  it('keeps only PR numbers and the three conclusions', () => {
    expect(readHeadRecord('<!-- modelgate:shared-head {"v":1,"pulls":{"7":"success","x":"success","08":"success","9":"neutral","10":"failure"}} -->')).toEqual({ 10: 'failure', 7: 'success' });
  });
});

/** A client that answers the two reads `publishHeadCheck` may make and records every call. */
function stubClient(open: { numbers: number[]; complete: boolean }, runs: CheckRunRecord[] = []) {
  const calls: string[] = [];
  const written: any[] = [];
  const client = {
    findOpenPullsByHead: async (_ref: unknown, sha: string) => (calls.push(`open ${sha.slice(0, 7)}`), open),
    listCheckRuns: async (_ref: unknown, sha: string, appId?: number) => (calls.push(`runs ${sha.slice(0, 7)} app ${appId}`), runs),
    createCheckRun: async (_ref: unknown, run: unknown) => (calls.push('create'), written.push(run), 1),
    updateCheckRun: async () => undefined,
  } as unknown as GitHubClient;
  return { client, calls, written };
}

const REF = { owner: 'acme', repo: 'models' };
const WRITE = { name: 'modelgate / approval', number: 12, headSha: HEAD, conclusion: 'success' as const, title: 'no model changes', summary: 'no model changes' };
const record = (pulls: HeadRecord, over: Partial<CheckRunRecord> = {}): CheckRunRecord => ({ id: 5, name: 'modelgate / approval', status: 'completed', conclusion: 'action_required', summary: '', text: writeHeadRecord(pulls), appId: 4242, ...over });

describe('publishHeadCheck', () => {
  it('reads no record when the PR is alone on its head', async () => {
    const { client, calls, written } = stubClient({ numbers: [12], complete: true });
    await publishHeadCheck(client, REF, WRITE, 4242);
    expect(calls).toEqual(['open abcdef0', 'create']);
    expect(written[0]).toMatchObject({ conclusion: 'success', output: { title: 'no model changes', text: writeHeadRecord({ 12: 'success' }) } });
  });

  it('combines with the record of the latest approval check its own App wrote', async () => {
    const runs = [record({ 15: 'action_required' }, { id: 7 }), record({ 15: 'success' }, { id: 6 }), record({ 15: 'success' }, { id: 8, appId: 15368 }), record({ 15: 'success' }, { id: 9, name: 'modelgate / rules' })];
    const { client, calls, written } = stubClient({ numbers: [15, 12], complete: true }, runs);
    const check = await publishHeadCheck(client, REF, WRITE, 4242);
    expect(calls).toEqual(['open abcdef0', 'runs abcdef0 app 4242', 'create']);
    expect(check).toMatchObject({ conclusion: 'action_required', title: '#15 waits for approval; #12 passes', unreviewed: [] });
    expect(written[0].conclusion).toBe('action_required');
  });

  it('without the App id, reads no record and lets no other PR on the head count as passed', async () => {
    const { client, calls } = stubClient({ numbers: [15, 12], complete: true }, [record({ 15: 'success' })]);
    const check = await publishHeadCheck(client, REF, WRITE, undefined);
    expect(calls).toEqual(['open abcdef0', 'create']);
    expect(check).toMatchObject({ conclusion: 'action_required', title: '#15 not confirmed; #12 passes', unreviewed: [] });
  });

  it('fails (throws, so the review fails closed) when the open PRs cannot be listed', async () => {
    const { client, calls } = stubClient({ numbers: [], complete: true });
    (client as any).findOpenPullsByHead = async () => {
      throw new Error('502');
    };
    await expect(publishHeadCheck(client, REF, WRITE, 4242)).rejects.toThrow('502');
    expect(calls).toEqual([]);
  });
});
