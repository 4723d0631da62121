// Which head commit each `/modelgate` command was given on. GitHub does not say at which head
// a comment was written (and removed push dates), yet a `/modelgate approve` must go stale
// when the model changes after it, exactly like a review. modelgate records it in a hidden
// line of its own sticky comment and reads it back on later runs. Only the bot's own comment
// is trusted for this (marker + bot author), and the line is read from the end of the body.
//
// Anyone with write access can edit any comment, the bot's included, and the PR author usually
// has write access. An edited record could move an old `/modelgate approve` onto the new head.
// So the line carries an HMAC (SHA-256) of its JSON, keyed with a secret only the App holds and
// bound to the repository and PR: a record whose MAC does not check out is read as empty (every
// command on it goes stale). Rotating the secret does the same to every open PR, never more.
//
// Which head did a commenter see? GitHub bumps a pull request's `updated_at` on every push, so
// reading head H together with `updated_at` U proves that H was the head from U until the read:
// no push can lie in between, or U would be later. modelgate keeps these observations as a
// timeline, each taken from a delivery's own state (the `pull_request` payload of the event,
// or the pull request read for the event), and ties a command written at time T to the head of
// the latest observation before T. A force-push back to an older head does not move the
// command onto it: the head observed between is the one it was written against. A command with
// no observation at or before it keeps no head, and the gate treats it as stale: unknown is
// never taken as unchanged. (Before, the earliest sighting of the current head was used, so a
// command written against H2 counted for H1 after a force-push back to H1.)

import { createHmac, timingSafeEqual } from 'node:crypto';

const STATE_PREFIX = '<!-- modelgate:state ';
const STATE_SUFFIX = ' -->';
const MAC_PREFIX = ' mac=';
const MAC = /^[0-9a-f]{64}$/;
const SHA = /^[0-9a-f]{7,64}$/;
/** Observations kept in the record; older ones only matter for commands already recorded. */
const MAX_OBSERVATIONS = 20;

/** `[head SHA, updated_at]`: that head was in place from that time until it was read. */
export type Observation = readonly [sha: string, since: string];

export interface CommandState {
  /**
   * Command comment id -> PR head SHA the command was given on ('' when that head is unknown).
   * Being listed also vouches that a person posted the comment: only the comment's own delivery
   * (checked for bots and `performed_via_github_app`) records it.
   */
  commands: Record<string, string>;
  /** Observations of the head, oldest first; of consecutive ones of one head, the first and the last. */
  timeline: Observation[];
}

const time = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

function clean(entries: unknown, valid: (key: string, value: unknown) => value is string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!entries || typeof entries !== 'object') return out;
  for (const [key, value] of Object.entries(entries as Record<string, unknown>)) if (valid(key, value)) out[key] = value;
  return out;
}

/** What the MAC is keyed with and bound to. Without a key nothing read is trusted. */
export interface StateSeal {
  key: string | undefined;
  /** `owner/repo#number`: a record copied from another pull request does not verify. */
  scope: string;
}

function mac(seal: StateSeal & { key: string }, json: string): string {
  return createHmac('sha256', seal.key).update(`modelgate:state:v1\n${seal.scope}\n${json}`).digest('hex');
}

function verifies(seal: StateSeal, json: string, given: string): boolean {
  if (seal.key === undefined || seal.key === '' || !MAC.test(given)) return false;
  return timingSafeEqual(Buffer.from(mac({ ...seal, key: seal.key }, json), 'hex'), Buffer.from(given, 'hex'));
}

export interface ReadState {
  state: CommandState;
  /** Why a record that is present was not trusted (absent when there is none, or it verified). */
  distrusted?: string;
}

