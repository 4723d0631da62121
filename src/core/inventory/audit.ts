// The last merge audit of a model, read from the summary of a `modelgate / audit` check run
// (src/adapters/probot/merge-audit.ts writes it on the merge commit): the pull request, the
// decision and who approved, from the audit record fenced in it. Pure: the adapter fetches the
// check runs and passes their summary, commit and date.
import { z } from 'zod';

/** The check run's name (AUDIT_CHECK in src/adapters/probot/merge-audit.ts; a test keeps them equal). */
export const AUDIT_CHECK_NAME = 'modelgate / audit';

export const mergeAuditSchema = z.strictObject({
  pullRequest: z.number().int().min(1).describe('The merged pull request.'),
  decision: z.string().nullable().describe('The decision of the audit record (approved, blocked, ...); null when the check run holds no record.'),
  approvers: z.array(z.string()).describe('GitHub logins of the approvals the record names.'),
  gatePassed: z.boolean().describe('`modelgate / approval` was `success` on the merged head.'),
  commit: z.string().describe('The commit the audit check run is on (the merge commit).'),
  date: z.string().nullable().describe('When the audit check run completed (ISO 8601).'),
});

export type MergeAudit = z.infer<typeof mergeAuditSchema>;

const recordSchema = z.looseObject({
  models: z.array(z.looseObject({ path: z.string() })).optional(),
  approvals: z.array(z.looseObject({ user: z.string() })).optional(),
  decision: z.string().optional(),
});

/** The audit record fenced in a check run's summary, as parsed JSON; undefined when there is none or it is not JSON. */
export function auditRecordOf(summary: string): unknown {
  const block = /(`{3,})json\n([\s\S]*?)\n\1/.exec(summary);
  if (!block) return undefined;
  try {
    return JSON.parse(block[2]!) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The merge audit a check run's summary records, for the model at `modelPath`; undefined when
 * the summary is not a merge audit, or its record names other models only.
 */
export function parseMergeAudit(summary: string, modelPath: string, run: { commit: string; date: string | null }): MergeAudit | undefined {
  const pr = /^Pull request #(\d+) merged\./.exec(summary);
  if (!pr) return undefined;
  const parsed = recordSchema.safeParse(auditRecordOf(summary));
  const record = parsed.success ? parsed.data : undefined;
  if (record?.models && !record.models.some((m) => m.path === modelPath)) return undefined;
  return {
    pullRequest: Number(pr[1]),
    decision: record?.decision ?? null,
    approvers: (record?.approvals ?? []).map((a) => a.user),
    gatePassed: /`modelgate \/ approval` on the merged head `[0-9a-f]+` was `success`/.test(summary),
    commit: run.commit,
    date: run.date,
  };
}
