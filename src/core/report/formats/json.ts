// `--format json`: exactly the document of DESIGN §7, one per run, for scripts and CI.
// Nothing else goes in it (no column, no suggestion), so consumers can rely on its shape; the
// one addition is `"removed": true` on a model the pull request removes, which is gated
// (at its base tier) but not checked, so its empty `findings` must not read as "clean".
import type { Evaluation } from '../../engine/evaluate.ts';
import type { Finding } from '../../rules/define.ts';
import { localDecision, type LocalDecision } from '../verdict.ts';

export interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  file: string;
  line: number;
}

export interface JsonReport {
  tool: 'modelgate';
  version: string;
  decision: LocalDecision;
  /** `removed`: the pull request removes the model (its `card` is the base card; no rule ran on it). */
  models: { path: string; card: string; tier: string; removed?: true; findings: JsonFinding[] }[];
  /** Findings not tied to one model (policy errors, files under `models.paths` with no card, …). */
  findings: JsonFinding[];
}

function jsonFinding(f: Finding): JsonFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line };
}

export function jsonReport(evaluation: Evaluation, toolVersion: string): JsonReport {
  return {
    tool: 'modelgate',
    version: toolVersion,
    decision: localDecision(evaluation),
    models: evaluation.models.map((m) => ({ path: m.dir, card: m.cardPath, tier: m.tier, ...(m.removed ? { removed: true as const } : {}), findings: m.findings.map(jsonFinding) })),
    findings: evaluation.findings.map(jsonFinding),
  };
}

export function formatJson(evaluation: Evaluation, toolVersion: string): string {
  return `${JSON.stringify(jsonReport(evaluation, toolVersion), null, 2)}\n`;
}
