import { DEFAULT_CARD_BODY } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { readFileSync } from 'node:fs';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const MCT_FULL = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');

const placeholder = (text: string, section: string) =>
  `Placeholder "${text}" left in section "${section}": replace it with the real information, or delete the line if it does not apply.`;
const empty = (section: string) => `Section "${section}" is empty: write what it should say, or remove the heading if it does not apply.`;
const inHeading = (section: string, text: string) =>
  `Heading "${section}" still carries the template marker "${text}": fill the section in and drop the marker, or delete the section.`;
const inMetadata = (key: string, text: string) => `\`${key}\` contains the placeholder "${text}": set the real value, or remove the key.`;
/** The one finding for several leftovers in a card: the count, the first, and every place in `locations`. */
const several = (what: string, first: { line: number; note: string }, places: { line: number; note: string }[]) => ({
  ...error(`${what}, first at line ${first.line}: ${first.note}. Replace each with the real information, or delete what does not apply.`, CARD, first.line),
  locations: places.map((p) => ({ file: CARD, ...p })),
});

const QUIET_BODY = `# churn-classifier

Scores churn. The loss is $\\frac{a}{b}$ and x_{i} is a feature; the API returns {"label": 1}.

## Uses
<!-- TODO: template guidance, never rendered -->

### Direct Use

Call \`score({customer_id})\` as shown:

\`\`\`python
print(f"{customer_id}")  # TODO: not a card placeholder, code
\`\`\`

## Limitations

A todo-list app is out of scope.
`;

const NESTED_BODY = `# churn-classifier

## Uses

### Direct Use

Rank customers.

### Downstream Use

TODO: describe downstream use

## Training Details

### Training Data

Transactions 2023-2024. Window end: TBD.

### Training Procedure

## Evaluation

See the governance block.
`;

