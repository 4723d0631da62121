// `modelgate explain <rule-id>`: a rule's documentation, rendered from its metadata at run
// time (the same text as docs/rules/<id>.md), so the installed CLI explains exactly the rules
// it runs.
import { renderRuleDoc } from '../../../core/report/rule-doc.ts';
import { ruleById, rules } from '../../../core/rules/index.ts';
import { EXIT, UsageError, type Command } from '../command.ts';

/** The rule sharing most words with `id`; words under three letters (`no`, `on`) say nothing. */
function nearest(id: string): string | undefined {
  const words = new Set(id.split('-').filter((word) => word.length >= 3));
  let best: { id: string; score: number } | undefined;
  for (const rule of rules) {
    const score = rule.meta.id.split('-').filter((w) => words.has(w)).length;
    if (score > 0 && (!best || score > best.score)) best = { id: rule.meta.id, score };
  }
  return best?.id;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "print a rule's documentation: why it exists, how to fix, options, examples",
  help: [
    'Usage: modelgate explain <rule-id>',
    '',
    "Prints the rule's documentation (Markdown): the antipattern it guards against, why it",
    'matters, how to fix a finding, its options and how to configure it. `modelgate rules` lists',
    'the rule ids.',
    '',
    'Options:',
    '  -h, --help  show this help',
  ].join('\n'),
  async run({ positionals }, io) {
    const [id, extra] = positionals;
    if (id === undefined) throw new UsageError('expected a rule id (modelgate rules lists them)');
    if (extra !== undefined) throw new UsageError(`expected one rule id, got ${positionals.length}`);
    const rule = ruleById(id);
    if (!rule) {
      const guess = nearest(id);
      throw new UsageError(`unknown rule '${id}'${guess ? ` (did you mean '${guess}'?)` : ''}; modelgate rules lists them`);
    }
    // The generated-file banner is for the repository's docs, not for a reader at a terminal.
    io.out(renderRuleDoc(rule).replace(/^<!--.*-->\n+/, '').replace(/\n+$/, ''));
    return EXIT.ok;
  },
};
