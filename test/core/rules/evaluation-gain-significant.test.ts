import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, invalidModel, validModel, warn } from './model-case.ts';

interface Gain {
  metric: string;
  baseline: string;
  old: string;
  new: string;
  gain: string;
  confidence?: string;
  halfWidth: string;
  method: string;
}
const inside = (g: Gain) =>
  `The gain in \`${g.metric}\` over \`${g.baseline}\` (${g.old} → ${g.new}, +${g.gain}) is inside the ${g.confidence ?? '95'}% uncertainty (±${g.halfWidth}, ${g.method}), so it may be noise: `;
const needN = (g: Gain, required: string, n: string) =>
  `${inside(g)}about N = ${required} evaluation samples (now ${n}) would make a gain of ${g.gain} distinguishable at ${g.confidence ?? '95'}%; otherwise do not claim the gain.`;
const noN = (g: Gain) => `${inside(g)}evaluate on more data (add \`n\` to the metric to get the sample size needed), or do not claim the gain.`;

const evaluation = (e: object) => ({ card: { governance: { evaluation: e } } });
const LOGREG = { name: 'logistic-regression', metrics: { auc: 0.781 } };
const production = (auc: number) => ({ name: 'production', version: '2.2.0', metrics: { auc } });
const CI_NO_N = [{ name: 'auc', value: 0.861, ci95: [0.852, 0.87] }];

testRule('evaluation-gain-significant', {
  valid: [
    validModel('gains well outside the CI (the default card)'),
    validModel('a stricter alpha still separates the default gains', {}, { options: { alpha: 0.01 } }),
    validModel('no uncertainty at all is left to evaluation-uncertainty-reported', evaluation({ metrics: [{ name: 'auc', value: 0.861 }], baselines: [LOGREG, production(0.858)] })),
    validModel('a baseline that is better claims no gain (evaluation-no-regression judges it)', evaluation({ baselines: [LOGREG, production(0.87)] })),
    // std is the spread of the metric across the n examples: its standard error is std/√n.
    validModel('std across 40,000 examples: a gain of 0.006 is outside ±0.0029', evaluation({
      metrics: [{ name: 'auc', value: 0.861, std: 0.3, n: 40000 }],
      baselines: [LOGREG, production(0.855)],
    })),
  ],
  invalid: [
    invalidModel('a gain over production inside the reported CI: the n needed is suggested', evaluation({ baselines: [LOGREG, production(0.858)] }), (at) => [
      warn(needN({ metric: 'auc', baseline: 'production', old: '0.858', new: '0.861', gain: '0.003', halfWidth: '0.009', method: 'the reported ci95' }, '110,000', '12,000'), CARD, at(CARD, '- name: production')),
    ]),
    invalidModel('accuracy with only n: the Wilson interval decides', evaluation({
      metrics: [{ name: 'accuracy', value: 0.912, n: 2000 }],
      baselines: [{ name: 'majority-class', metrics: { accuracy: 0.905 } }],
    }), (at) => [
      warn(needN({ metric: 'accuracy', baseline: 'majority-class', old: '0.905', new: '0.912', gain: '0.007', halfWidth: '0.0132188', method: 'Wilson interval, n = 2,000' }, '7,200', '2,000'), CARD, at(CARD, '- name: majority-class')),
    ]),
    invalidModel('a CI without n: more data is asked for, without a number', evaluation({ metrics: CI_NO_N, baselines: [LOGREG, production(0.858)] }), (at) => [
      warn(noN({ metric: 'auc', baseline: 'production', old: '0.858', new: '0.861', gain: '0.003', halfWidth: '0.009', method: 'the reported ci95' }), CARD, at(CARD, '- name: production')),
    ]),
    invalidModel('std and n, and a baseline with its own "± error": both intervals combine', evaluation({
      metrics: [{ name: 'f1', value: 0.8, std: 0.05, n: 100 }],
      baselines: [{ name: 'rules-v3', metrics: { f1: '0.79 ± 0.004' } }],
    }), (at) => [
      warn(needN({ metric: 'f1', baseline: 'rules-v3', old: '0.79', new: '0.8', gain: '0.01', halfWidth: '0.01255', method: "std/√n, normal approximation, combined with the baseline's" }, '160', '100'), CARD, at(CARD, '- name: rules-v3')),
    ]),
    invalidModel('an explicit standard error (se): the interval is ±1.96·se, and n gives the sample size needed', evaluation({
      metrics: [{ name: 'auc', value: 0.861, se: 0.004, n: 12000 }],
      baselines: [LOGREG, production(0.858)],
    }), (at) => [
      warn(needN({ metric: 'auc', baseline: 'production', old: '0.858', new: '0.861', gain: '0.003', halfWidth: '0.00783986', method: 'the reported standard error' }, '82,000', '12,000'), CARD, at(CARD, '- name: production')),
    ]),
    invalidModel('alpha 0.01 widens the CI past a gain that 95% would accept', evaluation({ baselines: [LOGREG, production(0.85)] }), (at) => [
      warn(needN({ metric: 'auc', baseline: 'production', old: '0.85', new: '0.861', gain: '0.011', confidence: '99', halfWidth: '0.011828', method: 'the reported ci95' }, '14,000', '12,000'), CARD, at(CARD, '- name: production')),
    ], { options: { alpha: 0.01 } }),
    invalidModel('one finding per baseline the gain is not significant over', evaluation({ metrics: CI_NO_N, baselines: [{ name: 'gbm-v1', metrics: { auc: 0.855 } }, production(0.858)] }), (at) => [
      warn(noN({ metric: 'auc', baseline: 'gbm-v1', old: '0.855', new: '0.861', gain: '0.006', halfWidth: '0.009', method: 'the reported ci95' }), CARD, at(CARD, '- name: gbm-v1')),
      warn(noN({ metric: 'auc', baseline: 'production', old: '0.858', new: '0.861', gain: '0.003', halfWidth: '0.009', method: 'the reported ci95' }), CARD, at(CARD, '- name: production')),
    ]),
    invalidModel('a gain exactly at the edge of the CI is not outside it: the n suggested is more than now', evaluation({
      metrics: [{ name: 'auc', value: 0.861, ci95: [0.851, 0.871], n: 12000 }],
      baselines: [LOGREG, production(0.851)],
    }), (at) => [
      warn(needN({ metric: 'auc', baseline: 'production', old: '0.851', new: '0.861', gain: '0.01', halfWidth: '0.01', method: 'the reported ci95' }, '13,000', '12,000'), CARD, at(CARD, '- name: production')),
    ]),
    invalidModel('only the baseline reports uncertainty: its interval alone decides', evaluation({
      metrics: [{ name: 'auc', value: 0.861 }],
      baselines: [LOGREG, { name: 'production', version: '2.2.0', metrics: { auc: '0.858 ± 0.004' } }],
    }), (at) => [
      warn(noN({ metric: 'auc', baseline: 'production', old: '0.858', new: '0.861', gain: '0.003', halfWidth: '0.00784', method: "the baseline's reported ci95" }), CARD, at(CARD, '- name: production')),
    ]),
  ],
});
