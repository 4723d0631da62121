import { DEFAULT_CARD_BODY } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const placeholder = (text: string, section: string) =>
  `Placeholder "${text}" left in section "${section}": replace it with the real information, or delete the line if it does not apply.`;
const empty = (section: string) => `Section "${section}" is empty: write what it should say, or remove the heading if it does not apply.`;
const inHeading = (section: string, text: string) =>
  `Heading "${section}" still carries the template marker "${text}": fill the section in and drop the marker, or delete the section.`;
const inMetadata = (key: string, text: string) => `\`${key}\` contains the placeholder "${text}": set the real value, or remove the key.`;

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
    invalidModel('TODO and TBD in nested sections, and an empty sub-section', { card: { body: NESTED_BODY } }, (at) => [
      error(placeholder('TODO', 'Downstream Use'), CARD, at(CARD, 'TODO: describe')),
      error(placeholder('TBD', 'Training Data'), CARD, at(CARD, 'Window end: TBD')),
      error(empty('Training Procedure'), CARD, at(CARD, '### Training Procedure')),
    ]),
    invalidModel('empty sections, a comment-only one included', {
      card: { body: DEFAULT_CARD_BODY.replace(/(## Limitations\n)[^#]*/, '$1\n').replace(/(## Ethical considerations\n)[^]*$/, '$1\n<!-- fill me -->\n') },
    }, (at) => [
      error(empty('Limitations'), CARD, at(CARD, '## Limitations')),
      error(empty('Ethical considerations'), CARD, at(CARD, '## Ethical considerations')),
    ]),
    invalidModel('placeholders in the front matter, at their key', {
      card: { frontMatter: { license: '{license}' }, governance: { intended_use: 'TODO', owners: ['@acme/risk-ml', '{{ owner }}'] } },
    }, (at) => [
      error(inMetadata('license', '{license}'), CARD, at(CARD, 'license:')),
      error(inMetadata('governance.owners.1', '{{ owner }}'), CARD, at(CARD, '{{ owner }}')),
      error(inMetadata('governance.intended_use', 'TODO'), CARD, at(CARD, 'intended_use:')),
    ]),
    invalidModel('a template "[optional]" marker in a heading and in a line', {
      card: { body: `${DEFAULT_CARD_BODY}\n## Citation [optional]\n\n- **Paper [optional]:** arxiv.org/abs/1234\n` },
    }, (at) => [
      error(inHeading('Citation [optional]', '[optional]'), CARD, at(CARD, '## Citation')),
      error(placeholder('[optional]', 'Citation [optional]'), CARD, at(CARD, '**Paper')),
    ]),
    invalidModel('flat ## sections (no title) with a placeholder and Jinja left over', {
      card: { body: '## Intended use\n\nRank customers.\n\n## Limitations\n{{ limitations }}\n\n## Evaluation\n\nMore information needed.\n' },
    }, (at) => [
      error(placeholder('{{ limitations }}', 'Limitations'), CARD, at(CARD, '{{ limitations }}')),
      error(placeholder('More information needed', 'Evaluation'), CARD, at(CARD, 'More information needed.')),
    ]),
    invalidModel('variants of "More information needed", fill-in slots, and a section of empty bullets', {
      card: {
        body: '# m\n\n## Intended use\n\n[Needs More Information]\n\n## Limitations\n\n-\n-\n\n## Training data\n\nTransactions from <insert date range>.\n\n## Evaluation\n\nResults coming soon.\n',
      },
    }, (at) => [
      error(placeholder('[Needs More Information]', 'Intended use'), CARD, at(CARD, '[Needs More')),
      error(empty('Limitations'), CARD, at(CARD, '## Limitations')),
      error(placeholder('<insert date range>', 'Training data'), CARD, at(CARD, '<insert')),
      error(placeholder('coming soon', 'Evaluation'), CARD, at(CARD, 'coming soon')),
    ]),
  ],
});
