// The model card `modelgate init` writes: a Hugging Face card (front matter + Markdown) with
// the governance block filled with obviously-placeholder values and every required section.
// Left as it is, `modelgate check` flags each TODO (model-card-no-placeholders), so the card
// cannot be merged half-written by accident. The governance block is core's, the one
// model-card-governance suggests to a card without one.
import { GOVERNANCE_BLOCK_TEMPLATE } from '../../core/artifacts/model-card/template.ts';

export const MODEL_CARD_TEMPLATE = `---
license: apache-2.0
pipeline_tag: tabular-classification
${GOVERNANCE_BLOCK_TEMPLATE}---

# my-model

## Intended Use

TODO: who uses the model's output, for what decision, and what it must not be used for.

## Limitations

TODO: where the model is known to be weak (segments, data ranges, drift it is sensitive to).

## Training Data

TODO: which data, which time range, how it was split (see lineage.yaml).

## Evaluation

TODO: how the metrics above were computed, on which split, against which baselines.

## Ethical Considerations

TODO: protected attributes, fairness checks, human oversight of the decisions it informs.
`;
