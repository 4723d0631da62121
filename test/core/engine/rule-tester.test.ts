// The rule tester is how every rule test reaches the engine; these pin its case semantics.
import { describe, expect, it } from 'vitest';
import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { caseSnapshot, diffTrees, gitBlobSha, runRule } from '../../helpers/rule-tester.ts';

describe('rule tester', () => {
  it('blob SHAs are git blob SHAs', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('no base: every model is touched; with a base: the differing paths are the changes', () => {
    expect(caseSnapshot({ name: 'x', files: { a: '1' } }).changedFiles).toBe('all');
    expect(diffTrees({ a: '1', b: '2', c: '3' }, { a: '1', b: '2!', d: '4' })).toEqual([
      { path: 'b', status: 'modified' },
      { path: 'c', status: 'removed' },
      { path: 'd', status: 'added' },
    ]);
    expect(caseSnapshot({ name: 'x', base: { a: '1' }, files: { a: '1', b: '2' }, changed: ['a', 'b'] }).changedFiles).toEqual([
      { path: 'a', status: 'modified' },
      { path: 'b', status: 'added' },
    ]);
  });

  it('the policy is read as the base branch policy file', () => {
    expect(caseSnapshot({ name: 'x', files: {}, policy: 'rules: {}\n' }).policy).toEqual({ path: '.github/modelgate.yml', text: 'rules: {}\n', ref: 'BASE' });
  });

  it('runs one real rule through the engine; the policy sets its severity', () => {
    const base = cleanModelFiles('models/churn');
    const files = { ...base, 'models/fraud/model.txt': 'w' };
    const policy = 'models: {paths: ["models/*"]}\nrules: {model-card-present: warn}\n';
    // The message wording belongs to the rule's own tests; here: id, severity, place.
    const findings = runRule('model-card-present', { name: 'x', base, files, policy });
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([['model-card-present', 'warn', 'models/fraud/model.txt', 1]]);
    expect(findings[0]!.message).toContain('models/fraud/model.txt');
  });

  it('an invalid policy in a case is a mistake in the test, reported as such', () => {
    expect(() => runRule('model-card-present', { name: 'bad', files: {}, policy: 'rules: {nope: warn}\n' })).toThrow('case "bad": invalid policy: 1: rules.nope: unknown rule "nope"');
  });
});
