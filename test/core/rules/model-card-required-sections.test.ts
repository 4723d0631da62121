import { readFileSync } from 'node:fs';
import { DEFAULT_CARD_BODY, lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, validModel } from './model-case.ts';

const HEADINGS = {
  'intended use': '"Intended Use", "Uses", "Direct Use", "Intended uses & limitations", "Use Cases"',
  limitations: '"Limitations", "Bias, Risks, and Limitations", "Intended uses & limitations", "Caveats and Recommendations", "Out-of-Scope Use"',
  'training data': '"Training Data", "Training Details", "Training and evaluation data", "Training Procedure", "Datasets"',
  evaluation: '"Evaluation", "Testing Data, Factors & Metrics", "Results", "Evaluation Results", "Quantitative Analyses", "Performance"',
  'ethical considerations': '"Ethical Considerations", "Bias, Risks, and Limitations", "Ethics", "Fairness", "Risks"',
} as const;
const OR = {
  'intended use': '`governance.intended_use`',
  evaluation: '`governance.evaluation.metrics` (or `model-index` results)',
} as const;
function missing(section: keyof typeof HEADINGS): string {
  const base = `No ${section} section: add one under a heading such as ${HEADINGS[section]}`;
  return section in OR ? `${base}, or set ${OR[section as keyof typeof OR]}.` : `${base}.`;
}
/** Line after the front matter's closing `---`, where the body starts. */
const bodyLine = (text: string) => lineOf(text, '---', 2) + 1;

const HF_TEMPLATE_BODY = `# sentiment-bert

## Uses

### Direct Use

Classify the sentiment of English product reviews.

## Bias, Risks, and Limitations

Sarcasm is often misread; reviews in other languages are out of scope.

## Training Details

### Training Data

IMDB and Amazon reviews, deduplicated.

## Evaluation

### Testing Data, Factors & Metrics

Held-out Amazon reviews.
`;

const MCT = 'models/cats/model_card.json';
const mctFull = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');
const mctTrainOnly = readFileSync('test/fixtures/real-world/model-cards/mct-train_data.json', 'utf8');
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');

testRule('model-card-required-sections', {
  valid: [
    validModel('the default card: every section under its own heading'),
    validModel('Hugging Face template headings (intended use from "Uses", ethics from "Bias, Risks, and Limitations")', {
      card: { governance: { intended_use: null }, body: HF_TEMPLATE_BODY },
    }),
    validModel('governance.intended_use answers intended use; "Intended uses & limitations" answers limitations', {
      card: { body: '# m\n\n## Intended uses & limitations\n\nRanking only.\n\n## Training and evaluation data\n\nX.\n\n## Results\n\nY.\n\n## Ethics\n\nZ.\n' },
    }),
    validModel('metrics in the governance block answer evaluation', {
      card: { body: '# m\n\n## Limitations\n\nA.\n\n## Training data\n\nB.\n\n## Ethical considerations\n\nC.\n' },
    }),
    { name: 'Model Card Toolkit card with every section (real-world)', files: { [MCT]: mctFull } },
  ],
  invalid: [
    invalidModel('a plain card with only a title: one finding per section, at the body line', { card: { governance: null, body: '# churn\n\nA model.\n' } }, (_at, files) => {
      const line = bodyLine(files[CARD]!);
      return [
        error(missing('ethical considerations'), CARD, line),
        error(missing('evaluation'), CARD, line),
        error(missing('intended use'), CARD, line),
        error(missing('limitations'), CARD, line),
        error(missing('training data'), CARD, line),
      ];
    }),
    invalidModel('limitations heading removed from the default card', { card: { body: DEFAULT_CARD_BODY.replace('## Limitations', '### Notes') } }, (_at, files) => [
      error(missing('limitations'), CARD, bodyLine(files[CARD]!)),
    ]),
    invalidModel('"How to use" is not intended use', { card: { governance: { intended_use: null }, body: HF_TEMPLATE_BODY.replace('## Uses\n\n### Direct Use', '## How to use') } }, (_at, files) => [
      error(missing('intended use'), CARD, bodyLine(files[CARD]!)),
    ]),
    {
      name: 'real-world HF card with model-index: evaluation answered, the rest missing',
      files: { [`${DIR}/README.md`]: indexCard },
      findings: ['ethical considerations', 'intended use', 'limitations', 'training data'].map((s) =>
        error(missing(s as keyof typeof HEADINGS), `${DIR}/README.md`, bodyLine(indexCard)),
      ),
    },
    {
      name: 'real-world Model Card Toolkit card with training data only, at line 1',
      files: { [MCT]: mctTrainOnly },
      findings: [
        error(missing('ethical considerations'), MCT, 1),
        error(missing('evaluation'), MCT, 1),
        error(missing('intended use'), MCT, 1),
        error(missing('limitations'), MCT, 1),
      ],
    },
    {
      name: 'a card without front matter reports at line 1',
      files: { [CARD]: '# churn\n\n## Training data\n\nX.\n' },
      findings: [
        error(missing('ethical considerations'), CARD, 1),
        error(missing('evaluation'), CARD, 1),
        error(missing('intended use'), CARD, 1),
        error(missing('limitations'), CARD, 1),
      ],
    },
  ],
});
