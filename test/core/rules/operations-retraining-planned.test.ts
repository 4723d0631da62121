import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const MISSING =
  'No retraining plan: add `governance.retraining` with a trigger (drift, performance drop) or a schedule, so the model is not set and forgotten.';
const NO_TRIGGER =
  '`governance.retraining` names no trigger or schedule: say what starts a retrain (drift, a performance drop, a schedule such as monthly).';

testRule('operations-retraining-planned', {
  valid: [
    validModel('trigger and schedule'),
    validModel('a schedule alone is a trigger', { card: { governance: { retraining: { trigger: null } } } }),
    validModel('a trigger alone', { card: { governance: { retraining: { schedule: null } } } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`retraining` written but not a mapping (artifact-parseable reports it)', { card: { governance: { retraining: 'TBD' } } }),
  ],
  invalid: [
    invalidModel('no retraining block', { card: { governance: { retraining: null } } }, (at) => [error(MISSING, CARD, at(CARD, 'governance:'))]),
    invalidModel('empty retraining block', { card: { governance: { retraining: { trigger: null, schedule: null } } } }, (at) => [
      error(NO_TRIGGER, CARD, at(CARD, '  retraining:')),
    ]),
    invalidModel('placeholder trigger', { card: { governance: { retraining: { trigger: 'TBD', schedule: null } } } }, (at) => [
      error(NO_TRIGGER, CARD, at(CARD, '  retraining:')),
    ]),
  ],
});
