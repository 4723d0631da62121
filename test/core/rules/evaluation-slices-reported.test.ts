import { readFileSync } from 'node:fs';
import { lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, invalidModel, validModel, warn } from './model-case.ts';

const noSlices = (metric: string) =>
  `No slice metrics: add \`governance.evaluation.slices\` with \`${metric}\` for the segments the model serves (e.g. region, tenure, protected groups), so a group it serves badly is visible.`;
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
const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');

testRule('evaluation-slices-reported', {
  valid: [
    validModel('slices close to overall (the default card)'),
    validModel('a gap of exactly maxGap is accepted (no float noise)', slices([{ name: 'tenure<3m', metrics: { auc: 0.811 }, n: 800 }])),
    validModel('lower-is-better: a slice with a lower WER is better, not worse', { card: { governance: { evaluation: { ...WER_EVAL, slices: [{ name: 'accent=us', metrics: { wer: 8.2 } }] } } } }),
    validModel('a wider maxGap from the policy', slices([{ name: 'age<25', metrics: { auc: 0.78 }, n: 900 }]), { options: { maxGap: 0.1 } }),
    { name: 'Model Card Toolkit slices within the gap (real-world)', files: { [MCT]: catsVsDogs } },
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
    { name: 'Model Card Toolkit card without sliced metrics (real-world)', files: { [MCT]: mctFull }, findings: [warn(noSlices('accuracy'), MCT, lineOf(mctFull, '"performance_metrics"'))] },
    { name: 'metrics only in model-index (real-world card)', files: { [README]: indexCard }, findings: [warn(noSlices('accuracy'), README, lineOf(indexCard, '  - task:'))] },
  ],
});
