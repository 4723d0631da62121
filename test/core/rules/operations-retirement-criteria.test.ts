import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn } from './model-case.ts';

const MISSING =
  'No retirement criteria: add `governance.retirement` with `criteria` (e.g. "AUC < 0.80 for 30 days") and a `review_by` date, ' +
  'so the model is retired when it stops being fit for use.';
const NO_CRITERIA = '`governance.retirement` states no criteria: say when this model must be retired (e.g. "AUC < 0.80 for 30 days").';

testRule('operations-retirement-criteria', {
  valid: [
    validModel('criteria and review date'),
    validModel('criteria without a review date', { card: { governance: { retirement: { review_by: null } } } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`retirement` written but not a mapping (artifact-parseable reports it)', { card: { governance: { retirement: 'TBD' } } }),
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
