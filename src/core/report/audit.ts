// The audit record: what was decided, on which exact inputs, by which version of the tool.
// It is JSON so it can be pulled out of the comment or check run and archived as is.
import type { ApprovalDecision } from '../approval/types.ts';
import type { Evaluation } from '../engine/evaluate.ts';
import { fencedBlock, inertJson } from './escape.ts';
import { localDecision } from './verdict.ts';

export interface AuditRecord {
  tool: 'modelgate';
  version: string;
  policy: { path: string; ref?: string; sha256?: string } | null;
  base?: string;
  head: string;
  /**
   * `blobs` are the model's files at head. A model the pull request removes has none there:
   * `removed` is set and `blobsBase` names the files it had at base, so the record still says
   * which files the deletion took away.
   */
  models: { path: string; tier: string; removed?: true; version?: string; blobs: Record<string, string>; blobsBase?: Record<string, string> }[];
  findings: { ruleId: string; severity: string; file: string; line: number }[];
  /** Findings the policy exempted (`exempt:`), under each exemption that took some; absent when none. */
  exempted?: { rules: string[]; models?: string[]; paths?: string[]; reason: string; findings: { ruleId: string; severity: string; file: string; line: number }[] }[];
  /** Set when the record was shortened to fit GitHub's size limit: findings left out. */
  findingsOmitted?: number;
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
      ...(m.removed ? { removed: true as const } : {}),
      ...(m.versionHead ? { version: m.versionHead } : {}),
      blobs: sorted(m.blobs),
      ...(m.removed ? { blobsBase: sorted(m.blobsBase ?? {}) } : {}),
    })),
    findings: allFindings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line })),
    ...(evaluation.exempted
      ? {
          exempted: evaluation.exempted.map(({ exemption: e, findings }) => ({
            rules: e.rules,
            ...(e.models.length > 0 ? { models: e.models } : {}),
            ...(e.paths.length > 0 ? { paths: e.paths } : {}),
            reason: e.reason,
            findings: findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line })),
          })),
        }
      : {}),
    approvals: (decision?.approvedBy ?? []).map((a) => ({ user: a.login, via: a.via, commit: a.commit })),
    stale: (decision?.stale ?? []).map((s) => ({ user: s.login, commit: s.commit })),
    waivers: (decision?.waivers ?? []).map((w) => ({ ruleId: w.ruleId, by: w.by, reason: w.reason })),
    decision: decision?.state ?? localDecision(evaluation),
  };
}

function sorted(blobs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(blobs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The record keeping only its first `keep` findings (the count of the rest is recorded). */
export function shortenAudit(record: AuditRecord, keep: number): AuditRecord {
  if (keep >= record.findings.length) return record;
  const omitted = record.findings.length - keep + (record.findingsOmitted ?? 0);
  const { approvals, stale, waivers, decision, ...head } = record;
  return { ...head, findings: record.findings.slice(0, keep), findingsOmitted: omitted, approvals, stale, waivers, decision };
}

/** The record as a fenced JSON block; PR text inside is \u-escaped (see `inertJson`). */
export function auditBlock(record: AuditRecord): string {
  return fencedBlock(inertJson(record), 'json');
}
