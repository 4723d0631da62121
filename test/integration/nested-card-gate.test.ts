// Issue 10, item 1: a PR that adds a low-tier card in a subfolder of a high-tier model, and
// changes files there, must not be gated at low. Before the fix the subfolder became a model of
// its own at tier low, the high-tier model was not touched at all, and one writer passed it.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/approval/decide.ts';
import type { Review } from '../../src/core/approval/types.ts';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import { cardText, cleanModelFiles } from '../helpers/fixtures.ts';
import { caseSnapshot } from '../helpers/rule-tester.ts';

const HEAD = 'h'.repeat(40);
const FRAUD = cleanModelFiles('models/fraud', { files: { 'thresholds/thresholds.yaml': 'block_above: 0.92\n' } });
const LOW_CARD = cardText({ governance: { model: 'fraud-thresholds', risk_tier: 'low', paths: [], lineage: undefined, tuning_log: undefined } });

const approval = (login: string): Review => ({ id: login, user: { login, type: 'User' }, state: 'APPROVED', commitId: HEAD, submittedAt: '2026-01-01T00:00:00Z' });

function nestedCardPr() {
  const head = { ...FRAUD, 'models/fraud/thresholds/MODEL_CARD.md': LOW_CARD, 'models/fraud/thresholds/thresholds.yaml': 'block_above: 0.99\n' };
  return evaluate(caseSnapshot({ name: 'nested card', base: FRAUD, files: head }), loadPolicy());
}

describe('a new low-tier card inside a high-tier model (issue 10, item 1)', () => {
  const evaluation = nestedCardPr();

  it('keeps the split-off files at the owner\'s base tier and touches the owning model', () => {
    expect(evaluation.models.map((m) => [m.dir, m.tier, m.tierHead, m.splitFrom])).toEqual([
      ['models/fraud', 'high', 'high', undefined],
      ['models/fraud/thresholds', 'high', 'low', { dir: 'models/fraud', tier: 'high' }],
    ]);
    expect(evaluation.models[0]!.changedFiles).toEqual(['models/fraud/thresholds/MODEL_CARD.md']);
  });

  it('tells the owning model\'s reviewers, as a finding of that model', () => {
    const split = evaluation.models[0]!.findings.filter((f) => f.ruleId === 'modelgate');
    expect(split).toEqual([
      {
        ruleId: 'modelgate',
        severity: 'warn',
        message: "models/fraud/thresholds/MODEL_CARD.md makes models/fraud/thresholds a model of its own, split off models/fraud (tier high at base): its files stay gated at tier high or higher, and models/fraud's reviewers approve the split",
        file: 'models/fraud/thresholds/MODEL_CARD.md',
        line: 1,
        model: 'models/fraud',
      },
    ]);
  });

  it('asks for the high tier\'s two approvals: one writer does not pass it', () => {
    const gate = (reviews: Review[]) =>
      decide({
        evaluation: { ...evaluation, findings: [], models: evaluation.models.map((m) => ({ ...m, findings: [] })) },
        policy: evaluation.policy,
        pr: { author: 'dana', headSha: HEAD, commitAuthors: ['dana'] },
        reviews,
        comments: [],
        eligibility: { teamMembers: {}, writers: ['alice', 'bob'] },
        blobsAt: {},
      });
    expect([gate([approval('alice')]).state, gate([approval('alice')]).tier, gate([approval('alice')]).required]).toEqual(['pending', 'high', 2]);
    expect(gate([approval('alice'), approval('bob')]).state).toBe('pass');
  });

  it('leaves a card that was already there at base alone', () => {
    const both = { ...FRAUD, 'models/fraud/thresholds/MODEL_CARD.md': LOW_CARD };
    const changed = { ...both, 'models/fraud/thresholds/thresholds.yaml': 'block_above: 0.99\n' };
    const again = evaluate(caseSnapshot({ name: 'existing nested card', base: both, files: changed }), loadPolicy());
    expect(again.models.map((m) => [m.dir, m.tier, m.splitFrom])).toEqual([['models/fraud/thresholds', 'low', undefined]]);
  });
});
