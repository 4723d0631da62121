// The zod schema of modelgate's own lineage manifest (`lineage.yaml`, DESIGN §2.2).
// It is strict (unknown keys are errors: a typo such as `fit_onn` must not silently drop the
// information a leakage rule needs) and every field is described, because
// `schemas/lineage.schema.json` is generated from it (`z.toJSONSchema(..., { io: 'input' })`) and
// editors autocomplete from that. Nothing here may be unrepresentable in JSON Schema (no z.date(),
// no bare transforms on the input side), or the generator throws.
import { z } from 'zod';
import { canonicalKindSpelling, WRITTEN_STEP_KINDS, type WrittenStepKind } from './kinds.ts';

/**
 * A range bound. The `yaml` core schema reads `2023-01-01` as a string, but a YAML 1.1 reader
 * gives a Date and `2023` is a number, so all three are accepted and normalised to a string.
 */
const rangeBound = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.union([z.string(), z.number().transform(String)]).describe('An ISO date (`2023-01-01`), timestamp or other comparable value (a bare year is read as text).'),
);

/** One column name or a list of them (a composite key). */
const columnList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const qualityAssertionSchema = z
  .strictObject({
    check: z.string().min(1).describe('What was checked: `not_null`, `unique`, `row_count >= 1000000`, a Great Expectations expectation name, ...'),
    column: z.string().describe('The column the check applies to, when it applies to one.').optional(),
    result: z.enum(['pass', 'fail']).describe('Outcome of the check on the data version used for this model.'),
    observed: z
      .union([z.string(), z.number(), z.boolean()])
      .describe('Observed value (row count, null fraction, ...), for the reviewer.')
      .optional(),
  })
  .describe('One data-quality check run on the dataset, with its result.');

export const datasetSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name steps and splits refer to this dataset by.'),
    uri: z.string().describe('Where the data lives: `s3://bucket/prefix/`, a table name, a path.').optional(),
    version: z
      .union([z.string().min(1), z.number().transform(String)])
      .describe('What pins the data: content hash (`sha256:...`), DVC md5, snapshot id, Delta/Iceberg table version.')
      .optional(),
    time_column: z.string().describe('Column holding event time; a dataset with one should be split by time, not at random.').optional(),
    entity_key: columnList.describe(
      'Column(s) naming the entity a row belongs to (`customer_id`, `patient_id`): rows of one entity (repeat visits, monthly ' +
        'snapshots) must not land on both sides of a split, so a dataset with one is split by group on that key.',
    ).optional(),
    quality_assertions: z.array(qualityAssertionSchema).describe('Data-quality checks run on this version of the dataset.').optional(),
  })
  .describe('An input dataset of the model.');

export const splitPartSchema = z
  .strictObject({
    dataset: z.string().describe('Dataset (by `name`) this part is drawn from.').optional(),
    range: z
      .tuple([rangeBound, rangeBound])
      .describe('Inclusive `[start, end]` of the part on the time column (temporal splits).')
      .optional(),
    fraction: z
      .number()
      .gt(0)
      .max(1)
      .describe('Share of the rows drawn into this part (random, stratified and group splits), e.g. `0.8`: all a random split says about its parts.')
      .optional(),
  })
  .describe('One part of the split.');

export const splitMethods = ['temporal', 'random', 'group', 'stratified'] as const;

export const splitsSchema = z
  .strictObject({
    method: z.enum(splitMethods).describe('How rows were assigned to train/validation/test.'),
    seed: z.number().int().describe('Random seed of the split (random, group and stratified splits).').optional(),
    group_by: columnList.describe('Column(s) a `group` split keeps together: every row of one value lands in the same part.').optional(),
    train: splitPartSchema.describe('The training part.').optional(),
    validation: splitPartSchema.describe('The validation part (model selection, early stopping, tuning).').optional(),
    test: splitPartSchema.describe('The held-out test part (reported metrics only).').optional(),
  })
  .describe('How the data was split into train, validation and test.');

const writtenKinds = Object.keys(WRITTEN_STEP_KINDS) as [WrittenStepKind, ...WrittenStepKind[]];

export const stepSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the step.'),
    kind: z
      .preprocess(
        (v) => (typeof v === 'string' ? canonicalKindSpelling(v) : v),
        z.enum(writtenKinds).describe(
          'What the step does. Fitted transforms: normalize (also normalise, scale, min-max-scale), standardize, impute, encode (one-hot-encode), ' +
            'target-encode, resample (undersample), oversample (smote), select (feature-selection), pca. Fitted after the model: calibrate ' +
            '(calibration, platt-scaling, temperature-scaling), fitted on validation rows, never test rows. Others: split (train-test-split), ' +
            'filter, deduplicate (dedupe, drop-duplicates), train (fit), evaluate (eval), join (merge), load (ingest), other.',
        ),
      )
      .describe('What the step does.'),
    fit_on: z
      .string()
      .describe('Data a fitted step learns from: `train`, `train+validation`, `all`. A transform fitted on more than `train` leaks; a calibrator is fitted on `validation`, and leaks only when fitted on test rows.')
      .optional(),
    inputs: z.array(z.string()).describe('Datasets or artifacts the step reads.').optional(),
    outputs: z.array(z.string()).describe('Datasets or artifacts the step writes.').optional(),
  })
  .describe('One step of the pipeline.');

export const lineageManifestSchema = z
  .strictObject({
    version: z.literal(1).describe('Version of the lineage manifest format; always 1.'),
    datasets: z.array(datasetSchema).min(1).describe('Input datasets of the model, each pinned to a version.'),
    splits: splitsSchema.optional(),
    steps: z.array(stepSchema).min(1).describe('Pipeline steps in execution order.').optional(),
  })
  .describe('modelgate lineage manifest (lineage.yaml): where the training data came from and what was done to it.');

export type LineageManifestInput = z.input<typeof lineageManifestSchema>;
export type LineageManifest = z.output<typeof lineageManifestSchema>;

/** Keys allowed at each level of the manifest, for "unknown key" messages. */
export function allowedManifestKeys(path: readonly (string | number)[]): string[] {
  const p = path.map(String);
  const shape =
    p.length === 0
      ? lineageManifestSchema.shape
      : p[0] === 'datasets' && p.length === 2
        ? datasetSchema.shape
        : p[0] === 'datasets' && p.length === 4
          ? qualityAssertionSchema.shape
          : p[0] === 'splits' && p.length === 1
            ? splitsSchema.shape
            : p[0] === 'splits' && p.length === 2
              ? splitPartSchema.shape
              : p[0] === 'steps' && p.length === 2
                ? stepSchema.shape
                : {};
  return Object.keys(shape);
}
