// `modelgate init`: the built-in defaults written out as a policy file, every setting commented
// out and explained, so the file changes nothing until someone edits it and every knob is in
// reach. A test keeps it equal to defaults.ts (loading it must give exactly defaultPolicy()).
import { RULE_IDS } from './rule-ids.ts';

export interface InitRuleInfo {
  id: string;
  title: string;
  defaultSeverity: string;
}

/** The starter `.github/modelgate.yml`. Pass the registry's rule metadata to list titles and defaults. */
export function initPolicyText(rules?: readonly InitRuleInfo[]): string {
  const listed = rules ? [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)) : RULE_IDS.map((id) => ({ id, title: '', defaultSeverity: '' }));
  const width = Math.max(...listed.map((r) => r.id.length));
  const ruleLines = listed.map((r) => (r.defaultSeverity ? `#   ${`${r.id}:`.padEnd(width + 1)} ${r.defaultSeverity.padEnd(5)}   # ${r.title}` : `#   ${r.id}: error`));
  return [
    '# modelgate policy. Read from the pull request\'s BASE branch, so a PR cannot relax its own gate.',
    '# Every line below is commented out: this file as written means "the built-in defaults".',
    '# Reference: docs/rules/README.md; JSON Schema: schemas/policy.schema.json.',
    '',
    '# Org-wide defaults from another repository\'s .github/modelgate.yml; this file overrides them.',
    '# _extends: acme/.github',
    '',
    '# Where models live. A changed file under `paths` with no model card above it is a finding;',
    '# a README.md there counts as a card. Without `paths`, cards are found anywhere by name or by',
    '# their front matter (governance, model-index, base_model, pipeline_tag, library_name).',
    '# models:',
    '#   paths: ["models/*"]',
    '#   cards: [MODEL_CARD.md, README.md, model_card.json]',
    '',
    '# Severity per rule: off | warn | error, or {severity: error, options: {...}}.',
    '# Shown: each rule\'s default.',
    '# rules:',
    ...ruleLines,
    '',
    '# Frameworks your models are examined against: sr-11-7 | eu-ai-act | nist-ai-rmf | iso-42001.',
    '# Every rule that evidences one of their controls (`modelgate explain <rule>`, "Controls")',
    '# is an error for high-tier models, unless `rules` above or the tier\'s `rules` set it.',
    '# frameworks: [eu-ai-act]',
    '',
    '# Approvals per risk tier (the card\'s governance.risk_tier, highest of base and head; medium',
    '# when absent). reviewers: users/teams who may approve; none = anyone with write access.',
    '# A tier\'s `rules` override the severities above for models of that tier, e.g.',
    '#   high: {approvals: 2, reviewers: ["@acme/model-risk"], rules: {explainability-documented: error}}',
    '# tiers:',
    '#   low:    {approvals: 1}',
    '#   medium: {approvals: 1}',
    '#   high:   {approvals: 2, rules: {explainability-documented: error}}',
    '',
    '# approval:',
    '#   invalidate_on: model-change   # model-change | any-push | never',
    '#   allow_author: false           # the PR author never approves their own model change',
    '#   allow_contributors: false     # nor does anyone who pushed commits to the PR',
    '#   request_reviewers: true       # ask the tier\'s reviewers for a review',
    '#   waivers:',
    '#     by: []                      # who may /modelgate waive <rule> -- <reason>; [] = whoever may approve',
    '#     require_reason: true',
    '',
    '# Human-in-the-loop items, acknowledged with /modelgate ack <id>.',
    '# checklist:',
    '#   - {id: fairness-review, text: "Fairness review done for protected attributes", tiers: [high]}',
    '',
    '# Findings shown as exempted, with the reason, instead of failing: adopt a rule on new models',
    '# without switching it off for the old ones. Globs over model directories (models), files',
    '# (paths) and rule ids (rules); the reason is required. modelgate\'s own findings never are.',
    '# exempt:',
    '#   - {models: ["research/**"], rules: ["operations-*"], reason: "Research prototypes are never deployed"}',
    '',
  ].join('\n');
}

/** One line of the rule list `initPolicyText` writes: `#   <id>: <severity>   # <title>`. */
const RULE_LINE = /^# {3}[a-z0-9-]+: +(?:error|warn|off) +# /;

/**
 * Whether `text` is a policy as `init` writes it, untouched: the same text apart from the rule
 * list, which another version of modelgate writes with other rules and titles. Such a file may
 * be rewritten; any other is someone's edit and is never overwritten without --force.
 */
export function isUneditedInitPolicy(text: string, rules?: readonly InitRuleInfo[]): boolean {
  const withoutRules = (t: string) => t.replace(/\r\n/g, '\n').split('\n').filter((line) => !RULE_LINE.test(line)).join('\n');
  return withoutRules(text) === withoutRules(initPolicyText(rules));
}
