// One inventory row for the renderer tests: a high-tier `models/fraud` with nothing else known,
// changed by what each test sets.
import type { InventoryModel } from '../../../src/core/inventory/inventory.ts';

export function inventoryRow(overrides: Partial<InventoryModel> = {}): InventoryModel {
  return {
    name: 'fraud',
    path: 'models/fraud',
    card: 'models/fraud/MODEL_CARD.md',
    version: '1.2.0',
    tier: 'high',
    gatedTier: 'high',
    owners: [],
    intendedUse: null,
    errors: 0,
    warnings: 0,
    reviewBy: null,
    overdue: false,
    lastCommit: null,
    ...overrides,
  };
}
