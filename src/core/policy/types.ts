// The effective policy the engine and the approval gate read: the file, merged over `_extends`,
// merged over the built-in defaults, with every field present. Keys are camelCase here; the
// file's snake_case names are mapped once in load.ts.
import type { RiskTier } from '../artifacts/types.ts';
import type { Severity } from '../rules/define.ts';
import type { FrameworkId } from '../rules/frameworks.ts';

export interface RuleSetting {
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface TierPolicy {
  approvals: number;
  /** Users/teams (`@user`, `@org/team`) who may approve; empty = anyone with write access. */
  reviewers: string[];
  /** Overrides of `Policy.rules` for models of this tier. */
  rules: Record<string, RuleSetting>;
}

export type InvalidateOn = 'model-change' | 'any-push' | 'never';

export interface ChecklistItem {
  id: string;
  text: string;
  /** Tiers the item applies to; all three when the file gives none. */
  tiers: RiskTier[];
}

/**
 * Findings shown as exempted instead of failing (`exempt:`). Empty `models` or `paths` = any
 * model or file; given both, a finding must match both. `rules` are ids or globs over them.
 */
export interface Exemption {
  models: string[];
  paths: string[];
  rules: string[];
  reason: string;
}

export interface Policy {
  /** `_extends` as written, when the file extends org defaults. */
  extends?: string;
  models: { paths: string[]; cards: string[] };
  rules: Record<string, RuleSetting>;
  /**
   * Frameworks the models are examined against: a rule that evidences one of their controls
   * (`meta.controls`) defaults to `error` for high-tier models unless the policy sets its severity.
   */
  frameworks: FrameworkId[];
  /** The inventory issue: `org` is honoured only in the owner's `.github` repository (the App aggregates there). */
  inventory: { org: boolean };
  tiers: Record<RiskTier, TierPolicy>;
  approval: {
    invalidateOn: InvalidateOn;
    allowAuthor: boolean;
    allowContributors: boolean;
    requestReviewers: boolean;
    /** `by` empty = whoever may approve the tier may waive. */
    waivers: { by: string[]; requireReason: boolean };
  };
  checklist: ChecklistItem[];
  exempt: Exemption[];
}
