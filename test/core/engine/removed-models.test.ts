// A model is identified by its directory. Deleting a model (or its card, or the markers that made
// its README a card) is a model change like any other: it must reach the approval gate at the
// tier the base card declared, and swapping one card file for another must not drop that tier.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { filesToFetch } from '../../../src/core/engine/files-to-fetch.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { cardText, cleanModelFiles } from '../../helpers/fixtures.ts';
import { caseSnapshot, gitBlobSha, type RuleCase } from '../../helpers/rule-tester.ts';

const run = (c: Omit<RuleCase, 'name'>) => {
  const snapshot = caseSnapshot({ name: 'removed', ...c });
  return evaluate(snapshot, loadPolicy(snapshot.policy));
};

const CHURN = cleanModelFiles('models/churn');
const FRAUD = cleanModelFiles('models/fraud', { card: { governance: { model: 'fraud', risk_tier: 'low' } } });

describe('removed models', () => {
  it('a PR that deletes a model directory gates it at its base tier, with no rules run on it', () => {
    const ev = run({ base: { ...CHURN, ...FRAUD, 'src/churn/features.py': 'a = 1\n' }, files: { ...FRAUD, 'src/churn/features.py': 'a = 1\n' } });
    expect(ev.models.map((m) => m.dir)).toEqual(['models/churn']);
    const m = ev.models[0]!;
    expect(m).toMatchObject({ removed: true, cardPath: 'models/churn/MODEL_CARD.md', tier: 'high', tierBase: 'high', versionBase: '2.3.0', findings: [], name: 'churn-classifier' });
    expect(m.tierHead).toBeUndefined();
    expect(m.versionHead).toBeUndefined();
    // Every file of the model at base, governance.paths included, so staleness sees them go.
    expect(m.files).toEqual(['models/churn/MODEL_CARD.md', 'models/churn/lineage.yaml', 'models/churn/tuning/trials.jsonl', 'src/churn/features.py']);
    expect(m.changedFiles).toEqual(['models/churn/MODEL_CARD.md', 'models/churn/lineage.yaml', 'models/churn/tuning/trials.jsonl']);
    // Nothing of it exists at head: no head blobs (an approval given after the deletion stays
    // fresh); the base blobs are kept for the audit.
    expect(m.blobs).toEqual({});
    expect(m.blobsBase?.['models/churn/lineage.yaml']).toBe(gitBlobSha(CHURN['models/churn/lineage.yaml']!));
    expect(Object.keys(m.blobsBase ?? {})).toEqual(m.files);
    expect(ev.findings).toEqual([]);
    expect([ev.errors, ev.warnings]).toEqual([0, 0]);
  });

  it('deleting only the card removes the model; the files left behind are listed with it', () => {
    const head = { ...CHURN };
    delete head['models/churn/MODEL_CARD.md'];
    const ev = run({ base: CHURN, files: head });
    expect(ev.models.map((m) => [m.dir, m.removed, m.tier, m.changedFiles])).toEqual([['models/churn', true, 'high', ['models/churn/MODEL_CARD.md']]]);
  });

  it('a README that loses its card markers removes the model', () => {
    const readme = cardText({ governance: { risk_tier: 'high' } });
    const ev = run({ base: { 'models/churn/README.md': readme }, files: { 'models/churn/README.md': '# Churn\n\nNotes.\n' } });
    expect(ev.models.map((m) => [m.dir, m.removed, m.tier, m.cardPath])).toEqual([['models/churn', true, 'high', 'models/churn/README.md']]);
  });

  it('a moved model: the old directory is removed, the new one is new; the gate takes the higher tier', () => {
    const moved = cleanModelFiles('models/churn-v2', { card: { governance: { risk_tier: 'low' } } });
    const ev = run({ base: CHURN, files: moved });
    expect(ev.models.map((m) => [m.dir, m.removed ?? false, m.tier])).toEqual([
      ['models/churn', true, 'high'],
      ['models/churn-v2', false, 'low'],
    ]);
  });

  it('a removed model nested in a surviving one is its own removed model; the parent is touched too', () => {
    const base = { ...cleanModelFiles('models', { card: { governance: { risk_tier: 'low' } } }), ...CHURN };
    const head = cleanModelFiles('models', { card: { governance: { risk_tier: 'low' } } });
    const ev = run({ base, files: head });
    expect(ev.models.map((m) => [m.dir, m.removed ?? false, m.tier])).toEqual([
      ['models', false, 'low'],
      ['models/churn', true, 'high'],
    ]);
  });

  it('an unreadable base card of a removed model counts as high (its tier is unknown)', () => {
    const ev = run({ base: { 'models/churn/model_card.json': '{"model_details": ' }, files: {} });
    expect(ev.models.map((m) => [m.dir, m.removed, m.tier])).toEqual([['models/churn', true, 'high']]);
  });

  it('the removed model\'s card is fetched in the first round; its other files are not needed', () => {
    const snapshot = caseSnapshot({ name: 'fetch', base: CHURN, files: {} });
    for (const entry of Object.values(snapshot.base!.files)) delete entry.content;
    expect(filesToFetch(snapshot, loadPolicy().policy)).toEqual({ head: [], base: ['models/churn/MODEL_CARD.md'] });
    const ev = evaluate(snapshot, loadPolicy());
    expect(ev.findings.map((f) => f.message)).toEqual([
      'content of models/churn/MODEL_CARD.md at base was not provided to the engine, so it could not be checked; the gate fails closed',
    ]);
    expect(ev.models.map((m) => [m.dir, m.tier])).toEqual([['models/churn', 'high']]);
  });
});

describe('the base side of a model is the card its directory had at base', () => {
  it('MODEL_CARD.md (high) replaced by model_card.json: the base tier still counts', () => {
    const head: Record<string, string> = { ...CHURN, 'models/churn/model_card.json': '{"model_details": {"name": "churn"}}' };
    delete head['models/churn/MODEL_CARD.md'];
    const ev = run({ base: CHURN, files: head });
    expect(ev.models.map((m) => [m.dir, m.cardPath, m.tier, m.tierBase, m.removed])).toEqual([['models/churn', 'models/churn/model_card.json', 'high', 'high', undefined]]);
    expect(ev.models[0]!.context.base?.cardPath).toBe('models/churn/MODEL_CARD.md');
  });

  it('MODEL_CARD.md (high) deleted next to a README card (low): the base model was the MODEL_CARD.md one', () => {
    const readme = cardText({ governance: { risk_tier: 'low' } });
    const base: Record<string, string> = { ...CHURN, 'models/churn/README.md': readme };
    const head = { ...base };
    delete head['models/churn/MODEL_CARD.md'];
    const ev = run({ base, files: head });
    expect(ev.models.map((m) => [m.cardPath, m.tier, m.tierBase, m.tierHead])).toEqual([['models/churn/README.md', 'high', 'high', 'low']]);
  });
});
