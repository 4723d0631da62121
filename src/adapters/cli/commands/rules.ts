// `modelgate rules`: the rule list, like `eslint --print-config` meets a rule index: id,
// default severity, checklist area and what it checks, in registry (id) order.
import { AREA_TITLES } from '../../../core/report/rule-doc.ts';
import { rules } from '../../../core/rules/index.ts';
import { EXIT, UsageError, type Command } from '../command.ts';

function rulesTable(): string[] {
  const rows = [['rule', 'default', 'area', 'checks'], ...rules.map((r) => [r.meta.id, r.meta.defaultSeverity, AREA_TITLES[r.meta.area] ?? r.meta.area, r.meta.title])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list the rules with their default severity, area and what they check',
  help: [
    'Usage: modelgate rules',
    '',
    'Lists every rule: id, default severity (error | warn | off), the checklist area it reports',
    "under, and what it checks. Change a rule's severity in .github/modelgate.yml (`rules:`, or",
    "a tier's `rules:`); `modelgate explain <rule-id>` prints its documentation.",
    '',
    'Options:',
    '  -h, --help  show this help',
  ].join('\n'),
  async run({ positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (to read one rule: modelgate explain ${positionals[0]})`);
    for (const line of rulesTable()) io.out(line.trimEnd());
    return EXIT.ok;
  },
};
