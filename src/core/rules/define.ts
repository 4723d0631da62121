// The rule contract, after ESLint and markdownlint: a rule is metadata plus one pure check.
// Messages live in the metadata and are referenced by id; the engine fills in rule id,
// severity (default < policy < tier override) and the final message text.
import type { z } from 'zod';
import type { Lineage, ModelCard, ParseError, RiskTier, TuningLog } from '../artifacts/types.ts';
import type { ControlRef } from './frameworks.ts';

export type Severity = 'error' | 'warn' | 'off';

/** Which artifact a rule reads; also the checklist area it is grouped under for `pr`-less rules. */
export type AppliesTo = 'card' | 'lineage' | 'tuning' | 'pr';

/** The checklist row a rule belongs to in the comment. */
export type RuleArea = 'artifacts' | 'card' | 'evaluation' | 'tuning' | 'lineage' | 'operations' | 'explainability';

/**
 * What a rule's findings put at risk, riskiest first: reports list findings in this order
 * (report/risk.ts). A leak or a test set the model was tuned on makes every reported number a
 * fiction; what modelgate could not read (`unchecked`) may hide one; a missing retirement date
 * does not change what the model does today.
 */
export const RISK_CLASSES = ['leakage', 'unchecked', 'regression', 'uncertainty', 'baseline', 'slices', 'provenance', 'documentation', 'operations'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export interface Finding {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** Repository-relative path. */
  file: string;
  line: number;
  column?: number;
  suggestion?: string;
  /** The model directory the finding belongs to; absent for PR-wide findings. */
  model?: string;
  /**
   * Every place of a finding that stands for one root cause seen in several places (37
   * placeholders of one card are one finding): the first is `file`/`line` itself. Reports show the
   * count in the message, each place in SARIF and JSON, and a collapsed list in the comment.
   */
  locations?: FindingLocation[];
}

export interface FindingLocation {
  file: string;
  line: number;
  /** What is at that place (e.g. the placeholder and its section), shown next to it. */
  note?: string;
}

/** What a check returns: a message id from `meta.messages` and the values for its `{{placeholders}}`. */
export interface RuleReport {
  messageId: string;
  data?: Record<string, string | number>;
  file: string;
  line: number;
  column?: number;
  suggestion?: string;
  /** See `Finding.locations`. */
  locations?: FindingLocation[];
  /** `warn` reports this finding as a warning even when the rule runs as an error (never the other way). */
  severity?: 'warn';
}

/** Artifacts of one model at one side of the PR, parsed. Paths are repository-relative. */
export interface ModelArtifacts {
  /** Repository-relative path of the card file. */
  cardPath: string;
  card: ModelCard;
  /** Parsed lineage documents (dvc.yaml and dvc.lock are two). */
  lineage: Lineage[];
  tuningLogs: TuningLog[];
  /**
   * Where the card's governance block was read from when that is not the card: the `governance.yaml`
   * beside a Model Card Toolkit card. Findings at `governance.*` lines point there.
   */
  governancePath?: string;
  /** Repository-relative paths of the lineage / tuning artifacts the card names (resolved), found or not. */
  declaredLineage?: string;
  declaredTuningLog?: string;
  /**
   * Lineage / tuning files found for the model (named by the card or by convention) that could not
   * be read into a document: artifact-parseable reports why, so no rule may call them missing.
   */
  unreadLineage?: string[];
  unreadTuningLogs?: string[];
}

/** Everything a per-model rule may look at. */
export interface ModelContext {
  /** Model directory, repository-relative ('' for the root). */
  dir: string;
  head: ModelArtifacts;
  /** The same model on the base branch, when it existed there and parsed. */
  base?: ModelArtifacts;
  /** Files of this model that the PR changes (all of them under `--all`). */
  changedFiles: string[];
  /**
   * Effective risk tier: the highest of base and head. A card that declares no `risk_tier` counts
   * as `medium`; a card whose tier cannot be read (it does not parse, or its tier is invalid)
   * counts as `high`.
   */
  tier: RiskTier;
}

/** Everything a PR-wide rule may look at. */
export interface PullRequestContext {
  /** Changed files, or every file under `--all`. */
  changedFiles: string[];
  /** Changed files matched by the policy's `models.paths` that have no model card above them. */
  uncoveredModelFiles: string[];
  /** Artifacts that could not be read or parsed, with their errors. */
  parseErrors: ParseError[];
  models: ModelContext[];
}

export interface RuleContext<Options> {
  options: Options;
  /** Set for rules that apply to one model (`appliesTo` other than `pr`). */
  model?: ModelContext;
  pr: PullRequestContext;
}

export interface RuleMeta<Options> {
  id: string;
  title: string;
  /** The MLOps antipattern or governance practice the rule guards. */
  antipattern: string;
  area: RuleArea;
  /**
   * Where its findings rank in reports. Every registered rule declares it (scripts/check-rules.ts);
   * a rule that does not yet ranks by its antipattern and area (see `riskClassOf`).
   */
  risk?: RiskClass;
  rationale: string;
  howToFix: string;
  defaultSeverity: Severity;
  appliesTo: AppliesTo;
  /** zod schema of the options, with defaults; `z.object({})` when there are none. */
  options: z.ZodType<Options>;
  messages: Record<string, string>;
  /** Short valid / invalid examples for the generated docs (YAML or Markdown snippets). */
  examples?: { valid: string[]; invalid: string[] };
  /**
   * The framework controls the rule's passing evidences (frameworks.ts): cited by article or
   * section, `partly` where the rule covers only part of the control. A rule that evidences no
   * control says why in `controlsNone` instead (test/core/rules/controls.test.ts holds every rule
   * to one of the two).
   */
  controls?: readonly ControlRef[];
  controlsNone?: string;
}

export interface Rule<Options = unknown> {
  meta: RuleMeta<Options>;
  check(ctx: RuleContext<Options>): RuleReport[];
}

export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
