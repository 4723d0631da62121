// A control's status from its rules' outcomes (src/core/evidence/status.ts): strictest first.
import { describe, expect, it } from 'vitest';
import { controlStatus } from '../../../src/core/evidence/status.ts';
import type { ControlStatus, RuleOutcome, RuleResult } from '../../../src/core/evidence/types.ts';

function outcome(ruleId: string, result: RuleResult, extent: 'evidences' | 'partly' = 'evidences', granted = false): RuleOutcome {
  const finding = { ruleId, severity: 'error' as const, message: 'm', file: 'f', line: 1, ...(granted ? { grant: { kind: 'waiver' as const, reason: 'r', by: 'ada' } } : {}) };
  return { ruleId, title: ruleId, extent, result, evidence: result === 'passed' ? [{ file: 'f', line: 1, value: 'v' }] : [], findings: result === 'failed' || result === 'waived' ? [finding] : [] };
}

describe('controlStatus', () => {
  const cases: [string, RuleOutcome[], ControlStatus, string][] = [
    ['every rule passed and evidences the whole control', [outcome('a', 'passed'), outcome('b', 'passed')], 'evidenced', 'a, b passed and evidence the whole control'],
    ['one passing rule evidences only part', [outcome('a', 'passed'), outcome('b', 'passed', 'partly')], 'partly', 'passed; b evidences only part of it'],
    ['one rule had nothing to check', [outcome('a', 'passed'), outcome('b', 'not-applicable')], 'partly', 'passed; not checked: b (not-applicable)'],
    ['one rule is off', [outcome('a', 'passed'), outcome('b', 'off')], 'partly', 'passed; not checked: b (off)'],
    ['an open finding beats every pass', [outcome('a', 'passed'), outcome('b', 'failed')], 'missing', '1 open finding of b'],
    ['an open finding beats a waiver', [outcome('a', 'waived', 'evidences', true), outcome('b', 'failed')], 'missing', '1 open finding of b'],
    ['only waived findings', [outcome('a', 'passed'), outcome('b', 'waived', 'evidences', true)], 'waived', 'findings of b are waived or exempted; nothing else is open'],
    ['nothing to check anywhere', [outcome('a', 'not-applicable'), outcome('b', 'off')], 'missing', 'no rule mapped to it had anything to check (a: not-applicable, b: off)'],
    ['every rule off', [outcome('a', 'off'), outcome('b', 'off')], 'missing', 'every rule mapped to it is turned off by the policy (a, b)'],
  ];
  it.each(cases)('%s', (_name, outcomes, status, reason) => {
    expect(controlStatus(outcomes)).toEqual({ status, reason });
  });
});
