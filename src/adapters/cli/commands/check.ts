// `modelgate check [DIR]`: run every rule on the models that changed (or all of them) and
// report in one of four formats. Exit 0 = no errors, 1 = errors (or more warnings than
// --max-warnings), 2 = could not run. A baseline (ESLint's bulk suppressions) lets a repository
// adopt modelgate with its existing findings recorded, so only new ones fail.
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { applyBaseline, baselineText, keepFindings, makeBaseline, parseBaseline, type Baseline } from '../../../core/engine/baseline.ts';
import { evaluate, type Evaluation } from '../../../core/engine/evaluate.ts';
import { formatReport, isReportFormat, REPORT_FORMATS } from '../../../core/report/formats/index.ts';
import { resolveRuleDocsUrl } from '../../../core/report/links.ts';
import { plural } from '../../../core/rules/support/wording.ts';
import { TOOL_VERSION } from '../../../version.ts';
import { errorMessage } from '../../messages.ts';
import { EXIT, RunFailure, UsageError, type CliIo, type Command, type OptionValues } from '../command.ts';
import { loadLocalCheck } from '../local-snapshot.ts';
import { countLine, withProgress } from '../progress.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'run the governance rules on the models that changed (or all) and report',
  help: [
    'Usage: modelgate check [DIR] [--base REF] [--all] [--policy FILE] [--format FORMAT] [--output FILE]',
    '                       [--baseline FILE [--update-baseline]] [--max-warnings N] [--quiet] [--docs-url URL]',
    '',
    'Checks the model cards, lineage manifests and tuning logs of DIR (default: .), as they are',
    'in the working tree, with every rule, and reports the findings.',
    '',
    'Which models: with --base, the models a change since REF touches (committed, staged,',
    'unstaged and untracked files, as `git diff REF` and `git ls-files --others` see them), and',
    'REF\'s versions of the cards are what version bumps and regressions are compared with.',
    'Without --base, or with --all, every model. Only what lies under DIR is checked.',
    '',
    'Which policy: the repository\'s, as CI reads it. DIR inside a git repository is checked as',
    'part of it: its top level\'s .github/modelgate.yml applies and paths are repository paths',
    '(unless DIR has a .github/modelgate.yml of its own, like a demo layout: then DIR is checked',
    'as a repository of its own). --policy FILE; else that policy at REF (as on GitHub, a change',
    'cannot relax its own gate); else, without --base, the working tree\'s; else the built-in',
    'defaults. An invalid policy stops the run (exit 2). `modelgate policy --print` shows it.',
    '',
    'Symbolic links are never followed: a linked card or artifact is reported as an error, and a',
    'linked policy stops the run (exit 2).',
    '',
    'Options:',
    '  --base REF         a git ref or commit to compare with (needs DIR to be in a git repository)',
    '  --all              check every model, not only the changed ones',
    '  --policy FILE      the policy file to use',
    `  --format FORMAT    ${REPORT_FORMATS.join(' | ')} (default: text)`,
    '                     text: findings grouped by file, like ESLint; markdown: the pull request',
    '                     comment; json: one document for scripts; sarif: SARIF 2.1.0 for code scanning',
    '  --output FILE      write the report to FILE instead of standard output',
    '  --baseline FILE    report only findings that are not in FILE (a JSON file written by --update-baseline)',
    '  --update-baseline  record every finding of this run in the --baseline FILE, so only new ones fail later',
    '  --max-warnings N   exit 1 when there are more than N warnings (warnings hidden by --quiet count too)',
    '  --quiet            report errors only',
    '  --docs-url URL     where rule docs are, for the links of markdown and sarif reports: a URL with',
    '                     {id} (e.g. https://modelgate.example.com/docs/rules/{id}, the App\'s own pages),',
    '                     or a folder URL to which <rule-id>.md is appended (default: no links)',
    '  -h, --help         show this help',
    '',
    'A baseline records findings by rule, file and message (not by line, and without the numbers',
    'in the message), so edits elsewhere in a file keep them matched. Findings the policy exempts',
    '(`exempt:`) are shown as exempted and never fail. modelgate\'s own errors (an invalid rule',
    'option, content it could not read) are never baselined or exempted.',
    '',
    'Exit status:',
    '  0  no error finding, and no more warnings than --max-warnings allows',
    '  1  an error finding (not exempted by the policy, not in the --baseline), or more warnings than --max-warnings allows',
    '  2  could not run: bad arguments, no such directory, an invalid policy or baseline, --base outside a git',
    '     repository, an --output file that cannot be written',
    'Approvals are not visible locally: json reports "pending" when the files are clean but the',
    "policy needs someone's approval.",
  ].join('\n'),
  options: {
    base: { type: 'string' },
    all: { type: 'boolean' },
    policy: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
    'max-warnings': { type: 'string' },
    quiet: { type: 'boolean' },
    'docs-url': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = typeof values['format'] === 'string' ? values['format'] : 'text';
    if (!isReportFormat(format)) throw new UsageError(`unknown format '${format}': expected one of ${REPORT_FORMATS.join(', ')}`);
    const base = typeof values['base'] === 'string' ? values['base'] : undefined;
    if (base === '') throw new UsageError('--base needs a git ref');
    const policyArg = typeof values['policy'] === 'string' ? values['policy'] : undefined;
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const baselineArg = typeof values['baseline'] === 'string' ? values['baseline'] : undefined;
    const updateBaseline = values['update-baseline'] === true;
    if (updateBaseline && baselineArg === undefined) throw new UsageError('--update-baseline needs --baseline FILE, the file to write');
    const maxWarnings = maxWarningsOf(values);
    const docsUrl = docsUrlOf(values);
    const dirArg = positionals[0] ?? '.';
    const dir = resolve(io.cwd, dirArg);
    // Read before the run, so a missing or broken baseline stops it before any work.
    const baseline = baselineArg !== undefined && !updateBaseline ? await readBaseline(resolve(io.cwd, baselineArg), baselineArg) : undefined;

    const { local, evaluated } = await withProgress(io, async (progress) => {
      const local = await loadLocalCheck({
        dir,
        dirLabel: dirArg,
        all: values['all'] === true,
        ...(base !== undefined ? { base } : {}),
        ...(policyArg !== undefined ? { policyFile: resolve(io.cwd, policyArg), policyLabel: policyArg } : {}),
        // Every round of reading (cards, then the artifacts they name) goes through all the models again.
        onProgress: (round, done, total) => progress.update(countLine('reading', done, total, `models (pass ${round + 1})`)),
      });
      const evaluated = evaluate(local.snapshot, local.policy, { onProgress: (done, total) => progress.update(countLine('checking', done, total, 'models')) });
      return { local, evaluated };
    });
    for (const note of local.notes) io.err(`modelgate check: ${note}`);
    let evaluation = evaluated;
    if (updateBaseline) {
      const recorded = makeBaseline(evaluation);
      await writeFile(resolve(io.cwd, baselineArg!), baselineText(recorded)).catch((error: unknown) => {
        throw new RunFailure(`--baseline ${baselineArg}: cannot write the file: ${errorMessage(error)}`);
      });
      io.err(`modelgate check: wrote ${baselineArg}: ${plural(recordedCount(recorded), 'finding')} recorded; from now on only new findings fail`);
      evaluation = applyBaseline(evaluation, recorded).evaluation;
    } else if (baseline) {
      const result = applyBaseline(evaluation, baseline);
      evaluation = result.evaluation;
      if (result.suppressed > 0) io.err(`modelgate check: ${plural(result.suppressed, 'finding')} in the baseline ${baselineArg} ${result.suppressed === 1 ? 'is' : 'are'} not reported`);
      if (result.gone > 0) io.err(`modelgate check: note: ${plural(result.gone, 'finding')} of the baseline ${baselineArg} no longer ${result.gone === 1 ? 'occurs' : 'occur'}: --update-baseline drops ${result.gone === 1 ? 'it' : 'them'}`);
    }
    // As ESLint: warnings hidden by --quiet still count against --max-warnings.
    const warnings = evaluation.warnings;
    const shown = values['quiet'] === true ? keepFindings(evaluation, (f) => f.severity === 'error') : evaluation;
    await writeReport(format, shown, local, { io, output, docsUrl });
    if (maxWarnings !== undefined && warnings > maxWarnings) io.err(`modelgate check: too many warnings: ${warnings}, and --max-warnings allows ${maxWarnings}`);
    return evaluation.errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings) ? EXIT.errors : EXIT.ok;
  },
};

