// One root cause, one finding (issue 11): a Hugging Face card without a `governance:` block used
// to draw the same six sentences (owners, fallback, monitoring, retraining, retirement,
// explainability) and three evaluation ones on every card. They all say "there is no block".
// This rule says it once, names what the block would hold, and hands over a block to paste;
// the rules that read the block's fields stay silent on such a card (support/governance.ts).
import { z } from 'zod';
import { GOVERNANCE_BLOCK_TEMPLATE } from '../artifacts/model-card/template.ts';
import type { ModelCard } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { explainabilitySection, governanceState } from './support/governance.ts';
import { claimedMetrics } from './support/metrics.ts';
import { listOf } from './support/wording.ts';

/** What the block would state, as the message lists it; what the card already says elsewhere is left out. */
function missingParts(card: ModelCard): string[] {
  const metrics = claimedMetrics(card);
  const names = [...new Set(metrics.map((m) => `\`${m.name}\``))];
  // model-index has no field for uncertainty, baselines or slices: the block is where they go.
  // A value written "mean ± std" (stable-baselines3 cards) carries its uncertainty already.
  const uncertain = metrics.some((m) => !m.ci95 && m.se === undefined && m.std === undefined);
  const needs = uncertain ? 'uncertainty, baselines and slices' : 'baselines and slices';
  const evaluation = names.length === 0 ? 'evaluation' : `evaluation (${needs} for ${listOf(names)} from \`model-index\`)`;
  const parts = ['owners', 'version', 'risk tier', evaluation, 'monitoring', 'fallback', 'retraining', 'retirement'];
  // explainability-documented accepts a written Interpretability section in place of the field.
  if (!explainabilitySection(card.sections)) parts.push('explainability');
  return parts;
}

export default defineRule({
  meta: {
    id: 'model-card-governance',
    title: 'Model card has a governance block',
    antipattern: 'governance',
    area: 'card',
    risk: 'documentation',
    rationale:
      'Owners, version, risk tier, evaluation against baselines, monitoring, fallback, retraining, retirement and explainability ' +
      'are what a reviewer needs to approve a model, and modelgate reads them from the card\'s `governance:` block. A Hugging Face ' +
      'card without the block gets this one finding instead of one per missing field: the owners, operations, explainability and ' +
      'evaluation baseline/slice/uncertainty rules say nothing about such a card. A card whose front matter or block cannot be read ' +
      'gets artifact-parseable\'s finding instead. Model Card Toolkit JSON has no such block; its rules report each field. Turning ' +
      'this rule off accepts plain Hugging Face cards without governance.',
    howToFix:
      'Add a `governance:` block to the card\'s front matter (`modelgate init --governance` prints one to paste, the same as in the ' +
      'card template `modelgate init` writes, and the finding\'s suggestion holds it too) and replace its placeholder values with the model\'s own.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.srDocumentation), partly(C.srInventory), partly(C.govern1_6)],
    options: z.object({}),
    messages: {
      missing: 'No `governance` block, so the card states no {{missing}}: add one {{where}}, e.g. the block `modelgate init --governance` prints, and fill it in.',
    },
    examples: {
      valid: ['---\nlicense: apache-2.0\ngovernance:\n  owners: ["@acme/risk-ml"]\n  version: 1.0.0\n  risk_tier: medium\n---'],
      invalid: ['---\nlicense: apache-2.0\npipeline_tag: text-classification   # no governance block\n---'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head || governanceState(head.card) !== 'absent') return [];
    const { card, cardPath: file } = head;
    // bodyLine is the line after the front matter's closing `---`; 1 when the card has no front matter.
    const closing = card.bodyLine > 1 ? card.bodyLine - 1 : undefined;
    const where = closing === undefined ? 'at the top of the file, as a front matter between two `---` lines' : `to the front matter, before its closing \`---\` on line ${closing}`;
    const suggestion = closing === undefined ? `---\n${GOVERNANCE_BLOCK_TEMPLATE}---\n` : GOVERNANCE_BLOCK_TEMPLATE;
    return [{ messageId: 'missing', data: { missing: listOf(missingParts(card), 10, 'or'), where }, file, line: closing ?? 1, suggestion }];
  },
});
