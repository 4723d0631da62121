import { testRule } from '../../helpers/rule-tester.ts';
import { DEFAULT_CARD_BODY } from '../../helpers/fixtures.ts';
import { CARD, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn } from './model-case.ts';

// Medium tier throughout: the default policy may raise this rule to error at the high tier.
const MEDIUM = { risk_tier: 'medium' };
const MISSING =
  'No explainability documented: add `governance.explainability` with the method (SHAP, LIME, feature importance, ...) ' +
  'and the artifact that shows it, so reviewers can see what drives predictions.';
const EMPTY = '`governance.explainability` names no method or artifact: add the method (SHAP, LIME, ...) and where its output is.';
const INTERPRETABILITY = `${DEFAULT_CARD_BODY}\n## Interpretability\n\nSHAP values per feature are in reports/shap_summary.png; tenure and balance dominate.\n`;
const PLACEHOLDER_SECTION = `${DEFAULT_CARD_BODY}\n## Interpretability\n\n[More Information Needed]\n`;

testRule('explainability-documented', {
  valid: [
    validModel('method and artifact', { card: { governance: MEDIUM } }),
    validModel('an artifact alone', { card: { governance: { ...MEDIUM, explainability: { method: null } } } }),
    validModel('a written Interpretability section in a card with no explainability block', { card: { governance: { ...MEDIUM, explainability: null }, body: INTERPRETABILITY } }),
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`explainability` written but not a mapping (artifact-parseable reports it)', { card: { governance: { ...MEDIUM, explainability: 'TBD' } } }),
  ],
  invalid: [
    invalidModel('no explainability block (warn by default)', { card: { governance: { ...MEDIUM, explainability: null } } }, (at) => [
      warn(MISSING, CARD, at(CARD, 'governance:')),
    ]),
    invalidModel('empty explainability block', { card: { governance: { ...MEDIUM, explainability: { method: null, artifact: null } } } }, (at) => [
      warn(EMPTY, CARD, at(CARD, '  explainability:')),
    ]),
    invalidModel('an Interpretability section that is a placeholder does not count', { card: { governance: { ...MEDIUM, explainability: null }, body: PLACEHOLDER_SECTION } }, (at) => [
      warn(MISSING, CARD, at(CARD, 'governance:')),
    ]),
    invalidModel(
      'error where the policy raises it for the high tier',
      { card: { governance: { explainability: null } } },
      (at) => [{ severity: 'error', message: MISSING, file: CARD, line: at(CARD, 'governance:') }],
      { policy: 'tiers:\n  high:\n    approvals: 2\n    rules:\n      explainability-documented: error\n' },
    ),
  ],
});
