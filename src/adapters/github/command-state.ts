// Which head commit each `/modelgate` command was given on. GitHub does not say at which head
// a comment was written (and removed push dates), yet a `/modelgate approve` must go stale
// when the model changes after it, exactly like a review. modelgate records the head it saw
// when it first processed each command in a hidden line of its own sticky comment, and reads
// it back on later runs. Only the bot's own comment is trusted for this (marker + bot author).

const STATE_PREFIX = '<!-- modelgate:state ';
const STATE_SUFFIX = ' -->';

export interface CommandState {
  /** Command comment id -> PR head SHA when modelgate first saw the command. */
  commands: Record<string, string>;
}

export function readCommandState(body: string | undefined): CommandState {
  const empty: CommandState = { commands: {} };
  if (!body) return empty;
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start < 0) return empty;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end < 0) return empty;
  try {
    const parsed: unknown = JSON.parse(body.slice(start + STATE_PREFIX.length, end));
    const commands = (parsed as { commands?: unknown }).commands;
    if (!commands || typeof commands !== 'object') return empty;
    const clean: Record<string, string> = {};
    for (const [id, sha] of Object.entries(commands as Record<string, unknown>)) {
      if (/^\d+$/.test(id) && typeof sha === 'string' && /^[0-9a-f]{7,64}$/.test(sha)) clean[id] = sha;
    }
    return { commands: clean };
  } catch {
    return empty;
  }
}

/** The hidden line appended to the comment body. JSON of ids and hex SHAs only: nothing to escape. */
export function writeCommandState(state: CommandState): string {
  const sorted = Object.fromEntries(Object.entries(state.commands).sort(([a], [b]) => Number(a) - Number(b)));
  return `${STATE_PREFIX}${JSON.stringify({ commands: sorted })}${STATE_SUFFIX}`;
}

/**
 * Commands not yet recorded are recorded at the current head only when they are the comment
 * that triggered this run (so the head now is the head they were written on). Any other
 * unrecorded command keeps no head, and the approval gate treats it as stale: unknown is never
 * taken as unchanged.
 */
export function recordCommands(state: CommandState, commandCommentIds: readonly number[], triggeringCommentId: number | undefined, headSha: string): CommandState {
  const commands = { ...state.commands };
  for (const id of commandCommentIds) {
    if (commands[String(id)] === undefined && id === triggeringCommentId) commands[String(id)] = headSha;
  }
  return { commands };
}
