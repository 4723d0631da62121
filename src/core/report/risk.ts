// The order findings are listed in (issue 11): riskiest first, so a reviewer reads the leak that
// makes every reported metric optimistic before the missing retirement date. The class comes from
// the rule's own metadata (`meta.risk`), never from a list of ids here; within a class errors come
// before warnings, then file and line, so the order is stable.
import { RISK_CLASSES, type Finding, type RiskClass, type RuleMeta } from '../rules/define.ts';
import { ruleById } from '../rules/index.ts';

/** Where a rule that declares no risk ranks, by its area (its antipattern may still say leakage). */
const AREA_RISK: Readonly<Record<RuleMeta<unknown>['area'], RiskClass>> = {
  artifacts: 'unchecked',
  card: 'documentation',
  evaluation: 'uncertainty',
  tuning: 'provenance',
  lineage: 'provenance',
  operations: 'operations',
  explainability: 'operations',
};

/** Antipatterns (DESIGN §3's names) that say the class outright, riskiest first: the first match wins. */
const ANTIPATTERN_RISK: readonly (readonly [RegExp, RiskClass])[] = [
  [/leak|grade-your-own-exam|harking/i, 'leakage'],
  [/\bpest\b|regression|credit assignment/i, 'regression'],
  [/ambivalence|uncertaint/i, 'uncertainty'],
  [/\bkiss\b|baseline/i, 'baseline'],
  [/segment|slice|fairness/i, 'slices'],
];

/**
 * A rule's risk class: the one it declares, else the one its antipattern names, else its area's,
 * so a rule just added ranks sensibly before anyone fills in `risk`.
 */
export function riskClassOf(meta: Pick<RuleMeta<unknown>, 'antipattern' | 'area' | 'risk'>): RiskClass {
  if (meta.risk) return meta.risk;
  const named = ANTIPATTERN_RISK.find(([pattern]) => pattern.test(meta.antipattern));
  return named?.[1] ?? AREA_RISK[meta.area] ?? 'unchecked';
}

/**
 * The risk class of a finding's rule. Findings of no registered rule are the engine's own (policy
 * invalid, content not provided): modelgate could not check something, so they rank `unchecked`.
 */
export function riskOfRule(ruleId: string): RiskClass {
  const rule = ruleById(ruleId);
  return rule ? riskClassOf(rule.meta) : 'unchecked';
}

/** 0 for the riskiest class; for reports that carry a rank instead of an order. */
export function riskRank(ruleId: string): number {
  return RISK_CLASSES.indexOf(riskOfRule(ruleId));
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Riskiest first: class, then errors before warnings, then file, line, column and rule id. Full
 * ties keep the order the rule reported them in (the sort is stable).
 */
export function byRisk(a: Finding, b: Finding): number {
  return (
    riskRank(a.ruleId) - riskRank(b.ruleId) ||
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
    compare(a.file, b.file) ||
    a.line - b.line ||
    (a.column ?? 1) - (b.column ?? 1) ||
    compare(a.ruleId, b.ruleId)
  );
}

export function riskOrder<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(byRisk);
}
