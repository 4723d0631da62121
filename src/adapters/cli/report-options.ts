// Options `inventory` and `evidence` share: the date reviews are judged against (the adapter reads
// the clock, the core is given the date) and a GitHub repository whose merge audits to read.
import { isIsoDate } from '../../core/inventory/inventory.ts';
import { UsageError, type OptionValues } from './command.ts';

/** `--today YYYY-MM-DD`, else today's date (UTC). */
export function todayOption(values: OptionValues): string {
  const todayArg = typeof values['today'] === 'string' ? values['today'] : undefined;
  if (todayArg !== undefined && !isIsoDate(todayArg)) throw new UsageError(`--today takes a date such as 2027-06-01, got '${todayArg}'`);
  return todayArg ?? new Date().toISOString().slice(0, 10);
}

/** `--github OWNER/REPO` with its token (GITHUB_TOKEN, else GH_TOKEN); undefined without the option. */
export function githubOption(values: OptionValues, env: NodeJS.ProcessEnv = process.env): { repository: string; token: string } | undefined {
  const github = typeof values['github'] === 'string' ? values['github'] : undefined;
  if (github === undefined) return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(github)) throw new UsageError(`--github takes a repository as owner/repo, got '${github}'`);
  const token = env['GITHUB_TOKEN'] || env['GH_TOKEN'];
  if (!token) throw new UsageError('--github needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  return { repository: github, token };
}
