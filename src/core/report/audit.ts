// The audit record: what was decided, on which exact inputs, by which version of the tool.
// It is JSON so it can be pulled out of the comment or check run and archived as is.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation } from '../engine/evaluate.ts';

export interface AuditRecord {
  tool: 'modelgate';
  version: string;
  policy: { path: string; ref?: string; sha256?: string } | null;
  base?: string;
  head: string;
  models: { path: string; tier: string; version?: string; blobs: Record<string, string> }[];
  findings: { ruleId: string; severity: string; file: string; line: number }[];
  approvals: { user: string; via: string; commit: string }[];
  stale: { user: string; commit: string }[];
  waivers: { ruleId: string; by: string; reason: string }[];
  decision: string;
}

export function auditRecord(evaluation: Evaluation, decision: ApprovalDecision | undefined, toolVersion: string, policyRef?: { path: string; ref?: string }): AuditRecord {
  const allFindings = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
  return {
    tool: 'modelgate',
    version: toolVersion,
    policy: policyRef ? { ...policyRef, ...(evaluation.policySha256 ? { sha256: evaluation.policySha256 } : {}) } : null,
    ...(evaluation.baseSha ? { base: evaluation.baseSha } : {}),
    head: evaluation.headSha,
    models: evaluation.models.map((m) => ({
      path: m.dir,
      tier: m.tier,
      ...(m.versionHead ? { version: m.versionHead } : {}),
      blobs: Object.fromEntries(Object.entries(m.blobs).sort(([a], [b]) => a.localeCompare(b))),
    })),
    findings: allFindings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line })),
    approvals: (decision?.approvedBy ?? []).map((a) => ({ user: a.login, via: a.via, commit: a.commit })),
    stale: (decision?.stale ?? []).map((s) => ({ user: s.login, commit: s.commit })),
    waivers: (decision?.waivers ?? []).map((w) => ({ ruleId: w.ruleId, by: w.by, reason: w.reason })),
    decision: decision?.state ?? (evaluation.errors > 0 ? 'fail' : 'pass'),
  };
}
