import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { filesToFetch, MAX_FETCH_ROUNDS } from '../../../src/core/engine/files-to-fetch.ts';
import type { Snapshot } from '../../../src/core/engine/snapshot.ts';
import { defaultPolicy } from '../../../src/core/policy/defaults.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { cardText, cleanModelFiles } from '../../helpers/fixtures.ts';
import { caseSnapshot, type RuleCase } from '../../helpers/rule-tester.ts';

/** The snapshot an adapter starts from: trees with blob SHAs, no contents. */
function bare(c: RuleCase): { snapshot: Snapshot; full: Snapshot } {
  const full = caseSnapshot(c);
  const snapshot = structuredClone(full);
  for (const state of [snapshot.head, snapshot.base]) for (const entry of Object.values(state?.files ?? {})) delete entry.content;
  return { snapshot, full };
}

/** Runs the adapter loop; returns what each round asked for. */
function fetchLoop(snapshot: Snapshot, full: Snapshot): Array<{ head: string[]; base: string[] }> {
  const rounds: Array<{ head: string[]; base: string[] }> = [];
  for (;;) {
    const wanted = filesToFetch(snapshot, defaultPolicy());
    if (wanted.head.length + wanted.base.length === 0) return rounds;
    rounds.push(wanted);
    if (rounds.length > MAX_FETCH_ROUNDS + 1) throw new Error('fetch loop does not converge');
    for (const p of wanted.head) snapshot.head.files[p]!.content = full.head.files[p]!.content!;
    for (const p of wanted.base) snapshot.base!.files[p]!.content = full.base!.files[p]!.content!;
  }
}

const CHURN = cleanModelFiles('models/churn');
const FRAUD = cleanModelFiles('models/fraud');

describe('filesToFetch', () => {
  it('cards first, then the artifacts of touched models only; base blobs equal to head are not fetched twice', () => {
    const base = { ...CHURN, ...FRAUD, 'docs/README.md': '# docs\n', 'src/app.py': 'x' };
    const head = { ...base, 'models/churn/lineage.yaml': `${CHURN['models/churn/lineage.yaml']}# retrained\n` };
    const { snapshot, full } = bare({ name: 'x', base, files: head });
    expect(fetchLoop(snapshot, full)).toEqual([
      // Round 1: every card and README that may be a card. The churn card is the same blob at
      // base, so it arrives with head and is not asked for again.
      { head: ['docs/README.md', 'models/churn/MODEL_CARD.md', 'models/fraud/MODEL_CARD.md'], base: [] },
      // Round 2: what the touched card names, on both sides (the lineage differs, the log does not).
      { head: ['models/churn/lineage.yaml', 'models/churn/tuning/trials.jsonl'], base: ['models/churn/lineage.yaml'] },
    ]);
    // Nothing of the untouched fraud model beyond its card, nothing of src/.
    const evaluation = evaluate(snapshot, loadPolicy());
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.models.map((m) => m.dir)).toEqual(['models/churn']);
  });

  it('a Model Card Toolkit card\'s governance.yaml is fetched with its artifacts, and then decides the tier', () => {
    const files = { 'models/pets/model_card.json': readFileSync('test/fixtures/real-world/model-cards/mct-considerations.json', 'utf8'), 'models/pets/governance.yaml': 'governance:\n  risk_tier: high\n' };
    const { snapshot, full } = bare({ name: 'x', files });
    expect(fetchLoop(snapshot, full)).toEqual([{ head: ['models/pets/model_card.json'], base: [] }, { head: ['models/pets/governance.yaml'], base: [] }]);
    expect(evaluate(snapshot, loadPolicy()).models[0]!.tier).toBe('high');
  });

  it('after the loop the evaluation equals the one with every content present', () => {
    const head = { ...CHURN, 'models/churn/MODEL_CARD.md': cardText({ governance: { version: '2.4.0' } }) };
    const { snapshot, full } = bare({ name: 'x', base: CHURN, files: head });
    const rounds = fetchLoop(snapshot, full);
    expect(rounds.length).toBeLessThanOrEqual(MAX_FETCH_ROUNDS);
    const strip = (e: ReturnType<typeof evaluate>) => ({ ...e, models: e.models.map((m) => ({ ...m, context: undefined })) });
    expect(strip(evaluate(snapshot, loadPolicy()))).toEqual(strip(evaluate(full, loadPolicy())));
  });

  it('removed models and base cards under another name are read in the first rounds, and the result equals the full one', () => {
    const readmeCard = cardText({ governance: { model: 'fraud', risk_tier: 'high' } });
    const base = { ...CHURN, 'models/fraud/README.md': readmeCard, 'docs/README.md': '# docs\n' };
    const head: Record<string, string> = { ...CHURN, 'models/churn/model_card.json': '{"model_details": {"name": "churn"}}', 'models/fraud/README.md': '# Fraud, retired\n', 'docs/README.md': '# docs\n' };
    delete head['models/churn/MODEL_CARD.md'];
    const { snapshot, full } = bare({ name: 'x', base, files: head });
    expect(fetchLoop(snapshot, full)).toEqual([
      { head: ['docs/README.md', 'models/churn/model_card.json', 'models/fraud/README.md'], base: ['models/churn/MODEL_CARD.md', 'models/fraud/README.md'] },
      // The MCT card names nothing: head reads lineage.yaml by its name; base reads what its card names.
      { head: ['models/churn/lineage.yaml'], base: ['models/churn/tuning/trials.jsonl'] },
    ]);
    const strip = (e: ReturnType<typeof evaluate>) => ({ ...e, models: e.models.map((m) => ({ ...m, context: undefined })) });
    const evaluation = evaluate(snapshot, loadPolicy());
    expect(strip(evaluation)).toEqual(strip(evaluate(full, loadPolicy())));
    expect(evaluation.models.map((m) => [m.dir, m.removed ?? false, m.tier])).toEqual([['models/churn', false, 'high'], ['models/fraud', true, 'high']]);
  });

  it('a third round for a file an artifact names (an NNI search space)', () => {
    const card = cardText({ governance: { tuning_log: 'nni/config.yml' } });
    const files = {
      ...CHURN,
      'models/churn/MODEL_CARD.md': card,
      'models/churn/nni/config.yml': 'searchSpaceFile: search_space.json\ntrialCommand: python train.py\ntuner: {name: TPE, classArgs: {optimize_mode: maximize, seed: 1}}\nmaxTrialNumber: 10\n',
      'models/churn/nni/search_space.json': '{"learning_rate": {"_type": "loguniform", "_value": [0.0001, 0.1]}}',
    };
    const { snapshot, full } = bare({ name: 'x', files });
    expect(fetchLoop(snapshot, full).map((r) => r.head)).toEqual([['models/churn/MODEL_CARD.md'], ['models/churn/lineage.yaml', 'models/churn/nni/config.yml'], ['models/churn/nni/search_space.json']]);
    const log = evaluate(snapshot, loadPolicy()).models[0]!.context.head.tuningLogs[0]!;
    expect(Object.keys(log.study.searchSpace)).toEqual(['learning_rate']);
  });

  it('nothing to fetch when every content is present, or for files the adapter marked unreadable', () => {
    expect(filesToFetch(caseSnapshot({ name: 'x', files: CHURN }), defaultPolicy())).toEqual({ head: [], base: [] });
    const { snapshot } = bare({ name: 'x', files: CHURN });
    for (const entry of Object.values(snapshot.head.files)) entry.unreadable = 'blob too large for the API';
    expect(filesToFetch(snapshot, defaultPolicy())).toEqual({ head: [], base: [] });
  });
});
