// The evidence pack built from a real evaluation (src/core/evidence/build.ts): rule outcomes,
// waivers from the merge audit, policy exemptions with their grantor, rules the policy turns off,
// and the evidence cited for a pass (file, line, value, blob).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { buildEvidencePack, type AuditEvidence, type EvidencePack } from '../../../src/core/evidence/index.ts';
import type { FrameworkId } from '../../../src/core/rules/frameworks.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { cleanModelFiles, lineOf, type ModelOverrides } from '../../helpers/fixtures.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';

const CARD = 'models/churn/MODEL_CARD.md';
const NO_FALLBACK: ModelOverrides = { card: { governance: { fallback: null } } };

function pack(options: { model?: ModelOverrides; policy?: string; audit?: AuditEvidence; frameworks?: FrameworkId[]; blobsAtCommit?: Map<string, string> } = {}): EvidencePack {
  const files = cleanModelFiles('models/churn', options.model);
  const snapshot = caseSnapshot({ name: 'evidence', files, ...(options.policy !== undefined ? { policy: options.policy } : {}) });
  const evaluation = evaluate(snapshot, loadPolicy(snapshot.policy));
  return buildEvidencePack({
    evaluation,
    model: evaluation.models[0]!,
    frameworks: options.frameworks ?? ['eu-ai-act'],
    rules,
    policyLabel: '.github/modelgate.yml',
    exemptionsGrantedBy: 'the policy file .github/modelgate.yml, last changed in abc by Ada',
    commit: 'c0ffee',
    ...(options.blobsAtCommit ? { blobsAtCommit: options.blobsAtCommit } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    generatedOn: '2026-12-06',
    toolVersion: '9.9.9',
  });
}

const control = (p: EvidencePack, id: string) => p.frameworks.flatMap((f) => f.controls).find((c) => c.control === id)!;

describe('buildEvidencePack', () => {
  it('a clean model: every EU AI Act control is partly evidenced (every rule cites it as partly)', () => {
    const p = pack();
    expect(p.frameworks.map((f) => f.id)).toEqual(['eu-ai-act']);
    expect(p.frameworks[0]!.controls.map((c) => [c.control, c.status])).toEqual(
      ['Art. 10(2)(b)', 'Art. 10(2)(c)', 'Art. 10(2)(f)', 'Art. 10(3)', 'Art. 11(1)', 'Art. 13(3)(b)(i)', 'Art. 13(3)(b)(ii)', 'Art. 13(3)(b)(iii)', 'Art. 13(3)(b)(iv)', 'Art. 13(3)(b)(v)', 'Art. 13(3)(e)', 'Art. 15(1)', 'Art. 15(3)', 'Art. 15(4)', 'Annex IV(1)(a)', 'Annex IV(2)(b)', 'Annex IV(2)(d)', 'Annex IV(2)(g)', 'Annex IV(3)', 'Annex IV(6)', 'Annex IV(9)'].map((c) => [c, 'partly']),
    );
    expect(p.frameworks[0]!.uncovered).toEqual([]);
    expect(p.otherFindings).toEqual([]);
    expect(p.model).toEqual({ name: 'churn-classifier', dir: 'models/churn', cardPath: CARD, version: '2.3.0', tier: 'high', owners: ['@acme/risk-ml'], intendedUse: 'Score retail churn risk for retention offers.' });
  });

  it('lists the findings of rules that cite no control of the chosen frameworks under other findings, never drops them', () => {
    // ISO/IEC 42001 is cited by five rules only; a missing fallback is evidence against none of its controls.
    const p = pack({ model: NO_FALLBACK, frameworks: ['iso-42001'] });
    expect(p.otherFindings.map((f) => [f.ruleId, f.file, f.severity])).toEqual([['operations-fallback-declared', CARD, 'error']]);
    expect(p.frameworks[0]!.controls.map((c) => [c.control, c.status])).toEqual([
      ['A.6.2.4', 'partly'],
      ['A.7.5', 'partly'],
    ]);
  });

  it('cites what a passing rule read: file, line, value and blob', () => {
    const p = pack();
    const rule = control(p, 'Art. 15(4)').rules[0]!;
    const blob = p.files.find((f) => f.path === CARD)!.blob;
    expect(rule).toEqual({
      ruleId: 'operations-fallback-declared',
      title: expect.any(String),
      extent: 'partly',
      result: 'passed',
      findings: [],
      evidence: [{ file: CARD, line: lineOf(cleanModelFiles()[CARD]!, '  fallback:'), value: '{strategy: previous-version, description: Roll back to 2.2.0 via the registry alias.}', blob }],
    });
  });

  it('an open finding makes the control missing, with the finding and its blob', () => {
    const p = pack({ model: NO_FALLBACK });
    const c = control(p, 'Art. 15(4)');
    expect([c.status, c.reason]).toEqual(['missing', '1 open finding of operations-fallback-declared']);
    expect(c.rules[0]!.findings).toEqual([{ ruleId: 'operations-fallback-declared', severity: 'error', message: expect.stringMatching(/^No fallback declared/), file: CARD, line: expect.any(Number), blob: p.files.find((f) => f.path === CARD)!.blob }]);
  });

  it('a waiver in the last merge audit: waived, with who granted it and why', () => {
    const audit: AuditEvidence = { repository: 'acme/models', pullRequest: 7, commit: 'm3rge', date: '2026-11-30T10:00:00Z', decision: 'approved', approvals: [{ user: 'ada', via: 'review', commit: 'h3ad' }], waivers: [{ ruleId: 'operations-fallback-declared', by: 'risk-lead', reason: 'Served behind the rules engine until Q1.' }] };
    const p = pack({ model: NO_FALLBACK, audit });
    const c = control(p, 'Art. 15(4)');
    expect([c.status, c.reason]).toEqual(['waived', 'findings of operations-fallback-declared are waived or exempted; nothing else is open']);
    expect(c.rules[0]!.result).toBe('waived');
    expect(c.rules[0]!.findings[0]!.grant).toEqual({ kind: 'waiver', by: 'risk-lead', reason: 'Served behind the rules engine until Q1.' });
    expect(p.audit).toBe(audit);
  });

  it('a policy exemption: waived, granted by the policy file, and listed under exemptions', () => {
    const policy = 'exempt:\n  - rules: [operations-fallback-declared]\n    reason: Fallback is the platform default.\n';
    const p = pack({ model: NO_FALLBACK, policy });
    const c = control(p, 'Art. 15(4)');
    expect(c.status).toBe('waived');
    expect(c.rules[0]!.findings[0]!.grant).toEqual({ kind: 'exemption', reason: 'Fallback is the platform default.', by: 'the policy file .github/modelgate.yml, last changed in abc by Ada' });
    expect(p.exemptions).toEqual([{ rules: ['operations-fallback-declared'], reason: 'Fallback is the platform default.', by: 'the policy file .github/modelgate.yml, last changed in abc by Ada', findings: 1 }]);
  });

  it('a rule the policy turns off evidences nothing: the control is missing, and says why', () => {
    const p = pack({ model: NO_FALLBACK, policy: 'rules:\n  operations-fallback-declared: "off"\n' });
    const c = control(p, 'Art. 15(4)');
    expect([c.status, c.reason, c.rules[0]!.result]).toEqual(['missing', 'every rule mapped to it is turned off by the policy (operations-fallback-declared)', 'off']);
  });

  it('a rule whose input is absent passed with nothing to check: no baselines, no regression check', () => {
    const p = pack({ model: { card: { governance: { evaluation: { baselines: [] } } } } });
    const c = control(p, 'Art. 15(1)');
    expect([c.status, c.rules.map((r) => [r.ruleId, r.result])]).toEqual(['missing', [['evaluation-no-regression', 'not-applicable']]]);
  });

  it('says whether each file is the blob at the commit', () => {
    const first = pack();
    const atCommit = new Map(first.files.map((f) => [f.path, f.path === CARD ? 'old' : f.blob]));
    expect(pack({ blobsAtCommit: atCommit }).files.map((f) => [f.path, f.atCommit])).toEqual([
      [CARD, false],
      ['models/churn/lineage.yaml', true],
      ['models/churn/tuning/trials.jsonl', true],
    ]);
  });

  it('several frameworks, in the order asked, each with its controls in frameworks.ts order', () => {
    const p = pack({ frameworks: ['sr-11-7', 'iso-42001'] });
    expect(p.frameworks.map((f) => [f.id, f.controls.map((c) => c.control)])).toEqual([
      ['sr-11-7', ['IV. Model Development, Implementation, and Use — development documentation, data quality and testing', 'V. Model Validation — evaluation of conceptual soundness', 'V. Model Validation — ongoing monitoring', 'V. Model Validation — outcomes analysis', 'VI. Governance, Policies, and Controls — roles and responsibilities', 'VI. Governance, Policies, and Controls — model inventory', 'VI. Governance, Policies, and Controls — documentation']],
      ['iso-42001', ['A.6.2.4', 'A.7.5']],
    ]);
  });
});
