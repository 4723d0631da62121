// Builds the evidence pack of one evaluated model: for each control of the chosen frameworks,
// the outcome of every rule mapped to it (status.ts turns those into the control's status), and
// next to them the metrics, lineage, approvals, waivers and exemptions an examiner asks for.
// Pure: the adapter passes the commit, the blobs at it, the merge audit and the date.
import type { Evaluation, ModelEvaluation } from '../engine/evaluate.ts';
import { ruleSettings } from '../engine/run-rules.ts';
import type { Finding, Rule } from '../rules/define.ts';
import { CONTROLS, controlsCitedBy, FRAMEWORKS, type FrameworkId } from '../rules/frameworks.ts';
import { claimedMetrics } from '../rules/support/metrics.ts';
import { evidenceOf } from './rule-sources.ts';
import { controlStatus } from './status.ts';
import type { AuditEvidence, ControlEvidence, EvidencePack, FindingEvidence, FrameworkEvidence, Grant, MetricsEvidence, RuleOutcome } from './types.ts';

export interface EvidenceInput {
  evaluation: Evaluation;
  /** The model the pack is about: one of `evaluation.models`. */
  model: ModelEvaluation;
  frameworks: readonly FrameworkId[];
  /** The registered rules (tests pass their own). */
  rules: readonly Rule<any>[];
  /** The policy as the pack names it ("the built-in defaults", or its path). */
  policyLabel: string;
  /** Who granted the policy's exemptions: the policy records a reason, not a person. */
  exemptionsGrantedBy: string;
  commit?: string;
  /** path -> blob SHA at `commit`, to say whether each evaluated file is the committed one. */
  blobsAtCommit?: ReadonlyMap<string, string>;
  audit?: AuditEvidence;
  auditNote?: string;
  generatedOn: string;
  toolVersion: string;
}

