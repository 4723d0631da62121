// The rule registry: every rule of DESIGN §3, sorted by id. A rule that is not listed here
// never runs; scripts/check-rules.ts and test/core/rules/registry.test.ts keep this list equal
// to the rule files and to the policy's RULE_IDS.
import type { Rule } from './define.ts';
import artifactParseable from './artifact-parseable.ts';
import evaluationBaselineCompared from './evaluation-baseline-compared.ts';
import evaluationFairnessSlices from './evaluation-fairness-slices.ts';
import evaluationGainAttributed from './evaluation-gain-attributed.ts';
import evaluationGainSignificant from './evaluation-gain-significant.ts';
import evaluationNoRegression from './evaluation-no-regression.ts';
import evaluationNoTestSelection from './evaluation-no-test-selection.ts';
import evaluationSlicesReported from './evaluation-slices-reported.ts';
import evaluationSplitDeclared from './evaluation-split-declared.ts';
import evaluationTestSetIsolated from './evaluation-test-set-isolated.ts';
import evaluationUncertaintyReported from './evaluation-uncertainty-reported.ts';
import explainabilityDocumented from './explainability-documented.ts';
import lineageGroupSplit from './lineage-group-split.ts';
import lineageInputsVersioned from './lineage-inputs-versioned.ts';
import lineagePresent from './lineage-present.ts';
import lineageQualityAssertions from './lineage-quality-assertions.ts';
import lineageSplitBeforeFit from './lineage-split-before-fit.ts';
import lineageTemporalSplit from './lineage-temporal-split.ts';
import modelCardDatasetsPinned from './model-card-datasets-pinned.ts';
import modelCardGovernance from './model-card-governance.ts';
import modelCardNoPlaceholders from './model-card-no-placeholders.ts';
import modelCardOwners from './model-card-owners.ts';
import modelCardPresent from './model-card-present.ts';
import modelCardRequiredSections from './model-card-required-sections.ts';
import modelCardVersionBumped from './model-card-version-bumped.ts';
import operationsFallbackDeclared from './operations-fallback-declared.ts';
import operationsMonitoringPlanned from './operations-monitoring-planned.ts';
import operationsRetirementCriteria from './operations-retirement-criteria.ts';
import operationsRetrainingPlanned from './operations-retraining-planned.ts';
import tuningLogNoTestLeakage from './tuning-log-no-test-leakage.ts';
import tuningLogParamsMatch from './tuning-log-params-match.ts';
import tuningLogPresent from './tuning-log-present.ts';
import tuningLogReproducible from './tuning-log-reproducible.ts';

export const rules: Rule<any>[] = [
  artifactParseable,
  evaluationBaselineCompared,
  evaluationFairnessSlices,
  evaluationGainAttributed,
  evaluationGainSignificant,
  evaluationNoRegression,
  evaluationNoTestSelection,
  evaluationSlicesReported,
  evaluationSplitDeclared,
  evaluationTestSetIsolated,
  evaluationUncertaintyReported,
  explainabilityDocumented,
  lineageGroupSplit,
  lineageInputsVersioned,
  lineagePresent,
  lineageQualityAssertions,
  lineageSplitBeforeFit,
  lineageTemporalSplit,
  modelCardDatasetsPinned,
  modelCardGovernance,
  modelCardNoPlaceholders,
  modelCardOwners,
  modelCardPresent,
  modelCardRequiredSections,
  modelCardVersionBumped,
  operationsFallbackDeclared,
  operationsMonitoringPlanned,
  operationsRetirementCriteria,
  operationsRetrainingPlanned,
  tuningLogNoTestLeakage,
  tuningLogParamsMatch,
  tuningLogPresent,
  tuningLogReproducible,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: string): Rule<any> | undefined {
  return byId.get(id);
}
