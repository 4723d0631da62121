import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { defineRule, type ModelContext, type PullRequestContext, type Rule, type Severity } from '../../../src/core/rules/define.ts';
import { cardText, cleanModelFiles, lineageText, lineOf } from '../../helpers/fixtures.ts';
import { caseSnapshot, gitBlobSha, POLICY_PATH, type RuleCase } from '../../helpers/rule-tester.ts';

/** A rule that records what the engine showed it and reports once per model (or once per PR). */
function probe(appliesTo: 'card' | 'pr', defaultSeverity: Severity = 'warn', id = 'probe') {
  const seen: { models: ModelContext[]; prs: PullRequestContext[]; options: unknown[] } = { models: [], prs: [], options: [] };
  const rule = defineRule({
    meta: {
      id,
      title: 'Probe',
      antipattern: 'test',
      area: 'card',
      rationale: 'test',
      howToFix: 'test',
      defaultSeverity,
      appliesTo,
      options: z.object({ limit: z.number().default(3) }),
      messages: { seen: 'saw {{what}} at tier {{tier}}' },
    },
    check(ctx) {
      seen.options.push(ctx.options);
      if (ctx.model) {
        seen.models.push(ctx.model);
        return [{ messageId: 'seen', data: { what: ctx.model.dir, tier: ctx.model.tier }, file: ctx.model.head.cardPath, line: 2 }];
      }
      seen.prs.push(ctx.pr);
      return [];
    },
  }) as Rule<any>;
  return { rule, seen };
}

function run(c: Omit<RuleCase, 'name'>, rules: Rule<any>[]) {
  const snapshot = caseSnapshot({ name: 'engine', ...c });
  return evaluate(snapshot, loadPolicy(snapshot.policy), { rules });
}

const CHURN = cleanModelFiles('models/churn');

describe('evaluate: which models a PR touches', () => {
  it('under --all (no base) every model is touched, with its files, blobs and metadata', () => {
    const { rule } = probe('card');
    const ev = run({ files: { ...CHURN, 'docs/README.md': '# Docs\n' } }, [rule]);
    expect(ev.models.map((m) => m.dir)).toEqual(['models/churn']);
    const m = ev.models[0]!;
    expect(m).toMatchObject({ cardPath: 'models/churn/MODEL_CARD.md', name: 'churn-classifier', tier: 'high', tierHead: 'high', versionHead: '2.3.0' });
    expect(m.files).toEqual(['models/churn/MODEL_CARD.md', 'models/churn/lineage.yaml', 'models/churn/tuning/trials.jsonl']);
    expect(m.blobs['models/churn/lineage.yaml']).toBe(gitBlobSha(CHURN['models/churn/lineage.yaml']!));
    expect(m.context.head.lineage).toHaveLength(1);
    expect(m.context.head.tuningLogs).toHaveLength(1);
    expect(m.context.head.declaredLineage).toBe('models/churn/lineage.yaml');
    expect(ev).toMatchObject({ headSha: 'HEAD', errors: 0, warnings: 1, findings: [] });
    expect(m.findings).toEqual([{ ruleId: 'probe', severity: 'warn', message: 'saw models/churn at tier high', file: 'models/churn/MODEL_CARD.md', line: 2, model: 'models/churn' }]);
  });

  const cases: Array<[string, Record<string, string>, Record<string, string>, string[]]> = [
    ['a file under the model directory', CHURN, { ...CHURN, 'models/churn/model.txt': 'weights' }, ['models/churn/model.txt']],
    ['a file matched by governance.paths', { ...CHURN, 'src/churn/features.py': 'a = 1\n' }, { ...CHURN, 'src/churn/features.py': 'a = 2\n' }, ['src/churn/features.py']],
    ['a file removed under governance.paths', { ...CHURN, 'src/churn/old.py': 'a = 1\n' }, CHURN, ['src/churn/old.py']],
  ];
  for (const [name, base, head, changed] of cases) {
    it(`touched by ${name}`, () => {
      const ev = run({ base, files: head }, [probe('card').rule]);
      expect(ev.models.map((m) => [m.dir, m.changedFiles])).toEqual([['models/churn', changed]]);
      expect(ev.baseSha).toBe('BASE');
    });
  }

  it('touched by an artifact the card references outside its directory', () => {
    const files = cleanModelFiles('models/churn', { card: { governance: { lineage: '../../data/churn-lineage.yaml' } }, lineage: null });
    const base = { ...files, 'data/churn-lineage.yaml': lineageText() };
    const head = { ...files, 'data/churn-lineage.yaml': lineageText({ splits: { seed: 7 } }) };
    const ev = run({ base, files: head }, [probe('card').rule]);
    expect(ev.models.map((m) => m.changedFiles)).toEqual([['data/churn-lineage.yaml']]);
    expect(ev.models[0]!.context.head.declaredLineage).toBe('data/churn-lineage.yaml');
    expect(ev.models[0]!.files).toContain('data/churn-lineage.yaml');
  });

  it('a PR that changes nothing of a model touches no model', () => {
    const ev = run({ base: { ...CHURN, 'README.md': '# a\n' }, files: { ...CHURN, 'README.md': '# b\n' } }, [probe('card').rule]);
    expect(ev.models).toEqual([]);
    expect([ev.errors, ev.warnings]).toEqual([0, 0]);
  });

  it('a nested model owns its own files; the model above is not touched by them', () => {
    const files = { ...cleanModelFiles('models'), ...cleanModelFiles('models/churn') };
    const ev = run({ base: files, files: { ...files, 'models/churn/notes.txt': 'x' } }, [probe('card').rule]);
    expect(ev.models.map((m) => m.dir)).toEqual(['models/churn']);
  });

  it('gated changed files with no card above them are uncovered', () => {
    const { rule, seen } = probe('pr');
    const policy = 'models: {paths: ["models/*"]}\n';
    const head = { ...CHURN, 'models/fraud/model.txt': 'w', 'models/churn/model.txt': 'w', 'notebooks/x.ipynb': '{}' };
    run({ base: CHURN, files: head, policy }, [rule]);
    expect(seen.prs[0]!.uncoveredModelFiles).toEqual(['models/fraud/model.txt']);
    expect(seen.prs[0]!.changedFiles).toEqual(['models/churn/model.txt', 'models/fraud/model.txt', 'notebooks/x.ipynb']);
  });
});