function docsUrlOf(values: OptionValues): string | undefined {
  const value = values['docs-url'];
  if (typeof value !== 'string') return resolveRuleDocsUrl();
  const resolved = resolveRuleDocsUrl({ explicit: value });
  if (resolved !== value.trim()) throw new UsageError(`--docs-url takes an http(s) URL (with {id} where the rule id goes, or a folder to which <rule-id>.md is appended), got '${value}'`);
  return resolved;
}

function maxWarningsOf(values: OptionValues): number | undefined {
  const value = values['max-warnings'];
  if (typeof value !== 'string') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number of warnings (0 or more), got '${value}'`);
  return Number(value);
}

async function readBaseline(path: string, label: string): Promise<Baseline> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) throw new RunFailure(`--baseline ${label}: cannot read the file (create it with --update-baseline)`);
  const parsed = parseBaseline(text, label);
  if ('error' in parsed) throw new RunFailure(parsed.error);
  return parsed.baseline;
}

const recordedCount = (baseline: Baseline) => baseline.findings.reduce((n, e) => n + e.count, 0);

async function writeReport(
  format: Parameters<typeof formatReport>[0],
  evaluation: Evaluation,
  local: Awaited<ReturnType<typeof loadLocalCheck>>,
  where: { io: CliIo; output: string | undefined; docsUrl: string | undefined },
): Promise<void> {
  const { io, output, docsUrl } = where;
  // Text names files as the user can open them from where they stand.
  const fromCwd = (file: string) => relative(io.cwd, resolve(local.root, file)).split(sep).join('/');
  const report = formatReport(format, evaluation, {
    toolVersion: TOOL_VERSION,
    color: io.color && output === undefined,
    displayPath: fromCwd,
    ...(local.pathPrefix ? { pathPrefix: local.pathPrefix } : {}),
    ...(local.policyRef ? { policyRef: local.policyRef } : {}),
    ...(docsUrl ? { ruleDocsUrl: docsUrl } : {}),
  });
  if (output !== undefined) {
    await writeFile(resolve(io.cwd, output), report).catch((error: unknown) => {
      throw new RunFailure(`--output ${output}: ${errorMessage(error)}`);
    });
  } else {
    io.out(report.replace(/\n$/, ''));
  }
}
