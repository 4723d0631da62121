// Dispatches argv to a command, after ESLint/npm conventions: `modelgate <command> [options]`,
// `--help` everywhere, usage mistakes on stderr with exit 2. Nothing escapes as a stack trace:
// an unexpected error is one line on stderr and exit 2.
import { parseArgs } from 'node:util';
import { EXIT, RunFailure, UsageError, type CliIo, type Command, type CommandArgs } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { TOOL_VERSION } from '../../version.ts';
import { errorMessage } from '../messages.ts';

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const rows = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: modelgate <command> [options]',
    '',
    'ML governance reviews for model cards, data lineage and tuning logs.',
    '',
    'Commands:',
    ...rows,
    '',
    'Options:',
    '  -h, --help     show help (also: modelgate <command> --help)',
    '  -v, --version  print the version',
  ].join('\n');
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let commandName = '';
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.err(mainHelp());
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
      io.out(mainHelp());
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      io.out(TOOL_VERSION);
      return EXIT.ok;
    }
    if (first === 'help') return runCli([rest[0]!, '--help'], io);
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
    const command = findCommand(first);
    if (!command) {
      io.err(`modelgate: unknown command '${first}'`);
      io.err(`Run 'modelgate --help' for the list of commands.`);
      return EXIT.usage;
    }
    commandName = command.name;
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values['help'] === true) {
      io.out(command.help);
      return EXIT.ok;
    }
    return await command.run({ values, positionals }, io);
  } catch (error) {
    const prefix = commandName ? `modelgate ${commandName}` : 'modelgate';
    if (error instanceof UsageError) {
      io.err(`${prefix}: ${error.message}`);
      io.err(`Run '${prefix} --help' for usage.`);
      return EXIT.usage;
    }
    if (error instanceof RunFailure) {
      const [first, ...rest] = error.message.split('\n');
      io.err(`${prefix}: ${first}`);
      for (const line of rest) io.err(line);
      return EXIT.usage;
    }
    io.err(`${prefix}: internal error: ${errorMessage(error)}`);
    return EXIT.usage;
  }
}

function parseCommandArgs(command: Command, args: string[]): CommandArgs {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(argumentErrorMessage(error));
  }
}

/** node:util's messages, shortened: the advice about `--` is noise for our commands. */
function argumentErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    if (option) return `unknown option '${option}'`;
  }
  return message.replace(/\.$/, '').replace(/^[A-Z]/, (letter) => letter.toLowerCase());
}
