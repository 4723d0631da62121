import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headAt, observeHead, readCommandState, recordCommands, writeCommandState, type CommandState, type StateSeal } from '../../../src/adapters/github/command-state.ts';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);
const state = (commands: Record<string, string> = {}, timeline: [string, string][] = []): CommandState => ({ commands, timeline });
const SEAL: StateSeal = { key: 'k3y', scope: 'acme/models#7' };
/** The MAC as specified: HMAC-SHA256 over a version tag, the PR and the JSON. */
const macOf = (json: string, seal = SEAL) => createHmac('sha256', seal.key!).update(`modelgate:state:v1\n${seal.scope}\n${json}`).digest('hex');
const signed = (json: string, seal = SEAL) => `<!-- modelgate:state ${json} mac=${macOf(json, seal)} -->`;
const NOT_SIGNED = 'the record of commands in the checklist comment was ignored: its signature does not match (edited by someone other than modelgate?)';

describe('readCommandState / writeCommandState', () => {
  it('round-trips, sorted, as one hidden signed line', () => {
    const line = writeCommandState(state({ 12: H2, 3: H1 }, [[H2, '2024-06-01T12:00:00Z'], [H1, '2024-06-01T10:00:00Z']]), SEAL);
    expect(line).toBe(signed(`{"commands":{"3":"${H1}","12":"${H2}"},"timeline":[["${H1}","2024-06-01T10:00:00Z"],["${H2}","2024-06-01T12:00:00Z"]]}`));
    expect(readCommandState(`report\n${line}\n`, SEAL)).toEqual({ state: state({ 3: H1, 12: H2 }, [[H1, '2024-06-01T10:00:00Z'], [H2, '2024-06-01T12:00:00Z']]) });
  });

  it('reads the last line only, so text quoted earlier in the report cannot forge it', () => {
    const forged = signed(`{"commands":{"9":"${H2}"},"timeline":[]}`, { key: 'guess', scope: SEAL.scope });
    expect(readCommandState(`${forged}\n${writeCommandState(state(), SEAL)}`, SEAL)).toEqual({ state: state() });
  });

  it.each([
    ['an edited record (same line, another SHA, the old MAC)', signed(`{"commands":{"9":"${H1}"},"timeline":[]}`).replace(H1, H2)],
    ['an unsigned record', `<!-- modelgate:state {"commands":{"9":"${H2}"},"timeline":[]} -->`],
    ['a record signed with another key', signed(`{"commands":{"9":"${H2}"},"timeline":[]}`, { key: 'other', scope: SEAL.scope })],
    ['a record copied from another pull request', signed(`{"commands":{"9":"${H2}"},"timeline":[]}`, { key: SEAL.key, scope: 'acme/models#8' })],
    ['a MAC that is not 64 hex digits', `<!-- modelgate:state {"commands":{"9":"${H2}"},"timeline":[]} mac=abc -->`],
  ])('trusts nothing from %s, and says so', (_name, body) => {
    expect(readCommandState(body, SEAL)).toEqual({ state: state(), distrusted: NOT_SIGNED });
  });

  it('trusts nothing without a key, and writes a line it will not trust', () => {
    const noKey: StateSeal = { key: undefined, scope: SEAL.scope };
    const line = writeCommandState(state({ 3: H1 }), noKey);
    expect(line).toBe(`<!-- modelgate:state {"commands":{"3":"${H1}"},"timeline":[]} -->`);
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
    const body = signed(`{"commands":{"12":"${H1}","x":"${H1}","13":"main","14":42},"timeline":[["${H1}","yesterday"],["main","2024-06-01T10:00:00Z"],["${H2}","2024-06-01T10:00:00Z"],["${H1}"],{"a":1}]}`);
    expect(readCommandState(body, SEAL)).toEqual({ state: state({ 12: H1 }, [[H2, '2024-06-01T10:00:00Z']]) });
  });

  it('keeps the 20 most recent observations', () => {
    const timeline = Array.from({ length: 25 }, (_, i): [string, string] => [i.toString(16).padStart(40, '0'), `2024-06-01T10:${String(i).padStart(2, '0')}:00Z`]);
    const kept = readCommandState(writeCommandState(state({}, timeline), SEAL), SEAL).state.timeline;
    expect(kept).toEqual(timeline.slice(5));
  });
});

