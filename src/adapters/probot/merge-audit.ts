// On merge, the audit record of the decision in force is written as a check run on the merge
// commit, so "who let this model in, on which evidence" can be read from the commit itself.
//
// The record is read from modelgate's own latest check runs on the merged head, not from the
// checklist comment: anyone with write access can edit any comment (the bot's included), but
// only modelgate can write its check runs; and the comment may describe another head, while
// the checks of the merged head are exactly what branch protection looked at. The approval
// check's conclusion is stated next to the record, so a merge that bypassed the gate says so.
import type { CheckRunRecord, GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import { fitCheckText, MAX_CHECK_TEXT } from '../github/publish.ts';
import { APPROVAL_CHECK, RULES_CHECK } from '../github/review.ts';

export const AUDIT_CHECK = 'modelgate / audit';

/** The audit JSON block of a modelgate report (the rules check summary), if any. */
export function auditFromReport(body: string): string | undefined {
  const match = /<summary>Audit record<\/summary>\s*(`{3,})json\n([\s\S]*?)\n\1/.exec(body);
  return match?.[2];
}

function fenced(audit: string): string {
  // The block is our own JSON, but fence it longer than any backtick run inside, to be sure.
  const fence = '`'.repeat(Math.max(3, ...[...audit.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${fence}json\n${audit}\n${fence}`;
}

export interface MergedChecks {
  pullNumber: number;
  headSha: string;
  approval?: Pick<CheckRunRecord, 'status' | 'conclusion'>;
  audit?: string;
  toolVersion: string;
}

export function auditSummary({ pullNumber, headSha, approval, audit, toolVersion }: MergedChecks): string {
  const head = `\`${headSha.slice(0, 7)}\``;
  const gate = !approval
    ? `modelgate never completed \`${APPROVAL_CHECK}\` on the merged head ${head}: the merge did not wait for modelgate's gate.`
    : approval.status === 'completed' && approval.conclusion === 'success'
      ? `\`${APPROVAL_CHECK}\` on the merged head ${head} was \`success\`.`
      : `\`${APPROVAL_CHECK}\` on the merged head ${head} was \`${approval.conclusion ?? approval.status}\`, not \`success\`: the merge went past modelgate's gate (the check is not required, or branch protection was bypassed).`;
  const record = audit ? `The decision record of that head:\n\n${fenced(audit)}` : `modelgate has no decision record for that head. modelgate ${toolVersion}.`;
  return `Pull request #${pullNumber} merged. ${gate}\n\n${record}`;
}

/** `appId`: our App's id. Checks of the same name by anyone else (a workflow can write one) are not ours. */
export async function recordMergeAudit(client: GitHubClient, pr: PullRequestRef, mergeSha: string | undefined, toolVersion: string, appId: number): Promise<void> {
  if (!mergeSha) return;
  const ref = { owner: pr.owner, repo: pr.repo };
  const runs = (await client.listCheckRuns(ref, pr.headSha, appId)).filter((r) => r.appId === appId);
  const latest = (name: string) => runs.filter((r) => r.name === name).sort((a, b) => b.id - a.id)[0];
  const approval = latest(APPROVAL_CHECK);
  const rules = latest(RULES_CHECK);
  const audit = rules ? auditFromReport(rules.summary) : undefined;
  const clean = approval?.status === 'completed' && approval.conclusion === 'success';
  const summary = auditSummary({ pullNumber: pr.number, headSha: pr.headSha, ...(approval ? { approval } : {}), ...(audit ? { audit } : {}), toolVersion });
  await client.createCheckRun(ref, {
    name: AUDIT_CHECK,
    headSha: mergeSha,
    status: 'completed',
    conclusion: 'neutral',
    output: { title: clean ? `Merged: audit record of #${pr.number}` : `Merged past the gate: audit record of #${pr.number}`, summary: fitCheckText(summary, MAX_CHECK_TEXT, `the rules check of ${pr.headSha} has the full record`) },
  });
}
