// Issue 14: `frameworks: [eu-ai-act]` makes every rule that evidences one of that framework's
// controls default to error for high-tier models; anything the policy sets for the rule wins.
import { describe, expect, it } from 'vitest';
import { frameworkSeverity, ruleSettings } from '../../../src/core/engine/run-rules.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { printPolicy } from '../../../src/core/policy/print.ts';
import type { RiskTier } from '../../../src/core/artifacts/types.ts';
import { ruleById, rules } from '../../../src/core/rules/index.ts';

const PATH = '.github/modelgate.yml';
const load = (text: string, extended?: Record<string, string>) => loadPolicy({ path: PATH, text }, extended);

function severity(text: string, id: string, tier: RiskTier | undefined): string {
  const loaded = load(text);
  expect(loaded.errors).toEqual([]);
  return ruleSettings(ruleById(id)!, loaded.policy, tier, { file: PATH, locations: loaded.locations }).severity;
}

describe('policy frameworks', () => {
  it('are none by default', () => {
    expect(loadPolicy().policy.frameworks).toEqual([]);
    expect(load('rules: {}\n').policy.frameworks).toEqual([]);
  });

  it('are read once each, in the order written', () => {
    expect(load('frameworks: [eu-ai-act, sr-11-7, eu-ai-act]\n').policy.frameworks).toEqual(['eu-ai-act', 'sr-11-7']);
  });

  it('an unknown framework is a policy error at its line', () => {
    expect(load('rules: {}\nframeworks: [eu-ai-act, gdpr]\n').errors).toEqual([
      { file: PATH, line: 2, code: 'schema', message: 'frameworks[1]: expected one of "sr-11-7"|"eu-ai-act"|"nist-ai-rmf"|"iso-42001"' },
    ]);
  });

  it('are a list: the repository replaces what it extends', () => {
    const org = 'frameworks: [sr-11-7, nist-ai-rmf]\n';
    expect(load('_extends: acme/.github\n', { 'acme/.github': org }).policy.frameworks).toEqual(['sr-11-7', 'nist-ai-rmf']);
    expect(load('_extends: acme/.github\nframeworks: [eu-ai-act]\n', { 'acme/.github': org }).policy.frameworks).toEqual(['eu-ai-act']);
  });

  // operations-retirement-criteria (warn) cites EU AI Act Art. 13(3)(e) and NIST GOVERN 1.7;
  // evaluation-gain-attributed (warn) cites SR 11-7 and NIST MAP 2.3, no EU AI Act article.
  const cases: Array<[string, string, string, RiskTier | undefined, string]> = [
    ['a mapped rule is an error for a high-tier model', 'frameworks: [eu-ai-act]\n', 'operations-retirement-criteria', 'high', 'error'],
    ['not for a medium-tier model', 'frameworks: [eu-ai-act]\n', 'operations-retirement-criteria', 'medium', 'warn'],
    ['not for a low-tier model', 'frameworks: [eu-ai-act]\n', 'operations-retirement-criteria', 'low', 'warn'],
    ['nor for a rule that cites none of the framework controls', 'frameworks: [eu-ai-act]\n', 'evaluation-gain-attributed', 'high', 'warn'],
    ['another framework brings that rule in', 'frameworks: [eu-ai-act, sr-11-7]\n', 'evaluation-gain-attributed', 'high', 'error'],
    ['without frameworks the rule keeps its default', 'rules: {}\n', 'operations-retirement-criteria', 'high', 'warn'],
    ['the policy setting the rule wins', 'frameworks: [eu-ai-act]\nrules: {operations-retirement-criteria: warn}\n', 'operations-retirement-criteria', 'high', 'warn'],
    ['the high tier setting the rule wins', 'frameworks: [eu-ai-act]\ntiers: {high: {rules: {operations-retirement-criteria: "off"}}}\n', 'operations-retirement-criteria', 'high', 'off'],
    ['options alone do not set the severity', 'frameworks: [eu-ai-act]\nrules: {operations-retirement-criteria: {options: {}}}\n', 'operations-retirement-criteria', 'high', 'error'],
    ['a rule that evidences no control is untouched', 'frameworks: [eu-ai-act, sr-11-7, nist-ai-rmf, iso-42001]\n', 'artifact-parseable', 'high', 'error'],
  ];
  it.each(cases)('%s', (_name, text, id, tier, expected) => {
    expect(severity(text, id, tier)).toBe(expected);
  });

  it('with eu-ai-act, exactly the rules citing an EU AI Act control are errors at high tier', () => {
    const loaded = load('frameworks: [eu-ai-act]\n');
    const raised = rules.filter((r) => frameworkSeverity(r, loaded.policy, 'high') === 'error').map((r) => r.meta.id);
    expect(raised).toEqual(rules.filter((r) => (r.meta.controls ?? []).some((c) => c.framework === 'eu-ai-act')).map((r) => r.meta.id));
    expect(raised).not.toContain('evaluation-gain-attributed');
    expect(raised).toContain('operations-fallback-declared');
  });

  it('are printed with the effective policy, and only when the policy names some', () => {
    const printed = printPolicy(load('frameworks: [eu-ai-act]\n'), []);
    expect(printed).toMatch(/^frameworks: \[eu-ai-act\] +# \.github\/modelgate\.yml:1$/m);
    expect(printPolicy(load('rules: {}\n'), [])).not.toContain('frameworks');
  });
});
