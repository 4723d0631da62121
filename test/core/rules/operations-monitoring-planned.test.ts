import { lineOf } from '../../helpers/fixtures.ts';
import { realWorldFile } from '../../helpers/real-world.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

// A Model Card Toolkit card cannot hold a governance block (its schema is closed): the block
// lives in a governance.yaml beside it, and the advice says so (issue 11).
const MCT = 'models/pets/model_card.json';
const SIDECAR = 'models/pets/governance.yaml';
const mct = realWorldFile('model-cards/mct-considerations.json');
const MCT_MISSING =
  'No monitoring plan: add `governance.monitoring` in a `governance.yaml` beside `model_card.json` (the Model Card Toolkit schema has no place for it) ' +
  'with a drift check, a performance threshold and an alert channel, so a degrading model is noticed (act now, reflect never).';
const SIDECAR_TEXT = 'governance:\n  owners: ["@acme/vision"]\n  risk_tier: medium\n';
const MONITORING = '  monitoring:\n    drift: {method: psi, features: [brightness], threshold: 0.2}\n    performance: {metric: accuracy, threshold: 0.9, window: 7d}\n    alert: "#vision-oncall"\n';

const MISSING =
  'No monitoring plan: add `governance.monitoring` with a drift check, a performance threshold and an alert channel, ' +
  'so a degrading model is noticed (act now, reflect never).';
const incomplete = (missing: string) => `Monitoring is missing ${missing}, so a degrading model can go unnoticed: complete \`governance.monitoring\`.`;

testRule('operations-monitoring-planned', {
  valid: [
    validModel('drift, performance and alert with thresholds'),
    validModel('drift not required by the options', { card: { governance: { monitoring: { drift: null } } } }, { options: { require: ['performance', 'alert'] } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`monitoring` written but not a mapping (artifact-parseable reports it)', { card: { governance: { monitoring: 'TBD' } } }),
    { name: 'Model Card Toolkit card whose governance.yaml plans monitoring (real-world card)', files: { [MCT]: mct, [SIDECAR]: SIDECAR_TEXT + MONITORING } },
  ],
  invalid: [
    invalidModel('no monitoring block', { card: { governance: { monitoring: null } } }, (at) => [error(MISSING, CARD, at(CARD, 'governance:'))]),
    {
      name: 'Model Card Toolkit card: the advice says where its governance goes (real-world card)',
      files: { [MCT]: mct },
      findings: [error(MCT_MISSING, MCT, lineOf(mct, '"model_details"'))],
    },
    {
      name: 'Model Card Toolkit card with a governance.yaml that plans no monitoring: the finding points into governance.yaml',
      files: { [MCT]: mct, [SIDECAR]: SIDECAR_TEXT },
      findings: [error(MISSING, SIDECAR, 1)],
    },
    {
      name: 'an incomplete plan in governance.yaml is reported at its line there',
      files: { [MCT]: mct, [SIDECAR]: SIDECAR_TEXT + MONITORING.replace('    alert: "#vision-oncall"\n', '') },
      findings: [error(incomplete('an alert channel'), SIDECAR, 4)],
    },
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
  ],
});
