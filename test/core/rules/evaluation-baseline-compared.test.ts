import { readFileSync } from 'node:fs';
import { cleanModelFiles, lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const noSimple = (compared: string, example = 'logistic regression or a majority-class predictor') =>
  `No simple baseline (${compared}): add one such as ${example} to \`governance.evaluation.baselines\`, on the same split, to show the model's complexity pays off.`;
// Issue 11: the baseline suggested fits the task the card declares (pipeline_tag, model-index, tags, library).
const withOwners = (card: string) => card.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/ml"]\n---\n');
const hubCard = (name: string) => withOwners(readFileSync(`test/fixtures/real-world/hub-cards/${name}_README.md`, 'utf8'));
const DQN = hubCard('AdiKompella_dqn-SpaceInvadersNoFrameskip-v4');
const ASR = hubCard('Voyager1_asr-wav2vec2-commonvoice-es-finetuned-rtve');
const SUMMARIZER = hubCard('Kevincp560_distilbart-cnn-6-6-finetuned-pubmed');
const noBaselines = (version: string, example = 'logistic regression or a majority-class predictor') =>
  `No baselines at all, and this PR changes an existing model: add a simple one (such as ${example}) and \`{name: production, version: ${version}, metrics: {...}}\` to \`governance.evaluation.baselines\`, on the same split.`;
const noProduction = (version: string) =>
  `This PR changes an existing model but the evaluation has no \`production\` baseline: add \`{name: production, version: ${version}, metrics: {...}}\` measured on the same split.`;
const baselines = (list: object[]) => ({ card: { governance: { evaluation: { baselines: list } } } });
const LOGREG = { name: 'logistic-regression', metrics: { auc: 0.781 } };
const PRODUCTION = { name: 'production', version: '2.2.0', metrics: { auc: 0.835 } };
const base = cleanModelFiles(DIR);

const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');
const MODELS_POLICY = 'models: {paths: ["models/**"]}\n';
/** The real card with a governance block (owners only): its metrics are in `model-index` alone. */
const governedIndexCard = indexCard.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/vision"]\n---\n');
const MCT = 'models/a/model_card.json';
/** Issue 11: a Model Card Toolkit card whose one metric is named for the split it was measured on. */
const mctTestSlice = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8').replace('"slice": "overall"', '"slice": "test"');

testRule('evaluation-baseline-compared', {
  valid: [
    validModel('a simple baseline and production (the default card)'),
    validModel('an update compared with production and a simple baseline', { card: { governance: { version: '2.4.0' } } }, { base }),
    validModel('a new model needs no production baseline', baselines([LOGREG]), { base: { 'README.md': '# repo' } }),
    validModel('"prod" and "champion" name the serving model too', baselines([LOGREG, { name: 'champion', metrics: { auc: 0.835 } }]), { base }),
    validModel('a production baseline named with its version counts as production', baselines([LOGREG, { name: 'production-2.2.0', metrics: { auc: 0.835 } }]), { base }),
    validModel('a card that reports no metrics is left to model-card-required-sections', { card: { governance: { evaluation: null } } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block
    // (naming the evaluation its model-index metrics lack), artifact-parseable one that cannot be read.
    { name: 'metrics only in model-index of a card without a governance block (real-world)', files: { [README]: indexCard }, policy: MODELS_POLICY },
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`evaluation` written but not a mapping (artifact-parseable reports it)', { card: { governance: { evaluation: 'TBD' }, frontMatter: { 'model-index': [{ name: 'churn', results: [{ task: { type: 'tabular-classification' }, dataset: { type: 'tx', name: 'tx' }, metrics: [{ type: 'auc', value: 0.86 }] }] }] } } }),
  ],
  invalid: [
    invalidModel('no baselines at all', baselines([]), (at) => [error(noSimple('no baselines at all'), CARD, at(CARD, '  evaluation:'))]),
    {
      name: 'a DQN agent is compared with a random policy, not logistic regression (real-world sb3 card)',
      files: { [README]: DQN },
      policy: MODELS_POLICY,
      findings: [error(noSimple('no baselines at all', 'a random policy (its mean episode reward)'), README, lineOf(DQN, '  - task:'))],
    },
    {
      name: 'speech recognition: the WER of the base checkpoint (real-world card, pipeline_tag)',
      files: { [README]: ASR },
      policy: MODELS_POLICY,
      findings: [error(noSimple('no baselines at all', 'the WER of the base checkpoint before fine-tuning'), README, lineOf(ASR, '  - task:'))],
    },
    {
      name: 'a text2text model reporting ROUGE is a summarizer: a lead-3 baseline (real-world card)',
      files: { [README]: SUMMARIZER },
      policy: MODELS_POLICY,
      findings: [error(noSimple('no baselines at all', 'the ROUGE of a lead-3 baseline (the first three sentences) or of the base checkpoint'), README, lineOf(SUMMARIZER, '  - task:'))],
    },
    invalidModel(
      'a translation model (pipeline_tag) is compared with a baseline system\'s BLEU',
      { card: { frontMatter: { pipeline_tag: 'translation' }, governance: { evaluation: { baselines: [] } } } },
      (at) => [error(noSimple('no baselines at all', 'the BLEU (or chrF) of the base checkpoint or of the system in use'), CARD, at(CARD, '  evaluation:'))],
    ),
    invalidModel('only production', baselines([PRODUCTION]), (at) => [error(noSimple('only `production`'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('only the serving model, however it is written, is no simple baseline', baselines([{ name: 'Prod model', version: '2.2.0', metrics: { auc: 0.835 } }]), (at) => [
      error(noSimple('only `Prod model`'), CARD, at(CARD, '  evaluation:')),
    ]),
    invalidModel('an update without production', baselines([LOGREG]), (at) => [error(noProduction('2.3.0'), CARD, at(CARD, '  evaluation:'))], { base }),
    // One root cause, one finding: no baselines at all is not a missing simple one plus a missing production one.
    invalidModel('an update with no baselines at all: one finding asking for both', baselines([]), (at) => [error(noBaselines('2.3.0'), CARD, at(CARD, '  evaluation:'))], { base }),
    invalidModel('a baseline on other metrics, and one with none, at their lines', baselines([{ name: 'logistic-regression', metrics: { f1: 0.7, accuracy: 0.8 } }, PRODUCTION, { name: 'gbm-v1', metrics: {} }]), (at) => [
      error('Baseline `logistic-regression` reports `f1`, `accuracy` but none of the evaluated metrics (`auc`): report `auc` for it on the same split.', CARD, at(CARD, '- name: logistic-regression')),
      error('Baseline `gbm-v1` reports no numeric metrics: report `auc` for it on the same split.', CARD, at(CARD, '- name: gbm-v1')),
    ]),
    {
      name: 'Model Card Toolkit metric sliced "test" is the overall test metric, compared with nothing (real-world shape)',
      files: { [MCT]: mctTestSlice },
      findings: [
        error(
          noSimple('no baselines at all', 'a majority-class or mean predictor, a linear model, or the rule the model replaces').replace(
            '`governance.evaluation.baselines`',
            '`governance.evaluation.baselines` in a `governance.yaml` beside `model_card.json` (the Model Card Toolkit schema has no place for it)',
          ),
          MCT,
          lineOf(mctTestSlice, '"performance_metrics"'),
        ),
      ],
    },
    {
      name: 'metrics only in model-index (real-world card with a governance block), as an update',
      files: { [README]: governedIndexCard },
      base: { [README]: governedIndexCard.replace('value: 0.9', 'value: 0.88') },
      findings: [error(noBaselines('<version on the base branch>', 'a majority-class predictor or a linear probe on the pretrained features'), README, lineOf(indexCard, '  - task:'))],
    },
  ],
});
