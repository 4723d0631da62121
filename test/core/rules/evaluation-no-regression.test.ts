import { cardText, cleanModelFiles } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, validModel } from './model-case.ts';

interface Regression {
  metric: string;
  reference: string;
  old: string;
  new: string;
  delta: string;
  direction: 'higher' | 'lower';
  allowed: string;
  allowedBy: string;
}
const regression = (r: Regression) =>
  `Headline metric \`${r.metric}\` is worse than ${r.reference}: ${r.old} → ${r.new} (${r.delta}; ${r.direction} is better), ` +
  `more than the ${r.allowed} allowed by ${r.allowedBy}. Fix the regression, or waive \`evaluation-no-regression\` with the reason it is acceptable.`;

const LOGREG = { name: 'logistic-regression', metrics: { auc: 0.781 } };
const production = (metrics: Record<string, number>) => ({ name: 'production', version: '2.2.0', metrics });
const evaluation = (e: object) => ({ card: { governance: { version: '2.4.0', evaluation: e } } });
const baseWith = (metric: object) => ({ ...cleanModelFiles(DIR), [CARD]: cardText({ governance: { evaluation: { metrics: [metric] } } }) });
const BARE_AUC = [{ name: 'auc', value: 0.861 }];
const PRODUCTION_REF = 'the `production` baseline 2.2.0';

