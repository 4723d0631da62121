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
  'training data': '`datasets:` in the front matter',
  evaluation: '`governance.evaluation.metrics` (or `model-index` results)',
} as const;
/** The one finding for several missing sections: each named, with the template's heading for it. */
function several(sections: (keyof typeof HEADINGS)[], alternatives = ''): string {
  const listed = (items: string[], and: string) => (items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);
  const first = sections.map((s) => `"${HEADINGS[s].slice(1, HEADINGS[s].indexOf('"', 1))}"`);
  return `No ${listed(sections, 'or')} section (${sections.length} of the 5 a card needs): add them under headings such as ${listed(first, 'and')}${alternatives}.`;
}
const BOTH_ALTERNATIVES = '; `governance.intended_use` answers intended use and metrics in `governance.evaluation` or `model-index` answer evaluation too';
const INTENDED_USE_ALTERNATIVE = '; `governance.intended_use` answers intended use too';
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

// The headings of DPolatajko/osm-nlp-setfit (test/fixtures/real-world/hub-cards), with the
// sections it lacks added; its evaluation is a table under "### Accuracy", as timm-style cards do.
const REAL_HEADINGS_BODY = `# osm-nlp-setfit

This is a SetFit model that classifies OpenStreetMap tags.

## Intended use

Suggest a category for a new OpenStreetMap feature.

## Limitations

Trained on European features only.

## Training
The model was trained with the parameters: batch_size 16, 20 iterations.

## Model Details

### Accuracy

| split | accuracy |
|---|---|
| test | 0.91 |

## Ethical considerations

Place names can reveal where people live.
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
    // Issue 11: headings real cards use, each the only heading for its section in its case.
    validModel('"## Training" (sentence-transformers cards) and "### Accuracy" under a heading that names no section', {
      card: { governance: { evaluation: null }, body: REAL_HEADINGS_BODY },
    }),
    validModel('"## Evaluations" and headings in capitals', {
      card: {
        governance: { evaluation: null },
        body: REAL_HEADINGS_BODY.replace('## Model Details\n\n### Accuracy', '## Evaluations').replace('## Limitations', '## LIMITATIONS').replace('## Training\n', '## TRAINING DATA\n'),
      },
    }),
    validModel('"## Evaluation Results" right after an HTML block', {
      card: {
        governance: { evaluation: null },
        body: REAL_HEADINGS_BODY.replace('## Training\n', '## Training data\n').replace('## Model Details\n\n### Accuracy', '<p align="center">\n  <img src="results.png" width="400"/>\n</p>\n## Evaluation Results'),
      },
    }),
    // timm/maxvit_large_tf_384.in21k_ft_in1k: `datasets: [imagenet-1k, imagenet-21k]` in the front
    // matter and "- **Pretrain Dataset:** ImageNet-21k" under "## Model Details", no Training heading.
    validModel('training data named in the front matter\'s `datasets:` (timm cards)', {
      card: { frontMatter: { datasets: ['imagenet-1k'] }, body: REAL_HEADINGS_BODY.replace('## Training\n', '## Notes\n') },
    }),
    validModel('training data named on a labelled line (timm\'s "- **Pretrain Dataset:** ImageNet-21k")', {
      card: { frontMatter: { datasets: null }, body: REAL_HEADINGS_BODY.replace('## Training\n', '## Model Details\n- **Pretrain Dataset:** ImageNet-21k\n\n## Notes\n') },
    }),
    validModel('setext headings (text underlined with === or ---)', {
      card: {
        governance: { evaluation: null },
        body: REAL_HEADINGS_BODY.replace('## Training\n', 'Training Data\n-------------\n').replace('## Model Details\n\n### Accuracy', 'Evaluation\n=========='),
      },
    }),
  ],
  invalid: [
    // One finding per root cause (issue 11): a card not written from a template lacks several sections at once.
    // Its front matter's `datasets:` names the training data (issue 11): four are missing.
    invalidModel('a plain card with only a title: one finding for all four, at the body line', { card: { governance: null, body: '# churn\n\nA model.\n' } }, (_at, files) => [
      error(several(['intended use', 'limitations', 'evaluation', 'ethical considerations'], BOTH_ALTERNATIVES), CARD, bodyLine(files[CARD]!)),
    ]),
    invalidModel('limitations heading removed from the default card', { card: { body: DEFAULT_CARD_BODY.replace('## Limitations', '### Notes') } }, (_at, files) => [
      error(missing('limitations'), CARD, bodyLine(files[CARD]!)),
    ]),
    invalidModel('"How to use" is not intended use', { card: { governance: { intended_use: null }, body: HF_TEMPLATE_BODY.replace('## Uses\n\n### Direct Use', '## How to use') } }, (_at, files) => [
      error(missing('intended use'), CARD, bodyLine(files[CARD]!)),
    ]),
    invalidModel('a labelled line still holding the template\'s placeholder names no training data', {
      card: { frontMatter: { datasets: null }, body: REAL_HEADINGS_BODY.replace('## Training\n', '## Model Details\n- **Dataset:** [More Information Needed]\n\n## Notes\n') },
    }, (_at, files) => [error(missing('training data'), CARD, bodyLine(files[CARD]!))]),
    {
      name: 'real-world HF card with model-index and `datasets:`: evaluation and training data answered, the rest missing',
      files: { [`${DIR}/README.md`]: indexCard },
      findings: [error(several(['intended use', 'limitations', 'ethical considerations'], INTENDED_USE_ALTERNATIVE), `${DIR}/README.md`, bodyLine(indexCard))],
    },
    {
      name: 'real-world Model Card Toolkit card with training data only, at line 1',
      files: { [MCT]: mctTrainOnly },
      findings: [error(several(['intended use', 'limitations', 'evaluation', 'ethical considerations'], BOTH_ALTERNATIVES), MCT, 1)],
    },
    {
      name: 'a card without front matter reports at line 1',
      files: { [CARD]: '# churn\n\n## Training data\n\nX.\n' },
      findings: [error(several(['intended use', 'limitations', 'evaluation', 'ethical considerations'], BOTH_ALTERNATIVES), CARD, 1)],
    },
    {
      name: 'front matter that does not parse: only the sections it cannot answer (artifact-parseable reports the rest)',
      files: { [CARD]: '---\nlicense: [apache\n---\n# churn\n\n## Training data\n\nX.\n' },
      findings: [error(several(['limitations', 'ethical considerations']), CARD, 4)],
    },
  ],
});
