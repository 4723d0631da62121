// A Model Card Toolkit card's governance.yaml: the same block as a Hugging Face card's front
// matter, under the same `governance:` key, and it replaces what the JSON implies.
import { describe, expect, it } from 'vitest';
import { parseGovernanceSidecar, withGovernanceSidecar } from '../../../../src/core/artifacts/model-card/governance-sidecar.ts';
import { parseMctCard } from '../../../../src/core/artifacts/model-card/mct.ts';
import { realWorldText } from '../../../helpers/real-world.ts';

const FILE = 'models/pets/governance.yaml';

describe('parseGovernanceSidecar', () => {
  it('reads the block with its lines, as the front matter block is read', () => {
    const sidecar = parseGovernanceSidecar(FILE, 'governance:\n  owners: ["@acme/vision"]\n  risk_tier: high\n  fallback: {strategy: previous-version}\n');
    expect(sidecar.errors).toEqual([]);
    expect(sidecar.governance).toMatchObject({ owners: ['@acme/vision'], riskTier: 'high', fallback: { strategy: 'previous-version', line: 4 }, line: 1 });
    expect(sidecar.locations).toMatchObject({ governance: 1, 'governance.owners': 2, 'governance.risk_tier': 3 });
  });

  it('the block is checked by the governance schema, at its lines', () => {
    const sidecar = parseGovernanceSidecar(FILE, 'governance:\n  risk_tier: extreme\n');
    expect(sidecar.errors.map((e) => [e.line, e.message])).toEqual([[2, 'governance.risk_tier: expected one of low, medium, high, found "extreme"']]);
    expect(sidecar.riskTierUnreadable).toBe(true);
  });

  it('a file without the `governance:` key, or with other keys, is an error', () => {
    expect(parseGovernanceSidecar(FILE, 'owners: ["@a"]\n').errors.map((e) => e.message)).toEqual([
      'expected a `governance:` block (the same block a Hugging Face card carries in its front matter) at the top level',
    ]);
    expect(parseGovernanceSidecar(FILE, 'governance: {owners: ["@a"]}\nnotes: hi\n').errors.map((e) => [e.line, e.code, e.message])).toEqual([
      [2, 'unknown-key', 'unknown key "notes" at the top level; allowed: governance'],
    ]);
  });
});

describe('withGovernanceSidecar', () => {
  it('replaces the governance the JSON implies (owners, version) and its location aliases; the card is not modified', () => {
    const path = 'model-cards/mct-cats_vs_dogs_v0_0_2.json';
    const card = parseMctCard(path, realWorldText(path)).value!;
    expect(card.governance?.owners).toEqual(['Model Cards Team <model-cards@google.com>']);
    const sidecar = parseGovernanceSidecar(FILE, 'governance:\n  owners: ["@acme/vision"]\n  version: 1.0.0\n');
    const merged = withGovernanceSidecar(card, sidecar);
    expect(merged.governance).toEqual(sidecar.governance);
    expect(merged.locations['governance.owners.0']).toBe(2);
    expect(merged.locations['governance.version']).toBe(3);
    expect(merged.results).toBe(card.results);
    expect(card.governance?.owners).toEqual(['Model Cards Team <model-cards@google.com>']);
  });
});
