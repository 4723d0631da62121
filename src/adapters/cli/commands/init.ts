// `modelgate init [DIR]`: a starter policy (the built-in defaults, written out and commented)
// and a model-card template; `init --card PATH`: only a model card. An edited file is never
// overwritten without --force (a file exactly as init writes it may be rewritten), and nothing
// is written at all when one would be refused, so a half-initialised repository never results.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { initPolicyText, isUneditedInitPolicy } from '../../../core/policy/init.ts';
import { rules } from '../../../core/rules/index.ts';
import { errorMessage } from '../../messages.ts';
import { GOVERNANCE_BLOCK_TEMPLATE } from '../../../core/artifacts/model-card/template.ts';
import { MODEL_CARD_TEMPLATE } from '../card-template.ts';
import { EXIT, RunFailure, UsageError, type Command } from '../command.ts';

export const POLICY_FILE = '.github/modelgate.yml';
export const CARD_TEMPLATE_FILE = '.github/MODEL_CARD.template.md';

export const initCommand: Command = {
  name: 'init',
  summary: 'write a starter .github/modelgate.yml and a model card template (or only a card)',
  help: [
    'Usage: modelgate init [DIR] [--card PATH] [--force]\n       modelgate init --governance',
    '',
    'Writes, under DIR (default: .):',
    `  ${POLICY_FILE}              the policy: every setting at its built-in default,`,
    '                                     commented out and explained',
    `  ${CARD_TEMPLATE_FILE}   a model card to copy into each model directory as`,
    '                                     MODEL_CARD.md (its TODOs are findings until filled in)',
    '',
    'The template is not named MODEL_CARD.md on purpose: a card makes its directory a model, and',
    'the repository root is not one. To start a card in place, give its path with --card, e.g.',
    '--card models/churn/MODEL_CARD.md: then only the card is written, never the policy.',
    '',
    'A file that was edited is never overwritten without --force, and then nothing is written.',
    'A file exactly as init writes it (the policy as any version of modelgate wrote it) is',
    'rewritten, so running init again after an upgrade refreshes its rule list.',
    '',
    'Options:',
    '  --card PATH  write only a model card, at PATH (relative to DIR); no policy',
    '  --governance print the `governance:` block of the card template, to paste into a card\'s',
    '               front matter (what model-card-governance asks for); writes nothing',
    '  --force      overwrite files that were edited',
    '  -h, --help   show this help',
    '',
    'Exit status: 0 when written, 2 when a file was edited (without --force) or cannot be written.',
  ].join('\n'),
  options: {
    card: { type: 'string' },
    force: { type: 'boolean' },
    governance: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    // The paste-ready block a card without one is pointed to: printed, never written.
    if (values['governance'] === true) {
      if (positionals.length > 0 || values['card'] !== undefined || values['force'] !== undefined) throw new UsageError('--governance takes no DIR, --card or --force: it only prints the block');
      io.out(GOVERNANCE_BLOCK_TEMPLATE.trimEnd());
      return EXIT.ok;
    }
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}`);
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const cardOnly = typeof values['card'] === 'string';
    const cardPath = cardOnly ? (values['card'] as string) : CARD_TEMPLATE_FILE;
    if (cardPath === '' || cardPath.startsWith('/') || cardPath.split(/[\\/]/).includes('..')) throw new UsageError(`--card ${cardPath}: expected a path inside DIR`);
    const ruleInfo = rules.map((r) => ({ id: r.meta.id, title: r.meta.title, defaultSeverity: r.meta.defaultSeverity }));
    const card = { path: cardPath, text: MODEL_CARD_TEMPLATE, unedited: (text: string) => text === MODEL_CARD_TEMPLATE };
    const policy = { path: POLICY_FILE, text: initPolicyText(ruleInfo), unedited: (text: string) => isUneditedInitPolicy(text, ruleInfo) };
    const files = cardOnly ? [card] : [policy, card];
    const shown = (path: string) => relative(io.cwd, join(dir, path)).split(sep).join('/');
    if (values['force'] !== true) {
      const edited: string[] = [];
      for (const file of files) {
        const existing = await readFile(join(dir, file.path), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : ''));
        if (existing !== undefined && !file.unedited(existing)) edited.push(shown(file.path));
      }
      if (edited.length === 1) throw new RunFailure(`${edited[0]} exists and was edited: nothing was written (use --force to overwrite it)`);
      if (edited.length > 1) throw new RunFailure(`${edited.join(' and ')} exist and were edited: nothing was written (use --force to overwrite them)`);
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
    io.out(cardOnly ? 'Next: fill in the card, then run `modelgate check`.' : 'Next: edit the policy, fill in the card, then run `modelgate check`.');
    return EXIT.ok;
  },
};
