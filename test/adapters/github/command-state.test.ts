import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { observeHead, readCommandState, recordCommands, writeCommandState, type CommandState, type StateSeal } from '../../../src/adapters/github/command-state.ts';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);
const state = (commands: Record<string, string> = {}, heads: Record<string, string> = {}): CommandState => ({ commands, heads });
const SEAL: StateSeal = { key: 'k3y', scope: 'acme/models#7' };
/** The MAC as specified: HMAC-SHA256 over a version tag, the PR and the JSON. */
const macOf = (json: string, seal = SEAL) => createHmac('sha256', seal.key!).update(`modelgate:state:v1\n${seal.scope}\n${json}`).digest('hex');
const signed = (json: string, seal = SEAL) => `<!-- modelgate:state ${json} mac=${macOf(json, seal)} -->`;
const NOT_SIGNED = 'the record of commands in the checklist comment was ignored: its signature does not match (edited by someone other than modelgate?)';

describe('readCommandState / writeCommandState', () => {
  it('round-trips, sorted, as one hidden signed line', () => {
    const line = writeCommandState(state({ 12: H2, 3: H1 }, { [H2]: '2024-06-01T12:00:00Z', [H1]: '2024-06-01T10:00:00Z' }), SEAL);
    expect(line).toBe(signed(`{"commands":{"3":"${H1}","12":"${H2}"},"heads":{"${H1}":"2024-06-01T10:00:00Z","${H2}":"2024-06-01T12:00:00Z"}}`));
    expect(readCommandState(`report\n${line}\n`, SEAL)).toEqual({ state: state({ 3: H1, 12: H2 }, { [H1]: '2024-06-01T10:00:00Z', [H2]: '2024-06-01T12:00:00Z' }) });
  });

  it('reads the last line only, so text quoted earlier in the report cannot forge it', () => {
    const forged = signed(`{"commands":{"9":"${H2}"},"heads":{}}`, { key: 'guess', scope: SEAL.scope });
    expect(readCommandState(`${forged}\n${writeCommandState(state(), SEAL)}`, SEAL)).toEqual({ state: state() });
  });

  it.each([
    ['an edited record (same line, another SHA, the old MAC)', signed(`{"commands":{"9":"${H1}"},"heads":{}}`).replace(H1, H2)],
    ['an unsigned record', `<!-- modelgate:state {"commands":{"9":"${H2}"},"heads":{}} -->`],
    ['a record signed with another key', signed(`{"commands":{"9":"${H2}"},"heads":{}}`, { key: 'other', scope: SEAL.scope })],
    ['a record copied from another pull request', signed(`{"commands":{"9":"${H2}"},"heads":{}}`, { key: SEAL.key, scope: 'acme/models#8' })],
    ['a MAC that is not 64 hex digits', `<!-- modelgate:state {"commands":{"9":"${H2}"},"heads":{}} mac=abc -->`],
  ])('trusts nothing from %s, and says so', (_name, body) => {
    expect(readCommandState(body, SEAL)).toEqual({ state: state(), distrusted: NOT_SIGNED });
  });

  it('trusts nothing without a key, and writes a line it will not trust', () => {
    const noKey: StateSeal = { key: undefined, scope: SEAL.scope };
    const line = writeCommandState(state({ 3: H1 }), noKey);
    expect(line).toBe(`<!-- modelgate:state {"commands":{"3":"${H1}"},"heads":{}} -->`);
    expect(readCommandState(line, noKey)).toEqual({ state: state(), distrusted: 'the record of commands in the checklist comment was ignored: modelgate has no key to check its signature' });
  });

  it.each([
    ['no body', undefined],
    ['no line', 'just a report'],
  ])('gives an empty state for %s', (_name, body) => {
    expect(readCommandState(body, SEAL)).toEqual({ state: state() });
  });

  it.each([
    ['unterminated', '<!-- modelgate:state {"commands":{}', 'the record of commands is cut short'],
    ['not JSON', signed('{commands}'), 'the record of commands is not valid JSON'],
  ])('gives an empty state for a record %s', (_name, body, distrusted) => {
    expect(readCommandState(body, SEAL)).toEqual({ state: state(), distrusted });
  });

  it('drops entries that are not comment ids, hex SHAs or timestamps', () => {
    const body = signed(`{"commands":{"12":"${H1}","x":"${H1}","13":"main","14":42},"heads":{"${H1}":"yesterday","main":"2024-06-01T10:00:00Z","${H2}":"2024-06-01T10:00:00Z"}}`);
    expect(readCommandState(body, SEAL)).toEqual({ state: state({ 12: H1 }, { [H2]: '2024-06-01T10:00:00Z' }) });
  });

  it('keeps the 20 most recent heads', () => {
    const heads = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [i.toString(16).padStart(40, '0'), `2024-06-01T10:${String(i).padStart(2, '0')}:00Z`]));
    const kept = readCommandState(writeCommandState(state({}, heads), SEAL), SEAL).state.heads;
    expect(Object.keys(kept)).toHaveLength(20);
    expect(kept['0'.repeat(40)]).toBeUndefined();
  });
});

describe('observeHead', () => {
  it('keeps the earliest time a head was seen', () => {
    const seen = observeHead(state(), H1, '2024-06-01T12:00:00Z');
    expect(observeHead(seen, H1, '2024-06-01T13:00:00Z').heads[H1]).toBe('2024-06-01T12:00:00Z');
    expect(observeHead(seen, H1, '2024-06-01T11:00:00Z').heads[H1]).toBe('2024-06-01T11:00:00Z');
  });

  it('ignores a missing or unreadable time', () => {
    expect(observeHead(state(), H1, undefined)).toEqual(state());
    expect(observeHead(state(), H1, 'soon')).toEqual(state());
  });
});

describe('recordCommands', () => {
  const seen = state({}, { [H1]: '2024-06-01T12:00:00Z' });

  it.each([
    ['written after the head was in place', '2024-06-01T12:30:00Z', { 7: H1 }],
    ['written the moment the PR was last updated', '2024-06-01T12:00:00Z', { 7: H1 }],
    ['written before the head was pushed', '2024-06-01T11:59:59Z', {}],
  ])('records the triggering command %s: %s', (_name, createdAt, commands) => {
    expect(recordCommands(seen, [7], { id: 7, createdAt }, H1).commands).toEqual(commands);
  });

  it('records nothing at a head it never saw, and no command but the trigger', () => {
    expect(recordCommands(seen, [7], { id: 7, createdAt: '2024-06-02T00:00:00Z' }, H2).commands).toEqual({});
    expect(recordCommands(seen, [6, 7], { id: 7, createdAt: '2024-06-02T00:00:00Z' }, H1).commands).toEqual({ 7: H1 });
    expect(recordCommands(seen, [6], undefined, H1).commands).toEqual({});
  });

  it('never moves a recorded command to a newer head', () => {
    const recorded = state({ 7: H1 }, { [H1]: '2024-06-01T12:00:00Z', [H2]: '2024-06-01T12:10:00Z' });
    expect(recordCommands(recorded, [7], { id: 7, createdAt: '2024-06-01T12:30:00Z' }, H2).commands).toEqual({ 7: H1 });
  });
});
