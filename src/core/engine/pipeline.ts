// evaluate(), with the rules passed in: snapshot + policy -> touched models -> contexts ->
// findings. evaluate.ts binds it to the registry; tests and the rule tester pass their own
// rules so a single rule runs through exactly the same engine.
import { DEFAULT_POLICY_PATH } from '../policy/location.ts';
import type { ParseError, RiskTier } from '../artifacts/types.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import type { Policy } from '../policy/types.ts';
import type { Finding, ModelContext, PullRequestContext, Rule } from '../rules/define.ts';
import { buildModel, buildRemoved } from './build-models.ts';
import { Exemptions, type ExemptedFindings } from './exemptions.ts';
import { collectSteps } from './models.ts';
import { deepestOwner } from './paths.ts';
import { ENGINE_RULE_ID, maxTier, ruleSettings, runRule, type RuleSettings } from './run-rules.ts';
import type { OnProgress, Snapshot } from './snapshot.ts';

export interface ModelEvaluation {
  dir: string;
  /** The head card; for a removed model, the base card. */
  cardPath: string;
  name?: string;
  /**
   * The PR removes the model (its directory has no card at head): it is gated at its base tier
   * and no rules run on it; `files` and `blobsBase` are its files at base, `blobs` is empty.
   */
  removed?: true;
  /** Highest of base and head; a card without `risk_tier` counts as medium, one whose tier cannot be read as high. */
  tier: RiskTier;
  /** `risk_tier` as each side's card declares it. */
  tierBase?: RiskTier;
  tierHead?: RiskTier;
  versionBase?: string;
  versionHead?: string;
  /** The model this one's directory belonged to at base (a new card inside it), and that model's base tier. */
  splitFrom?: { dir: string; tier: RiskTier };
  findings: Finding[];
  /** Every file of the model at head: directory, card, artifacts, governance.paths matches. */
  files: string[];
  /** path -> git blob SHA at head, for the audit and approval staleness. */
  blobs: Record<string, string>;
  /** path -> git blob SHA at base, of a removed model's files (for the audit). */
  blobsBase?: Record<string, string>;
  changedFiles: string[];
  context: ModelContext;
}

export interface Evaluation {
  policy: Policy;
  policyErrors: ParseError[];
  policySha256?: string;
  /** Touched and removed models, ordered by directory. */
  models: ModelEvaluation[];
  /** Findings not tied to a model (policy, uncovered files, engine errors). */
  findings: Finding[];
  /** Findings the policy's `exempt:` took out of `findings` and the models' findings; absent when none. */
  exempted?: ExemptedFindings[];
  /** Error and warning findings, exempted ones not counted. */
  errors: number;
  warnings: number;
  baseSha?: string;
  headSha: string;
}


