import { readFileSync } from 'node:fs';
import { lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn } from './model-case.ts';

const noSlices = (metric: string, segments = 'region, tenure, protected groups') =>
  `No slice metrics: add \`governance.evaluation.slices\` with \`${metric}\` for the segments the model serves (e.g. ${segments}), so a group it serves badly is visible.`;
// Issue 11: the segments suggested fit the task the card declares (pipeline_tag, model-index, tags, library).
const ANY_TASK = 'data source, class, protected groups';
/** A Model Card Toolkit card slices its own performance metrics. */
const noSlicesMct = (metric: string) =>
  `No slice metrics: add \`quantitative_analysis.performance_metrics\` entries with a \`slice\` and \`${metric}\` for the segments the model serves (e.g. ${ANY_TASK}), so a group it serves badly is visible.`;
const withOwners = (card: string) => card.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/ml"]\n---\n');
const hubCard = (name: string) => withOwners(readFileSync(`test/fixtures/real-world/hub-cards/${name}_README.md`, 'utf8'));
const SB3 = hubCard('sb3_ars-Acrobot-v1');
const ASR = hubCard('Voyager1_asr-wav2vec2-commonvoice-es-finetuned-rtve');
const NER = hubCard('HYM_test_ner-finetuned-ner');
const below = (slice: string, metric: string, value: string, overall: string, gap: string, maxGap = '0.05') =>
  `Slice \`${slice}\` has \`${metric}\` ${value} against ${overall} overall, ${gap} worse (more than \`maxGap\` ${maxGap}): investigate the gap, then fix it or document it under limitations with a mitigation.`;
const slices = (list: object[]) => ({ card: { governance: { evaluation: { slices: list } } } });
const WER_EVAL = {
  metrics: [{ name: 'wer', value: 10, ci95: [9.6, 10.4], n: 5000 }],
  baselines: [{ name: 'kaldi', metrics: { wer: 14.2 } }],
};

const MCT = 'models/pets/model_card.json';
const catsVsDogs = readFileSync('test/fixtures/real-world/model-cards/mct-cats_vs_dogs_v0_0_2.json', 'utf8');
const mctFull = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');
/** Issue 11: the card's one metric named for the split it was measured on, not a segment. */
const mctFullTestSlice = mctFull.replace('"slice": "overall"', '"slice": "test set"');
const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');
const MODELS_POLICY = 'models: {paths: ["models/**"]}\n';
/** The real card with a governance block (owners only): its metrics are in `model-index` alone. */
const governedIndexCard = indexCard.replace('\n---\n', '\ngovernance:\n  owners: ["@acme/vision"]\n---\n');

testRule('evaluation-slices-reported', {
  valid: [
    validModel('slices close to overall (the default card)'),
    validModel('a gap of exactly maxGap is accepted (no float noise)', slices([{ name: 'tenure<3m', metrics: { auc: 0.811 }, n: 800 }])),
    validModel('lower-is-better: a slice with a lower WER is better, not worse', { card: { governance: { evaluation: { ...WER_EVAL, slices: [{ name: 'accent=us', metrics: { wer: 8.2 } }] } } } }),
    validModel('a wider maxGap from the policy', slices([{ name: 'age<25', metrics: { auc: 0.78 }, n: 900 }]), { options: { maxGap: 0.1 } }),
    { name: 'Model Card Toolkit slices within the gap (real-world)', files: { [MCT]: catsVsDogs } },
    // One finding per root cause (issue 11): model-card-governance reports a card without the block
    // (naming the evaluation its model-index metrics lack), artifact-parseable one that cannot be read.
    { name: 'metrics only in model-index of a card without a governance block (real-world)', files: { [README]: indexCard }, policy: MODELS_POLICY },
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`evaluation` written but not a mapping (artifact-parseable reports it)', { card: { governance: { evaluation: 'TBD' }, frontMatter: { 'model-index': [{ name: 'churn', results: [{ task: { type: 'tabular-classification' }, dataset: { type: 'tx', name: 'tx' }, metrics: [{ type: 'auc', value: 0.86 }] }] }] } } }),
  ],
  invalid: [
    invalidModel('no slices', slices([]), (at) => [warn(noSlices('auc'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('a slice far below overall, at its metric', slices([{ name: 'region=EU', metrics: { auc: 0.855 }, n: 3100 }, { name: 'age<25', metrics: { auc: 0.77 }, n: 900 }]), (at) => [
      warn(below('age<25', 'auc', '0.77', '0.861', '0.091'), CARD, at(CARD, 'auc: 0.77')),
    ]),
    invalidModel('lower-is-better: a slice with a much higher WER', { card: { governance: { evaluation: { ...WER_EVAL, slices: [{ name: 'accent=scottish', metrics: { wer: 13.5 } }] } } } }, (at) => [
      warn(below('accent=scottish', 'wer', '13.5', '10', '3.5', '2'), CARD, at(CARD, 'wer: 13.5')),
    ], { options: { maxGap: 2 } }),
    invalidModel('a stricter maxGap from the policy', {}, (at) => [warn(below('region=EU', 'auc', '0.855', '0.861', '0.006', '0.005'), CARD, at(CARD, 'auc: 0.855'))], { options: { maxGap: 0.005 } }),
    {
      name: 'Model Card Toolkit card whose governance.yaml states baselines only: its own unsliced metrics are still asked for slices (real-world)',
      files: { [MCT]: mctFull, 'models/pets/governance.yaml': 'governance:\n  owners: ["@acme/vision"]\n  evaluation:\n    baselines: [{name: majority-class, metrics: {accuracy: 0.5}}]\n' },
      findings: [warn(noSlicesMct('accuracy'), MCT, lineOf(mctFull, '"performance_metrics"'))],
    },
    { name: 'Model Card Toolkit card without sliced metrics (real-world)', files: { [MCT]: mctFull }, findings: [warn(noSlicesMct('accuracy'), MCT, lineOf(mctFull, '"performance_metrics"'))] },
    {
      name: 'Model Card Toolkit metric sliced "test set" is the overall test metric: still no slices (real-world shape)',
      files: { [MCT]: mctFullTestSlice },
      findings: [warn(noSlicesMct('accuracy'), MCT, lineOf(mctFullTestSlice, '"performance_metrics"'))],
    },
    {
      name: 'metrics only in model-index (real-world image classifier with a governance block)',
      files: { [README]: governedIndexCard },
      findings: [warn(noSlices('accuracy', 'per class, per capture condition (lighting, device, source)'), README, lineOf(indexCard, '  - task:'))],
    },
    {
      name: 'a reinforcement-learning agent is sliced per environment, not by region (real-world sb3 card)',
      files: { [README]: SB3 },
      findings: [warn(noSlices('mean_reward', 'per environment or level, per seed'), README, lineOf(SB3, 'results:') + 1)],
    },
    {
      name: 'speech recognition: per accent and recording condition (real-world card, pipeline_tag)',
      files: { [README]: ASR },
      findings: [warn(noSlices('wer', 'per accent or dialect, per recording condition, per speaker group'), README, lineOf(ASR, '  - task:'))],
    },
    {
      name: 'NER: per entity type (real-world card, model-index task)',
      files: { [README]: NER },
      findings: [warn(noSlices('precision', 'per entity type, per domain, per language'), README, lineOf(NER, '  - task:'))],
    },
  ],
});
