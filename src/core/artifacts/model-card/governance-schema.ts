// The `governance:` front-matter block modelgate adds to a Hugging Face model card (DESIGN §2.1),
// with keys in snake_case as users write them. Objects are strict: a misspelt key
// (`risk-tier`, `tuninglog`) is an error, never a silently ignored setting.
//
// Everything is optional here on purpose: a missing owner or monitoring plan is a rule finding
// with its own message and severity, not a parse error. Only the shape of what *is* written is
// checked. No transforms, so `z.toJSONSchema(governanceSchema, { io: 'input' })` describes
// exactly what a user may type (editors autocomplete from it).
import { z } from 'zod';
import { refineGlob } from '../glob.ts';
import { describeValue, expected, metricValueSchema } from './metric-value.ts';

/** semver.org's own grammar; no leading "v" (it is not part of a semantic version). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

// YAML reads `2.3` and `2` as numbers; the message tells the user to quote.
const SEMVER_EXPECTED = 'a semantic version string such as "2.3.0" (quote it if YAML reads it as a number)';

// The yaml library's core schema keeps `2027-06-01` a string (only YAML 1.1 has timestamps).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?$/;

const text = (description: string) => z.string().min(1).describe(description);
const stringList = (description: string, example: string) =>
  z.array(z.string().min(1), { error: expected(`a list such as ${example}`) }).describe(description);
const metricMap = (description: string) =>
  z.record(z.string(), metricValueSchema, { error: expected('a mapping of metric name to value, such as {auc: 0.832}') }).describe(description);

const ci95Schema = z
  .tuple([z.number(), z.number()], { error: expected('[low, high]: two numbers') })
  .refine(([low, high]) => low <= high, { error: (issue) => `expected [low, high] with low <= high, found ${describeValue(issue.input)}` })
  .describe('95% confidence interval [low, high] of the metric.');

export const metricSchema = z
  .strictObject({
    name: text('Metric name as the evaluation reports it (auc, accuracy, wer, loss).'),
    value: metricValueSchema,
    ci95: ci95Schema.optional(),
    std: z
      .number()
      .min(0)
      .describe(
        'Standard deviation of the metric across the `n` evaluation examples (per-example losses, per-episode rewards); give `n` with it: ' +
          'the standard error is std/√n. Not a standard error: write that as `se`.',
      )
      .optional(),
    se: z.number().min(0).describe('Standard error of the metric (bootstrap, or std/√n computed already): the 95% interval is value ± 1.96·se; no `n` needed.').optional(),
    n: z.number().int().positive().describe('Number of examples the metric was computed on.').optional(),
  })
  // Two spreads for one metric would leave rules guessing which one the author meant.
  .refine((m) => !(m.std !== undefined && typeof m.value === 'string' && /±|\+-|\+\/-/.test(m.value)), {
    error: 'std is given twice: use either "value ± error" or std, not both',
    path: ['std'],
  })
  .refine((m) => !(m.se !== undefined && typeof m.value === 'string' && /±|\+-|\+\/-/.test(m.value)), {
    error: 'se is given twice: use either "value ± error" or se, not both',
    path: ['se'],
  })
  .describe('A metric with its uncertainty: ci95, or se, or std with n, or "value ± error" (± read as a standard error).');

const baselineSchema = z
  .strictObject({
    name: text('Baseline name; "production" is the model currently serving, others are simple (KISS) baselines.'),
    version: text('Version of the baseline model, e.g. the production version it replaces.').optional(),
    metrics: metricMap('Baseline metrics on the same split: {metric: value}.'),
  })
  .describe('A model the new one is compared against.');

const sliceSchema = z
  .strictObject({
    name: text('Slice (segment) name, e.g. "region=EU".'),
    metrics: metricMap('Metrics on this slice: {metric: value}.'),
    n: z.number().int().positive().describe('Number of examples in the slice.').optional(),
  })
  .describe('Metrics on one segment of the evaluation data.');

const ablationSchema = z
  .strictObject({
    change: text('What was removed or changed, e.g. "tenure features".'),
    delta: z
      .record(z.string(), z.number(), { error: expected('a mapping of metric name to change, such as {auc: 0.012}') })
      .describe('Metric change attributed to this change: {metric: delta}.'),
  })
  .describe('An ablation that attributes part of the gain to one change.');

const evaluationSchema = z
  .strictObject({
    split: text('Split the metrics were computed on (test, holdout, ...); never train or validation.').optional(),
    metrics: z.array(metricSchema).describe('Headline metrics with uncertainty.').optional(),
    baselines: z.array(baselineSchema).describe('Simple and production baselines on the same split.').optional(),
    slices: z.array(sliceSchema).describe('Per-segment metrics.').optional(),
    ablations: z.array(ablationSchema).describe('Ablations attributing the gain.').optional(),
  })
  .describe('Evaluation results.');

const monitoringSchema = z
  .strictObject({
    drift: z
      .strictObject({
        method: text('Drift statistic (psi, ks, chi2, ...).').optional(),
        features: stringList('Features watched for drift.', '[tenure, balance]').optional(),
        threshold: z.number().describe('Drift value that raises an alert.').optional(),
      })
      .describe('Input drift monitoring.')
      .optional(),
    performance: z
      .strictObject({
        metric: text('Metric watched in production.').optional(),
        threshold: z.number().describe('Value that raises an alert.').optional(),
        window: text('Aggregation window, e.g. 7d.').optional(),
      })
      .describe('Production performance monitoring.')
      .optional(),
    alert: text('Where alerts go (channel, pager, team).').optional(),
  })
  .describe('How the model is watched in production.');

export const governanceSchema = z
  .strictObject({
    model: text('Model name.').optional(),
    version: z
      .string({ error: expected(SEMVER_EXPECTED) })
      .regex(SEMVER, { error: expected(SEMVER_EXPECTED) })
      .describe('Semantic version of the model; must increase when the model changes.')
      .optional(),
    owners: stringList('Accountable owners as GitHub @user or @org/team.', '["@acme/risk-ml"]').optional(),
    risk_tier: z
      .enum(['low', 'medium', 'high'])
      .describe('Risk tier; the policy maps it to approvals and severities (medium when absent).')
      .optional(),
    intended_use: text('What the model is for, and for whom.').optional(),
    paths: z
      .array(
        // A glob that can match nothing would silently leave files out of the model.
        z.string().min(1).superRefine(refineGlob),
        { error: expected('a list such as ["src/churn/**"]') },
      )
      .describe('Extra repository globs whose change counts as a model change.')
      .optional(),
    lineage: text('Lineage manifest, relative to the card.').optional(),
    tuning_log: text('Hyperparameter tuning log, relative to the card.').optional(),
    hyperparameters: z
      .record(z.string(), z.unknown(), { error: expected('a mapping such as {learning_rate: 0.05}') })
      .describe('Hyperparameters of the shipped model.')
      .optional(),
    evaluation: evaluationSchema.optional(),
    monitoring: monitoringSchema.optional(),
    retraining: z
      .strictObject({
        trigger: text('What starts a retraining (drift, schedule, performance).').optional(),
        schedule: text('Regular cadence, e.g. monthly.').optional(),
      })
      .describe('When the model is retrained.')
      .optional(),
    fallback: z
      .strictObject({
        strategy: text('Fallback when the model misbehaves (previous-version, rules, human).').optional(),
        description: text('How the fallback or rollback is carried out.').optional(),
      })
      .describe('Fallback / rollback plan.')
      .optional(),
    retirement: z
      .strictObject({
        criteria: text('When the model is retired.').optional(),
        review_by: z
          .string({ error: expected('a date such as 2027-06-01') })
          .regex(ISO_DATE, { error: expected('a date such as 2027-06-01') })
          .describe('Date by which retirement is reviewed (YYYY-MM-DD).')
          .optional(),
      })
      .describe('Retirement criteria.')
      .optional(),
    explainability: z
      .strictObject({
        method: text('Explanation method (shap, lime, integrated gradients, ...).').optional(),
        artifact: text('Explanation report or plot, relative to the repository.').optional(),
      })
      .describe('How predictions are explained.')
      .optional(),
  }, { error: expected('a mapping of governance fields (model, version, owners, ...)') })
  .describe('modelgate governance block of a model card.');

export type GovernanceInput = z.input<typeof governanceSchema>;
export type MetricInput = z.input<typeof metricSchema>;
