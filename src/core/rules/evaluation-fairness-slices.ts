// Segment validation for people: a model that scores, ranks or approves people, or reads a
// protected attribute as a feature, can serve one group far worse than the average shows. The
// overall metric cannot reveal that; a slice per protected group can. Region and tenure slices
// do not: the groups the law protects are the ones that must be looked at.
import { z } from 'zod';
import type { Lineage, ModelCard } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { sentences } from './support/card-prose.ts';
import { evaluationLine } from './support/evaluation.ts';
import { governanceState } from './support/governance.ts';
import { lineAt } from './support/locate.ts';
import { protectedAttributeOf } from './support/protected-attributes.ts';
import { listOf } from './support/wording.ts';

const options = z.object({
  extraAttributes: z
    .array(z.string())
    .default([])
    .describe('Further feature or slice words that count as protected attributes or their proxies (e.g. `postcode`, `first_name`).'),
});

interface Feature {
  name: string;
  attribute: string;
  /** How a message names where it is declared. */
  where: string;
}

// Parameter keys that list model inputs (`base.num_cols`, `features`, `feature_columns`), not ones
// that list what was left out or what is predicted.
const FEATURE_KEY = /(?:^|[._:])(?:features?|feature_names|feature_columns|(?:num|cat|categorical|numeric|numerical|input)_?(?:cols|columns|features)|cols|columns|inputs?)$/i;
const NOT_INPUTS = /drop|exclu|ignore|remove|target|targ|label|sensitive|protected|fairness/i;

function lineageFeatures(docs: readonly Lineage[], extra: readonly string[]): Feature[] {
  return docs.flatMap((doc) =>
    Object.entries(doc.params ?? {}).flatMap(([key, value]) => {
      if (!FEATURE_KEY.test(key) || NOT_INPUTS.test(key)) return [];
      const names = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      return names.flatMap((name) => {
        const attribute = protectedAttributeOf(name, extra);
        return attribute ? [{ name, attribute, where: `the lineage parameter \`${key}\`` }] : [];
      });
    }),
  );
}

function cardFeatures(card: ModelCard, extra: readonly string[]): Feature[] {
  return (card.governance?.monitoring?.drift?.features ?? []).flatMap((name) => {
    const attribute = protectedAttributeOf(name, extra);
    return attribute ? [{ name, attribute, where: '`governance.monitoring.drift.features`' }] : [];
  });
}

/** Protected attributes some reported slice is over. */
function slicedAttributes(card: ModelCard, extra: readonly string[]): Set<string> {
  const names = [
    ...(card.governance?.evaluation?.slices.map((s) => s.name) ?? []),
    ...card.results.flatMap((r) => r.metrics.flatMap((m) => (m.slice === undefined ? [] : [m.slice]))),
  ];
  return new Set(names.map((n) => protectedAttributeOf(n, extra)).filter((a): a is string => a !== undefined));
}

// "Rank existing retail customers", "scores each applicant", "applicants are approved": the model
// decides something about people. The person must be what is scored, not who reads the output.
const PEOPLE = '(?:customers?|clients?|applicants?|borrowers?|patients?|candidates?|employees?|students?|people|persons?|individuals?|' +
  'tenants?|claimants?|job[- ]seekers?|policyholders?|consumers?|citizens?|residents?|defendants?|offenders?|beneficiaries|beneficiary|members?)';
const QUALIFIERS = '(?:(?:each|every|all|the|our|existing|active|new|retail|prospective|potential|individual|loan|credit|job|bank|insurance|eligible|incoming)\\s+)*';
const VERBS = '(?:scores?|scored|scoring|ranks?|ranked|ranking|approves?|approved|approving|denies|denied|deny|denying|rejects?|rejected|rejecting|' +
  'screens?|screened|screening|assess(?:es|ed|ing)?|prioriti[sz](?:e|es|ed|ing)|flags?|flagged|flagging|selects?|selected|selecting|hires?|hired|hiring|admits?|admitted|underwrites?|underwriting)';
const PEOPLE_SCORED = [
  new RegExp(`\\b${VERBS}\\s+${QUALIFIERS}${PEOPLE}\\b`, 'i'),
  new RegExp(`\\b${PEOPLE}\\s+(?:are|is|get|gets|will be|can be)\\s+(?:automatically\\s+)?${VERBS}\\b`, 'i'),
  /\b(?:credit[- ]scoring|credit decisions?|loan (?:approvals?|decisions?)|hiring decisions?|recidivism|tenant screening|admissions? decisions?)\b/i,
];

