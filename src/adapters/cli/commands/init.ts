// `modelgate init [DIR]`: a starter policy (the built-in defaults, written out and commented)
// and a model-card template. Nothing is overwritten without --force, and nothing is written
// at all when any target exists, so a half-initialised repository never results.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { initPolicyText } from '../../../core/policy/init.ts';
import { rules } from '../../../core/rules/index.ts';
import { errorMessage } from '../../messages.ts';
import { MODEL_CARD_TEMPLATE } from '../card-template.ts';
import { EXIT, RunFailure, UsageError, type Command } from '../command.ts';

export const POLICY_FILE = '.github/modelgate.yml';
export const CARD_TEMPLATE_FILE = '.github/MODEL_CARD.template.md';

export const initCommand: Command = {
  name: 'init',
  summary: 'write a starter .github/modelgate.yml and a model card template',
  help: [
    'Usage: modelgate init [DIR] [--card PATH] [--force]',
    '',
    'Writes, under DIR (default: .):',
    `  ${POLICY_FILE}              the policy: every setting at its built-in default,`,
    '                                     commented out and explained',
    `  ${CARD_TEMPLATE_FILE}   a model card to copy into each model directory as`,
    '                                     MODEL_CARD.md (its TODOs are findings until filled in)',
    '',
    'The template is not named MODEL_CARD.md on purpose: a card makes its directory a model, and',
    'the repository root is not one. To start a card in place, give its path with --card, e.g.',
    '--card models/churn/MODEL_CARD.md.',
    '',
    'Options:',
    '  --card PATH  where to write the model card (relative to DIR)',
    '  --force      overwrite files that exist',
    '  -h, --help   show this help',
    '',
    'Exit status: 0 when written, 2 when a file exists (without --force) or cannot be written.',
  ].join('\n'),
  options: {
    card: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}`);
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const cardPath = typeof values['card'] === 'string' ? values['card'] : CARD_TEMPLATE_FILE;
    if (cardPath === '' || cardPath.startsWith('/') || cardPath.split(/[\\/]/).includes('..')) throw new UsageError(`--card ${cardPath}: expected a path inside DIR`);
    const ruleInfo = rules.map((r) => ({ id: r.meta.id, title: r.meta.title, defaultSeverity: r.meta.defaultSeverity }));
    const files = [
      { path: POLICY_FILE, text: initPolicyText(ruleInfo) },
      { path: cardPath, text: MODEL_CARD_TEMPLATE },
    ];
    const shown = (path: string) => relative(io.cwd, join(dir, path)).split(sep).join('/');
    if (values['force'] !== true) {
      const existing: string[] = [];
      for (const file of files) if (await stat(join(dir, file.path)).catch(() => undefined)) existing.push(shown(file.path));
      if (existing.length > 0) throw new RunFailure(`${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written (use --force to overwrite)`);
    }
    for (const file of files) {
      const target = join(dir, file.path);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.text);
      } catch (error) {
        throw new RunFailure(`cannot write ${shown(file.path)}: ${errorMessage(error)}`);
      }
      io.out(`wrote ${shown(file.path)}`);
    }
    io.out('Next: edit the policy, fill in the card, then run `modelgate check`.');
    return EXIT.ok;
  },
};
