// The inventory issue bodies: GitHub's 65,536-character limit is kept however many models there
// are (overdue reviews always all listed), the hidden rows come back exactly as written and are
// refused when tampered with, and the organisation's body judges overdue on its own day.
import { describe, expect, it } from 'vitest';
import { inventoryDataOf, MAX_ISSUE_BODY, orgIssueBody, repositoryIssueBody, type InventoryData } from '../../../src/core/inventory/issue.ts';
import type { Inventory } from '../../../src/core/inventory/inventory.ts';
import { inventoryRow } from './rows.ts';

const inventory = (models: Inventory['models'], today = '2026-12-06'): Inventory => ({ tool: 'modelgate', version: '0.1.0', today, models });
const COMMIT = 'c'.repeat(40);

describe('repositoryIssueBody', () => {
  it('carries its rows as hidden data that reads back exactly', () => {
    const body = repositoryIssueBody({ inventory: inventory([inventoryRow({ owners: ['@acme/risk'], reviewBy: '2027-01-01', warnings: 2 })]), branch: 'main', commit: COMMIT });
    expect(inventoryDataOf(body)).toEqual({
      commit: COMMIT,
      today: '2026-12-06',
      omitted: 0,
      models: [{ name: 'fraud', path: 'models/fraud', version: '1.2.0', tier: 'high', owners: ['@acme/risk'], errors: 0, warnings: 2, reviewBy: '2027-01-01' }],
    });
  });

  it('fits GitHub\'s limit with 2,000 models, saying how many the table leaves out, every overdue review still on top', () => {
    const models = Array.from({ length: 2000 }, (_, i) => inventoryRow({ name: `model-${String(i).padStart(4, '0')}`, path: `models/m${i}`, intendedUse: 'x'.repeat(100), overdue: i < 3, reviewBy: i < 3 ? '2026-01-01' : null }));
    const body = repositoryIssueBody({ inventory: inventory(models), branch: 'main', commit: COMMIT });
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    const data = inventoryDataOf(body)!;
    expect(data.models.length + data.omitted).toBe(2000);
    expect(data.omitted).toBeGreaterThan(0);
    expect(body).toContain(`| … ${data.omitted} more models: \`modelgate inventory\` lists them all |`);
    expect(body.split('\n').filter((l) => l.startsWith('- **model\\-000'))).toHaveLength(3);
  });

  it('fits with 2,000 overdue reviews: 150 listed on top, the rest counted', () => {
    const models = Array.from({ length: 2000 }, (_, i) => inventoryRow({ name: `model-${String(i).padStart(4, '0')}`, path: `models/m${i}`, owners: ['@acme/a-team-with-a-long-name'], overdue: true, reviewBy: '2026-01-01' }));
    const body = repositoryIssueBody({ inventory: inventory(models), branch: 'main', commit: COMMIT });
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    expect(body).toContain('> **2000 retirement reviews overdue** on 2026-12-06:');
    expect(body.split('\n').filter((l) => l.startsWith('- **model'))).toHaveLength(150);
    expect(body).toContain('\n- … 1850 more, marked **overdue** in the table\n');
  });

  it('lists "No models found." for a repository whose models were all removed', () => {
    const body = repositoryIssueBody({ inventory: inventory([]), branch: 'main', commit: COMMIT });
    expect(body).toContain('\nNo models found.\n');
    expect(inventoryDataOf(body)).toEqual({ commit: COMMIT, today: '2026-12-06', omitted: 0, models: [] });
  });
});

describe('inventoryDataOf refuses what modelgate did not write', () => {
  const valid = repositoryIssueBody({ inventory: inventory([inventoryRow()]), branch: 'main', commit: COMMIT });
  const encoded = (value: unknown) => `<!-- modelgate:inventory-data ${Buffer.from(JSON.stringify(value)).toString('base64')} -->`;
  it.each([
    ['no data block', 'just text'],
    ['not base64', '<!-- modelgate:inventory-data {"commit": 1} -->'],
    ['base64 of no JSON', `<!-- modelgate:inventory-data ${Buffer.from('nope').toString('base64')} -->`],
    ['an unknown tier', encoded({ commit: COMMIT, today: '2026-12-06', omitted: 0, models: [{ ...JSON.parse('{}'), name: 'a', path: 'a', version: null, tier: 'critical', owners: [], errors: 0, warnings: 0, reviewBy: null }] })],
    ['a negative count', encoded({ commit: COMMIT, today: '2026-12-06', omitted: -1, models: [] })],
    ['an extra key', encoded({ commit: COMMIT, today: '2026-12-06', omitted: 0, models: [], approvedBy: 'me' })],
    ['an unclosed block', valid.slice(0, valid.lastIndexOf(' -->'))],
  ])('%s', (_name, body) => {
    expect(inventoryDataOf(body)).toBeUndefined();
  });
});

describe('orgIssueBody', () => {
  const data = (models: InventoryData['models'], omitted = 0): InventoryData => ({ commit: COMMIT, today: '2026-11-01', omitted, models });
  const row = (name: string, reviewBy: string | null, tier: InventoryData['models'][number]['tier'] = 'medium') => ({ name, path: `models/${name}`, version: null, tier, owners: ['@acme/ml'], errors: 0, warnings: 0, reviewBy });

  it('judges overdue on the day it aggregates, not the day each repository wrote its issue', () => {
    const body = orgIssueBody({ owner: 'acme', today: '2026-12-06', entries: [{ repository: 'acme/a', data: data([row('late', '2026-11-15')]) }] });
    expect(body).toContain('> **1 retirement review overdue** on 2026-12-06:');
    expect(body).toContain('| 2026\\-11\\-15 **overdue** |');
  });

  it('sorts by tier, then overdue, then name, across repositories, and names what it could not count', () => {
    const body = orgIssueBody({
      owner: 'acme',
      today: '2026-12-06',
      entries: [
        { repository: 'acme/a', data: data([row('zeta', null, 'high'), row('beta', null)], 4) },
        { repository: 'acme/b', data: data([row('alpha', '2026-01-01'), row('omega', null, 'high')]) },
        { repository: 'acme/c', left: 'its inventory issue #3 was last edited by someone other than modelgate' },
        { repository: 'acme/d', none: true },
      ],
    });
    const names = body.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split(' | ').slice(0, 2).join(' | '));
    expect(names).toEqual(['| `acme/b` | omega<br>`models/omega`', '| `acme/a` | zeta<br>`models/zeta`', '| `acme/b` | alpha<br>`models/alpha`', '| `acme/a` | beta<br>`models/beta`']);
    expect(body).toContain('4 models in 2 repositories; 1 retirement review overdue on 2026-12-06.');
    expect(body).toContain('- `acme/a`: 4 models left out of its own issue (too many for one issue)');
    expect(body).toContain('**Not counted:**\n\n- `acme/c`: its inventory issue #3 was last edited by someone other than modelgate');
    expect(body).toContain('No inventory issue (no models, or no push to the default branch since modelgate was installed): `acme/d`.');
  });
});
