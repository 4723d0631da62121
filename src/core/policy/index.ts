// The policy's public surface for adapters and the engine.
export { defaultPolicy, DEFAULT_CARD_NAMES } from './defaults.ts';
export { initPolicyText, isUneditedInitPolicy, type InitRuleInfo } from './init.ts';
export { loadPolicy, type LoadedPolicy, type PolicyLayer, type PolicySource } from './load.ts';
export { printPolicy, type PrintRuleInfo } from './print.ts';
export { isRuleId, RULE_IDS, type RuleId } from './rule-ids.ts';
export { policySchema, INVALIDATE_ON, RISK_TIERS, SEVERITIES, type PolicyFile } from './schema.ts';
export type { ChecklistItem, Exemption, InvalidateOn, Policy, RuleSetting, TierPolicy } from './types.ts';
