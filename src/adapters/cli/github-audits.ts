// `modelgate inventory --github owner/repo`: the last merge audit of each model, read from the
// `modelgate / audit` check run on the merge commit that last brought a change to its directory
// (`git log -1 --first-parent`). Plain REST with fetch and the user's token; the summary is
// parsed by the core (inventory/audit.ts). The CLI does not know the App's id, so any check run
// of that name is read; the App itself only trusts its own.
import { AUDIT_CHECK_NAME, parseMergeAudit, type MergeAudit } from '../../core/inventory/audit.ts';
import { errorMessage } from '../messages.ts';
import { RunFailure } from './command.ts';

export interface AuditSource {
  /** owner/repo */
  repository: string;
  token: string;
  /** GitHub's REST API root (GITHUB_API_URL on GitHub Enterprise). */
  apiUrl: string;
  fetch?: typeof fetch;
}

interface CheckRunJson {
  id: number;
  name: string;
  completed_at: string | null;
  output?: { summary?: string | null };
}

/** Model directory -> merge commit in; model directory -> its last merge audit (absent: none). */
export async function lastMergeAudits(source: AuditSource, mergeCommits: ReadonlyMap<string, string>, onDone?: (done: number, total: number) => void): Promise<Map<string, MergeAudit>> {
  const doFetch = source.fetch ?? fetch;
  const audits = new Map<string, MergeAudit>();
  const latestBySha = new Map<string, CheckRunJson | undefined>();
  let done = 0;
  for (const [dir, sha] of mergeCommits) {
    if (!latestBySha.has(sha)) latestBySha.set(sha, await latestAuditRun(source, doFetch, sha));
    const latest = latestBySha.get(sha);
    const audit = latest ? parseMergeAudit(latest.output?.summary ?? '', dir, { commit: sha, date: latest.completed_at }) : undefined;
    if (audit) audits.set(dir, audit);
    onDone?.(++done, mergeCommits.size);
  }
  return audits;
}

/** The newest `modelgate / audit` check run on commit `sha`, if any. */
export async function latestAuditRun(source: AuditSource, doFetch: typeof fetch, sha: string): Promise<CheckRunJson | undefined> {
  return (await auditRuns(source, doFetch, sha)).sort((a, b) => b.id - a.id)[0];
}

async function auditRuns(source: AuditSource, doFetch: typeof fetch, sha: string): Promise<CheckRunJson[]> {
  const url = `${source.apiUrl.replace(/\/+$/, '')}/repos/${source.repository}/commits/${sha}/check-runs?check_name=${encodeURIComponent(AUDIT_CHECK_NAME)}&per_page=100`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${source.token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'modelgate-cli' },
    });
  } catch (error) {
    throw new RunFailure(`--github ${source.repository}: could not reach GitHub: ${errorMessage(error)}`);
  }
  // A commit GitHub does not have (not pushed yet) has no audit.
  if (response.status === 404 || response.status === 422) return [];
  if (!response.ok) throw new RunFailure(`--github ${source.repository}: GitHub answered ${response.status} for the check runs of ${sha.slice(0, 7)}${response.status === 401 ? ' (is the token valid?)' : ''}`);
  const body = (await response.json()) as { check_runs?: CheckRunJson[] };
  return (body.check_runs ?? []).filter((run) => run.name === AUDIT_CHECK_NAME);
}
