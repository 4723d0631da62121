// Lifecycle: every model ends. Without criteria for when, it outlives its data, its owners and
// its fitness for use, because retiring it is never anyone's decision.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { governanceFile, governanceHome, governanceLine } from './support/locate.ts';
import { isBlank } from './support/wording.ts';

export default defineRule({
  meta: {
    id: 'operations-retirement-criteria',
    title: 'Retirement criteria are stated',
    antipattern: 'lifecycle',
    area: 'operations',
    risk: 'operations',
    rationale:
      'Lifecycle: a model without retirement criteria stays in service by default, long after its data, owners or use case ' +
      'have moved on. Stating when it must be retired makes that a planned decision instead of an accident.',
    howToFix: 'Add `governance.retirement` with `criteria` (e.g. "AUC < 0.80 for 30 days") and a `review_by` date.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3e), partly(C.govern1_7), partly(C.manage2_4)],
    options: z.object({}),
    messages: {
      missing:
        'No retirement criteria: add `governance.retirement`{{where}} with `criteria` (e.g. "AUC < 0.80 for 30 days") and a `review_by` date, ' +
        'so the model is retired when it stops being fit for use.',
      noCriteria: '`governance.retirement` states no criteria: say when this model must be retired (e.g. "AUC < 0.80 for 30 days").',
    },
    examples: {
      valid: ['governance:\n  retirement: {criteria: "AUC < 0.80 for 30 days", review_by: 2027-06-01}'],
      invalid: ['governance:\n  retirement: {review_by: 2027-06-01}   # a date, but no criteria'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // A Model Card Toolkit card's block is in its governance.yaml: findings point there.
    const file = governanceFile(model.head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'retirement')) return [];
    const retirement = card.governance?.retirement;
    if (!retirement) return [{ messageId: 'missing', data: { where: governanceHome(model.head) }, file, line: governanceLine(card) }];
    if (isBlank(retirement.criteria)) return [{ messageId: 'noCriteria', file, line: retirement.line }];
    return [];
  },
});
