// Which head commit each `/modelgate` command was given on. GitHub does not say at which head
// a comment was written (and removed push dates), yet a `/modelgate approve` must go stale
// when the model changes after it, exactly like a review. modelgate records it in a hidden
// line of its own sticky comment and reads it back on later runs. Only the bot's own comment
// is trusted for this (marker + bot author), and the line is read from the end of the body.
//
// When is "the head now" the head a commenter saw? GitHub bumps a pull request's `updated_at`
// on every push, so any `updated_at` observed while the head is H is at or after H was pushed.
// modelgate keeps, per head, the earliest such time it has observed (`heads`); a command written
// at or after that time was written with H in place. A command whose head cannot be shown that
// way (H pushed after the comment, or never observed early enough) keeps no head, and the gate
// treats it as stale: unknown is never taken as unchanged.

const STATE_PREFIX = '<!-- modelgate:state ';
const STATE_SUFFIX = ' -->';
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

export function readCommandState(body: string | undefined): CommandState {
  const empty: CommandState = { commands: {}, heads: {} };
  if (!body) return empty;
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start < 0) return empty;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end < 0) return empty;
  try {
    const parsed = JSON.parse(body.slice(start + STATE_PREFIX.length, end)) as { commands?: unknown; heads?: unknown };
    return {
      commands: clean(parsed.commands, (id, sha): sha is string => /^\d+$/.test(id) && typeof sha === 'string' && SHA.test(sha)),
      heads: clean(parsed.heads, (sha, at): at is string => SHA.test(sha) && typeof at === 'string' && !Number.isNaN(time(at))),
    };
  } catch {
    return empty;
  }
}

/** The hidden line appended to the comment body. JSON of ids, hex SHAs and timestamps only: nothing to escape. */
export function writeCommandState(state: CommandState): string {
  const commands = Object.fromEntries(Object.entries(state.commands).sort(([a], [b]) => Number(a) - Number(b)));
  const heads = Object.fromEntries(
    Object.entries(state.heads)
      .sort(([, a], [, b]) => time(a) - time(b))
      .slice(-MAX_HEADS),
  );
  return `${STATE_PREFIX}${JSON.stringify({ commands, heads })}${STATE_SUFFIX}`;
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
