// The enforcement behind `npm run check:rules`: how declared cases are counted and how message ids
// are read from a rule's source. The counts themselves are checked by scripts/check-rules.ts.
import { describe, expect, it } from 'vitest';
import { caseCountProblems, collectDeclaredCases, MIN_CASES, reportedMessageIds, testRule, type DeclaredCases, type RuleCase } from '../../helpers/rule-tester.ts';

const valid = (name: string, text = name): RuleCase => ({ name, files: { 'a.txt': text } });
const invalid = (name: string, text = name) => ({ ...valid(name, text), findings: [{ severity: 'error' as const, message: 'm', file: 'a.txt', line: 1 }] });
const declared = (d: Partial<DeclaredCases>): DeclaredCases => ({ ruleId: 'r', valid: [], invalid: [], ...d });

describe('case counts', () => {
  it('asks for at least 3 invalid and 2 valid cases', () => {
    expect(MIN_CASES).toEqual({ valid: 2, invalid: 3 });
    expect(caseCountProblems('r', [declared({ valid: [valid('a'), valid('b')], invalid: [invalid('c'), invalid('d'), invalid('e')] })])).toEqual([]);
    expect(caseCountProblems('r', [declared({ valid: [valid('a')], invalid: [invalid('c'), invalid('d')] })])).toEqual([
      'rule r has 1 distinct valid case(s); at least 2 are required',
      'rule r has 2 distinct invalid case(s); at least 3 are required',
    ]);
  });

  it('counts a case repeated under another name once, and an invalid case that expects nothing not at all', () => {
    const problems = caseCountProblems('r', [
      declared({ valid: [valid('a', 'same'), valid('b', 'same')], invalid: [invalid('c'), invalid('d'), { ...valid('e'), findings: [] }] }),
    ]);
    expect(problems).toEqual(['rule r has 1 distinct valid case(s); at least 2 are required', 'rule r has 2 distinct invalid case(s); at least 3 are required']);
  });

  it('adds up several tables for one rule, ignores other rules, and names repeated case names', () => {
    const tables = [
      declared({ valid: [valid('a')], invalid: [invalid('c')] }),
      declared({ valid: [valid('b')], invalid: [invalid('d'), invalid('c', 'other input')] }),
      declared({ ruleId: 'other', valid: [valid('x')] }),
    ];
    expect(caseCountProblems('r', tables)).toEqual(['rule r: two cases are named "c"']);
  });

  it('collects what testRule declares without registering tests, and only while collecting', async () => {
    const cases = { valid: [valid('a')], invalid: [invalid('b')] };
    const got = await collectDeclaredCases(async () => testRule('r', cases));
    expect(got).toEqual([{ ruleId: 'r', ...cases }]);
    await expect(collectDeclaredCases(async () => Promise.reject(new Error('broken file')))).rejects.toThrow('broken file');
  });
});

describe('reportedMessageIds', () => {
  it('reads literal ids, ternaries of literals, and flags ids computed at run time', () => {
    const source = "push({ messageId: 'a', data }); return [{ messageId: x ? 'b' : \"c\", file }]; const r = { messageId: pick(kind), line };";
    const { ids, dynamic } = reportedMessageIds(source);
    expect([...ids]).toEqual(['a', 'b', 'c']);
    expect(dynamic).toEqual(['pick(kind)']);
  });
});
