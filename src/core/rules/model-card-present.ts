// A gated path (policy `models.paths`) changed and no model card sits above the changed file:
// the change ships a model nobody has documented, so no other rule can even look at it.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';

export default defineRule({
  meta: {
    id: 'model-card-present',
    title: 'Gated model paths have a model card',
    antipattern: 'governance',
    area: 'card',
    risk: 'documentation',
    rationale:
      'Every model needs an accountable record of what it is, who owns it and how it was evaluated. ' +
      'A change under a gated model path with no card above it ships a model that no rule and no reviewer can assess.',
    howToFix:
      'Add a MODEL_CARD.md (or model_card.json) to the model directory that holds the changed file; ' +
      '`modelgate init` writes a template with a governance block.',
    defaultSeverity: 'error',
    appliesTo: 'pr',
    controls: [partly(C.euArt11_1), partly(C.srDocumentation), partly(C.srInventory), partly(C.govern1_6)],
    options: z.object({}),
    messages: {
      missingCard:
        '`{{file}}` is under a gated model path (policy `models.paths`) but no model card is in its directory or above it: ' +
        'add `MODEL_CARD.md` next to the model (`modelgate init` writes a template).',
    },
    examples: {
      valid: ['# policy: models: {paths: ["models/**"]}\nmodels/churn/MODEL_CARD.md   # card present\nmodels/churn/model.txt       # changed'],
      invalid: ['# policy: models: {paths: ["models/**"]}\nmodels/fraud/model.txt       # changed, no card in models/fraud or above'],
    },
  },
  check(ctx) {
    return ctx.pr.uncoveredModelFiles.map((file) => ({ messageId: 'missingCard', data: { file }, file, line: 1 }));
  },
});
