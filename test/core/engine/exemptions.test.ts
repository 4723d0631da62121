// The policy's `exempt:` in the engine: a matching finding is no failure (not counted, not in
// the model's findings) but is kept under its exemption, so reports show it and the audit records it.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';

/** A model without fallback, monitoring or retirement plan: three operations-* findings (2 errors, 1 warning). */
const unplanned = (dir: string) => cleanModelFiles(dir, { card: { governance: { fallback: null, monitoring: null, retirement: null } } });
const FILES = { ...unplanned('research/uplift'), ...unplanned('models/churn') };

/** Every rule but the operations ones off, so the counts below are theirs alone. */
const ONLY_OPERATIONS = `rules:\n${RULE_IDS.filter((id) => !id.startsWith('operations-')).map((id) => `  ${id}: off\n`).join('')}`;

function run(policy: string, files: Record<string, string> = FILES) {
  const snapshot = caseSnapshot({ name: 'exempt', files, policy: `${ONLY_OPERATIONS}${policy}` });
  const loaded = loadPolicy(snapshot.policy);
  expect(loaded.errors).toEqual([]);
  return evaluate(snapshot, loaded);
}

const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId).sort();

describe('evaluate: exempt', () => {
  it('without exemptions both models fail on the operations rules', () => {
    const ev = run('');
    expect(ev.models.map((m) => [m.dir, ids(m.findings)])).toEqual([
      ['models/churn', ['operations-fallback-declared', 'operations-monitoring-planned', 'operations-retirement-criteria']],
      ['research/uplift', ['operations-fallback-declared', 'operations-monitoring-planned', 'operations-retirement-criteria']],
    ]);
    expect([ev.errors, ev.warnings]).toEqual([4, 2]);
    expect(ev.exempted).toBeUndefined();
  });

  it('models glob x rule glob: matching findings move under their exemption and stop counting', () => {
    const ev = run('exempt:\n  - models: ["research/**"]\n    rules: ["operations-*"]\n    reason: Research prototypes are never deployed.\n');
    expect(ev.models.map((m) => [m.dir, ids(m.findings)])).toEqual([
      ['models/churn', ['operations-fallback-declared', 'operations-monitoring-planned', 'operations-retirement-criteria']],
      ['research/uplift', []],
    ]);
    expect([ev.errors, ev.warnings]).toEqual([2, 1]);
    expect(ev.exempted).toHaveLength(1);
    const [group] = ev.exempted!;
    expect(group!.exemption).toEqual({ models: ['research/**'], paths: [], rules: ['operations-*'], reason: 'Research prototypes are never deployed.' });
    expect(group!.findings.map((f) => [f.ruleId, f.severity, f.model])).toEqual([
      ['operations-fallback-declared', 'error', 'research/uplift'],
      ['operations-monitoring-planned', 'error', 'research/uplift'],
      ['operations-retirement-criteria', 'warn', 'research/uplift'],
    ]);
  });

  it('paths globs match the finding\'s file; given models and paths must both match', () => {
    const byPath = run('exempt:\n  - paths: ["models/churn/MODEL_CARD.md"]\n    rules: [operations-fallback-declared]\n    reason: Fallback is the platform default.\n');
    expect(byPath.exempted!.map((g) => g.findings.map((f) => `${f.model} ${f.ruleId}`))).toEqual([['models/churn operations-fallback-declared']]);
    const both = run('exempt:\n  - {models: ["research/**"], paths: ["models/**"], rules: ["operations-*"], reason: never}\n');
    expect(both.exempted).toBeUndefined();
    expect([both.errors, both.warnings]).toEqual([4, 2]);
  });

  it('a finding is filed under the first exemption that matches; an exemption matching nothing is not listed', () => {
    const ev = run(
      [
        'exempt:',
        '  - {models: ["nowhere/**"], rules: ["operations-*"], reason: unused}',
        '  - {models: ["research/**"], rules: [operations-fallback-declared], reason: first}',
        '  - {models: ["research/**"], rules: ["operations-*"], reason: second}',
        '',
      ].join('\n'),
    );
    expect(ev.exempted!.map((g) => [g.exemption.reason, ids(g.findings)])).toEqual([
      ['first', ['operations-fallback-declared']],
      ['second', ['operations-monitoring-planned', 'operations-retirement-criteria']],
    ]);
  });

  it("never exempts modelgate's own findings: an invalid rule option still fails closed", () => {
    const snapshot = caseSnapshot({ name: 'exempt', files: FILES, policy: 'rules:\n  evaluation-gain-significant: {options: {alpha: 7}}\nexempt:\n  - {rules: ["*"], reason: everything}\n' });
    const ev = evaluate(snapshot, loadPolicy(snapshot.policy));
    expect(ev.findings.map((f) => f.ruleId)).toEqual(['modelgate']);
    expect(ev.errors).toBe(1);
    expect(ev.exempted!.flatMap((g) => g.findings).every((f) => f.ruleId !== 'modelgate')).toBe(true);
  });
});