testRule('model-card-no-placeholders', {
  valid: [
    validModel('the default card'),
    validModel('code, inline code, comments, LaTeX and prose that only look like placeholders', { card: { body: QUIET_BODY } }),
    validModel('a heading whose text is all in sub-sections is not empty', {
      card: { body: '# m\n\n## Uses\n<!-- guidance -->\n\n### Direct Use\n\nRank customers.\n' },
    }),
  ],
  invalid: [
    invalidModel('"[More Information Needed]" under Limitations, at its line', {
      card: { body: DEFAULT_CARD_BODY.replace(/Trained on customers[^]*?watches for\./, '[More Information Needed]') },
    }, (at) => [error(placeholder('[More Information Needed]', 'Limitations'), CARD, at(CARD, '[More Information Needed]'))]),
    invalidModel('TODO and TBD in nested sections, and an empty sub-section: one finding, every place listed', { card: { body: NESTED_BODY } }, (at) => {
      const places = [
        { line: at(CARD, 'TODO: describe'), note: '"TODO" in section "Downstream Use"' },
        { line: at(CARD, 'Window end: TBD'), note: '"TBD" in section "Training Data"' },
        { line: at(CARD, '### Training Procedure'), note: 'section "Training Procedure" is empty' },
      ];
      return [several('2 placeholders in 2 sections and 1 empty section', places[0]!, places)];
    }),
    invalidModel('one empty section', { card: { body: DEFAULT_CARD_BODY.replace(/(## Limitations\n)[^#]*/, '$1\n') } }, (at) => [
      error(empty('Limitations'), CARD, at(CARD, '## Limitations')),
    ]),
    invalidModel('empty sections, a comment-only one included', {
      card: { body: DEFAULT_CARD_BODY.replace(/(## Limitations\n)[^#]*/, '$1\n').replace(/(## Ethical considerations\n)[^]*$/, '$1\n<!-- fill me -->\n') },
    }, (at) => {
      const places = [
        { line: at(CARD, '## Limitations'), note: 'section "Limitations" is empty' },
        { line: at(CARD, '## Ethical considerations'), note: 'section "Ethical considerations" is empty' },
      ];
      return [several('2 empty sections', places[0]!, places)];
    }),
    invalidModel('a placeholder in the front matter, at its key', { card: { frontMatter: { license: '{license}' } } }, (at) => [
      error(inMetadata('license', '{license}'), CARD, at(CARD, 'license:')),
    ]),
    invalidModel('placeholders in the front matter, each at its key', {
      card: { frontMatter: { license: '{license}' }, governance: { intended_use: 'TODO', owners: ['@acme/risk-ml', '{{ owner }}'] } },
    }, (at) => {
      const places = [
        { line: at(CARD, 'license:'), note: '"{license}" in `license`' },
        { line: at(CARD, '{{ owner }}'), note: '"{{ owner }}" in `governance.owners.1`' },
        { line: at(CARD, 'intended_use:'), note: '"TODO" in `governance.intended_use`' },
      ];
      return [several('3 placeholders in the front matter', places[0]!, places)];
    }),
    {
      // The toolkit's own example card (test/fixtures/real-world/model-cards/mct-full.json) keeps
      // "{image_bytes}" for every graphic: a JSON card has no front matter to name.
      name: 'placeholders in a Model Card Toolkit card are "in the JSON card" (real-world)',
      files: { 'models/pets/model_card.json': MCT_FULL },
      findings: [
        {
          ...error(
            '3 placeholders in the JSON card, first at line 37: "{image_bytes}" in `model_parameters.data.0.graphics.collection.0.image`. Replace each with the real information, or delete what does not apply.',
            'models/pets/model_card.json',
            37,
          ),
          locations: [
            { file: 'models/pets/model_card.json', line: 37, note: '"{image_bytes}" in `model_parameters.data.0.graphics.collection.0.image`' },
            { file: 'models/pets/model_card.json', line: 41, note: '"{image_bytes}" in `model_parameters.data.0.graphics.collection.1.image`' },
            { file: 'models/pets/model_card.json', line: 63, note: '"{image_bytes}" in `quantitative_analysis.graphics.collection.0.image`' },
          ],
        },
      ],
    },
    invalidModel('a template "[optional]" marker left in a heading only', {
      card: { body: `${DEFAULT_CARD_BODY}\n## Citation [optional]\n\nSee arxiv.org/abs/1234.\n` },
    }, (at) => [error(inHeading('Citation [optional]', '[optional]'), CARD, at(CARD, '## Citation'))]),
    invalidModel('a template "[optional]" marker in a heading and in a line', {
      card: { body: `${DEFAULT_CARD_BODY}\n## Citation [optional]\n\n- **Paper [optional]:**\n` },
    }, (at) => {
      const places = [
        { line: at(CARD, '## Citation'), note: 'heading "Citation [optional]" carries "[optional]"' },
        { line: at(CARD, '**Paper'), note: '"[optional]" in section "Citation [optional]"' },
      ];
      return [several('2 placeholders in 1 section', places[0]!, places)];
    }),
    invalidModel('flat ## sections (no title) with a placeholder and Jinja left over', {
      card: { body: '## Intended use\n\nRank customers.\n\n## Limitations\n{{ limitations }}\n\n## Evaluation\n\nMore information needed.\n' },
    }, (at) => {
      const places = [
        { line: at(CARD, '{{ limitations }}'), note: '"{{ limitations }}" in section "Limitations"' },
        { line: at(CARD, 'More information needed.'), note: '"More information needed" in section "Evaluation"' },
      ];
      return [several('2 placeholders in 2 sections', places[0]!, places)];
    }),
    invalidModel('variants of "More information needed", fill-in slots, and a section of empty bullets', {
      card: {
        body: '# m\n\n## Intended use\n\n[Needs More Information]\n\n## Limitations\n\n-\n-\n\n## Training data\n\nTransactions from <insert date range>.\n\n## Evaluation\n\nResults coming soon.\n',
      },
    }, (at) => {
      const places = [
        { line: at(CARD, '[Needs More'), note: '"[Needs More Information]" in section "Intended use"' },
        { line: at(CARD, '## Limitations'), note: 'section "Limitations" is empty' },
        { line: at(CARD, '<insert'), note: '"<insert date range>" in section "Training data"' },
        { line: at(CARD, 'coming soon'), note: '"coming soon" in section "Evaluation"' },
      ];
      return [several('3 placeholders in 3 sections and 1 empty section', places[0]!, places)];
    }),
    invalidModel('the front matter and the body together', {
      card: { frontMatter: { license: '{license}' }, body: DEFAULT_CARD_BODY.replace(/Trained on customers[^]*?watches for\./, 'TBD') },
    }, (at) => {
      const places = [
        { line: at(CARD, 'license:'), note: '"{license}" in `license`' },
        { line: at(CARD, 'TBD'), note: '"TBD" in section "Limitations"' },
      ];
      return [several('2 placeholders in the front matter and 1 section', places[0]!, places)];
    }),
  ],
});
