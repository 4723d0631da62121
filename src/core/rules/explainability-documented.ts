// Explainability: reviewers, auditors and the people scored by a model need to know what drives
// its predictions. A documented method and an artifact make that checkable.
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { explainabilitySection, governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { governanceFile, governanceHome, governanceLine } from './support/locate.ts';
import { isBlank } from './support/wording.ts';

export default defineRule({
  meta: {
    id: 'explainability-documented',
    title: 'Explainability is documented',
    antipattern: 'explainability',
    area: 'explainability',
    risk: 'operations',
    rationale:
      'Explainability: without a documented method (SHAP, LIME, feature importance, attention analysis) and its output, ' +
      'nobody can check that the model relies on sensible signals rather than proxies for protected attributes or leaked labels.',
    howToFix:
      'Add `governance.explainability` with the `method` and the `artifact` that shows its result (e.g. reports/shap_summary.png), ' +
      'or an "Explainability" / "Interpretability" section in the card.',
    // The default policy's high tier raises this to error (tiers.high.rules); severity by tier is the policy's job.
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3biv), partly(C.measure2_9)],
    options: z.object({}),
    messages: {
      missing:
        'No explainability documented: add `governance.explainability`{{where}} with the method (SHAP, LIME, feature importance, ...) ' +
        'and the artifact that shows it, so reviewers can see what drives predictions.',
      empty: '`governance.explainability` names no method or artifact: add the method (SHAP, LIME, ...) and where its output is.',
    },
    examples: {
      valid: ['governance:\n  explainability: {method: shap, artifact: reports/shap_summary.png}'],
      invalid: ['governance:\n  explainability: {}'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // A Model Card Toolkit card's block is in its governance.yaml: findings point there.
    const file = governanceFile(model.head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'explainability')) return [];
    const explainability = card.governance?.explainability;
    if (explainability && (!isBlank(explainability.method) || !isBlank(explainability.artifact))) return [];
    // Plain Hugging Face cards document interpretability in prose; that counts.
    if (explainabilitySection(card.sections)) return [];
    if (explainability) return [{ messageId: 'empty', file, line: explainability.line }];
    return [{ messageId: 'missing', data: { where: governanceHome(model.head) }, file, line: governanceLine(card) }];
  },
});