testRule('evaluation-no-regression', {
  valid: [
    validModel('better than production and the base card (the default card)', { card: { governance: { version: '2.4.0' } } }, { base: cleanModelFiles(DIR) }),
    validModel('a drop inside the CI of the new value', { card: { governance: { version: '2.4.0' } } }, { base: baseWith({ name: 'auc', value: 0.864 }) }),
    validModel('a drop inside the tolerance', evaluation({ metrics: BARE_AUC }), { base: baseWith({ name: 'auc', value: 0.865 }), options: { tolerance: 0.005 } }),
    validModel('lower-is-better: a falling WER is an improvement', evaluation({ metrics: [{ name: 'wer', value: 10.1, ci95: [9.9, 10.3] }], baselines: [production({ wer: 11.4 })] })),
    validModel('lower-is-better: a falling cross-entropy is an improvement, not a regression', evaluation({
      metrics: [{ name: 'cross_entropy', value: 0.41, ci95: [0.4, 0.42] }],
      baselines: [{ name: 'logistic-regression', metrics: { cross_entropy: 0.55 } }, production({ cross_entropy: 0.48 })],
    })),
    validModel('nothing to compare with: a new model and no production baseline', evaluation({ baselines: [LOGREG] }), { base: { 'README.md': '# repo' } }),
  ],
  invalid: [
    invalidModel('below production by more than the CI', evaluation({ baselines: [LOGREG, production({ auc: 0.875 })] }), (at) => [
      error(regression({ metric: 'auc', reference: PRODUCTION_REF, old: '0.875', new: '0.861', delta: '-0.014', direction: 'higher', allowed: '0.009', allowedBy: 'the 95% uncertainty' }), CARD, at(CARD, '- name: auc')),
    ]),
    invalidModel('below the base card by more than both CIs combined', { card: { governance: { version: '2.4.0' } } }, (at) => [
      error(
        regression({ metric: 'auc', reference: "the base branch's card (version 2.3.0)", old: '0.89', new: '0.861', delta: '-0.029', direction: 'higher', allowed: '0.0134536', allowedBy: 'the 95% uncertainty' }),
        CARD,
        at(CARD, '- name: auc'),
      ),
    ], { base: baseWith({ name: 'auc', value: 0.89, ci95: [0.88, 0.9], n: 12000 }) }),
    invalidModel('lower-is-better: a rising log loss is a regression (std and n give the interval)', evaluation({
      metrics: [{ name: 'log_loss', value: 0.35, std: 0.02, n: 400 }],
      baselines: [{ name: 'logistic-regression', metrics: { log_loss: 0.41 } }, production({ log_loss: 0.3 })],
    }), (at) => [
      error(regression({ metric: 'log_loss', reference: PRODUCTION_REF, old: '0.3', new: '0.35', delta: '+0.05', direction: 'lower', allowed: '0.00195996', allowedBy: 'the 95% uncertainty' }), CARD, at(CARD, '- name: log_loss')),
    ]),
    invalidModel('the policy tolerance, when larger than the uncertainty, sets the bar', evaluation({ metrics: BARE_AUC, baselines: [LOGREG, production({ auc: 0.875 })] }), (at) => [
      error(regression({ metric: 'auc', reference: PRODUCTION_REF, old: '0.875', new: '0.861', delta: '-0.014', direction: 'higher', allowed: '0.01', allowedBy: 'the policy tolerance' }), CARD, at(CARD, '- name: auc')),
    ], { options: { tolerance: 0.01 } }),
    invalidModel('no uncertainty and no tolerance: any drop counts', evaluation({ metrics: BARE_AUC }), (at) => [
      error(
        regression({ metric: 'auc', reference: "the base branch's card (version 2.3.0)", old: '0.862', new: '0.861', delta: '-0.001', direction: 'higher', allowed: '0', allowedBy: 'the card (no uncertainty reported, tolerance 0)' }),
        CARD,
        at(CARD, '- name: auc'),
      ),
    ], { base: baseWith({ name: 'auc', value: 0.862 }) }),
    invalidModel('worse than both the base card and production: one finding each', evaluation({ baselines: [LOGREG, production({ auc: 0.88 })] }), (at) => [
      error(regression({ metric: 'auc', reference: PRODUCTION_REF, old: '0.88', new: '0.861', delta: '-0.019', direction: 'higher', allowed: '0.009', allowedBy: 'the 95% uncertainty' }), CARD, at(CARD, '- name: auc')),
      error(regression({ metric: 'auc', reference: "the base branch's card (version 2.3.0)", old: '0.9', new: '0.861', delta: '-0.039', direction: 'higher', allowed: '0.009', allowedBy: 'the 95% uncertainty' }), CARD, at(CARD, '- name: auc')),
    ], { base: baseWith({ name: 'auc', value: 0.9 }) }),
    invalidModel('lower-is-better: a rising false positive rate vs the base card, whose CI is the only one reported', evaluation({
      metrics: [{ name: 'false_positive_rate', value: 0.12 }],
    }), (at) => [
      error(
        regression({ metric: 'false_positive_rate', reference: "the base branch's card (version 2.3.0)", old: '0.08', new: '0.12', delta: '+0.04', direction: 'lower', allowed: '0.01', allowedBy: 'the 95% uncertainty' }),
        CARD,
        at(CARD, '- name: false_positive_rate'),
      ),
    ], { base: baseWith({ name: 'false_positive_rate', value: 0.08, ci95: [0.07, 0.09] }) }),
    invalidModel('a production baseline named with its version', evaluation({
      metrics: [{ name: 'auc', value: 0.84, ci95: [0.835, 0.845] }],
      baselines: [LOGREG, { name: 'production-2.2.0', metrics: { auc: 0.861 } }],
    }), (at) => [
      error(regression({ metric: 'auc', reference: 'the `production-2.2.0` baseline', old: '0.861', new: '0.84', delta: '-0.021', direction: 'higher', allowed: '0.005', allowedBy: 'the 95% uncertainty' }), CARD, at(CARD, '- name: auc')),
    ]),
    invalidModel('a new metric put first does not hide a drop in the base card\'s headline', evaluation({
      metrics: [{ name: 'f1', value: 0.71, ci95: [0.7, 0.72] }, { name: 'auc', value: 0.85, ci95: [0.845, 0.855] }],
      baselines: [{ name: 'logistic-regression', metrics: { f1: 0.6 } }],
    }), (at) => [
      error(
        regression({ metric: 'auc', reference: "the base branch's card (version 2.3.0)", old: '0.87', new: '0.85', delta: '-0.02', direction: 'higher', allowed: '0.005', allowedBy: 'the 95% uncertainty' }),
        CARD,
        at(CARD, '- name: auc'),
      ),
    ], { base: baseWith({ name: 'auc', value: 0.87 }) }),
  ],
});