describe('evaluate: tier', () => {
  const withTier = (tier: string | null) => cleanModelFiles('models/churn', { card: { governance: { risk_tier: tier } } });
  const cases: Array<[string | null, string | null, string, string | undefined, string | undefined]> = [
    ['high', 'low', 'high', 'high', 'low'],
    ['low', 'high', 'high', 'low', 'high'],
    ['low', 'low', 'low', 'low', 'low'],
    ['low', null, 'medium', 'low', undefined],
  ];
  for (const [baseTier, headTier, tier, tierBase, tierHead] of cases) {
    it(`base ${baseTier}, head ${headTier} -> ${tier}`, () => {
      const { rule, seen } = probe('card');
      const ev = run({ base: withTier(baseTier), files: { ...withTier(headTier), 'models/churn/x': '1' } }, [rule]);
      const m = ev.models[0]!;
      expect([m.tier, m.tierBase, m.tierHead]).toEqual([tier, tierBase, tierHead]);
      expect(seen.models[0]!.tier).toBe(tier);
      expect(seen.models[0]!.base?.card.governance?.riskTier).toBe(tierBase);
    });
  }
  // A Model Card Toolkit card has no place for a tier; its governance.yaml does (issue 11).
  it('a Model Card Toolkit model takes its tier from the governance.yaml beside it, and that file belongs to the model', () => {
    const mct = readFileSync('test/fixtures/real-world/model-cards/mct-considerations.json', 'utf8');
    const files = { 'models/pets/model_card.json': mct, 'models/pets/governance.yaml': 'governance:\n  owners: ["@acme/vision"]\n  risk_tier: high\n' };
    const { rule, seen } = probe('card');
    const ev = run({ files }, [rule]);
    expect([ev.models[0]!.tier, ev.models[0]!.tierHead]).toEqual(['high', 'high']);
    expect(seen.models[0]!.head.governancePath).toBe('models/pets/governance.yaml');
    expect(ev.models[0]!.files).toContain('models/pets/governance.yaml');
    expect(run({ files: { 'models/pets/model_card.json': mct } }, [probe('card').rule]).models[0]!.tier).toBe('medium');
  });

  it('a new model with no risk_tier is medium', () => {
    const ev = run({ base: {}, files: withTier(null) }, [probe('card').rule]);
    const m = ev.models[0]!;
    expect([m.tier, m.tierBase, m.tierHead]).toEqual(['medium', undefined, undefined]);
    expect(ev.models[0]!.context.base).toBeUndefined();
  });
});

