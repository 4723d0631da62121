import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, invalidModel, validModel, warn } from './model-case.ts';

const MISSING =
  'No retirement criteria: add `governance.retirement` with `criteria` (e.g. "AUC < 0.80 for 30 days") and a `review_by` date, ' +
  'so the model is retired when it stops being fit for use.';
const NO_CRITERIA = '`governance.retirement` states no criteria: say when this model must be retired (e.g. "AUC < 0.80 for 30 days").';

testRule('operations-retirement-criteria', {
  valid: [
    validModel('criteria and review date'),
    validModel('criteria without a review date', { card: { governance: { retirement: { review_by: null } } } }),
  ],
  invalid: [
    invalidModel('no retirement block (warn by default)', { card: { governance: { retirement: null } } }, (at) => [warn(MISSING, CARD, at(CARD, 'governance:'))]),
    invalidModel('a review date but no criteria', { card: { governance: { retirement: { criteria: null } } } }, (at) => [
      warn(NO_CRITERIA, CARD, at(CARD, '  retirement:')),
    ]),
    invalidModel('placeholder criteria', { card: { governance: { retirement: { criteria: 'TODO' } } } }, (at) => [
      warn(NO_CRITERIA, CARD, at(CARD, '  retirement:')),
    ]),
    invalidModel(
      'raised to error by the policy',
      { card: { governance: { retirement: null } } },
      (at) => [{ severity: 'error', message: MISSING, file: CARD, line: at(CARD, 'governance:') }],
      { policy: 'rules:\n  operations-retirement-criteria: error\n' },
    ),
  ],
});
