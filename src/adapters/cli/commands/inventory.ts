// `modelgate inventory [DIR]`: every model on the branch, with its owners, tier, intended use,
// findings, retirement review date (and whether it is overdue) and the last commit that changed
// it, in one of four formats. A report, not a gate: exit 0 whatever it finds, 2 when it cannot run.
import { resolve } from 'node:path';
import { evaluate } from '../../../core/engine/evaluate.ts';
import { buildInventory, type LastCommit } from '../../../core/inventory/inventory.ts';
import { formatInventory, INVENTORY_FORMATS, isInventoryFormat } from '../../../core/inventory/render.ts';
import { TOOL_VERSION } from '../../../version.ts';
import type { MergeAudit } from '../../../core/inventory/audit.ts';
import { EXIT, RunFailure, UsageError, type Command } from '../command.ts';
import { lastMergeAudits } from '../github-audits.ts';
import { lastCommitOf } from '../git.ts';
import { loadLocalCheck } from '../local-snapshot.ts';
import { countLine, withProgress } from '../progress.ts';
import { githubOption, todayOption } from '../report-options.ts';

export const inventoryCommand: Command = {
  name: 'inventory',
  summary: 'list every model with its owners, tier, findings, retirement review and last commit',
  help: [
    'Usage: modelgate inventory [DIR] [--format FORMAT] [--today YYYY-MM-DD] [--policy FILE] [--github OWNER/REPO]',
    '',
    'Lists every model of DIR (default: .), as it is in the working tree: its name, directory,',
    'version, risk tier, owners and intended use (from the card\'s governance block), its error',
    'and warning findings (as `modelgate check --all` finds them), `retirement.review_by` and',
    'whether that date has passed, and the last commit that changed its directory (empty outside',
    'a git repository). Sorted by tier (high, medium, low, unknown), then overdue reviews first,',
    'then name. Owners are named without their @, so a pasted inventory pings no one.',
    '',
    'Options:',
    `  --format FORMAT   ${INVENTORY_FORMATS.join(' | ')} (default: text)`,
    '                    markdown: a table; json: one document (`modelgate schema inventory`);',
    '                    csv: RFC 4180, cells that would start a formula get a leading apostrophe',
    '  --today DATE      the date reviews are judged overdue against (default: today, UTC)',
    '  --policy FILE     the policy file to use (default: the repository\'s, as `check` reads it)',
    '  --github O/R      also read each model\'s last merge audit (pull request, decision, approvers,',
    '                    date) from the `modelgate / audit` check run of the merge commit that last',
    '                    changed it on GitHub repository O/R; needs a token in GITHUB_TOKEN (or GH_TOKEN)',
    '  -h, --help        show this help',
    '',
    'Exit status:',
    '  0  the inventory was written (whatever the findings)',
    '  2  could not run: bad arguments, no such directory, an invalid policy',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    today: { type: 'string' },
    policy: { type: 'string' },
    github: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one DIR, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = typeof values['format'] === 'string' ? values['format'] : 'text';
    if (!isInventoryFormat(format)) throw new UsageError(`unknown format '${format}': expected one of ${INVENTORY_FORMATS.join(', ')}`);
    const today = todayOption(values);
    const policyArg = typeof values['policy'] === 'string' ? values['policy'] : undefined;
    const gh = githubOption(values);
    const github = gh?.repository;
    const dirArg = positionals[0] ?? '.';
    const dir = resolve(io.cwd, dirArg);

    const { local, evaluation, lastCommits, audits } = await withProgress(io, async (progress) => {
      const local = await loadLocalCheck({
        dir,
        dirLabel: dirArg,
        all: true,
        ...(policyArg !== undefined ? { policyFile: resolve(io.cwd, policyArg), policyLabel: policyArg } : {}),
        onProgress: (round, done, total) => progress.update(countLine('reading', done, total, `models (pass ${round + 1})`)),
      });
      const evaluation = evaluate(local.snapshot, local.policy, { onProgress: (done, total) => progress.update(countLine('checking', done, total, 'models')) });
      const lastCommits = new Map<string, LastCommit>();
      if (local.repository) {
        const models = evaluation.models.filter((m) => !m.removed);
        for (const [i, model] of models.entries()) {
          const commit = lastCommitOf(model.dir, local.root);
          if (commit) lastCommits.set(model.dir, commit);
          progress.update(countLine('finding the last commits of', i + 1, models.length, 'models'));
        }
      }
      let audits: Map<string, MergeAudit> | undefined;
      if (github !== undefined) {
        if (!local.repository) throw new RunFailure(`--github needs ${dirArg} to be in a git repository (merge commits are found with git log)`);
        const mergeCommits = new Map<string, string>();
        for (const model of evaluation.models) {
          const merge = model.removed ? undefined : lastCommitOf(model.dir, local.root, { firstParent: true });
          if (merge) mergeCommits.set(model.dir, merge.sha);
        }
        audits = await lastMergeAudits({ repository: github, token: gh!.token, apiUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com' }, mergeCommits, (done, total) =>
          progress.update(countLine('reading the merge audits of', done, total, 'models')),
        );
      }
      return { local, evaluation, lastCommits, audits };
    });
    for (const note of local.notes) io.err(`modelgate inventory: ${note}`);
    const inventory = buildInventory({
      evaluation,
      today,
      lastCommits,
      toolVersion: TOOL_VERSION,
      ...(github !== undefined && audits ? { audits: { repository: github, byModel: audits } } : {}),
    });
    io.out(formatInventory(format, inventory).replace(/\r?\n$/, ''));
    return EXIT.ok;
  },
};
