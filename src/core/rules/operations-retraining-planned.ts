// Set and forget: the world a model was trained on moves on. A model with no retraining trigger
// is frozen at its training data until someone happens to notice.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { governanceFile, governanceHome, governanceLine } from './support/locate.ts';
import { isBlank } from './support/wording.ts';

export default defineRule({
  meta: {
    id: 'operations-retraining-planned',
    title: 'Retraining has a trigger',
    antipattern: 'set and forget',
    area: 'operations',
    risk: 'operations',
    rationale:
      'Set and forget: data and behaviour drift after deployment. Without a declared trigger (drift, a performance drop, ' +
      'a schedule) retraining happens when someone remembers, usually after the damage.',
    howToFix: 'Add `governance.retraining` with a `trigger` (drift, performance) and/or a `schedule` (monthly, quarterly).',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3e), partly(C.manage2_2)],
    options: z.object({}),
    messages: {
      missing: 'No retraining plan: add `governance.retraining`{{where}} with a trigger (drift, performance drop) or a schedule, so the model is not set and forgotten.',
      noTrigger: '`governance.retraining` names no trigger or schedule: say what starts a retrain (drift, a performance drop, a schedule such as monthly).',
    },
    examples: {
      valid: ['governance:\n  retraining: {trigger: drift, schedule: monthly}'],
      invalid: ['governance:\n  retraining: {}   # nothing starts a retrain'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // A Model Card Toolkit card's block is in its governance.yaml: findings point there.
    const file = governanceFile(model.head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'retraining')) return [];
    const retraining = card.governance?.retraining;
    if (!retraining) return [{ messageId: 'missing', data: { where: governanceHome(model.head) }, file, line: governanceLine(card) }];
    // A schedule is a trigger too: time passing is what starts the retrain.
    if (isBlank(retraining.trigger) && isBlank(retraining.schedule)) return [{ messageId: 'noTrigger', file, line: retraining.line }];
    return [];
  },
});
