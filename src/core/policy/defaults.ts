// Built-in defaults (DESIGN §4): what a repository without `.github/modelgate.yml` gets, and what
// every key a policy leaves out falls back to. Strict where it matters: authors and commit
// authors never approve their own model change, and a push that changes a model makes
// earlier approvals stale.
import type { Policy } from './types.ts';

export const DEFAULT_CARD_NAMES = ['MODEL_CARD.md', 'README.md', 'model_card.json'];

export function defaultPolicy(): Policy {
  return {
    models: { paths: [], cards: [...DEFAULT_CARD_NAMES] },
    rules: {},
    frameworks: [],
    inventory: { org: false },
    tiers: {
      low: { approvals: 1, reviewers: [], rules: {} },
      medium: { approvals: 1, reviewers: [], rules: {} },
      // DESIGN §3: explainability is a warning, but an error at high tier.
      high: { approvals: 2, reviewers: [], rules: { 'explainability-documented': { severity: 'error' } } },
    },
    approval: {
      invalidateOn: 'model-change',
      allowAuthor: false,
      allowContributors: false,
      requestReviewers: true,
      waivers: { by: [], requireReason: true },
    },
    checklist: [],
    exempt: [],
  };
}
