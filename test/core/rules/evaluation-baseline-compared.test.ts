import { readFileSync } from 'node:fs';
import { cleanModelFiles, lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, validModel } from './model-case.ts';

const noSimple = (compared: string) =>
  `No simple baseline (${compared}): add one such as logistic regression or a majority-class predictor to \`governance.evaluation.baselines\`, on the same split, to show the model's complexity pays off.`;
const noProduction = (version: string) =>
  `This PR changes an existing model but the evaluation has no \`production\` baseline: add \`{name: production, version: ${version}, metrics: {...}}\` measured on the same split.`;
const baselines = (list: object[]) => ({ card: { governance: { evaluation: { baselines: list } } } });
const LOGREG = { name: 'logistic-regression', metrics: { auc: 0.781 } };
const PRODUCTION = { name: 'production', version: '2.2.0', metrics: { auc: 0.835 } };
const base = cleanModelFiles(DIR);

const README = `${DIR}/README.md`;
const indexCard = readFileSync('test/fixtures/real-world/model-cards/hf-sample_simple_model_index.md', 'utf8');

testRule('evaluation-baseline-compared', {
  valid: [
    validModel('a simple baseline and production (the default card)'),
    validModel('an update compared with production and a simple baseline', { card: { governance: { version: '2.4.0' } } }, { base }),
    validModel('a new model needs no production baseline', baselines([LOGREG]), { base: { 'README.md': '# repo' } }),
    validModel('"prod" and "champion" name the serving model too', baselines([LOGREG, { name: 'champion', metrics: { auc: 0.835 } }]), { base }),
    validModel('a production baseline named with its version counts as production', baselines([LOGREG, { name: 'production-2.2.0', metrics: { auc: 0.835 } }]), { base }),
    validModel('a plain card that reports no metrics is left to model-card-required-sections', { card: { governance: null } }),
  ],
  invalid: [
    invalidModel('no baselines at all', baselines([]), (at) => [error(noSimple('no baselines at all'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('only production', baselines([PRODUCTION]), (at) => [error(noSimple('only `production`'), CARD, at(CARD, '  evaluation:'))]),
    invalidModel('only the serving model, however it is written, is no simple baseline', baselines([{ name: 'Prod model', version: '2.2.0', metrics: { auc: 0.835 } }]), (at) => [
      error(noSimple('only `Prod model`'), CARD, at(CARD, '  evaluation:')),
    ]),
    invalidModel('an update without production', baselines([LOGREG]), (at) => [error(noProduction('2.3.0'), CARD, at(CARD, '  evaluation:'))], { base }),
    invalidModel('an update with no baselines gets both findings', baselines([]), (at) => [
      error(noSimple('no baselines at all'), CARD, at(CARD, '  evaluation:')),
      error(noProduction('2.3.0'), CARD, at(CARD, '  evaluation:')),
    ], { base }),
    invalidModel('a baseline on other metrics, and one with none, at their lines', baselines([{ name: 'logistic-regression', metrics: { f1: 0.7, accuracy: 0.8 } }, PRODUCTION, { name: 'gbm-v1', metrics: {} }]), (at) => [
      error('Baseline `logistic-regression` reports `f1`, `accuracy` but none of the evaluated metrics (`auc`): report `auc` for it on the same split.', CARD, at(CARD, '- name: logistic-regression')),
      error('Baseline `gbm-v1` reports no numeric metrics: report `auc` for it on the same split.', CARD, at(CARD, '- name: gbm-v1')),
    ]),
    {
      name: 'metrics only in model-index (real-world card), as an update',
      files: { [README]: indexCard },
      base: { [README]: indexCard.replace('value: 0.9', 'value: 0.88') },
      findings: [
        error(noSimple('no baselines at all'), README, lineOf(indexCard, '  - task:')),
        error(noProduction('<version on the base branch>'), README, lineOf(indexCard, '  - task:')),
      ],
    },
  ],
});
