import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, fitCheckText, isOwnComment } from '../../../src/adapters/github/publish.ts';
import { reviewRequestFor } from '../../../src/adapters/github/review-requests.ts';
import type { IssueCommentRecord } from '../../../src/adapters/github/client.ts';

const comment = (over: Partial<IssueCommentRecord>): IssueCommentRecord => ({ id: 1, body: `${COMMENT_MARKER}\nreport`, user: { login: 'modelgate[bot]', type: 'Bot' }, appId: 42, ...over });

describe('isOwnComment', () => {
  it.each([
    ['our App, with the marker', comment({}), { appId: 42 }, true],
    ['our bot login (the Action), with the marker', comment({ appId: undefined, user: { login: 'github-actions[bot]', type: 'Bot' } }), { botLogin: 'github-actions[bot]' }, true],
    ['our App, without the marker', comment({ body: 'Thanks, `eve`.' }), { appId: 42 }, false],
    ['a user quoting the marker', comment({ user: { login: 'eve', type: 'User' }, appId: undefined }), { appId: 42 }, false],
    ['a user named like our bot', comment({ user: { login: 'modelgate[bot]', type: 'User' }, appId: undefined }), { botLogin: 'modelgate[bot]' }, false],
    ['another App with the marker', comment({ appId: 7, user: { login: 'copycat[bot]', type: 'Bot' } }), { appId: 42 }, false],
    ['any bot, when we know no identity', comment({}), {}, false],
  ])('%s: %s', (_name, record, author, expected) => {
    expect(isOwnComment(record, author)).toBe(expected);
  });
});

describe('fitCheckText', () => {
  it('leaves text within the limit alone', () => {
    expect(fitCheckText('short', 10)).toBe('short');
  });

  it('cuts to the limit exactly, saying how much was left out and where the rest is', () => {
    const fitted = fitCheckText('x'.repeat(200), 100);
    expect(fitted).toHaveLength(100);
    expect(fitted).toMatch(/\n\n… truncated: 100 more characters; the full report is in the PR comment\.$/);
  });
});

describe('reviewRequestFor', () => {
  it.each([
    ['a team of the repository\'s organisation, as a slug', { users: [], teams: ['acme/model-risk'] }, undefined, { users: [], teams: ['model-risk'] }],
    ['teams written with @, in any case', { users: ['@bob'], teams: ['@ACME/Model-Risk'] }, undefined, { users: ['bob'], teams: ['Model-Risk'] }],
    ['a team of another organisation is left out', { users: [], teams: ['other/reviewers'] }, undefined, undefined],
    ['nobody already requested is asked again', { users: ['bob', 'carol'], teams: ['acme/model-risk'] }, { users: ['BOB'], teams: ['model-risk'] }, { users: ['carol'], teams: [] }],
    ['nothing to ask', { users: [], teams: [] }, undefined, undefined],
  ])('%s', (_name, wanted, already, expected) => {
    expect(reviewRequestFor(wanted, 'acme', already)).toEqual(expected);
  });
});
