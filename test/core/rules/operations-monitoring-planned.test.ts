import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const MISSING =
  'No monitoring plan: add `governance.monitoring` with a drift check, a performance threshold and an alert channel, ' +
  'so a degrading model is noticed (act now, reflect never).';
const incomplete = (missing: string) => `Monitoring is missing ${missing}, so a degrading model can go unnoticed: complete \`governance.monitoring\`.`;

testRule('operations-monitoring-planned', {
  valid: [
    validModel('drift, performance and alert with thresholds'),
    validModel('drift not required by the options', { card: { governance: { monitoring: { drift: null } } } }, { options: { require: ['performance', 'alert'] } }),
  ],
  invalid: [
    invalidModel('no monitoring block', { card: { governance: { monitoring: null } } }, (at) => [error(MISSING, CARD, at(CARD, 'governance:'))]),
    invalidModel('drift without threshold and no alert', { card: { governance: { monitoring: { drift: { threshold: null }, alert: null } } } }, (at) => [
      error(incomplete('a drift threshold and an alert channel'), CARD, at(CARD, '  monitoring:')),
    ]),
    invalidModel(
      'no performance check, placeholder alert',
      { card: { governance: { monitoring: { performance: null, alert: 'TBD' } } } },
      (at) => [error(incomplete('a performance check and an alert channel'), CARD, at(CARD, '  monitoring:'))],
    ),
    invalidModel(
      'performance without metric or threshold',
      { card: { governance: { monitoring: { performance: { metric: null, threshold: null } } } } },
      (at) => [error(incomplete('a performance metric and a performance threshold'), CARD, at(CARD, '  monitoring:'))],
    ),
    // A card with no governance block gets one finding for the absent plan, at the top of the file.
    invalidModel('plain card without a governance block', { card: { governance: null } }, () => [error(MISSING, CARD, 1)]),
  ],
});