/** The first statement that the model scores, ranks or approves people: in the intended use, else the body. */
function peopleScored(card: ModelCard): { text: string; line: number } | undefined {
  const intended = card.governance?.intendedUse;
  if (intended && PEOPLE_SCORED.some((p) => p.test(intended))) return { text: intended, line: lineAt(card.locations, 'governance.intended_use', card.governance!.line) };
  return sentences(card).find((s) => PEOPLE_SCORED.some((p) => p.test(s.text)));
}

const quote = (text: string) => (text.length > 100 ? `${text.slice(0, 97)}...` : text);

export default defineRule({
  meta: {
    id: 'evaluation-fairness-slices',
    title: 'Models of people report slices over protected attributes',
    antipattern: 'segment validation / fairness',
    area: 'evaluation',
    risk: 'slices',
    rationale:
      'A model that scores, ranks or approves people, or takes a protected attribute (age, sex or gender, race or ethnicity, ' +
      'religion, disability, nationality, marital status, ...) as a feature, can be accurate on average and fail one group. ' +
      'Only metrics per protected group show that; slices by region or tenure do not. Features are read from ' +
      '`governance.monitoring.drift.features` and from feature lists in the lineage parameters (`params.yaml` `num_cols`, ' +
      '`features`); a person-level model from the intended use or the card text. Warn by default: which groups matter is a judgement.',
    howToFix:
      'Add `governance.evaluation.slices` over each protected attribute the model reads or its decisions may differ by ' +
      '(`{name: "age>=65", metrics: {auc: 0.85}, n: 4100}`, `sex=female`), and review any slice far below overall; where the data ' +
      'has no such attribute, say so under ethical considerations and how fairness is checked instead.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euArt10_2f), partly(C.euArt13_3bv), partly(C.euAnnexIV_2g), partly(C.measure2_11)],
    options,
    messages: {
      protectedFeatureUnsliced:
        'The model reads {{features}} from {{where}} (protected attribute: {{attributes}}), but no evaluation slice is over ' +
        '{{attributes}}: add a slice per group (e.g. age bands, each sex) so a group the model serves worse is visible.',
      peopleScoredUnsliced:
        'The card says the model decides about people ("{{quote}}") but reports no slice over a protected attribute (age, sex or ' +
        'gender, ethnicity, disability, ...): add fairness slices for the groups its decisions may differ by.',
    },
    examples: {
      valid: [
        'intended_use: Rank retail customers by churn risk for retention offers.\n' +
          'evaluation:\n  slices:\n    - {name: "age>=65", metrics: {auc: 0.851}, n: 4100}\n    - {name: "age<30", metrics: {auc: 0.866}, n: 5200}',
      ],
      invalid: [
        '# params.yaml\nbase:\n  num_cols: [CreditScore, Age, Tenure, Balance]   # Age is a feature\n' +
          '# MODEL_CARD.md\nevaluation:\n  slices: [{name: "region=EU", metrics: {auc: 0.85}}]',
        'intended_use: Approve or deny loan applicants.   # no slices at all',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, cardPath: file, lineage } = model.head;
    if (governanceState(card) === 'unreadable') return [];
    const extra = ctx.options.extraAttributes;
    const sliced = slicedAttributes(card, extra);
    const features = [...cardFeatures(card, extra), ...lineageFeatures(lineage, extra)].filter((f) => !sliced.has(f.attribute));
    // The fix is a slice in the card's evaluation, so that is where the finding points.
    const at = { file, line: card.governance?.evaluation ? lineAt(card.locations, 'governance.evaluation.slices', card.governance.evaluation.line) : evaluationLine(card) };
    if (features.length > 0) {
      const names = listOf([...new Set(features.map((f) => `\`${f.name}\``))]);
      const attributes = listOf([...new Set(features.map((f) => f.attribute))], 10, 'or');
      const where = listOf([...new Set(features.map((f) => f.where))]);
      return [{ messageId: 'protectedFeatureUnsliced', data: { features: names, attributes, where }, ...at }];
    }
    if (sliced.size > 0) return [];
    const statement = peopleScored(card);
    if (!statement) return [];
    return [{ messageId: 'peopleScoredUnsliced', data: { quote: quote(statement.text) }, file, line: statement.line }];
  },
});
