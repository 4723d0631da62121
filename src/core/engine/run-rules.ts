// Running one rule: its effective severity and options (rule default < policy `rules:` < the
// tier's `rules:`), its reports turned into findings, and a crash turned into one error
// finding for that rule, so one broken rule never takes the whole review down.
import type { Locations, ParseError, RiskTier } from '../artifacts/types.ts';
import { lineOf, parseError } from '../artifacts/source.ts';
import { RISK_TIERS } from '../policy/schema.ts';
import type { Policy } from '../policy/types.ts';
import { formatMessage, type Finding, type FindingLocation, type Rule, type RuleContext, type RuleReport, type Severity } from '../rules/define.ts';

/** `ruleId` of findings about modelgate itself (invalid policy, content an adapter did not provide). */
export const ENGINE_RULE_ID = 'modelgate';

export interface RuleSettings {
  severity: Severity;
  options?: unknown;
  /** Set when the policy's options for this rule do not fit its schema; the rule is then not run. */
  optionsError?: ParseError;
}

/**
 * `error` for a high-tier model when the policy names a framework (`frameworks:`) one of whose
 * controls the rule evidences: the rule's default for such models, below anything the policy sets.
 */
export function frameworkSeverity(rule: Rule<any>, policy: Policy, tier: RiskTier | undefined): 'error' | undefined {
  if (tier !== 'high' || policy.frameworks.length === 0) return undefined;
  return (rule.meta.controls ?? []).some((c) => policy.frameworks.includes(c.framework)) ? 'error' : undefined;
}

/** Severity and parsed options of a rule for a model of `tier` (PR-wide rules: the highest touched tier). */
export function ruleSettings(rule: Rule<any>, policy: Policy, tier: RiskTier | undefined, where: { file: string; locations: Locations }): RuleSettings {
  const id = rule.meta.id;
  const top = policy.rules[id];
  const byTier = tier ? policy.tiers[tier].rules[id] : undefined;
  const severity = byTier?.severity ?? top?.severity ?? frameworkSeverity(rule, policy, tier) ?? rule.meta.defaultSeverity;
  if (severity === 'off') return { severity };
  const parsed = rule.meta.options.safeParse({ ...top?.options, ...byTier?.options });
  if (parsed.success) return { severity, options: parsed.data };
  const key = byTier?.options ? ['tiers', tier!, 'rules', id, 'options'] : ['rules', id, 'options'];
  const issue = parsed.error.issues[0]!;
  const path = [...key, ...issue.path.map(String)];
  const message = `${path.join('.')}: ${issue.message.replace(/^Invalid input: /, '')} (options of rule ${id}; see docs/rules/${id}.md)`;
  return { severity, optionsError: parseError(where.file, lineOf(where.locations, path), 'schema', message) };
}

/** Runs a rule once; reports become findings at `severity`; a throw becomes one "rule crashed" error. */
export function runRule<O>(rule: Rule<O>, ctx: RuleContext<O>, severity: 'error' | 'warn', crashAt: { file: string; model?: string }): Finding[] {
  const id = rule.meta.id;
  const model = crashAt.model === undefined ? {} : { model: crashAt.model };
  try {
    return rule.check(ctx).map((report) => {
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new Error(`reported unknown message id "${report.messageId}"`);
      const level = report.severity === 'warn' ? 'warn' : severity;
      const finding: Finding = { ruleId: id, severity: level, message: formatMessage(template, report.data), file: report.file, line: report.line, ...model };
      if (report.column !== undefined) finding.column = report.column;
      if (report.suggestion !== undefined) finding.suggestion = report.suggestion;
      if (report.locations !== undefined && report.locations.length > 0) finding.locations = locationsOf(report);
      return finding;
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ ruleId: id, severity: 'error', message: `rule crashed: ${reason}`, file: crashAt.file, line: 1, ...model }];
  }
}

/**
 * A finding's places, its own first (Finding.locations): a rule that lists them in another order
 * or leaves its own place out still yields a list that starts where the finding points.
 */
function locationsOf(report: RuleReport): FindingLocation[] {
  const own = (l: FindingLocation) => l.file === report.file && l.line === report.line;
  const places = report.locations!.map((l) => ({ ...l }));
  const first = places.findIndex(own);
  if (first === -1) return [{ file: report.file, line: report.line }, ...places];
  return [places[first]!, ...places.slice(0, first), ...places.slice(first + 1)];
}

/** The highest tier given; RISK_TIERS is ordered lowest first. */
export function maxTier(tiers: readonly (RiskTier | undefined)[]): RiskTier | undefined {
  let best: RiskTier | undefined;
  for (const t of tiers) if (t && (!best || RISK_TIERS.indexOf(t) > RISK_TIERS.indexOf(best))) best = t;
  return best;
}