describe('evaluate: severity and options', () => {
  const cases: Array<[string, Severity, string | undefined, 'error' | 'warn' | undefined]> = [
    ['rule default', 'warn', undefined, 'warn'],
    ['policy over default', 'warn', 'rules: {probe: error}', 'error'],
    ['tier over policy', 'warn', 'rules: {probe: error}\ntiers: {high: {rules: {probe: warn}}}', 'warn'],
    ['tier of another tier does not apply', 'warn', 'tiers: {low: {rules: {probe: error}}}', 'warn'],
    ['policy off', 'error', 'rules: {probe: "off"}', undefined],
    ['tier off', 'error', 'tiers: {high: {rules: {probe: "off"}}}', undefined],
    ['tier turns on a rule that is off by default', 'off', 'tiers: {high: {rules: {probe: error}}}', 'error'],
  ];
  for (const [name, defaultSeverity, policy, expected] of cases) {
    it(name, () => {
      // The probe is not a real rule id, so the policy is given as a loaded object.
      const snapshot = caseSnapshot({ name, files: CHURN });
      const loaded = loadPolicy(policy === undefined ? undefined : { path: POLICY_PATH, text: policy.replaceAll('probe', 'lineage-present') });
      expect(loaded.errors).toEqual([]);
      const rename = <T,>(r: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k === 'lineage-present' ? 'probe' : k, v]));
      loaded.policy.rules = rename(loaded.policy.rules);
      for (const t of ['low', 'medium', 'high'] as const) loaded.policy.tiers[t].rules = rename(loaded.policy.tiers[t].rules);
      const ev = evaluate(snapshot, loaded, { rules: [probe('card', defaultSeverity).rule] });
      expect(ev.models[0]!.findings.map((f) => f.severity)).toEqual(expected ? [expected] : []);
    });
  }

  it('options: policy options parsed by the rule schema, tier options over them', () => {
    const { rule, seen } = probe('card');
    const snapshot = caseSnapshot({ name: 'o', files: CHURN });
    const loaded = loadPolicy();
    loaded.policy.rules.probe = { options: { limit: 5 } };
    evaluate(snapshot, loaded, { rules: [rule] });
    loaded.policy.tiers.high.rules.probe = { options: { limit: 9 } };
    evaluate(snapshot, loaded, { rules: [rule] });
    expect(seen.options).toEqual([{ limit: 5 }, { limit: 9 }]);
  });

  it('invalid options are a policy error at their line; the rule does not run', () => {
    const { rule, seen } = probe('card', 'warn', 'lineage-present');
    const text = 'rules:\n  lineage-present:\n    options: {limit: many}\n';
    const ev = run({ files: CHURN, policy: text }, [rule]);
    expect(seen.models).toEqual([]);
    const message = 'rules.lineage-present.options.limit: expected number, received string (options of rule lineage-present; see docs/rules/lineage-present.md)';
    expect(ev.policyErrors).toEqual([{ file: POLICY_PATH, line: 3, code: 'schema', message }]);
    expect(ev.findings).toEqual([{ ruleId: 'modelgate', severity: 'error', message: `policy invalid: ${message}`, file: POLICY_PATH, line: 3 }]);
  });
});

