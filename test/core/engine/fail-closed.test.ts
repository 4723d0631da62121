// Inputs that once made the engine pass a model silently, lower its tier or crash. Each case
// states what a model-risk reviewer relies on: unknown is never "fine", and nothing throws.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { cardText, cleanModelFiles, lineOf } from '../../helpers/fixtures.ts';
import { caseSnapshot, type RuleCase } from '../../helpers/rule-tester.ts';

const run = (c: Omit<RuleCase, 'name'>, mutate?: (s: ReturnType<typeof caseSnapshot>) => void) => {
  const snapshot = caseSnapshot({ name: 'fail-closed', ...c });
  mutate?.(snapshot);
  return evaluate(snapshot, loadPolicy(snapshot.policy));
};
const messages = (ev: ReturnType<typeof run>, ruleId: string) =>
  [...ev.findings, ...ev.models.flatMap((m) => m.findings)].filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line} ${f.message}`);

const CHURN = cleanModelFiles('models/churn');
const withCard = (card: string) => ({ ...CHURN, 'models/churn/MODEL_CARD.md': card });

describe('tier: a tier that cannot be read counts as high', () => {
  const cases: Array<[string, string]> = [
    ['risk_tier is not a tier', cardText({ governance: { risk_tier: 'critical' } })],
    ['risk_tier is misspelt as a key', cardText({ governance: { risk_tier: null, 'risk-tier': 'low' } })],
    ['governance is not a mapping', cardText({ governance: null, frontMatter: { governance: 'low' } })],
    ['the front matter does not parse', '---\ngovernance: {risk_tier: low, version: [1\n---\n# Churn\n'],
    ['the front matter is never closed', '---\ngovernance: {risk_tier: low}\n# Churn\n'],
  ];
  for (const [name, card] of cases) {
    it(`new model: ${name}`, () => {
      const ev = run({ base: {}, files: withCard(card) });
      expect(ev.models.map((m) => [m.tier, m.tierHead])).toEqual([['high', undefined]]);
    });
  }

  it('new model whose card cannot be parsed at all', () => {
    const ev = run({ base: {}, files: { 'models/churn/model_card.json': '{"model_details": ' } });
    expect(ev.models.map((m) => m.tier)).toEqual(['high']);
  });

  it('a card the adapter could not read (a symbolic link, say): an error, and high', () => {
    const ev = run({ base: {}, files: CHURN }, (s) => {
      s.head.files['models/churn/MODEL_CARD.md'] = { sha: 'abc', unreadable: 'symbolic link, not followed' };
    });
    expect(ev.models.map((m) => m.tier)).toEqual(['high']);
    expect(messages(ev, 'artifact-parseable')).toEqual(['models/churn/MODEL_CARD.md:1 Not checked: could not be read: symbolic link, not followed.']);
  });

  it('invalid tier at head does not lower a high base tier; a valid card without risk_tier is medium', () => {
    const base = cleanModelFiles('models/churn', { card: { governance: { risk_tier: 'high' } } });
    expect(run({ base, files: withCard(cardText({ governance: { risk_tier: 'LOW' } })) }).models.map((m) => m.tier)).toEqual(['high']);
    expect(run({ base: {}, files: withCard(cardText({ governance: { risk_tier: null } })) }).models.map((m) => m.tier)).toEqual(['medium']);
  });
});

describe('content the adapter did not provide, or could not read, is never skipped', () => {
  const notProvided = (path: string) => `${path}:1 content of ${path} at head was not provided to the engine, so it could not be checked; the gate fails closed`;

  it('a declared tuning log and a DVC lock file without content are engine errors', () => {
    const files = cleanModelFiles('models/churn', { card: { governance: { lineage: 'dvc.yaml' } }, lineage: null, files: { 'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n', 'dvc.lock': 'schema: "2.0"\nstages: {}\n' } });
    const ev = run({ files }, (s) => {
      delete s.head.files['models/churn/tuning/trials.jsonl']!.content;
      delete s.head.files['models/churn/dvc.lock']!.content;
    });
    expect(messages(ev, 'modelgate')).toEqual([notProvided('models/churn/dvc.lock'), notProvided('models/churn/tuning/trials.jsonl')]);
  });

  it('an unreadable params.yaml next to dvc.yaml is reported, not silently left out', () => {
    const files = cleanModelFiles('models/churn', { card: { governance: { lineage: 'dvc.yaml' } }, lineage: null, files: { 'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    params: [lr]\n', 'params.yaml': 'lr: 0.1\n' } });
    const ev = run({ files }, (s) => {
      s.head.files['models/churn/params.yaml'] = { sha: 'abc', unreadable: 'blob too large for the API' };
    });
    expect(messages(ev, 'artifact-parseable')).toEqual(['models/churn/params.yaml:1 Not checked: could not be read: blob too large for the API.']);
  });

  it('an unreadable NNI search space file is reported', () => {
    const files = cleanModelFiles('models/churn', {
      card: { governance: { tuning_log: 'nni/config.yml' } },
      tuning: null,
      files: {
        'nni/config.yml': 'searchSpaceFile: search_space.json\ntrialCommand: python train.py\ntuner: {name: TPE, classArgs: {optimize_mode: maximize, seed: 1}}\nmaxTrialNumber: 10\n',
        'nni/search_space.json': '{}',
      },
    });
    const ev = run({ files }, (s) => {
      s.head.files['models/churn/nni/search_space.json'] = { sha: 'abc', unreadable: 'blob too large for the API' };
    });
    expect(messages(ev, 'artifact-parseable')).toContain('models/churn/nni/search_space.json:1 Not checked: could not be read: blob too large for the API.');
  });
});

describe('models.paths: an ordinary README inside a model does not split it', () => {
  it('models/** does not make models/churn/data a model of its own (which would own, and lower the tier of, its files)', () => {
    const base = { ...CHURN, 'models/churn/data/README.md': '# Data\n', 'models/churn/data/train.csv': 'a\n1\n' };
    const ev = run({ base, files: { ...base, 'models/churn/data/train.csv': 'a\n2\n' }, policy: 'models: {paths: ["models/**"]}\n' });
    expect(ev.models.map((m) => [m.dir, m.tier, m.changedFiles])).toEqual([['models/churn', 'high', ['models/churn/data/train.csv']]]);
  });

  it('a README with card markers nested in a model is still a nested model, and a README by path alone is a model where no card is above it', () => {
    const nested = cardText({ governance: { model: 'sub', risk_tier: 'low' } });
    const files = { ...CHURN, 'models/churn/sub/README.md': nested, 'models/fraud/README.md': '# Fraud\n' };
    const ev = run({ files, policy: 'models: {paths: ["models/**"]}\n' });
    expect(ev.models.map((m) => m.dir)).toEqual(['models/churn', 'models/churn/sub', 'models/fraud']);
  });
});

describe('paths a card names that cannot be checked are errors at the card line', () => {
  const card = (governance: Record<string, unknown>) => cardText({ governance });
  const line = (text: string, needle: string) => lineOf(text, needle);

  it('governance.paths that leave the repository, are absolute, negated or not globs are reported and ignored', () => {
    const text = card({ paths: ['../shared/**', '/src/churn/**', '!src/**', 'src/[z-a]/**', 'src/churn/**'] });
    const ev = run({ files: withCard(text) });
    expect(messages(ev, 'artifact-parseable')).toEqual([
      `models/churn/MODEL_CARD.md:${line(text, '../shared')} Cannot be parsed: governance.paths.0: "../shared/**" leaves the repository (..); globs are relative to the repository root. Fix it so the governance rules can check this file.`,
      `models/churn/MODEL_CARD.md:${line(text, '/src/churn/**')} Cannot be parsed: governance.paths.1: "/src/churn/**" starts with /; globs are relative to the repository root, without a leading /. Fix it so the governance rules can check this file.`,
      `models/churn/MODEL_CARD.md:${line(text, '!src/**')} Cannot be parsed: governance.paths.2: "!src/**" is negated; list the paths that belong to the model instead. Fix it so the governance rules can check this file.`,
      `models/churn/MODEL_CARD.md:${line(text, 'src/[z-a]')} Cannot be parsed: governance.paths.3: "src/[z-a]/**" is not a valid glob. Fix it so the governance rules can check this file.`,
    ]);
    expect(ev.models[0]!.context.head.card.governance?.paths).toEqual(['src/churn/**']);
  });

  it('a glob too long for the matcher is an error, not a crash', () => {
    const text = card({ paths: [`src/${'a'.repeat(70000)}/**`] });
    const ev = run({ files: withCard(text) });
    expect(messages(ev, 'artifact-parseable')).toEqual([`models/churn/MODEL_CARD.md:${line(text, 'paths:') + 1} Cannot be parsed: governance.paths.0: is 70007 characters long; a glob may have at most 1024. Fix it so the governance rules can check this file.`]);
  });

  it('governance.lineage / tuning_log outside the repository, a URL, or a directory', () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ lineage: '../../../lineage.yaml' }, 'lineage:', 'governance.lineage: "../../../lineage.yaml" points outside the repository, so it cannot be checked; name a file in this repository, relative to the card'],
      [{ tuning_log: 's3://bucket/trials.jsonl' }, 'tuning_log:', 'governance.tuning_log: "s3://bucket/trials.jsonl" is a URL, so it cannot be checked; commit the file and name it relative to the card'],
      [{ lineage: 'tuning' }, 'lineage:', 'governance.lineage: "tuning" is a directory; name the file itself'],
    ];
    for (const [governance, needle, message] of cases) {
      const text = card(governance);
      const ev = run({ files: withCard(text) });
      expect(messages(ev, 'artifact-parseable')).toEqual([`models/churn/MODEL_CARD.md:${line(text, needle)} Cannot be parsed: ${message}. Fix it so the governance rules can check this file.`]);
    }
  });
});

describe('two cards in one model directory', () => {
  it('the card read is the first name in models.cards; a second card with its own governance block is an error', () => {
    const readme = cardText({ governance: { risk_tier: 'high' } });
    const files = { ...withCard(cardText({ governance: { risk_tier: 'low' } })), 'models/churn/README.md': readme };
    const ev = run({ files });
    expect(ev.models.map((m) => [m.cardPath, m.tier])).toEqual([['models/churn/MODEL_CARD.md', 'low']]);
    expect(messages(ev, 'artifact-parseable')).toEqual([
      `models/churn/README.md:${lineOf(readme, 'governance:')} Cannot be parsed: models/churn/MODEL_CARD.md is this directory's model card, so the governance block here is ignored; keep one card per model directory. Fix it so the governance rules can check this file.`,
    ]);
  });

  it('a README with only Hub metadata next to MODEL_CARD.md is fine', () => {
    const ev = run({ files: { ...CHURN, 'models/churn/README.md': '---\nlibrary_name: xgboost\n---\n# Churn\n' } });
    expect(messages(ev, 'artifact-parseable')).toEqual([]);
  });
});

describe('PR-wide findings', () => {
  it('a parse error in an artifact the card names outside its directory is filed with that model', () => {
    const files = { ...cleanModelFiles('models/churn', { card: { governance: { lineage: '../../data/churn-lineage.yaml' } }, lineage: null }), 'data/churn-lineage.yaml': 'version: [1\n' };
    const ev = run({ files });
    expect(ev.findings).toEqual([]);
    expect(ev.models[0]!.findings.filter((f) => f.ruleId === 'artifact-parseable').map((f) => [f.file, f.model])).toEqual([['data/churn-lineage.yaml', 'models/churn']]);
  });
});
