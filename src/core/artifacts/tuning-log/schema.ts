// modelgate's own tuning log: JSON Lines, one `study` line, one `trial` line per trial, an
// optional `final` line (DESIGN §2.3). This zod schema is the single source of truth: the JSONL
// parser validates each line with it and `schemas/tuning-log.schema.json` is generated from it
// (`z.toJSONSchema(tuningLogLineSchema, { io: 'input' })`), so keep it free of transforms.
//
// Study fields are optional on purpose: a log without a seed or search space is still a log,
// and the `tuning-log-reproducible` rule reports what is missing with a finding that explains
// why, which a parse error could not.
import { z } from 'zod';

const METRIC_KEY = /^[^/]+\/.+$/;

const metricsSchema = z
  .record(z.string().regex(METRIC_KEY), z.number(), {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? 'metric keys are "split/metric", e.g. "validation/auc"'
        : issue.code === 'invalid_type'
          ? 'metrics must be an object of "split/metric" -> number'
          : undefined,
  })
  .describe('Metric values keyed "split/metric" (e.g. "validation/auc", "test/auc"), so leakage onto the test split is visible.');

const rangeDimension = z
  .strictObject({
    low: z.number().describe('Lowest value searched (inclusive).'),
    high: z.number().describe('Highest value searched (inclusive).'),
    log: z.boolean().optional().describe('Sampled on a log scale.'),
    step: z.number().positive().optional().describe('Quantization step (1 for integers).'),
  })
  .refine((d) => d.low <= d.high, { message: 'low must not be greater than high', path: ['low'] })
  .describe('A numeric range.');

const choiceDimension = z
  .strictObject({
    choices: z.array(z.unknown()).min(1).describe('The values searched, in order.'),
  })
  .describe('A categorical dimension.');

const searchDimension = z
  .union([rangeDimension, choiceDimension], { error: 'a search-space dimension is {"low", "high", "log"?, "step"?} or {"choices": [...]}' })
  .describe('One hyperparameter of the search space.');

export const studyLineSchema = z
  .strictObject({
    type: z.literal('study').describe('Marks the study line; exactly one per file.'),
    name: z.string().min(1).optional().describe('Study name.'),
    method: z.string().min(1).optional().describe('Search method as the tuner names it: random, grid, bayes, tpe, hyperband, ...'),
    seed: z.number().int().optional().describe('Seed of the search (sampler) so the study can be re-run.'),
    search_space: z.record(z.string().min(1), searchDimension).optional().describe('Hyperparameter name -> dimension searched.'),
    objective: z
      .strictObject({
        metric: z.string().min(1).describe('Metric the search optimizes (e.g. "auc").'),
        split: z.string().min(1).describe('Split the objective is computed on; "test" here is HARKing.'),
        direction: z.enum(['maximize', 'minimize'], { error: 'direction must be "maximize" or "minimize"' }).describe('Whether higher or lower is better.'),
      })
      .optional()
      .describe('What the search optimizes.'),
    budget: z
      .strictObject({ trials: z.number().int().positive().describe('Number of trials the search was allowed.') })
      .optional()
      .describe('How much search was planned.'),
  })
  .describe('The study: how the search was set up.');

export const trialLineSchema = z
  .strictObject({
    type: z.literal('trial').describe('Marks a trial line.'),
    id: z.union([z.number().int().nonnegative(), z.string().min(1)], { error: 'id must be a non-negative integer or a non-empty string' }).describe('Trial id, unique in the file.'),
    state: z.enum(['complete', 'pruned', 'fail', 'running', 'waiting'], { error: 'state must be one of complete, pruned, fail, running, waiting' }).describe('Trial state.'),
    seed: z.number().int().optional().describe('Seed of this trial’s training run.'),
    params: z.record(z.string().min(1), z.unknown(), { error: 'params must be an object of name -> value' }).describe('Hyperparameter values this trial used.'),
    metrics: metricsSchema.optional(),
  })
  .describe('One trial of the search.');

export const finalLineSchema = z
  .strictObject({
    type: z.literal('final').describe('Marks the final evaluation line; at most one per file.'),
    trial: z.union([z.number().int().nonnegative(), z.string().min(1)], { error: 'trial must be a trial id' }).describe('Id of the trial whose configuration shipped.'),
    split: z.string().min(1).describe('Split of the final evaluation (normally "test").'),
    metrics: metricsSchema,
  })
  .describe('The final evaluation of the chosen configuration.');

export const tuningLogLineSchema = z
  .discriminatedUnion('type', [studyLineSchema, trialLineSchema, finalLineSchema])
  .describe('One line of a modelgate tuning log (JSON Lines).');

export type TuningLogLine = z.infer<typeof tuningLogLineSchema>;
export type StudyLine = z.infer<typeof studyLineSchema>;
export type TrialLine = z.infer<typeof trialLineSchema>;
export type FinalLine = z.infer<typeof finalLineSchema>;
