// The command table. A new command is one file in this folder and one line here;
// `modelgate --help` lists them in this order.
import type { Command } from '../command.ts';
import { schemaCommand } from './schema.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: readonly Command[] = [validateCommand, schemaCommand];