describe('observeHead', () => {
  it('keeps the first and the last observation of a stretch of one head', () => {
    const seen = observeHead(state(), H1, '2024-06-01T12:00:00Z');
    expect(observeHead(seen, H1, '2024-06-01T12:00:00Z').timeline).toEqual([[H1, '2024-06-01T12:00:00Z']]);
    const three = observeHead(observeHead(seen, H1, '2024-06-01T13:00:00Z'), H1, '2024-06-01T14:00:00Z');
    expect(three.timeline).toEqual([[H1, '2024-06-01T12:00:00Z'], [H1, '2024-06-01T14:00:00Z']]);
    expect(observeHead(seen, H1, '2024-06-01T11:00:00Z').timeline).toEqual([[H1, '2024-06-01T11:00:00Z'], [H1, '2024-06-01T12:00:00Z']]);
  });

  it('keeps a return to an older head as a stretch of its own, and places a late observation in time', () => {
    let seen = observeHead(state(), H1, '2024-06-01T10:00:00Z');
    seen = observeHead(seen, H1, '2024-06-01T12:10:00Z');
    // The delivery of the push to H2 is handled after the force-push back to H1.
    seen = observeHead(seen, H2, '2024-06-01T12:00:00Z');
    expect(seen.timeline).toEqual([
      [H1, '2024-06-01T10:00:00Z'],
      [H2, '2024-06-01T12:00:00Z'],
      [H1, '2024-06-01T12:10:00Z'],
    ]);
  });

  it('ignores a missing or unreadable time', () => {
    expect(observeHead(state(), H1, undefined)).toEqual(state());
    expect(observeHead(state(), H1, 'soon')).toEqual(state());
  });
});

describe('headAt', () => {
  const timeline = state({}, [
    [H1, '2024-06-01T10:00:00Z'],
    [H2, '2024-06-01T12:00:00Z'],
    [H1, '2024-06-01T12:10:00Z'],
  ]);
  it.each([
    ['before anything was observed', '2024-06-01T09:59:59Z', undefined],
    ['in the second of the first observation (what came before it is unknown)', '2024-06-01T10:00:00Z', undefined],
    ['after the first observation', '2024-06-01T10:00:01Z', H1],
    ['while H2 was up, though H1 is the head again now', '2024-06-01T12:05:00Z', H2],
    ['in the second of the force-push back (before or after it: unknown)', '2024-06-01T12:10:00Z', undefined],
    ['after the force-push back', '2024-06-01T12:10:01Z', H1],
    ['at an unreadable time', 'later', undefined],
  ])('%s', (_name, at, head) => {
    expect(headAt(timeline, at)).toBe(head);
  });
});

describe('recordCommands', () => {
  const seen = state({}, [[H1, '2024-06-01T12:00:00Z']]);

  it.each([
    ['written after the head was in place', '2024-06-01T12:30:00Z', { 7: H1 }],
    ['written in the second the head was observed (a push in that second could follow it)', '2024-06-01T12:00:00Z', { 7: '' }],
    // Vouched for (its own delivery was seen), with no head: the gate treats it as stale.
    ['written before any head was observed', '2024-06-01T11:59:59Z', { 7: '' }],
  ])('records the triggering command %s: %s', (_name, createdAt, commands) => {
    expect(recordCommands(seen, [7], { id: 7, createdAt }).commands).toEqual(commands);
  });

  it('records no command but the trigger', () => {
    expect(recordCommands(seen, [6, 7], { id: 7, createdAt: '2024-06-02T00:00:00Z' }).commands).toEqual({ 7: H1 });
    expect(recordCommands(seen, [6], undefined).commands).toEqual({});
  });

  it('ties a command to the head its author saw, not to a head force-pushed back afterwards', () => {
    const raced = state({}, [
      [H1, '2024-06-01T10:00:00Z'],
      [H2, '2024-06-01T12:00:00Z'],
      [H1, '2024-06-01T12:10:00Z'],
    ]);
    expect(recordCommands(raced, [7], { id: 7, createdAt: '2024-06-01T12:05:00Z' }).commands).toEqual({ 7: H2 });
  });

  it('never moves a recorded command to a newer head', () => {
    const recorded = state({ 7: H1 }, [[H1, '2024-06-01T12:00:00Z'], [H2, '2024-06-01T12:10:00Z']]);
    expect(recordCommands(recorded, [7], { id: 7, createdAt: '2024-06-01T12:30:00Z' }).commands).toEqual({ 7: H1 });
  });
});

describe('headAt within one second', () => {
  it('keeps the head when the same head is observed again in the second of the command', () => {
    const again = state({}, [
      [H1, '2024-06-01T10:00:00Z'],
      [H1, '2024-06-01T12:00:00Z'],
    ]);
    expect(headAt(again, '2024-06-01T12:00:00Z')).toBe(H1);
  });
});
