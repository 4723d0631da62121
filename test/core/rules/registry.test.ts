import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import { ruleById, rules } from '../../../src/core/rules/index.ts';
import { reportedMessageIds } from '../../helpers/rule-tester.ts';

const ruleFiles = readdirSync(new URL('../../../src/core/rules/', import.meta.url))
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'define.ts' && name !== 'frameworks.ts')
  .map((name) => name.slice(0, -3))
  .sort();

describe('rule registry', () => {
  // DESIGN §3's 27, and issue 11's: model-card-governance; evaluation-no-test-selection, evaluation-split-declared,
  // lineage-group-split, evaluation-fairness-slices, model-card-datasets-pinned.
  it('holds the 33 rules of DESIGN §3 and issue 11, sorted by id, equal to the policy schema ids', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toHaveLength(33);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual([...RULE_IDS]);
  });

  it('registers every rule file, and each file holds the rule of its name', () => {
    expect(rules.map((r) => r.meta.id)).toEqual(ruleFiles);
  });

  it('ruleById finds each rule and nothing else', () => {
    for (const rule of rules) expect(ruleById(rule.meta.id)).toBe(rule);
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s metadata', (_id, rule) => {
    it('is complete', () => {
      const m = rule.meta;
      for (const text of [m.title, m.antipattern, m.rationale, m.howToFix]) expect(text.trim().length).toBeGreaterThan(0);
      expect(['error', 'warn', 'off']).toContain(m.defaultSeverity);
      expect(['card', 'lineage', 'tuning', 'pr']).toContain(m.appliesTo);
      expect(['artifacts', 'card', 'evaluation', 'tuning', 'lineage', 'operations', 'explainability']).toContain(m.area);
      expect(Object.keys(m.messages).length).toBeGreaterThan(0);
    });

    it('has options that default from an empty object (a policy may omit them)', () => {
      expect(rule.meta.options.safeParse({}).success).toBe(true);
    });

    // The engine turns an undeclared message id into "rule crashed"; a declared one never reported is dead text.
    it('reports exactly the messages it declares, each named literally', () => {
      const source = readFileSync(new URL(`../../../src/core/rules/${rule.meta.id}.ts`, import.meta.url), 'utf8');
      const reported = reportedMessageIds(source);
      expect(reported.dynamic).toEqual([]);
      expect([...reported.ids].sort()).toEqual(Object.keys(rule.meta.messages).sort());
    });
  });
});
