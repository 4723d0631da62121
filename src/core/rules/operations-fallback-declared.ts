// The fallback myth: "we can always roll back" is only true when someone wrote down to what,
// and how. A model with no declared fallback is taken out of service by improvisation.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { governanceFile, governanceHome, governanceLine } from './support/locate.ts';
import { isBlank } from './support/wording.ts';

export default defineRule({
  meta: {
    id: 'operations-fallback-declared',
    title: 'A fallback or rollback strategy is declared',
    antipattern: 'myths: fallback / rollback',
    area: 'operations',
    risk: 'operations',
    rationale:
      'The rollback myth: when a model misbehaves in production there is no time to decide what replaces it. A declared ' +
      'fallback (previous version, rules, human review) and how to switch to it turns an incident into a routine step.',
    howToFix: 'Add `governance.fallback` with a `strategy` (previous-version, rules-based, human-review) and a `description` of how to switch.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt15_4), partly(C.manage2_4)],
    options: z.object({}),
    messages: {
      missing:
        'No fallback declared: add `governance.fallback`{{where}} with a strategy (previous-version, rules-based, human review) and how to switch, ' +
        'so a failing model can be taken out of service.',
      noStrategy: '`governance.fallback` names no strategy: say what serves requests when this model is pulled (previous-version, rules-based, human review).',
    },
    examples: {
      valid: ['governance:\n  fallback: {strategy: previous-version, description: Roll back to 2.2.0 via the registry alias.}'],
      invalid: ['governance:\n  fallback: {strategy: TBD}'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // A Model Card Toolkit card's block is in its governance.yaml: findings point there.
    const file = governanceFile(model.head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'fallback')) return [];
    const fallback = card.governance?.fallback;
    if (!fallback) return [{ messageId: 'missing', data: { where: governanceHome(model.head) }, file, line: governanceLine(card) }];
    // A description such as "roll back to 2.2.0 via the registry alias" is a strategy in prose.
    if (isBlank(fallback.strategy) && isBlank(fallback.description)) return [{ messageId: 'noStrategy', file, line: fallback.line }];
    return [];
  },
});
