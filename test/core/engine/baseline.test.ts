// `modelgate check --baseline FILE`: today's findings recorded by fingerprint, so only new ones
// fail. Fingerprints ignore where a finding is (its line) and the numbers in its message, so an
// edit above it or a changed metric value keeps it matched.
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineText, findingFingerprint, makeBaseline, parseBaseline } from '../../../src/core/engine/baseline.ts';
import type { Evaluation } from '../../../src/core/engine/evaluate.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import type { Finding } from '../../../src/core/rules/define.ts';
import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';

const finding = (over: Partial<Finding> = {}): Finding => ({ ruleId: 'lineage-inputs-versioned', severity: 'error', message: 'Dataset `tx` (line 4) has no version: pin it', file: 'models/a/lineage.yaml', line: 4, model: 'models/a', ...over });

/** Every rule but the operations ones off, so the findings below are theirs alone. */
const ONLY_OPERATIONS = `rules:\n${RULE_IDS.filter((id) => !id.startsWith('operations-')).map((id) => `  ${id}: off\n`).join('')}`;

function evaluationOf(files: Record<string, string>): Evaluation {
  const snapshot = caseSnapshot({ name: 'baseline', files, policy: ONLY_OPERATIONS });
  return evaluate(snapshot, loadPolicy(snapshot.policy));
}

describe('findingFingerprint', () => {
  it('ignores the line, the column and numbers in the message', () => {
    const a = findingFingerprint(finding());
    expect(findingFingerprint(finding({ line: 40, column: 3 }))).toBe(a);
    expect(findingFingerprint(finding({ message: 'Dataset `tx` (line 41) has no version: pin it' }))).toBe(a);
    expect(findingFingerprint(finding({ severity: 'warn' }))).toBe(a);
  });

  it('tells rules, files and messages apart', () => {
    const a = findingFingerprint(finding());
    expect(findingFingerprint(finding({ ruleId: 'lineage-present' }))).not.toBe(a);
    expect(findingFingerprint(finding({ file: 'models/b/lineage.yaml' }))).not.toBe(a);
    expect(findingFingerprint(finding({ message: 'Dataset `labels` (line 4) has no version: pin it' }))).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('baselines', () => {
  const before = evaluationOf(cleanModelFiles('models/churn', { card: { governance: { fallback: null, retirement: null } } }));

  it('record every finding but modelgate\'s own, sorted, with a count per fingerprint, as stable JSON', () => {
    const baseline = makeBaseline(before);
    expect(baseline.findings.map((f) => [f.ruleId, f.file, f.count])).toEqual([
      ['operations-fallback-declared', 'models/churn/MODEL_CARD.md', 1],
      ['operations-retirement-criteria', 'models/churn/MODEL_CARD.md', 1],
    ]);
    const text = baselineText(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseBaseline(text, 'b.json')).toEqual({ baseline });
    expect(JSON.parse(text)).toMatchObject({ tool: 'modelgate', kind: 'baseline', version: 1 });
  });

  it('suppress recorded findings after lines moved; report new ones; count those that no longer occur', () => {
    const baseline = makeBaseline(before);
    // Twenty lines of prose above the governance block move every finding down.
    const moved = cleanModelFiles('models/churn', { card: { frontMatter: { description: 'x\n'.repeat(20) }, governance: { fallback: null, monitoring: null } } });
    const after = evaluationOf(moved);
    const result = applyBaseline(after, baseline);
    expect(result.suppressed).toBe(1);
    expect(result.gone).toBe(1);
    expect(result.evaluation.models[0]!.findings.map((f) => f.ruleId)).toEqual(['operations-monitoring-planned']);
    expect([result.evaluation.errors, result.evaluation.warnings]).toEqual([1, 0]);
  });

  it('more findings with one fingerprint than recorded: all of them are reported (which one is new cannot be told)', () => {
    const one = { ...before, models: [{ ...before.models[0]!, findings: [finding()] }], errors: 1, warnings: 0 };
    const two = { ...before, models: [{ ...before.models[0]!, findings: [finding(), finding({ line: 9 })] }], errors: 2, warnings: 0 };
    const result = applyBaseline(two, makeBaseline(one));
    expect([result.suppressed, result.evaluation.errors]).toEqual([0, 2]);
  });

  it('never suppress modelgate\'s own findings', () => {
    const engine = finding({ ruleId: 'modelgate', message: 'policy invalid', file: '.github/modelgate.yml' });
    delete engine.model;
    const withEngine = { ...before, findings: [engine], errors: before.errors + 1 };
    expect(makeBaseline(withEngine).findings.some((f) => f.ruleId === 'modelgate')).toBe(false);
    const forged = { ...makeBaseline(withEngine), findings: [{ ruleId: 'modelgate', file: '.github/modelgate.yml', fingerprint: findingFingerprint(engine), count: 1, message: 'x' }] };
    expect(applyBaseline(withEngine, forged).evaluation.findings).toEqual([engine]);
  });

  it.each([
    ['not JSON', '{', 'b.json: not a modelgate baseline (not JSON: create it with --update-baseline)'],
    ['another document', '{"tool":"eslint"}', 'b.json: not a modelgate baseline (create it with --update-baseline)'],
    ['a bad entry', '{"tool":"modelgate","kind":"baseline","version":1,"findings":[{"ruleId":"x"}]}', 'b.json: not a modelgate baseline (findings[0] needs ruleId, file, fingerprint and count)'],
  ])('a file that is %s is refused', (_name, text, error) => {
    expect(parseBaseline(text, 'b.json')).toEqual({ error });
  });
});
