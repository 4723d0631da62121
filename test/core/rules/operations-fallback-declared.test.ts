import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const MISSING =
  'No fallback declared: add `governance.fallback` with a strategy (previous-version, rules-based, human review) and how to switch, ' +
  'so a failing model can be taken out of service.';
const NO_STRATEGY =
  '`governance.fallback` names no strategy: say what serves requests when this model is pulled (previous-version, rules-based, human review).';

testRule('operations-fallback-declared', {
  valid: [
    validModel('strategy and description'),
    validModel('a description alone states the strategy in prose', { card: { governance: { fallback: { strategy: null } } } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`fallback` written but not a mapping (artifact-parseable reports it)', { card: { governance: { fallback: 'TBD' } } }),
  ],
  invalid: [
    invalidModel('no fallback block', { card: { governance: { fallback: null } } }, (at) => [error(MISSING, CARD, at(CARD, 'governance:'))]),
    invalidModel('empty fallback block', { card: { governance: { fallback: { strategy: null, description: null } } } }, (at) => [
      error(NO_STRATEGY, CARD, at(CARD, '  fallback:')),
    ]),
    invalidModel('placeholder strategy', { card: { governance: { fallback: { strategy: 'n/a', description: null } } } }, (at) => [
      error(NO_STRATEGY, CARD, at(CARD, '  fallback:')),
    ]),
  ],
});
