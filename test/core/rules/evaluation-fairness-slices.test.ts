import { defaultGovernance, lineOf } from '../../helpers/fixtures.ts';
import { realWorldFile } from '../../helpers/real-world.ts';
import { testRule, type InvalidRuleCase } from '../../helpers/rule-tester.ts';
import { HUB_README, MODELS_POLICY, trainerCard } from './hub-card.ts';
import { CARD, invalidModel, UNREADABLE_FRONT_MATTER, validModel, warn, type Files } from './model-case.ts';

// iterative/demo-bank-customer-churn, as committed: a random forest on Churn_Modelling.csv whose
// params.yaml lists the model inputs, `Age` among them:
//     base:
//       cat_cols: [Geography]
//       num_cols: [CreditScore, Age, Tenure, Balance, NumOfProducts, HasCrCard, IsActiveMember, EstimatedSalary]
const bank = (name: string) => realWorldFile(`lineage/dvc-demo-bank-customer-churn/${name}`);
const BANK_DVC: Record<string, string> = {
  'dvc.yaml': bank('dvc.yaml'),
  'dvc.lock': bank('dvc.lock'),
  'params.yaml': bank('params.yaml'),
  'data/Churn_Modelling.csv.dvc': bank('data/Churn_Modelling.csv.dvc'),
};
// The default card's slices by region only (it also has an age slice, so it is clean by default).
const slices = (defaultGovernance().evaluation as { slices: { name: string }[] }).slices.filter((s) => s.name.startsWith('region='));
const AGE_SLICES = [...slices, { name: 'age>=60', metrics: { auc: 0.853 }, n: 2300 }, { name: 'age<30', metrics: { auc: 0.866 }, n: 2900 }];
const bankCard = (evaluationSlices: unknown[]) => ({
  card: { governance: { lineage: 'dvc.yaml', tuning_log: null, hyperparameters: null, evaluation: { slices: evaluationSlices } } },
  lineage: null,
  tuning: null,
  files: BANK_DVC,
});
/** A card whose text says nothing about people: an image classifier. */
const NOT_PEOPLE = '# defect-detector\n\nClassifies photos of welded seams as sound or defective.\n';

const peopleScored = (quote: string) =>
  `The card says the model decides about people ("${quote}") but reports no slice over a protected attribute (age, sex or ` +
  'gender, ethnicity, disability, ...): add fairness slices for the groups its decisions may differ by.';

// A Hub card for a person-level model, as people write them: "Ranks loan applicants by default risk".
const loanCard = trainerCard({
  name: 'loan-default-roberta',
  results: [{ task: 'text-classification', dataset: { name: 'acme/loan-notes', type: 'acme/loan-notes', split: 'test' }, metrics: [{ type: 'auc', value: 0.81 }] }],
  description: 'Ranks loan applicants by the risk of default from the free-text notes of their application.',
});

function hubInvalid(name: string, text: string, findings: (text: string) => InvalidRuleCase['findings']): InvalidRuleCase {
  return { name, files: { [HUB_README]: text } as Files, policy: MODELS_POLICY, findings: findings(text) };
}

testRule('evaluation-fairness-slices', {
  valid: [
    validModel('customers ranked, with slices by age band', { card: { governance: { evaluation: { slices: AGE_SLICES } } } }),
    validModel('the real bank-churn pipeline reads Age, and the card slices by age (real: demo-bank-customer-churn)', bankCard(AGE_SLICES)),
    validModel('nothing about people and no protected feature', { card: { body: NOT_PEOPLE } }),
    validModel('a protected column the pipeline drops is not a feature', {
      ...bankCard(slices),
      card: { ...bankCard(slices).card, body: NOT_PEOPLE },
      files: { ...BANK_DVC, 'params.yaml': 'base:\n  num_cols: [CreditScore, Tenure]\n  drop_cols: [Gender, Age]\n  targ_col: Exited\n' },
    }),
    // Sociovestix/lenu_US-DE classifies the legal form of companies from their names: entities, not people.
    { name: 'a Hub card about companies (real: Sociovestix lenu)', files: { [HUB_README]: realWorldFile('hub-cards/Sociovestix_lenu_US-DE_README.md') }, policy: MODELS_POLICY },
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
  ],
  invalid: [
    invalidModel('the real bank-churn pipeline reads Age, slices are by region only (real: demo-bank-customer-churn)', bankCard(slices), (at) => [
      warn(
        'The model reads `Age` from the lineage parameter `base.num_cols` (protected attribute: age), but no evaluation slice is over age: ' +
          'add a slice per group (e.g. age bands, each sex) so a group the model serves worse is visible.',
        CARD,
        at(CARD, '    slices:'),
      ),
    ]),
    invalidModel('drift monitoring watches customer_age and gender, no slice covers them', { card: { governance: { evaluation: { slices }, monitoring: { drift: { features: ['tenure', 'customer_age', 'Gender'] } } } } }, (at) => [
      warn(
        'The model reads `customer_age` and `Gender` from `governance.monitoring.drift.features` (protected attribute: age or sex or gender), but no ' +
          'evaluation slice is over age or sex or gender: add a slice per group (e.g. age bands, each sex) so a group the model serves worse is visible.',
        CARD,
        at(CARD, '    slices:'),
      ),
    ]),
    invalidModel('customers ranked, slices by region only', { card: { governance: { evaluation: { slices } } } }, (at) => [
      warn(peopleScored('Rank existing retail customers by churn risk so the retention team can prioritise offers.'), CARD, at(CARD, 'Rank existing retail customers')),
    ]),
    hubInvalid('a Hub card that ranks loan applicants', loanCard, (text) => [
      warn(peopleScored('Ranks loan applicants by the risk of default from the free-text notes of their application.'), HUB_README, lineOf(text, 'Ranks loan applicants')),
    ]),
  ],
});
