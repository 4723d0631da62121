// `governance.yaml` beside a Model Card Toolkit `model_card.json`: where such a card's governance
// lives. MCT's schema is closed at the top level (the toolkit refuses a `governance` key), so
// the block a Hugging Face card carries in its front matter goes into this file instead, under
// the same `governance:` key, checked by the same schema; every `governance.*` message applies
// to it word for word.
import { isRecord, parseError, parseYaml } from '../source.ts';
import type { Governance, Locations, ModelCard, ParseError } from '../types.ts';
import { parseGovernance } from './governance.ts';

/** File names read as a Model Card Toolkit card's governance, in the card's directory. */
export const GOVERNANCE_SIDECAR_NAMES = ['governance.yaml', 'governance.yml'] as const;

export interface GovernanceSidecar {
  governance?: Governance;
  /** `governance.*` paths -> lines of the sidecar. */
  locations: Locations;
  errors: ParseError[];
  riskTierUnreadable?: true;
}

export function parseGovernanceSidecar(file: string, text: string): GovernanceSidecar {
  const doc = parseYaml(file, text);
  // With a YAML error any value may be the wrong one: the tier cannot be trusted either.
  if (doc.errors.length > 0) return { locations: {}, errors: doc.errors, riskTierUnreadable: true };
  const { data, locations } = doc;
  if (!isRecord(data) || !Object.hasOwn(data, 'governance')) {
    const message = 'expected a `governance:` block (the same block a Hugging Face card carries in its front matter) at the top level';
    return { locations: {}, errors: [parseError(file, 1, 'schema', message)], riskTierUnreadable: true };
  }
  const errors: ParseError[] = [];
  for (const key of Object.keys(data)) {
    if (key !== 'governance') errors.push(parseError(file, locations[key] ?? 1, 'unknown-key', `unknown key "${key}" at the top level; allowed: governance`));
  }
  const result = parseGovernance(file, data.governance, locations);
  errors.push(...result.errors);
  const sidecar: GovernanceSidecar = { locations: governanceLocations(locations), errors: errors.sort((a, b) => a.line - b.line) };
  if (result.governance) sidecar.governance = result.governance;
  if (result.riskTierUnreadable) sidecar.riskTierUnreadable = true;
  return sidecar;
}

function governanceLocations(locations: Locations): Locations {
  return Object.fromEntries(Object.entries(locations).filter(([path]) => path === 'governance' || path.startsWith('governance.')));
}

/**
 * The Model Card Toolkit card with the sidecar's governance in place of the one derived from its
 * JSON (owners, version, use cases): when a `governance.yaml` exists it governs alone, so every
 * `governance.*` line is one of its lines. A sidecar that could not be read leaves the card as it
 * was, with its tier unreadable. Pure: `card` is not modified.
 */
export function withGovernanceSidecar(card: ModelCard, sidecar: GovernanceSidecar): ModelCard {
  if (!sidecar.governance) return sidecar.riskTierUnreadable ? { ...card, riskTierUnreadable: true } : card;
  const own = Object.entries(card.locations).filter(([path]) => path !== 'governance' && !path.startsWith('governance.'));
  const merged: ModelCard = { ...card, governance: sidecar.governance, locations: { ...Object.fromEntries(own), ...sidecar.locations } };
  if (sidecar.riskTierUnreadable) merged.riskTierUnreadable = true;
  return merged;
}
