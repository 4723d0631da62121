import { testRule } from '../../helpers/rule-tester.ts';
import { DEFAULT_CARD_BODY } from '../../helpers/fixtures.ts';
import { CARD, invalidModel, validModel, warn } from './model-case.ts';

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
    validModel('a written Interpretability section in a plain card', { card: { governance: null, body: INTERPRETABILITY } }),
  ],
  invalid: [
    invalidModel('no explainability block (warn by default)', { card: { governance: { ...MEDIUM, explainability: null } } }, (at) => [
      warn(MISSING, CARD, at(CARD, 'governance:')),
    ]),
    invalidModel('empty explainability block', { card: { governance: { ...MEDIUM, explainability: { method: null, artifact: null } } } }, (at) => [
      warn(EMPTY, CARD, at(CARD, '  explainability:')),
    ]),
    invalidModel('plain card whose Interpretability section is a placeholder', { card: { governance: null, body: PLACEHOLDER_SECTION } }, () => [
      warn(MISSING, CARD, 1),
    ]),
    invalidModel(
      'error where the policy raises it for the high tier',
      { card: { governance: { explainability: null } } },
      (at) => [{ severity: 'error', message: MISSING, file: CARD, line: at(CARD, 'governance:') }],
      { policy: 'tiers:\n  high:\n    approvals: 2\n    rules:\n      explainability-documented: error\n' },
    ),
  ],
});
