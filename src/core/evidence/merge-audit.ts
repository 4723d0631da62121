// The approvals and waivers of a model's last merge audit, for its evidence pack. inventory/
// audit.ts reads the pull request, decision and approvers' logins from the same check-run
// summary; the pack also needs how each approval was given, at which commit, and the waivers
// with who granted them and why, so it reads the fenced audit record (report/audit.ts) again.
import { z } from 'zod';
import { auditRecordOf, parseMergeAudit } from '../inventory/audit.ts';
import type { AuditEvidence } from './types.ts';

const recordSchema = z.looseObject({
  approvals: z.array(z.looseObject({ user: z.string(), via: z.string().catch('review'), commit: z.string().catch('') })).catch([]),
  waivers: z.array(z.looseObject({ ruleId: z.string(), by: z.string(), reason: z.string() })).catch([]),
});

/** Undefined when the summary is not a merge audit of `modelPath` (as parseMergeAudit decides). */
export function parseAuditEvidence(summary: string, modelPath: string, run: { repository: string; commit: string; date: string | null }): AuditEvidence | undefined {
  const audit = parseMergeAudit(summary, modelPath, run);
  if (!audit) return undefined;
  // A record that is absent or not JSON has no approvals or waivers to show; the decision says so.
  const parsed = recordSchema.safeParse(auditRecordOf(summary));
  const record: z.infer<typeof recordSchema> = parsed.success ? parsed.data : { approvals: [], waivers: [] };
  return {
    repository: run.repository,
    pullRequest: audit.pullRequest,
    commit: audit.commit,
    date: audit.date,
    decision: audit.decision,
    approvals: record.approvals.map((a) => ({ user: a.user, via: a.via, commit: a.commit })),
    waivers: record.waivers.map((w) => ({ ruleId: w.ruleId, by: w.by, reason: w.reason })),
  };
}
