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
// When is "the head now" the head a commenter saw? GitHub bumps a pull request's `updated_at`
// on every push, so any `updated_at` observed while the head is H is at or after H was pushed.
// modelgate keeps, per head, the earliest such time it has observed (`heads`); a command written
// at or after that time was written with H in place. A command whose head cannot be shown that
// way (H pushed after the comment, or never observed early enough) keeps no head, and the gate
// treats it as stale: unknown is never taken as unchanged.

import { createHmac, timingSafeEqual } from 'node:crypto';

const STATE_PREFIX = '<!-- modelgate:state ';
const STATE_SUFFIX = ' -->';
const MAC_PREFIX = ' mac=';
const MAC = /^[0-9a-f]{64}$/;
const SHA = /^[0-9a-f]{7,64}$/;
/** Heads kept in the record; older ones only matter for commands already recorded. */
const MAX_HEADS = 20;

export interface CommandState {
  /** Command comment id -> PR head SHA the command was given on. */
  commands: Record<string, string>;
  /** Head SHA -> earliest `updated_at` (ISO 8601) observed while it was the head. */
  heads: Record<string, string>;
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
  const empty: CommandState = { commands: {}, heads: {} };
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
    const parsed = JSON.parse(json) as { commands?: unknown; heads?: unknown };
    return {
      state: {
        commands: clean(parsed.commands, (id, sha): sha is string => /^\d+$/.test(id) && typeof sha === 'string' && SHA.test(sha)),
        heads: clean(parsed.heads, (sha, at): at is string => SHA.test(sha) && typeof at === 'string' && !Number.isNaN(time(at))),
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
  const heads = Object.fromEntries(
    Object.entries(state.heads)
      .sort(([, a], [, b]) => time(a) - time(b))
      .slice(-MAX_HEADS),
  );
  const json = JSON.stringify({ commands, heads });
  const signature = seal.key ? `${MAC_PREFIX}${mac({ ...seal, key: seal.key }, json)}` : '';
  return `${STATE_PREFIX}${json}${signature}${STATE_SUFFIX}`;
}

/** Notes that `headSha` was the head when the PR's `updated_at` was `updatedAt` (keeps the earliest). */
export function observeHead(state: CommandState, headSha: string, updatedAt: string | undefined): CommandState {
  if (Number.isNaN(time(updatedAt)) || !SHA.test(headSha)) return state;
  const known = state.heads[headSha];
  if (known !== undefined && time(known) <= time(updatedAt)) return state;
  return { ...state, heads: { ...state.heads, [headSha]: updatedAt! } };
}

/**
 * Records the triggering command at the current head, only when that head was provably in
 * place when the comment was written (see above). Other unrecorded commands keep no head.
 */
export function recordCommands(
  state: CommandState,
  commandCommentIds: readonly number[],
  trigger: { id: number; createdAt: string } | undefined,
  headSha: string,
): CommandState {
  const commands = { ...state.commands };
  const headSince = time(state.heads[headSha]);
  for (const id of commandCommentIds) {
    if (commands[String(id)] !== undefined || id !== trigger?.id) continue;
    if (!Number.isNaN(headSince) && headSince <= time(trigger.createdAt)) commands[String(id)] = headSha;
  }
  return { ...state, commands };
}