export function readCommandState(body: string | undefined, seal: StateSeal): ReadState {
  const empty: CommandState = { commands: {}, timeline: [] };
  if (!body) return { state: empty };
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start < 0) return { state: empty };
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end < 0) return { state: empty, distrusted: 'the record of commands is cut short' };
  const inner = body.slice(start + STATE_PREFIX.length, end);
  const at = inner.lastIndexOf(MAC_PREFIX);
  const json = at < 0 ? inner : inner.slice(0, at);
  if (!verifies(seal, json, at < 0 ? '' : inner.slice(at + MAC_PREFIX.length))) {
    const why = seal.key ? 'its signature does not match (edited by someone other than modelgate?)' : 'modelgate has no key to check its signature';
    return { state: empty, distrusted: `the record of commands in the checklist comment was ignored: ${why}` };
  }
  try {
    const parsed = JSON.parse(json) as { commands?: unknown; timeline?: unknown };
    return {
      state: {
        commands: clean(parsed.commands, (id, sha): sha is string => /^\d+$/.test(id) && typeof sha === 'string' && (sha === '' || SHA.test(sha))),
        timeline: normalized(Array.isArray(parsed.timeline) ? parsed.timeline.filter(isObservation) : []),
      },
    };
  } catch {
    return { state: empty, distrusted: 'the record of commands is not valid JSON' };
  }
}

/**
 * The hidden line appended to the comment body: JSON of ids, hex SHAs and timestamps only
 * (nothing to escape), then its MAC. Without a key the line is written unsigned, and so is
 * never trusted when read back.
 */
export function writeCommandState(state: CommandState, seal: StateSeal): string {
  const commands = Object.fromEntries(Object.entries(state.commands).sort(([a], [b]) => Number(a) - Number(b)));
  const json = JSON.stringify({ commands, timeline: normalized(state.timeline).slice(-MAX_OBSERVATIONS) });
  const signature = seal.key ? `${MAC_PREFIX}${mac({ ...seal, key: seal.key }, json)}` : '';
  return `${STATE_PREFIX}${json}${signature}${STATE_SUFFIX}`;
}

function isObservation(entry: unknown): entry is Observation {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && SHA.test(entry[0]) && typeof entry[1] === 'string' && !Number.isNaN(time(entry[1]));
}

/**
 * Oldest first. Of a stretch of observations of one head, the first and the last are kept: the
 * last matters when the delivery of a push made in between is handled late (its observation then
 * lands inside the stretch and splits it).
 */
function normalized(timeline: readonly Observation[]): Observation[] {
  const sorted = [...timeline].sort((a, b) => time(a[1]) - time(b[1]));
  return sorted.filter((entry, i) => {
    const before = sorted[i - 1];
    const after = sorted[i + 1];
    const repeats = (other: Observation | undefined) => other !== undefined && other[0] === entry[0];
    return !(repeats(before) && repeats(after)) && !(before && before[0] === entry[0] && before[1] === entry[1]);
  });
}

/** Notes that `headSha` was the head from `updatedAt` (the PR's `updated_at` read with it) on. */
export function observeHead(state: CommandState, headSha: string, updatedAt: string | undefined): CommandState {
  if (Number.isNaN(time(updatedAt)) || !SHA.test(headSha)) return state;
  return { ...state, timeline: normalized([...state.timeline, [headSha, updatedAt!]]) };
}

/**
 * The head of the latest observation before `at`; undefined when none is that early. GitHub's
 * times have whole seconds, so an observation in the same second as the command may be the push
 * that came just after it: a different head observed in that second makes the head unknown.
 */
export function headAt(state: CommandState, at: string): string | undefined {
  const when = time(at);
  if (Number.isNaN(when)) return undefined;
  let head: string | undefined;
  for (const [sha, since] of state.timeline) if (time(since) < when) head = sha;
  const sameSecond = state.timeline.filter(([, since]) => time(since) === when);
  return sameSecond.some(([sha]) => sha !== head) ? undefined : head;
}

/**
 * Records the triggering command at the head its author saw (`headAt` its creation), whether or
 * not that is still the head; the gate then judges it as it judges a review on that commit. With
 * no observation that early it is recorded with no head ('': stale, yet vouched for). Other
 * unrecorded commands are not vouched for.
 */
export function recordCommands(
  state: CommandState,
  commandCommentIds: readonly number[],
  trigger: { id: number; createdAt: string } | undefined,
): CommandState {
  const commands = { ...state.commands };
  if (trigger && commandCommentIds.includes(trigger.id) && commands[String(trigger.id)] === undefined) {
    commands[String(trigger.id)] = headAt(state, trigger.createdAt) ?? '';
  }
  return { ...state, commands };
}
