// Where a model's tier comes from, for the words the report puts next to it. The engine counts
// a side whose card declares no `risk_tier` as medium and a side whose tier cannot be read (the
// card does not parse, or its tier is invalid) as high; `tierBase`/`tierHead` are only what the
// cards declare. So a model at `high` that declares `high` on neither side is high only because
// a tier could not be read: a reviewer must hear that, not guess it from a "base low" note.
import type { RiskTier } from '../artifacts/types.ts';

interface TieredModel {
  dir: string;
  tier: RiskTier;
  tierBase?: RiskTier;
  tierHead?: RiskTier;
  /** Split off another model by a new card: that model's base tier is this one's floor. */
  splitFrom?: { dir: string; tier: RiskTier };
}

/** The model counts as high only because its tier (on base or head) could not be read. */
export function tierUnreadable(m: TieredModel): boolean {
  return m.tier === 'high' && m.tierBase !== 'high' && m.tierHead !== 'high' && m.splitFrom?.tier !== 'high';
}

/**
 * The models that make a `high` gate tier, when none declares it: then every one of them is high
 * because its tier could not be read. Empty when the gate tier is not high or a card says high.
 */
export function unreadableTierModels(models: readonly TieredModel[], gateTier: RiskTier | undefined): TieredModel[] {
  if (gateTier !== 'high') return [];
  if (models.some((m) => m.tierBase === 'high' || m.tierHead === 'high' || m.splitFrom?.tier === 'high')) return [];
  return models.filter(tierUnreadable);
}
