// `modelgate check [DIR]`: run every rule on the models that changed (or all of them) and
// report in one of four formats. Exit 0 = no errors, 1 = errors, 2 = could not run.
import { writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { evaluate } from '../../../core/engine/evaluate.ts';
import { formatReport, isReportFormat, REPORT_FORMATS } from '../../../core/report/formats/index.ts';
import { TOOL_VERSION } from '../../../version.ts';
import { errorMessage } from '../../messages.ts';
import { EXIT, RunFailure, UsageError, type Command } from '../command.ts';
import { loadLocalCheck } from '../local-snapshot.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'run the governance rules on the models that changed (or all) and report',
  help: [
    'Usage: modelgate check [DIR] [--base REF] [--all] [--policy FILE] [--format FORMAT] [--output FILE]',
    '',
    'Checks the model cards, lineage manifests and tuning logs of DIR (default: .), as they are',
    'in the working tree, with every rule, and reports the findings.',
    '',
    'Which models: with --base, the models a change since REF touches (committed, staged,',
    'unstaged and untracked files, as `git diff REF` and `git ls-files --others` see them), and',
    'REF\'s versions of the cards are what version bumps and regressions are compared with.',
    'Without --base, or with --all, every model.',
    '',
    'Which policy: --policy FILE; else .github/modelgate.yml at REF (as on GitHub, a change',
    'cannot relax its own gate); else, without --base, the working tree\'s; else the built-in',
    'defaults. An invalid policy stops the run (exit 2).',
    '',
    'Symbolic links are never followed: a linked card or artifact is reported as an error, and a',
    'linked policy stops the run (exit 2).',
    '',
    'Options:',
    '  --base REF       a git ref or commit to compare with (needs DIR to be in a git repository)',
    '  --all            check every model, not only the changed ones',
    '  --policy FILE    the policy file to use',
    `  --format FORMAT  ${REPORT_FORMATS.join(' | ')} (default: text)`,
    '                   text: findings grouped by file, like ESLint; markdown: the pull request',
    '                   comment; json: one document for scripts; sarif: SARIF 2.1.0 for code scanning',
    '  --output FILE    write the report to FILE instead of standard output',
    '  -h, --help       show this help',
    '',
    'Exit status: 0 when there is no error finding, 1 when there is one, 2 when the check could',
    'not run (bad arguments, unreadable directory, invalid policy, --base outside a git repository).',
    'Approvals are not visible locally: json reports "pending" when the files are clean but the',
    "policy needs someone's approval.",
  ].join('\n'),
  options: {
    base: { type: 'string' },
    all: { type: 'boolean' },
    policy: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = typeof values['format'] === 'string' ? values['format'] : 'text';
    if (!isReportFormat(format)) throw new UsageError(`unknown format '${format}': expected one of ${REPORT_FORMATS.join(', ')}`);
    const base = typeof values['base'] === 'string' ? values['base'] : undefined;
    if (base === '') throw new UsageError('--base needs a git ref');
    const policyArg = typeof values['policy'] === 'string' ? values['policy'] : undefined;
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const dirArg = positionals[0] ?? '.';
    const dir = resolve(io.cwd, dirArg);

    const local = await loadLocalCheck({
      dir,
      dirLabel: dirArg,
      all: values['all'] === true,
      ...(base !== undefined ? { base } : {}),
      ...(policyArg !== undefined ? { policyFile: resolve(io.cwd, policyArg), policyLabel: policyArg } : {}),
    });
    for (const note of local.notes) io.err(`modelgate check: ${note}`);
    const evaluation = evaluate(local.snapshot, local.policy);

    // Text names files as the user can open them from where they stand.
    const shownDir = relative(io.cwd, dir).split(sep).join('/');
    const report = formatReport(format, evaluation, {
      toolVersion: TOOL_VERSION,
      color: io.color && output === undefined,
      displayPath: (file) => (shownDir === '' ? file : file === '' ? shownDir : `${shownDir}/${file}`),
      ...(local.repository?.prefix ? { pathPrefix: local.repository.prefix } : {}),
      ...(local.policyRef ? { policyRef: local.policyRef } : {}),
    });
    if (output !== undefined) {
      await writeFile(resolve(io.cwd, output), report).catch((error: unknown) => {
        throw new RunFailure(`--output ${output}: ${errorMessage(error)}`);
      });
    } else {
      io.out(report.replace(/\n$/, ''));
    }
    return evaluation.errors > 0 ? EXIT.errors : EXIT.ok;
  },
};
