// The ids of every rule (DESIGN §3), sorted. The policy schema is built from this list, not from
// the rule registry, so the policy loads (and editors autocomplete ids from the JSON Schema)
// without importing every rule module. `scripts/check-rules.ts` and the registry test keep
// this list equal to the registry.
export const RULE_IDS = [
  'artifact-parseable',
  'evaluation-baseline-compared',
  'evaluation-fairness-slices',
  'evaluation-gain-attributed',
  'evaluation-gain-significant',
  'evaluation-no-regression',
  'evaluation-no-test-selection',
  'evaluation-slices-reported',
  'evaluation-split-declared',
  'evaluation-test-set-isolated',
  'evaluation-uncertainty-reported',
  'explainability-documented',
  'lineage-group-split',
  'lineage-inputs-versioned',
  'lineage-present',
  'lineage-quality-assertions',
  'lineage-split-before-fit',
  'lineage-temporal-split',
  'model-card-datasets-pinned',
  'model-card-governance',
  'model-card-no-placeholders',
  'model-card-owners',
  'model-card-present',
  'model-card-required-sections',
  'model-card-version-bumped',
  'operations-fallback-declared',
  'operations-monitoring-planned',
  'operations-retirement-criteria',
  'operations-retraining-planned',
  'tuning-log-no-test-leakage',
  'tuning-log-params-match',
  'tuning-log-present',
  'tuning-log-reproducible',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const KNOWN = new Set<string>(RULE_IDS);

export function isRuleId(id: string): id is RuleId {
  return KNOWN.has(id);
}