export function evaluateWithRules(snapshot: Snapshot, loaded: LoadedPolicy, rules: readonly Rule<any>[], onProgress?: OnProgress): Evaluation {
  const steps = evaluationSteps(snapshot, loaded, rules, onProgress);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * evaluateWithRules in steps: it pauses (yields) after reading each card (collectSteps), after
 * building each model and after the rules of each model, so an adapter can let other work run in between (the
 * App, on a pull request with many models). Pure: the caller decides when to go on.
 */
export function* evaluationSteps(snapshot: Snapshot, loaded: LoadedPolicy, rules: readonly Rule<any>[], onProgress?: OnProgress): Generator<void, Evaluation, void> {
  const policy = loaded.policy;
  const policyErrors = [...loaded.errors];
  const engine: Finding[] = loaded.errors.map((e) => engineFinding(`policy invalid: ${e.message}`, e.file, e.line));
  const collected = yield* collectSteps(snapshot, policy);

  const built: ReturnType<typeof buildModel>[] = [];
  for (const m of collected.models) {
    built.push(buildModel(m, snapshot));
    yield;
  }
  const removed = collected.removed.map((r) => buildRemoved(r, snapshot));
  const parseErrors = dedupe([...built.flatMap((b) => b.model.head.parseErrors), ...collected.mlrunsErrors]);
  const pr: PullRequestContext = {
    changedFiles: collected.changedFiles,
    uncoveredModelFiles: collected.uncoveredModelFiles,
    parseErrors,
    models: built.filter((b) => b.parsed).map((b) => b.context),
  };

  // Fail closed on anything the adapter did not provide: an unread card could hide a model.
  for (const [side, reader] of [['head', collected.head], ['base', collected.base]] as const) {
    for (const path of [...(reader?.missing ?? [])].sort()) {
      engine.push(engineFinding(`content of ${path} at ${side} was not provided to the engine, so it could not be checked; the gate fails closed`, path, 1));
    }
  }

  const where = { file: loaded.path ?? DEFAULT_POLICY_PATH, locations: loaded.locations };
  const reportedOptionErrors = new Set<string>();
  // A rule's settings depend only on the tier: worked out once per rule and tier, not per model
  // (each is a schema parse of the rule's options).
  const settled = new Map<Rule<any>, Map<RiskTier | undefined, RuleSettings>>();
  const settingsFor = (rule: Rule<any>, tier: RiskTier | undefined) => {
    let byTier = settled.get(rule);
    if (!byTier) settled.set(rule, (byTier = new Map()));
    const known = byTier.get(tier);
    if (known) return known;
    const s = ruleSettings(rule, policy, tier, where);
    byTier.set(tier, s);
    if (s.optionsError && !reportedOptionErrors.has(s.optionsError.message)) {
      reportedOptionErrors.add(s.optionsError.message);
      policyErrors.push(s.optionsError);
      engine.push(engineFinding(`policy invalid: ${s.optionsError.message}`, s.optionsError.file, s.optionsError.line));
    }
    return s;
  };

  const raw: Finding[] = [];
  const prTier = maxTier([...built.map((b) => b.context.tier), ...removed.map((m) => m.tier)]);
  const ordered = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const prRules = ordered.filter((rule) => rule.meta.appliesTo === 'pr');
  const modelRules = ordered.filter((rule) => rule.meta.appliesTo !== 'pr');
  // Settings first, rule by rule, so invalid options are reported in rule order; then the rules
  // run model by model, which lets progress count models. The order findings are collected in
  // does not show: each list is sorted by place, and ties are findings of one rule, whose order
  // is the same either way.
  for (const rule of ordered) {
    if (rule.meta.appliesTo === 'pr') settingsFor(rule, prTier);
    else for (const b of built) if (b.parsed) settingsFor(rule, b.context.tier);
  }
  for (const rule of prRules) {
    const s = settingsFor(rule, prTier);
    if (s.severity === 'off' || s.optionsError) continue;
    raw.push(...runRule(rule, { options: s.options, pr }, s.severity, { file: crashFileForPr(collected.changedFiles, where.file) }));
  }
  for (const [i, b] of built.entries()) {
    if (b.parsed) {
      for (const rule of modelRules) {
        const s = settingsFor(rule, b.context.tier);
        if (s.severity === 'off' || s.optionsError) continue;
        raw.push(...runRule(rule, { options: s.options, model: b.context, pr }, s.severity, { file: b.model.card.cardPath, model: b.context.dir }));
      }
    }
    onProgress?.(i + 1, built.length);
    yield;
  }

  // PR-wide findings about a file of a model are shown with that model: the one whose directory
  // holds the file, else the first that lists it (an artifact its card names elsewhere).
  const models = [...built.map((b) => b.evaluation), ...removed].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const dirs = models.map((m) => m.dir);
  const byDir = new Map(models.map((m) => [m.dir, m]));
  const listedBy = new Map<string, string>();
  for (const m of models) for (const f of m.files) if (!listedBy.has(f)) listedBy.set(f, m.dir);
  const loose: Finding[] = [...engine];
  for (const m of models) if (m.splitFrom) raw.push(splitFinding(m, m.splitFrom));
  for (const f of raw) {
    const owner = f.model ?? deepestOwner(f.file, dirs) ?? listedBy.get(f.file);
    const target = owner === undefined ? undefined : byDir.get(owner);
    if (target) target.findings.push(f.model === undefined ? { ...f, model: target.dir } : f);
    else loose.push(f);
  }
  const exemptions = new Exemptions(policy.exempt);
  for (const m of models) m.findings = exemptions.keep(m.findings.sort(byLocation));
  const outside = exemptions.keep(loose.sort(byLocation));
  const all = [...outside, ...models.flatMap((m) => m.findings)];
  const exempted = exemptions.exempted();
  const evaluation: Evaluation = {
    policy,
    policyErrors,
    models,
    findings: outside,
    ...(exempted.length > 0 ? { exempted } : {}),
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warn').length,
    headSha: snapshot.head.sha,
  };
  if (loaded.sha256 !== undefined) evaluation.policySha256 = loaded.sha256;
  if (snapshot.base) evaluation.baseSha = snapshot.base.sha;
  return evaluation;
}

function engineFinding(message: string, file: string, line: number): Finding {
  return { ruleId: ENGINE_RULE_ID, severity: 'error', message, file, line };
}

/**
 * For the reviewers of the model a new card splits a directory off: the split is theirs to
 * approve (that model is touched, so the gate asks for its tier's reviewers). A warning, since the
 * bar does not drop: the split-off model keeps the owner's base tier as its floor.
 */
function splitFinding(model: ModelEvaluation, from: { dir: string; tier: RiskTier }): Finding {
  const owner = from.dir === '' ? 'the repository root model' : from.dir;
  return {
    ruleId: ENGINE_RULE_ID,
    severity: 'warn',
    message: `${model.cardPath} makes ${model.dir} a model of its own, split off ${owner} (tier ${from.tier} at base): its files stay gated at tier ${from.tier} or higher, and ${owner}'s reviewers approve the split`,
    file: model.cardPath,
    line: 1,
    model: from.dir,
  };
}

function crashFileForPr(changed: string[], policyPath: string): string {
  return changed[0] ?? policyPath;
}

function byLocation(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

function dedupe(errors: ParseError[]): ParseError[] {
  const seen = new Set<string>();
  const out: ParseError[] = [];
  for (const e of errors) {
    const key = `${e.file}\u0000${e.line}\u0000${e.code}\u0000${e.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
}
