import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, invalidModel, validModel, warn } from './model-case.ts';

const noAblations = (metric: string, baseline: string, old: string, now: string, change = 'tenure features') =>
  `The card claims a gain in \`${metric}\` over \`${baseline}\` (${old} → ${now}) but lists no ablations: add \`governance.evaluation.ablations\` ` +
  `with the change each part of the gain comes from, e.g. \`{change: "${change}", delta: {${metric}: <delta>}}\`.`;
const evaluation = (e: object) => ({ card: { governance: { evaluation: e } } });

testRule('evaluation-gain-attributed', {
  valid: [
    validModel('gains with an ablation (the default card)'),
    validModel('no gain claimed: every baseline is better', evaluation({ ablations: [], baselines: [{ name: 'production', metrics: { auc: 0.87 } }] })),
    validModel('no baselines, so no gain claimed', evaluation({ ablations: [], baselines: [] })),
    validModel('a plain card without a governance block claims no gain over a baseline', { card: { governance: null } }),
  ],
  invalid: [
    invalidModel('ablations emptied: the gain over production is named', evaluation({ ablations: [] }), (at) => [
      warn(noAblations('auc', 'production', '0.835', '0.861'), CARD, at(CARD, '  evaluation:')),
    ]),
    // Issue 11: the example change fits the task (pipeline_tag), not a churn model's features.
    invalidModel(
      'a speech recognizer: the example change is its decoding language model',
      { card: { frontMatter: { pipeline_tag: 'automatic-speech-recognition' }, governance: { evaluation: { ablations: [] } } } },
      (at) => [warn(noAblations('auc', 'production', '0.835', '0.861', 'the language model used in decoding'), CARD, at(CARD, '  evaluation:'))],
    ),
    invalidModel('ablations removed, no production: the largest gain is named', evaluation({
      ablations: null,
      baselines: [{ name: 'gbm-v1', metrics: { auc: 0.85 } }, { name: 'logistic-regression', metrics: { auc: 0.781 } }],
    }), (at) => [warn(noAblations('auc', 'logistic-regression', '0.781', '0.861'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('lower-is-better: a lower WER than production is a gain', evaluation({
      ablations: [],
      metrics: [{ name: 'wer', value: 10.2, ci95: [9.8, 10.6], n: 5000 }],
      baselines: [{ name: 'production', version: '2.2.0', metrics: { wer: 11.9 } }],
    }), (at) => [warn(noAblations('wer', 'production', '11.9', '10.2'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('severity raised by the policy', evaluation({ ablations: [] }), (at) => [
      { severity: 'error', message: noAblations('auc', 'production', '0.835', '0.861'), file: CARD, line: at(CARD, '  evaluation:') },
    ], { policy: 'rules:\n  evaluation-gain-attributed: error\n' }),
  ],
});
