// Data crisis as a service: a model with no record of the data it was built from cannot be
// audited, reproduced or checked for leakage. Only a card that opts into modelgate's governance
// block is asked for one: a plain Hugging Face or Model Card Toolkit card claims no artifacts,
// and gets no finding about them (a manifest found by its conventional name is still checked).
import { z } from 'zod';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile, governanceKeyLine, governanceLine } from './support/locate.ts';
import { hasParseError } from './support/unread.ts';

export default defineRule({
  meta: {
    id: 'lineage-present',
    title: 'The model has a lineage manifest',
    antipattern: 'data crisis as a service',
    area: 'lineage',
    risk: 'provenance',
    rationale:
      'Data crisis as a service: without a record of the input datasets, their versions, the split and the pipeline steps, ' +
      'nobody can reproduce the model, trace a bad prediction to its data, or check the pipeline for leakage.',
    howToFix:
      'Add a lineage manifest next to the card — `lineage.yaml`, a DVC pipeline (`dvc.yaml` + `dvc.lock`) or an OpenLineage ' +
      'event — and name it in `governance.lineage`.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt10_2b), partly(C.euArt10_2c), partly(C.euAnnexIV_2d), partly(C.isoA7_5)],
    options: z.object({}),
    messages: {
      missing:
        'No lineage manifest for this model: add `lineage.yaml` (or `dvc.yaml` + `dvc.lock`, or an OpenLineage event) recording the input ' +
        'datasets and their versions, the split and the steps, and name it in `governance.lineage`.',
      declaredMissing: '`governance.lineage` names `{{path}}`, which is not in the repository: commit the lineage manifest or fix the path.',
    },
    examples: {
      valid: ['governance:\n  lineage: lineage.yaml   # committed next to the card'],
      invalid: ['governance:\n  model: churn-classifier   # no lineage.yaml, dvc.yaml or *.openlineage.json in the model directory'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, lineage, declaredLineage, unreadLineage, governancePath } = model.head;
    const file = governanceFile(model.head);
    if (lineage.length > 0) return [];
    // A manifest that is there but could not be read (named by the card or by convention: a broken
    // lineage.yaml, dvc.yaml, OpenLineage event) is artifact-parseable's finding, not a missing one.
    if (unreadLineage !== undefined && unreadLineage.length > 0) return [];
    // A manifest that exists but did not parse is artifact-parseable's finding.
    if (declaredLineage && hasParseError(ctx.pr, declaredLineage)) return [];
    if (declaredLineage) {
      const path = card.governance?.lineage ?? declaredLineage;
      return [{ messageId: 'declaredMissing', data: { path }, file, line: governanceKeyLine(card, 'lineage') }];
    }
    // Only a card's own `governance:` block (or a Model Card Toolkit card's governance.yaml) opts
    // into artifact claims. An MCT card's owners and version are mapped onto Governance too, but
    // claim no lineage.
    if (!card.governance || (card.metadata['governance'] === undefined && governancePath === undefined)) return [];
    return [{ messageId: 'missing', file, line: governanceLine(card) }];
  },
});
