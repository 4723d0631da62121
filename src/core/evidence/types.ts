// The evidence pack of one model (issue 14): every control of the chosen frameworks with its
// status, the rules that evidence it and what they found, plus what a model-risk examiner asks
// for next to it (metrics against baselines, lineage, approvals, waivers). A plain data model, so
// the Markdown and HTML renderers show exactly the same facts.
import type { Lineage, Metric, Baseline, EvaluationSlice } from '../artifacts/types.ts';
import type { ControlExtent, FrameworkId } from '../rules/frameworks.ts';

/**
 * evidenced: every mapped rule ran, passed, and evidences the whole control;
 * partly: the mapped rules that ran passed, but one covers only part of the control (or did not run);
 * missing: a mapped rule has an open finding, or no mapped rule had anything to check;
 * waived: the only findings are waived (merge audit) or exempted (policy), with reason and grantor.
 */
export const CONTROL_STATUSES = ['evidenced', 'partly', 'missing', 'waived'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** One place in a file that shows what a rule read: the value found there and the file's blob. */
export interface EvidenceItem {
  file: string;
  line: number;
  /** What is there, shortened for a table cell (untrusted text: renderers escape it). */
  value: string;
  /** Git blob SHA of `file` as evaluated; absent when the file is not one of the model's. */
  blob?: string;
}

/** Who let a finding stand, and why. */
export interface Grant {
  kind: 'waiver' | 'exemption';
  reason: string;
  /** A login (waiver) or where the exemption is written and who last changed it. */
  by: string;
}

export interface FindingEvidence {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  file: string;
  line: number;
  blob?: string;
  /** Set when the finding is waived or exempted. */
  grant?: Grant;
}

/**
 * passed: ran, no findings, and found something to cite; not-applicable: ran and passed with
 * nothing to cite (no tuning log for a tuning rule); off: the policy turns it off for this tier.
 */
export type RuleResult = 'passed' | 'failed' | 'waived' | 'not-applicable' | 'off';

export interface RuleOutcome {
  ruleId: string;
  title: string;
  extent: ControlExtent;
  result: RuleResult;
  evidence: EvidenceItem[];
  findings: FindingEvidence[];
}

export interface ControlEvidence {
  framework: FrameworkId;
  control: string;
  title: string;
  source: string;
  status: ControlStatus;
  /** Why the status, in one sentence. */
  reason: string;
  rules: RuleOutcome[];
}

export interface FrameworkEvidence {
  id: FrameworkId;
  title: string;
  document: string;
  controls: ControlEvidence[];
  /** Controls of frameworks.ts for this framework that no registered rule maps to. */
  uncovered: { control: string; title: string; source: string }[];
}

/** The last merge audit's approvals and waivers, as the `modelgate / audit` check run records them. */
export interface AuditEvidence {
  repository: string;
  pullRequest: number;
  commit: string;
  date: string | null;
  decision: string | null;
  approvals: { user: string; via: string; commit: string }[];
  waivers: { ruleId: string; by: string; reason: string }[];
}

export interface MetricsEvidence {
  split?: string;
  metrics: Metric[];
  baselines: Baseline[];
  slices: EvaluationSlice[];
}

export interface EvidencePack {
  model: { name: string; dir: string; cardPath: string; version?: string; tier: string; owners: string[]; intendedUse?: string };
  /** The commit the working tree was at (HEAD), when in git. */
  commit?: string;
  /** path -> git blob SHA of every model file, and whether HEAD has that same blob. */
  files: { path: string; blob: string; atCommit?: boolean }[];
  policy: string;
  generatedOn: string;
  toolVersion: string;
  frameworks: FrameworkEvidence[];
  /** Findings of rules this pack's frameworks map to no control (parse errors, for one). */
  otherFindings: FindingEvidence[];
  exemptions: { rules: string[]; reason: string; by: string; findings: number }[];
  audit?: AuditEvidence;
  /** Why there is no audit (not asked for, none found): shown in its place. */
  auditNote?: string;
  metrics?: MetricsEvidence;
  lineage?: Lineage;
  /** Lines of `lineage.file` whose steps a rule reported as leaking. */
  leakingLines: number[];
}
