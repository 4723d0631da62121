// Explainability: reviewers, auditors and the people scored by a model need to know what drives
// its predictions. A documented method and an artifact make that checkable.
import { z } from 'zod';
import type { CardSection } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { governanceLine } from './support/locate.ts';
import { isBlank } from './support/wording.ts';

/** A card section such as "## Interpretability" or "## Explainability" with something written in it. */
function explainabilitySection(sections: readonly CardSection[]): CardSection | undefined {
  return sections.find((s) => /\b(explainab|interpretab)/i.test(s.heading) && !isBlank(s.body.replace(/<!--[\s\S]*?-->/g, '')));
}

export default defineRule({
  meta: {
    id: 'explainability-documented',
    title: 'Explainability is documented',
    antipattern: 'explainability',
    area: 'explainability',
    rationale:
      'Explainability: without a documented method (SHAP, LIME, feature importance, attention analysis) and its output, ' +
      'nobody can check that the model relies on sensible signals rather than proxies for protected attributes or leaked labels.',
    howToFix:
      'Add `governance.explainability` with the `method` and the `artifact` that shows its result (e.g. reports/shap_summary.png), ' +
      'or an "Explainability" / "Interpretability" section in the card.',
    // The default policy's high tier raises this to error (tiers.high.rules); severity by tier is the policy's job.
    defaultSeverity: 'warn',
    appliesTo: 'card',
    options: z.object({}),
    messages: {
      missing:
        'No explainability documented: add `governance.explainability` with the method (SHAP, LIME, feature importance, ...) ' +
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
    const { card, cardPath } = model.head;
    const explainability = card.governance?.explainability;
    if (explainability && (!isBlank(explainability.method) || !isBlank(explainability.artifact))) return [];
    // Plain Hugging Face cards document interpretability in prose; that counts.
    if (explainabilitySection(card.sections)) return [];
    if (explainability) return [{ messageId: 'empty', file: cardPath, line: explainability.line }];
    return [{ messageId: 'missing', file: cardPath, line: governanceLine(card) }];
  },
});
