import { describe, expect, it } from 'vitest';
import { AUDIT_CHECK, auditSummary } from '../../../src/adapters/probot/merge-audit.ts';
import { AUDIT_CHECK_NAME, parseMergeAudit } from '../../../src/core/inventory/audit.ts';
import { buildInventory, type Inventory } from '../../../src/core/inventory/inventory.ts';
import { formatInventory } from '../../../src/core/inventory/render.ts';
import { inventoryRow } from './rows.ts';
import type { AuditRecord } from '../../../src/core/report/audit.ts';
import { inertJson } from '../../../src/core/report/escape.ts';

const RECORD: AuditRecord = {
  tool: 'modelgate',
  version: '0.1.0',
  policy: null,
  base: 'b'.repeat(40),
  head: 'c'.repeat(40),
  models: [
    { path: 'models/fraud', tier: 'high', version: '1.2.0', blobs: {} },
    { path: 'models/churn', tier: 'medium', blobs: {} },
  ],
  findings: [],
  approvals: [
    { user: 'alice', via: 'team acme/model-risk', commit: 'c'.repeat(40) },
    { user: 'bob', via: 'team acme/model-risk', commit: 'c'.repeat(40) },
  ],
  stale: [],
  waivers: [],
  decision: 'approved',
};

/** The summary merge-audit.ts writes, from the record as the rules check carries it. */
const summary = (approval: 'success' | 'failure' | undefined, record: AuditRecord | null = RECORD) =>
  auditSummary({
    pullNumber: 42,
    headSha: 'c'.repeat(40),
    ...(approval ? { approval: { status: 'completed', conclusion: approval } } : {}),
    ...(record ? { audit: inertJson(record, 2) } : {}),
    toolVersion: '0.1.0',
  });

const RUN = { commit: 'd'.repeat(40), date: '2026-11-03T09:00:00Z' };

describe('parseMergeAudit: what merge-audit.ts writes, read back', () => {
  it('the check run name is the one the App writes', () => expect(AUDIT_CHECK_NAME).toBe(AUDIT_CHECK));

  it.each([
    { name: 'a passed gate, for a model of the record', text: summary('success'), model: 'models/fraud', expected: { pullRequest: 42, decision: 'approved', approvers: ['alice', 'bob'], gatePassed: true, ...RUN } },
    { name: 'a bypassed gate', text: summary('failure'), model: 'models/churn', expected: { pullRequest: 42, decision: 'approved', approvers: ['alice', 'bob'], gatePassed: false, ...RUN } },
    { name: 'no approval check at all, and no record', text: summary(undefined, null), model: 'models/fraud', expected: { pullRequest: 42, decision: null, approvers: [], gatePassed: false, ...RUN } },
    { name: 'a record of other models only', text: summary('success'), model: 'models/other', expected: undefined },
    { name: 'not a merge audit', text: 'Something else entirely', model: 'models/fraud', expected: undefined },
    { name: 'a record that is not JSON', text: 'Pull request #7 merged. x\n\n```json\n{not json\n```', model: 'models/fraud', expected: { pullRequest: 7, decision: null, approvers: [], gatePassed: false, ...RUN } },
  ])('$name', ({ text, model, expected }) => {
    expect(parseMergeAudit(text, model, RUN)).toEqual(expected);
  });
});

describe('an inventory with --github', () => {
  const base: Inventory = {
    tool: 'modelgate',
    version: '1.0.0',
    today: '2027-01-02',
    github: 'acme/models',
    models: [
      inventoryRow({ owners: ['@acme/fraud-ml'], lastAudit: { pullRequest: 42, decision: 'approved', approvers: ['alice', 'bob'], gatePassed: true, ...RUN } }),
      inventoryRow({ name: 'churn', path: 'models/churn', card: 'models/churn/MODEL_CARD.md', version: null, tier: 'low', gatedTier: 'low', lastAudit: null }),
    ],
  };

  it('text adds a last audit line', () => {
    const lines = formatInventory('text', base).split('\n');
    expect(lines.filter((l) => l.startsWith('  last audit:'))).toEqual(['  last audit:   #42 approved by alice, bob, 2026-11-03', '  last audit:   -']);
  });

  it('markdown adds a column, references and names inert', () => {
    const rows = formatInventory('markdown', base).split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| Model | Version | Tier | Owners | Intended use | Findings | Review by | Last commit | Last merge audit |');
    expect(rows[2]!.endsWith(' | \\#\u200d42 approved by alice\\, bob\\, 2026\\-11\\-03 |')).toBe(true);
    expect(rows[3]!.endsWith(' | — | — |')).toBe(true);
  });

  it('csv adds the audit columns', () => {
    const records = formatInventory('csv', base).split('\r\n');
    expect(records[0]!.endsWith(',audit_pull_request,audit_decision,audit_approvers,audit_gate_passed,audit_commit,audit_date')).toBe(true);
    expect(records[1]!.endsWith(`,42,approved,alice bob,true,${RUN.commit},${RUN.date}`)).toBe(true);
    expect(records[2]!.endsWith(',,,,,,')).toBe(true);
  });

  it('buildInventory without audits has no lastAudit key and no github', () => {
    const inventory = buildInventory({ evaluation: { models: [] } as never, today: '2027-01-02', toolVersion: '1' });
    expect(inventory).toEqual({ tool: 'modelgate', version: '1', today: '2027-01-02', models: [] });
  });
});
