// The command table. A new command is one file in this folder and one line here;
// `modelgate --help` lists them in this order.
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { evidenceCommand } from './evidence.ts';
import { explainCommand } from './explain.ts';
import { initCommand } from './init.ts';
import { inventoryCommand } from './inventory.ts';
import { policyCommand } from './policy.ts';
import { rulesCommand } from './rules.ts';
import { schemaCommand } from './schema.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: readonly Command[] = [checkCommand, validateCommand, inventoryCommand, evidenceCommand, initCommand, policyCommand, rulesCommand, explainCommand, schemaCommand];
