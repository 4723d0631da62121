// The policy file `.github/modelgate.yml` as a zod schema (DESIGN §4). It validates the file as
// written: no defaults are applied here, because `_extends` must know which keys the repository
// set itself before the org's values and the built-in defaults fill the rest (load.ts).
// Every object is strict: a misspelt key is an error with its path, never silently ignored.
// `schemas/policy.schema.json` is generated from this with z.toJSONSchema(policySchema, {io:'input'}).
import picomatch from 'picomatch';
import { z } from 'zod';
import { refineGlob } from '../artifacts/glob.ts';
import { EXTENDS_PATTERN } from './location.ts';
import { FRAMEWORK_IDS } from '../rules/frameworks.ts';
import { RULE_IDS } from './rule-ids.ts';

export const SEVERITIES = ['off', 'warn', 'error'] as const;
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
export const INVALIDATE_ON = ['model-change', 'any-push', 'never'] as const;

const severity = z.enum(SEVERITIES).describe('off = the rule does not run; warn = reported, does not fail the gate; error = fails the gate until fixed or waived');

const ruleSetting = z
  .union(
    [
    severity,
    z.strictObject({
      severity: severity.optional().describe('Severity for this rule; the rule default when omitted'),
      options: z.record(z.string(), z.unknown()).optional().describe("The rule's options; see docs/rules/<id>.md for each rule's option table"),
    }),
    ],
    { error: 'expected off, warn, error or {severity, options}' },
  )
  .describe('A severity, or {severity, options}')
  // One shared definition in the JSON Schema instead of 4 x 27 inline copies.
  .meta({ id: 'RuleSetting' });

const rulesMap = z
  .strictObject(Object.fromEntries(RULE_IDS.map((id) => [id, ruleSetting.optional().describe(`Rule ${id} (docs/rules/${id}.md)`)])))
  .describe('Rule settings by rule id; an unknown id is an error')
  .meta({ id: 'RuleSettings' });

// Refinements, not schema types: they leave the generated JSON Schema as it is, and catch what
// would otherwise pass silently (a glob that matches nothing (refineGlob), a card name never found).
function validCardName(name: string, ctx: z.core.$RefinementCtx<string>): void {
  if (name.includes('/') || name.includes('\\')) ctx.addIssue({ code: 'custom', message: `"${name}" is a path; cards are matched by file name alone, in any directory` });
  else if (!/\.(md|json)$/i.test(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is neither Markdown (.md, a Hugging Face card) nor JSON (.json, a Model Card Toolkit card)` });
}

function nonEmpty(names: string[], ctx: z.core.$RefinementCtx<string[]>): void {
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'no card names: no directory would ever be a model, so nothing would be gated' });
}

const handle = z.string().min(1).describe('A GitHub user (@user) or team (@org/team)');

/** A rule id, or a glob over rule ids (`operations-*`), that names at least one rule: a typo would exempt nothing, silently. */
function namesARule(pattern: string, ctx: z.core.$RefinementCtx<string>): void {
  let matches: (id: string) => boolean;
  try {
    matches = picomatch(pattern);
  } catch {
    matches = () => false;
  }
  if (!RULE_IDS.some((id) => matches(id))) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(pattern)} matches no rule id (modelgate rules lists them)` });
}

function notEmptyList(what: string) {
  return (list: string[], ctx: z.core.$RefinementCtx<string[]>): void => {
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: `an empty list matches nothing; leave ${what} out to exempt every ${what === 'models' ? 'model' : 'path'}` });
  };
}

const MISSING_REASON = 'missing: say why these findings are not failures (it is shown in the comment and recorded in the audit)';

// Adoption without switching rules off: the findings still run, are shown as exempted with the
// reason, and are recorded in the audit, but do not fail the gate.
const exemption = z
  .strictObject({
    models: z
      .array(z.string().min(1).superRefine(refineGlob))
      .superRefine(notEmptyList('models'))
      .optional()
      .describe('Globs of model directories (research/**); absent = every model'),
    paths: z
      .array(z.string().min(1).superRefine(refineGlob))
      .superRefine(notEmptyList('paths'))
      .optional()
      .describe("Globs of files a finding is about (legacy/**/lineage.yaml); absent = any file. Given with models, both must match"),
    rules: z
      .array(z.string().min(1).superRefine(namesARule), { error: 'missing: list the rule ids to exempt (globs such as operations-* are allowed)' })
      .min(1, 'missing: list the rule ids to exempt (globs such as operations-* are allowed)')
      .describe('Rule ids, or globs over them (operations-*), whose findings are exempted'),
    reason: z.string({ error: MISSING_REASON }).trim().min(1, MISSING_REASON).describe('Why: shown next to the exempted findings in the comment and recorded in the audit'),
  })
  .describe("Findings of these rules in these models or paths are shown as exempted with the reason, and do not fail the gate (modelgate's own findings never are)");

