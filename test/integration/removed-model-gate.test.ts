// Deleting a model goes through the approval gate like any other model change: the engine lists
// the removed model at its base tier, and `decide` asks for that tier's approvals. An approval
// given after the deletion survives an unrelated push; one given before it goes stale.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/approval/decide.ts';
import type { DecideInput, Review } from '../../src/core/approval/types.ts';
import { evaluate, type Evaluation } from '../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import { cleanModelFiles } from '../helpers/fixtures.ts';
import { caseSnapshot } from '../helpers/rule-tester.ts';

const HEAD = 'h'.repeat(40);
const DELETED = 'd'.repeat(40);
const BEFORE = 'b'.repeat(40);

const CHURN = cleanModelFiles('models/churn');
const README = { 'README.md': '# Repo\n' };

function evaluateDeletion(): Evaluation {
  const snapshot = caseSnapshot({ name: 'delete', base: { ...CHURN, ...README }, files: { 'README.md': '# Repo, updated\n' } });
  return evaluate(snapshot, loadPolicy());
}

const approval = (login: string, commitId: string): Review => ({ id: login, user: { login, type: 'User' }, state: 'APPROVED', commitId, submittedAt: '2026-01-01T00:00:00Z' });

function gate(evaluation: Evaluation, reviews: Review[], blobsAt: DecideInput['blobsAt'] = {}) {
  return decide({
    evaluation,
    policy: evaluation.policy,
    pr: { author: 'dana', headSha: HEAD, commitAuthors: ['dana'] },
    reviews,
    comments: [],
    eligibility: { teamMembers: {}, writers: ['alice', 'bob'] },
    blobsAt,
  });
}

describe('a PR that deletes a high-tier model', () => {
  const evaluation = evaluateDeletion();

  it('is not "no model changes": the gate waits for the high tier\'s two approvals', () => {
    expect(evaluation.models.map((m) => [m.dir, m.removed, m.tier])).toEqual([['models/churn', true, 'high']]);
    const decision = gate(evaluation, []);
    expect([decision.state, decision.conclusion, decision.tier, decision.required]).toEqual(['pending', 'action_required', 'high', 2]);
  });

  it('passes with two approvals on the head commit', () => {
    const decision = gate(evaluation, [approval('alice', HEAD), approval('bob', HEAD)]);
    expect([decision.state, decision.approvedBy.map((a) => a.login)]).toEqual(['pass', ['alice', 'bob']]);
  });

  it('approvals given after the deletion survive a docs-only push; those given before it are stale', () => {
    const gone = Object.fromEntries(evaluation.models[0]!.files.map((f) => [f, null]));
    const present = { ...evaluation.models[0]!.blobsBase };
    const decision = gate(evaluation, [approval('alice', DELETED), approval('bob', BEFORE)], { [DELETED]: gone, [BEFORE]: present });
    expect(decision.approvedBy.map((a) => a.login)).toEqual(['alice']);
    expect(decision.stale.map((s) => [s.login, s.changedFiles.length])).toEqual([['bob', 3]]);
    expect(decision.state).toBe('pending');
  });

  it('(why `blobs` is empty) with base blobs as head blobs, no approval of the deletion could ever stay fresh', () => {
    const m = evaluation.models[0]!;
    const misdescribed = { ...evaluation, models: [{ ...m, blobs: m.blobsBase! }] };
    const gone = Object.fromEntries(m.files.map((f) => [f, null]));
    const decision = gate(misdescribed, [approval('alice', DELETED)], { [DELETED]: gone });
    expect(decision.stale.map((s) => s.login)).toEqual(['alice']);
  });
});