describe('evaluate: failing closed', () => {
  it('a rule that throws becomes one error finding for that rule and model; other rules still run', () => {
    const boom = defineRule({ ...probe('card').rule, meta: { ...probe('card').rule.meta, id: 'boom' }, check: () => { throw new Error('cannot read properties of undefined'); } });
    const ev = run({ files: { ...CHURN, ...cleanModelFiles('models/fraud') } }, [boom, probe('card').rule]);
    expect(ev.models.map((m) => m.findings.map((f) => [f.ruleId, f.severity, f.message, f.file, f.line]))).toEqual([
      [['boom', 'error', 'rule crashed: cannot read properties of undefined', 'models/churn/MODEL_CARD.md', 1], ['probe', 'warn', 'saw models/churn at tier high', 'models/churn/MODEL_CARD.md', 2]],
      [['boom', 'error', 'rule crashed: cannot read properties of undefined', 'models/fraud/MODEL_CARD.md', 1], ['probe', 'warn', 'saw models/fraud at tier high', 'models/fraud/MODEL_CARD.md', 2]],
    ]);
    expect([ev.errors, ev.warnings]).toEqual([2, 2]);
  });

  it('a report with an unknown message id is a crash of that rule', () => {
    const bad = defineRule({ ...probe('card').rule, check: (ctx) => [{ messageId: 'nope', file: ctx.model!.head.cardPath, line: 3 }] });
    const ev = run({ files: CHURN }, [bad]);
    expect(ev.models[0]!.findings.map((f) => f.message)).toEqual(['rule crashed: reported unknown message id "nope"']);
  });

  it('an invalid policy: policyErrors, an error finding, and the rules still run on the defaults', () => {
    const ev = run({ files: CHURN, policy: 'rules:\n  lineage-present: off\n  no-such: warn\n' }, [probe('card').rule]);
    expect(ev.policyErrors.map((e) => e.line)).toEqual([3]);
    expect(ev.findings).toEqual([{ ruleId: 'modelgate', severity: 'error', message: 'policy invalid: rules.no-such: unknown rule "no-such"', file: POLICY_PATH, line: 3 }]);
    expect(ev.models[0]!.findings).toHaveLength(1);
    expect(ev.policySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('content the adapter did not provide is an error finding, not a crash', () => {
    const snapshot = caseSnapshot({ name: 'missing', files: CHURN });
    delete snapshot.head.files['models/churn/lineage.yaml']!.content;
    const ev = evaluate(snapshot, loadPolicy(), { rules: [probe('card').rule] });
    expect(ev.findings).toEqual([
      { ruleId: 'modelgate', severity: 'error', message: 'content of models/churn/lineage.yaml at head was not provided to the engine, so it could not be checked; the gate fails closed', file: 'models/churn/lineage.yaml', line: 1 },
    ]);
  });

  it('a card that cannot be parsed at all: its parse error reaches PR rules; per-model rules skip it', () => {
    const card = probe('card');
    const pr = probe('pr', 'warn', 'pr-probe');
    const base = { 'models/churn/model_card.json': '{"model_details": {"name": "churn"}}' };
    const ev = run({ base, files: { 'models/churn/model_card.json': '{"model_details": ' } }, [card.rule, pr.rule]);
    expect(card.seen.models).toEqual([]);
    expect(pr.seen.prs[0]!.models).toEqual([]);
    expect(pr.seen.prs[0]!.parseErrors).toEqual([{ file: 'models/churn/model_card.json', line: 1, column: 19, code: 'syntax', message: 'invalid JSON: value expected' }]);
    // Its tier cannot be read: it counts as high (fail closed), above the base card's medium.
    expect(ev.models.map((m) => [m.dir, m.tier, m.files])).toEqual([['models/churn', 'high', ['models/churn/model_card.json']]]);
  });

  it('broken front matter still yields a card (the body parses): rules run, the syntax error is reported', () => {
    const broken = '---\ngovernance: {version: [1.0\n---\n# x\n';
    const card = probe('card');
    const pr = probe('pr', 'warn', 'pr-probe');
    run({ files: { ...CHURN, 'models/churn/MODEL_CARD.md': broken } }, [card.rule, pr.rule]);
    expect(card.seen.models).toHaveLength(1);
    expect(new Set(pr.seen.prs[0]!.parseErrors.map((e) => `${e.file} ${e.code}`))).toEqual(new Set(['models/churn/MODEL_CARD.md syntax']));
  });

  it('committed mlruns/ under a model: one parse error per mlruns directory', () => {
    const { rule, seen } = probe('pr');
    const head = { ...CHURN, 'models/churn/mlruns/0/meta.yaml': 'a', 'models/churn/mlruns/0/1/metrics/auc': '0.8' };
    run({ base: CHURN, files: head }, [rule]);
    expect(seen.prs[0]!.parseErrors.map((e) => [e.file, e.line, e.code])).toEqual([['models/churn/mlruns/0/1/metrics/auc', 1, 'mlruns']]);
  });

  it('a PR-wide finding on a model file is filed under that model', () => {
    const onCard = defineRule({ ...probe('pr').rule, check: () => [{ messageId: 'seen', data: { what: 'x', tier: 'y' }, file: 'models/churn/lineage.yaml', line: lineOf(CHURN['models/churn/lineage.yaml']!, 'splits:') }] });
    const ev = run({ files: CHURN }, [onCard]);
    expect(ev.findings).toEqual([]);
    expect(ev.models[0]!.findings).toEqual([{ ruleId: 'probe', severity: 'warn', message: 'saw x at tier y', file: 'models/churn/lineage.yaml', line: 14, model: 'models/churn' }]);
  });
});

describe('evaluate: artifacts found by convention when the card names none', () => {
  it('lineage.yaml, DVC at the repository root and a W&B sweep; a config.yml that is not NNI is ignored', () => {
    const card = cardText({ governance: { lineage: null, tuning_log: null } });
    const files = {
      'models/churn/MODEL_CARD.md': card,
      'models/churn/lineage.yaml': lineageText(),
      'models/churn/sweep.yaml': 'method: random\nmetric: {name: val_auc, goal: maximize}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n',
      'models/churn/config.yml': 'logging: {level: info}\n',
      'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    deps: [data/tx.csv]\n    outs: [model.pkl]\n',
    };
    const { rule, seen } = probe('card');
    const ev = run({ files }, [rule]);
    expect(seen.models[0]!.head.lineage.map((l) => l.format)).toEqual(['modelgate-lineage', 'dvc-pipeline']);
    expect(seen.models[0]!.head.tuningLogs.map((t) => t.format)).toEqual(['wandb-sweep']);
    expect(seen.models[0]!.head.declaredLineage).toBeUndefined();
    expect(ev.models[0]!.files).toContain('dvc.yaml');
    expect(ev.models[0]!.files).toContain('models/churn/config.yml');
    expect(ev.findings).toEqual([]);
  });
});
