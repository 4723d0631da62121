// `modelgate policy --print [DIR]`: the policy a check of DIR would use, found as `check` finds
// it (the repository root's, as CI reads it), after `_extends` and the built-in defaults, each
// value followed by the file and line it came from, or "default".
import { resolve } from 'node:path';
import { printPolicy } from '../../../core/policy/print.ts';
import { rules } from '../../../core/rules/index.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { loadLocalPolicy, policyFailure } from '../local-snapshot.ts';

export const policyCommand: Command = {
  name: 'policy',
  summary: 'print the effective policy, with where each value comes from',
  help: [
    'Usage: modelgate policy [--print] [DIR] [--base REF] [--policy FILE]',
    '',
    'Prints the policy `modelgate check DIR` would use (default DIR: .), found the same way: the',
    'repository root\'s .github/modelgate.yml (or .yaml), at REF with --base, or --policy FILE.',
    'It is the effective policy, after _extends and the built-in defaults, written as a policy',
    'file: after each value, the file and line it comes from, or "default". Every rule is listed',
    'with its severity.',
    '',
    'Options:',
    '  --print        print the effective policy (what this command does; the flag may be left out)',
    '  --base REF     read the policy at a git ref or commit, as check --base does',
    '  --policy FILE  the policy file to use',
    '  -h, --help     show this help',
    '',
    'Exit status: 0 when printed, 2 when the policy is invalid (each mistake with its line) or',
    'cannot be read.',
  ].join('\n'),
  options: {
    print: { type: 'boolean' },
    base: { type: 'string' },
    policy: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}: ${positionals.join(' ')}`);
    const base = typeof values['base'] === 'string' ? values['base'] : undefined;
    if (base === '') throw new UsageError('--base needs a git ref');
    const policyArg = typeof values['policy'] === 'string' ? values['policy'] : undefined;
    const dirArg = positionals[0] ?? '.';
    const { policy, notes } = await loadLocalPolicy({
      dir: resolve(io.cwd, dirArg),
      dirLabel: dirArg,
      ...(base !== undefined ? { base } : {}),
      ...(policyArg !== undefined ? { policyFile: resolve(io.cwd, policyArg), policyLabel: policyArg } : {}),
    });
    for (const note of notes) io.err(`modelgate policy: ${note}`);
    if (policy.errors.length > 0) throw policyFailure(policy, 'the policy is invalid:');
    io.out(printPolicy(policy, rules.map((r) => ({ id: r.meta.id, defaultSeverity: r.meta.defaultSeverity }))).replace(/\n$/, ''));
    return EXIT.ok;
  },
};
