import { readFileSync } from 'node:fs';
import { DEFAULT_CARD_BODY, lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, validModel, warn } from './model-case.ts';

const EVERYTHING = 'owners, version, risk tier, evaluation, monitoring, fallback, retraining, retirement or explainability';
const missing = (what: string, where: string) =>
  `No \`governance\` block, so the card states no ${what}: add one ${where}, e.g. the block \`modelgate init --governance\` prints, and fill it in.`;
const beforeClose = (line: number) => `to the front matter, before its closing \`---\` on line ${line}`;
const NEW_FRONT_MATTER = 'at the top of the file, as a front matter between two `---` lines';

const README = `${DIR}/README.md`;
const MODELS_POLICY = 'models: {paths: ["models/**"]}\n';
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');
const noMetadata = readFileSync('test/fixtures/real-world/model-cards/hf-sample_no_metadata.md', 'utf8');
const listFrontMatter = readFileSync('test/fixtures/real-world/model-cards/hf-sample_invalid_card_data.md', 'utf8');
const mct = readFileSync('test/fixtures/real-world/model-cards/mct-considerations.json', 'utf8');
const sb3Card = readFileSync('test/fixtures/real-world/hub-cards/sb3_ars-Acrobot-v1_README.md', 'utf8');
/** Line of the front matter's closing `---`. */
const closingFence = (text: string) => lineOf(text, '---', 2);
const INTERPRETABILITY = `${DEFAULT_CARD_BODY}\n## Interpretability\n\nSHAP values per feature are in reports/shap_summary.png.\n`;

testRule('model-card-governance', {
  valid: [
    validModel('a card with a governance block (the default card)'),
    validModel('a governance block that holds only owners: each missing field is its own rule\'s finding', { card: { governance: { model: null, version: null, risk_tier: null, evaluation: null, monitoring: null, retraining: null, fallback: null, retirement: null, explainability: null } } }),
    { name: 'Model Card Toolkit card: its fields are mapped, its own rules speak (real-world)', files: { 'models/cats/model_card.json': mct } },
    // What could not be read is artifact-parseable's finding; "no governance block" would be a guess.
    { name: 'front matter that is a list, not a mapping (real-world)', files: { [README]: listFrontMatter }, policy: MODELS_POLICY },
    validModel('front matter with a YAML syntax error', { files: { 'MODEL_CARD.md': `---\nlicense: [apache\n---\n\n${DEFAULT_CARD_BODY}` } }),
    validModel('a governance that is not a mapping', { card: { governance: null, frontMatter: { governance: 'TODO' } } }),
  ],
  invalid: [
    invalidModel('a plain card: one finding naming everything the block would hold, where to paste it', { card: { governance: null } }, (at) => [
      error(missing(EVERYTHING, beforeClose(at(CARD, '---', 2))), CARD, at(CARD, '---', 2)),
    ]),
    invalidModel('an Interpretability section already documents explainability', { card: { governance: null, body: INTERPRETABILITY } }, (at) => [
      error(missing('owners, version, risk tier, evaluation, monitoring, fallback, retraining or retirement', beforeClose(at(CARD, '---', 2))), CARD, at(CARD, '---', 2)),
    ]),
    {
      name: 'metrics only in model-index: the evaluation it lacks is named (real-world card)',
      files: { [README]: indexCard },
      policy: MODELS_POLICY,
      findings: [
        error(
          missing(
            'owners, version, risk tier, evaluation (uncertainty, baselines and slices for `accuracy` and `f1` from `model-index`), monitoring, fallback, retraining, retirement or explainability',
            beforeClose(closingFence(indexCard)),
          ),
          README,
          closingFence(indexCard),
        ),
      ],
    },
    {
      // sb3/ars-Acrobot-v1 writes `value: -81.60 +/- 11.71`: its uncertainty is there already.
      name: 'model-index values written "mean +/- std" are not asked for uncertainty (real-world card)',
      files: { [README]: sb3Card },
      policy: MODELS_POLICY,
      findings: [
        error(
          missing('owners, version, risk tier, evaluation (baselines and slices for `mean_reward` from `model-index`), monitoring, fallback, retraining, retirement or explainability', beforeClose(closingFence(sb3Card))),
          README,
          closingFence(sb3Card),
        ),
      ],
    },
    {
      name: 'a README with no front matter at all (real-world card under models.paths)',
      files: { [README]: noMetadata },
      policy: MODELS_POLICY,
      findings: [error(missing(EVERYTHING, NEW_FRONT_MATTER), README, 1)],
    },
    invalidModel(
      'lowered to a warning by the policy',
      { card: { governance: null } },
      (at) => [warn(missing(EVERYTHING, beforeClose(at(CARD, '---', 2))), CARD, at(CARD, '---', 2))],
      { policy: 'rules:\n  model-card-governance: warn\n' },
    ),
  ],
});