const tier = z
  .strictObject({
    approvals: z.int().min(0).max(20).optional().describe('Approvals from eligible reviewers the gate needs (default: low 1, medium 1, high 2)'),
    reviewers: z.array(handle).optional().describe('Who may approve models of this tier; empty or absent = anyone with write access'),
    rules: rulesMap.optional().describe('Rule settings for models of this tier, over the top-level rules'),
  })
  .describe('Requirements for models of one risk tier');

const checklistItem = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (it is typed in /modelgate ack <id>)')
      .describe('Identifier typed in `/modelgate ack <id>`'),
    text: z.string().min(1).describe('What a person confirms, shown in the checklist comment'),
    tiers: z.array(z.enum(RISK_TIERS)).optional().describe('Tiers the item applies to; all tiers when absent'),
  })
  .describe('A human-in-the-loop item that must be acknowledged before the gate passes');

export const policySchema = z
  .strictObject({
    _extends: z
      .string()
      .regex(EXTENDS_PATTERN, 'must be .github, repo, owner/repo or owner/repo:path/file.yml (as in Probot)')
      .refine((value) => !/:(.*\/)?\.{1,2}(\/|$)|:\/|\/\//.test(value), 'the path must stay inside that repository (no ".", ".." or empty segments)')
      .optional()
      .describe("Policy this file extends (this file overrides it): .github (the owner's .github repository), repo, owner/repo, or owner/repo:path/file.yml; read from that repository's default branch"),
    models: z
      .strictObject({
        paths: z.array(z.string().min(1).superRefine(refineGlob)).optional().describe('Globs of model directories: a changed file under them with no model card above it is a finding, and a README.md there is a card'),
        cards: z.array(z.string().min(1).superRefine(validCardName)).superRefine(nonEmpty).optional().describe('File names that are model cards (default MODEL_CARD.md, README.md, model_card.json)'),
      })
      .optional()
      .describe('Where models live'),
    rules: rulesMap.optional().describe('Rule settings for every model'),
    frameworks: z
      .array(z.enum(FRAMEWORK_IDS))
      .optional()
      .describe(
        "Frameworks the models are examined against (sr-11-7, eu-ai-act, nist-ai-rmf, iso-42001): every rule that evidences one of their controls defaults to error for high-tier models, unless `rules:` or the high tier's `rules:` sets that rule's severity",
      ),
    inventory: z
      .strictObject({
        org: z
          .boolean()
          .optional()
          .describe(
            "Read only in the owner's `.github` repository: the App keeps one organisation-wide \"Model inventory\" issue there, aggregating the inventory issue of every repository it is installed on (default false)",
          ),
      })
      .optional()
      .describe('The "Model inventory" issue the App keeps on every push to the default branch'),
    tiers: z
      .strictObject({ low: tier.optional(), medium: tier.optional(), high: tier.optional() })
      .optional()
      .describe('Approval requirements and rule overrides per risk tier (governance.risk_tier; medium when absent)'),
    approval: z
      .strictObject({
        invalidate_on: z.enum(INVALIDATE_ON).optional().describe('When an approval becomes stale: a change to a model file (default), any push, or never'),
        allow_author: z.boolean().optional().describe('Whether the PR author may approve (default false)'),
        allow_contributors: z.boolean().optional().describe('Whether authors of commits in the PR may approve (default false)'),
        request_reviewers: z.boolean().optional().describe("Whether to request review from the tier's reviewers (default true)"),
        waivers: z
          .strictObject({
            by: z.array(handle).optional().describe('Who may waive a rule with /modelgate waive; empty or absent = whoever may approve'),
            require_reason: z.boolean().optional().describe('Whether a waiver needs a reason after `--` (default true)'),
          })
          .optional()
          .describe('Who may waive findings'),
      })
      .optional()
      .describe('How approvals are counted'),
    checklist: z.array(checklistItem).optional().describe('Human-in-the-loop items acknowledged with /modelgate ack <id>'),
    exempt: z.array(exemption).optional().describe('Findings that are shown but do not fail the gate, each with the reason: adopting a rule without switching it off'),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.checklist?.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['checklist', i, 'id'], message: `duplicate checklist id "${item.id}"` });
      seen.add(item.id);
    });
  })
  .describe('modelgate policy (.github/modelgate.yml), read from the pull request base branch');

/** The policy file as written (all keys optional). */
export type PolicyFile = z.input<typeof policySchema>;
export type RuleSettingInput = z.input<typeof ruleSetting>;
export type ExemptionInput = z.input<typeof exemption>;
