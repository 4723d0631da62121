// The approval gate's public surface; the adapters import from here.
export { decide, reviewersToRequest } from './decide.ts';
export { describeReviewers } from './explain.ts';
export { parseCommands, parseLine, COMMAND_USAGE, type Command } from './commands.ts';
export type * from './types.ts';
