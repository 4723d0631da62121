import { lineOf } from '../../helpers/fixtures.ts';
import { realWorldFile } from '../../helpers/real-world.ts';
import { testRule, type InvalidRuleCase, type RuleCase } from '../../helpers/rule-tester.ts';
import { HUB_DIR, HUB_README, MODELS_POLICY, trainerCard, type TrainerCardParts } from './hub-card.ts';
import { CARD, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn } from './model-case.ts';

const hub = (name: string) => realWorldFile(`hub-cards/${name}_README.md`);
const hubCase = (name: string, text: string, extra: Omit<RuleCase, 'name' | 'files'> & { files?: Record<string, string> } = {}): RuleCase => ({
  name,
  policy: MODELS_POLICY,
  ...extra,
  files: { [HUB_README]: text, ...extra.files },
});
const hubInvalid = (name: string, text: string, findings: (text: string) => InvalidRuleCase['findings'], extra: Omit<RuleCase, 'name' | 'files'> = {}): InvalidRuleCase => ({
  ...hubCase(name, text, extra),
  findings: findings(text),
});

// HueyNemud/das22-42-camembert_finetuned_ref: "This model is intended for reproducibility of the NER
// evaluation published in the DAS2022 paper." Its front matter lists no `datasets:`, so there is
// nothing to pin: the claim's other half (which data) is what this rule asks for when it is listed.
const dasCard = hub('HueyNemud_das22-42-camembert_finetuned_ref');
// Sociovestix/lenu_US-DE pins its evaluation data in model-index:
//     dataset: {name: lenu, type: Sociovestix/lenu, config: US-DE, split: test, revision: fbe0b4b5b8d6950c10f5710f2c987728635a4afe}
const lenuClaiming = hub('Sociovestix_lenu_US-DE')
  .replace('---\nmodel-index:', '---\ndatasets:\n- Sociovestix/lenu\nmodel-index:')
  .replace('## Model Description\n', '## Model Description\n\nThe evaluation is reproducible from the pinned dataset revision.\n');

const conll = (description: string, parts: TrainerCardParts = {}) =>
  trainerCard({
    name: 'bert-finetuned-ner',
    datasets: ['conll2003'],
    results: [{ task: 'token-classification', dataset: { name: 'conll2003', type: 'conll2003', split: 'test' }, metrics: [{ type: 'f1', value: 0.9129 }] }],
    description,
    ...parts,
  });
const REPRODUCIBLE = 'All results are reproducible with the notebook in this repository.';

const unpinned = (quote: string, datasets: string, have = 'has', them = 'it') =>
  `The card claims reproducibility ("${quote}") but ${datasets} in \`datasets:\` ${have} no pinned revision: the Hub ` +
  `dataset can change under that name; pin ${them} with a model-index \`dataset.revision\`, a lineage \`version\` or ` +
  '`load_dataset(..., revision=...)`.';

testRule('model-card-datasets-pinned', {
  valid: [
    hubCase('claims reproducibility, lists no datasets (real: HueyNemud DAS22)', dasCard),
    hubCase('claims reproducibility, the dataset pinned in model-index (real: Sociovestix lenu)', lenuClaiming),
    // espnet's cards cite "Espnet-TTS: Unified, reproducible, and integratable ..." inside a ```BibTex block.
    hubCase('"reproducible" only in a BibTeX title (real: espnet csmsc VITS)', hub('espnet_kan-bayashi_csmsc_full_band_vits')),
    hubCase('an unpinned dataset and no claim', conll('More information needed')),
    hubCase('pinned through the lineage manifest uri', conll(REPRODUCIBLE), {
      files: { [`${HUB_DIR}/lineage.yaml`]: 'version: 1\ndatasets:\n  - name: conll2003\n    uri: hf://datasets/conll2003@01ad4ad271976c5258b9ed9b910469a806ff3288\n    version: 01ad4ad271976c5258b9ed9b910469a806ff3288\n' },
    }),
    hubCase('pinned in the card\'s own load_dataset call', conll(`${REPRODUCIBLE}\n\n\`\`\`python\nds = load_dataset("conll2003", revision="01ad4ad2")\n\`\`\``)),
    hubCase('a claim the card negates', conll('Scores are not reproducible bit for bit across GPU types.')),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
  ],
  invalid: [
    hubInvalid('a Trainer card that claims reproducibility of conll2003 results', conll(REPRODUCIBLE), (text) => [
      warn(unpinned(REPRODUCIBLE, '`conll2003`'), HUB_README, lineOf(text, '- conll2003')),
    ]),
    hubInvalid('`revision: main` in model-index moves with the dataset', conll(REPRODUCIBLE, { results: [{ task: 'token-classification', dataset: { name: 'conll2003', type: 'conll2003', split: 'test', revision: 'main' }, metrics: [{ type: 'f1', value: 0.91 }] }] }), (text) => [
      warn(unpinned(REPRODUCIBLE, '`conll2003`'), HUB_README, lineOf(text, '- conll2003')),
    ]),
    invalidModel(
      'the intended use promises reproducibility; two Hub datasets unpinned',
      { card: { frontMatter: { datasets: ['acme/retail-transactions', 'acme/account-closures'] }, governance: { intended_use: 'Reproducible churn scores for the quarterly audit.' } } },
      (at) => [warn(unpinned('Reproducible churn scores for the quarterly audit.', '`acme/retail-transactions` and `acme/account-closures`', 'have', 'them'), CARD, at(CARD, '- acme/retail-transactions'))],
    ),
    hubInvalid(
      'without requireClaim every listed dataset needs a revision',
      conll('More information needed'),
      (text) => [
        warn(
          '`conll2003` in `datasets:` has no pinned revision: the Hub dataset can change under that name; pin it with a model-index ' +
            '`dataset.revision`, a lineage `version` or `load_dataset(..., revision=...)`.',
          HUB_README,
          lineOf(text, '- conll2003'),
        ),
      ],
      { options: { requireClaim: false } },
    ),
  ],
});