export function buildEvidencePack(input: EvidenceInput): EvidencePack {
  const { evaluation, model } = input;
  const head = model.context.head;
  const governance = head.card.governance;
  const blobs = model.blobs;
  const blobOf = (file: string) => (Object.hasOwn(blobs, file) ? { blob: blobs[file]! } : {});

  const waivers = input.audit?.waivers ?? [];
  const waiverOf = (ruleId: string): Grant | undefined => {
    const w = waivers.find((x) => x.ruleId === ruleId);
    return w ? { kind: 'waiver', reason: w.reason, by: w.by } : undefined;
  };
  const toEvidence = (f: Finding, grant: Grant | undefined): FindingEvidence => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    ...blobOf(f.file),
    ...(grant ? { grant } : {}),
  });
  const exemptedHere = (evaluation.exempted ?? []).map((e) => ({ exemption: e.exemption, findings: e.findings.filter((f) => f.model === model.dir) })).filter((e) => e.findings.length > 0);
  const findingsOf = (ruleId: string): FindingEvidence[] => [
    ...model.findings.filter((f) => f.ruleId === ruleId).map((f) => toEvidence(f, waiverOf(ruleId))),
    ...exemptedHere.flatMap((e) => e.findings.filter((f) => f.ruleId === ruleId).map((f) => toEvidence(f, { kind: 'exemption', reason: e.exemption.reason, by: input.exemptionsGrantedBy }))),
  ];

  const outcomes = new Map<string, Omit<RuleOutcome, 'extent'>>();
  const outcomeOf = (rule: Rule<any>): Omit<RuleOutcome, 'extent'> => {
    const known = outcomes.get(rule.meta.id);
    if (known) return known;
    const base = { ruleId: rule.meta.id, title: rule.meta.title };
    const severity = ruleSettings(rule, evaluation.policy, model.tier, { file: '', locations: {} }).severity;
    const findings = findingsOf(rule.meta.id);
    let outcome: Omit<RuleOutcome, 'extent'>;
    if (severity === 'off' && findings.length === 0) outcome = { ...base, result: 'off', evidence: [], findings };
    else if (findings.some((f) => !f.grant)) outcome = { ...base, result: 'failed', evidence: [], findings };
    else if (findings.length > 0) outcome = { ...base, result: 'waived', evidence: [], findings };
    else {
      const evidence = evidenceOf(rule.meta.id, head, blobs);
      outcome = { ...base, result: evidence.length > 0 ? 'passed' : 'not-applicable', evidence, findings };
    }
    outcomes.set(rule.meta.id, outcome);
    return outcome;
  };

  const frameworks: FrameworkEvidence[] = input.frameworks.map((id) => {
    const cited = controlsCitedBy([...input.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)), id);
    const controls: ControlEvidence[] = cited.map(({ ref, citedBy }) => {
      const rules: RuleOutcome[] = citedBy.map(({ rule, extent }) => ({ ...outcomeOf(rule), extent }));
      return { framework: id, control: ref.control, title: ref.title, source: ref.source, ...controlStatus(rules), rules };
    });
    const covered = new Set(cited.map((c) => c.ref.control));
    const uncovered = Object.values(CONTROLS)
      .filter((c) => c.framework === id && !covered.has(c.control))
      .map((c) => ({ control: c.control, title: c.title, source: c.source }));
    return { id, title: FRAMEWORKS[id].title, document: FRAMEWORKS[id].document, controls, uncovered };
  });

  const mapped = new Set(input.rules.filter((r) => (r.meta.controls ?? []).some((c) => input.frameworks.includes(c.framework))).map((r) => r.meta.id));
  const otherFindings = [...model.findings.filter((f) => !mapped.has(f.ruleId)).map((f) => toEvidence(f, waiverOf(f.ruleId)))];

  const lineage = head.lineage[0];
  const leakingLines = lineage ? [...new Set(model.findings.filter((f) => f.ruleId === 'lineage-split-before-fit' && f.file === lineage.file).map((f) => f.line))].sort((a, b) => a - b) : [];
  const metrics = metricsOf(model);
  const version = governance?.version ?? model.versionHead;
  return {
    model: {
      name: governance?.model ?? model.name ?? (model.dir || '.'),
      dir: model.dir,
      cardPath: model.cardPath,
      ...(version !== undefined ? { version } : {}),
      tier: model.tier,
      owners: governance?.owners ?? [],
      ...(governance?.intendedUse !== undefined ? { intendedUse: governance.intendedUse } : {}),
    },
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    files: Object.keys(blobs)
      .sort()
      .map((path) => ({ path, blob: blobs[path]!, ...(input.blobsAtCommit ? { atCommit: input.blobsAtCommit.get(path) === blobs[path] } : {}) })),
    policy: input.policyLabel,
    generatedOn: input.generatedOn,
    toolVersion: input.toolVersion,
    frameworks,
    otherFindings,
    exemptions: exemptedHere.map((e) => ({ rules: e.exemption.rules, reason: e.exemption.reason, by: input.exemptionsGrantedBy, findings: e.findings.length })),
    ...(input.audit ? { audit: input.audit } : {}),
    ...(input.auditNote !== undefined ? { auditNote: input.auditNote } : {}),
    ...(metrics ? { metrics } : {}),
    ...(lineage ? { lineage } : {}),
    leakingLines,
  };
}

/** The governance evaluation, else the metrics the card reports elsewhere (model-index), without baselines. */
function metricsOf(model: ModelEvaluation): MetricsEvidence | undefined {
  const card = model.context.head.card;
  const evaluation = card.governance?.evaluation;
  if (evaluation && evaluation.metrics.length > 0) {
    return { ...(evaluation.split !== undefined ? { split: evaluation.split } : {}), metrics: evaluation.metrics, baselines: evaluation.baselines, slices: evaluation.slices };
  }
  const claimed = claimedMetrics(card);
  return claimed.length > 0 ? { metrics: claimed, baselines: [], slices: [] } : undefined;
}
