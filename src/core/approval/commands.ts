// `/modelgate …` commands in PR comments. Pure: a comment body in, the commands it carries out.
//
// A command counts only where a reader of the rendered comment sees it typed as a command:
// - it starts a line (up to three spaces of indent; four or a tab is an indented code block);
// - not inside a fenced code block (``` or ~~~), a block quote (`>`) or an HTML comment, so
//   quoting someone's approval, showing the syntax, or hiding text never approves anything;
//   where the Markdown is ambiguous, the reading that ignores the command wins;
// - `/modelgate` and the subcommand are case-insensitive (phones capitalise the first letter);
//   rule and checklist ids are lower-cased, reasons are kept as written;
// - every command line of a comment counts, in order (waive two rules and approve in one go);
// - arguments are strict: `/modelgate approve once CI is green` is a conditional approval, so it
//   is refused as invalid rather than read as an approval.

export type Command =
  | { kind: 'approve'; line: number; text: string }
  | { kind: 'recheck'; line: number; text: string }
  | { kind: 'waive'; ruleId: string; reason?: string; line: number; text: string }
  | { kind: 'ack'; itemId: string; line: number; text: string }
  /** A known subcommand with wrong arguments; `problem` says what is wrong, for a polite answer. */
  | { kind: 'invalid'; name: string; problem: string; line: number; text: string }
  /** An unknown subcommand (`name` as written, '' when missing). */
  | { kind: 'unknown'; name: string; line: number; text: string };

export const COMMAND_USAGE: Readonly<Record<'approve' | 'recheck' | 'waive' | 'ack', string>> = {
  approve: '/modelgate approve',
  recheck: '/modelgate recheck',
  waive: '/modelgate waive <rule-id> -- <reason>',
  ack: '/modelgate ack <checklist-item>',
};

const PREFIX = /^ {0,3}\/modelgate(?=\s|$)/i;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;
/** Rule ids are kebab-case; `/` and `.` leave room for plugin-scoped ids. */
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
/** `--` as typed, or the em dash that macOS / iOS autocorrect turns it into. */
const REASON_SEPARATOR = /^(?:--|\u2014)(?=\s|$)/;

/** Every command in a comment body, in order of appearance. */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  let fence: { char: string; length: number } | undefined;
  let inHtmlComment = false;
  const lines = body.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      return;
    }
    if (inHtmlComment) {
      if (line.includes('-->')) inHtmlComment = false;
      return;
    }
    const opening = FENCE_OPEN.exec(line);
    if (opening?.[1]) {
      // A backtick fence whose info string holds a backtick is not a fence (CommonMark).
      const char = opening[1][0] ?? '`';
      if (char === '~' || !line.slice(line.indexOf(opening[1]) + opening[1].length).includes('`')) {
        fence = { char, length: opening[1].length };
        return;
      }
    }
    // An HTML comment left open on this line hides the lines after it when rendered. Counting a
    // `<!--` inside a code span too errs towards ignoring commands, never towards accepting one.
    const opened = line.lastIndexOf('<!--');
    inHtmlComment = opened >= 0 && !line.includes('-->', opened + 4);
    if (QUOTE.test(line)) return;
    const command = parseLine(line, index + 1);
    if (command) commands.push(command);
  });
  return commands;
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const match = /^ {0,3}(`+|~+)\s*$/.exec(line);
  return !!match?.[1] && match[1][0] === fence.char && match[1].length >= fence.length;
}

/** One line to a command, or undefined when the line is not a command at all. */
export function parseLine(line: string, lineNumber = 1): Command | undefined {
  const prefix = PREFIX.exec(line);
  if (!prefix) return undefined;
  const text = line.trim();
  const rest = line.slice(prefix[0].length).trim();
  const [rawName = '', ...args] = rest.length > 0 ? rest.split(/\s+/) : [];
  const name = rawName.toLowerCase();
  const base = { line: lineNumber, text };
  const invalid = (problem: string): Command => ({ kind: 'invalid', name, problem, ...base });

  switch (name) {
    case 'approve':
    case 'recheck':
      return args.length === 0 ? { kind: name, ...base } : invalid(`\`${COMMAND_USAGE[name]}\` takes no arguments`);
    case 'ack': {
      const id = args[0]?.toLowerCase();
      if (!id || args.length > 1 || !ID.test(id)) return invalid(`expected \`${COMMAND_USAGE.ack}\` with one item id`);
      return { kind: 'ack', itemId: id, ...base };
    }
    case 'waive':
      return parseWaive(rest.slice(rawName.length).trim(), base, invalid);
    default:
      return { kind: 'unknown', name: rawName, ...base };
  }
}

function parseWaive(
  args: string,
  base: { line: number; text: string },
  invalid: (problem: string) => Command,
): Command {
  const usage = `expected \`${COMMAND_USAGE.waive}\``;
  const [rawId = ''] = args.split(/\s/, 1);
  const ruleId = rawId.toLowerCase();
  if (!ruleId || !ID.test(ruleId)) return invalid(`${usage} with a rule id`);
  const afterId = args.slice(rawId.length).trim();
  if (afterId === '') return { kind: 'waive', ruleId, ...base };
  const separator = REASON_SEPARATOR.exec(afterId);
  if (!separator) return invalid(`${usage}: put \`--\` between the rule id and the reason`);
  const reason = afterId.slice(separator[0].length).trim();
  return reason === '' ? { kind: 'waive', ruleId, ...base } : { kind: 'waive', ruleId, reason, ...base };
}
