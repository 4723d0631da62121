// Google Model Card Toolkit `model_card.json`, schema 0.0.1 and 0.0.2, as far as modelgate reads
// it. Like MCT's own JSON Schema, only the top level is closed (`additionalProperties: false`);
// nested objects accept extra keys (0.0.1 cards carry `threshold` on metrics, for instance).
//
// Both generations are accepted whatever `schema_version` says, because real cards mix them:
// 0.0.1 wrote `license`, `citation` and `references` as strings, `data` as {train, eval}, metric
// values as numbers and considerations as plain strings; 0.0.2 wraps each in an object
// ({identifier}, {citation}, {reference}, [{name, ...}], "0.9", {description}).
import { z } from 'zod';
import { expected } from './metric-value.ts';

const str = z.string().optional();
const numberOrString = z.union([z.number(), z.string()], { error: expected('a number or a numeric string') }).optional();

const described = z.union([z.string(), z.looseObject({ description: str })], { error: expected('a string or {description}') });

const graphicsSchema = z.looseObject({
  description: str,
  collection: z.array(z.looseObject({ name: str, image: str })).optional(),
});

const datasetSchema = z.looseObject({
  name: str,
  link: str,
  description: str,
  sensitive: z.looseObject({ sensitive_data: z.array(z.string()).optional() }).optional(),
  graphics: graphicsSchema.optional(),
});

export const mctMetricSchema = z.looseObject({
  type: str,
  value: numberOrString,
  slice: str,
  threshold: numberOrString,
  confidence_interval: z.looseObject({ lower_bound: numberOrString, upper_bound: numberOrString }).optional(),
});

const referenceSchema = z.union([z.string(), z.looseObject({ reference: str })], { error: expected('a string or {reference}') });
const citationSchema = z.union([z.string(), z.looseObject({ style: str, citation: str })], { error: expected('a string or {citation}') });

export const mctSchema = z.strictObject(
  {
    schema_version: str,
    model_details: z
      .looseObject({
        name: str,
        overview: str,
        documentation: str,
        owners: z.array(z.looseObject({ name: str, contact: str })).optional(),
        version: z.looseObject({ name: str, date: str, diff: str }).optional(),
        licenses: z.array(z.looseObject({ identifier: str, custom_text: str })).optional(),
        license: str,
        references: z.array(referenceSchema).optional(),
        citations: z.array(citationSchema).optional(),
        citation: citationSchema.optional(),
        path: str,
      })
      .optional(),
    model_parameters: z
      .looseObject({
        model_architecture: str,
        data: z.union([z.array(datasetSchema), z.record(z.string(), datasetSchema)], { error: expected('a list of datasets') }).optional(),
        input_format: str,
        output_format: str,
      })
      .optional(),
    quantitative_analysis: z
      .looseObject({
        performance_metrics: z.array(mctMetricSchema, { error: expected('a list of {type, value, slice, confidence_interval}') }).optional(),
        graphics: graphicsSchema.optional(),
      })
      .optional(),
    considerations: z
      .looseObject({
        users: z.array(described).optional(),
        use_cases: z.array(described).optional(),
        limitations: z.array(described).optional(),
        tradeoffs: z.array(described).optional(),
        ethical_considerations: z
          .array(z.union([z.string(), z.looseObject({ name: str, mitigation_strategy: str })], { error: expected('a string or {name, mitigation_strategy}') }))
          .optional(),
      })
      .optional(),
  },
  { error: expected('a JSON object with model_details, model_parameters, quantitative_analysis and considerations') },
);

export type MctCard = z.infer<typeof mctSchema>;
export type MctMetric = z.infer<typeof mctMetricSchema>;

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const optionalNumberOrString = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether `mctMetricSchema` accepts `m` as it is, checked by hand (a card holds thousands of
 * metrics; zod took most of the validation time on them). Each check is the schema's own: an object
 * whose type and slice are strings if present, value and threshold numbers or strings, and
 * confidence_interval an object whose bounds are numbers or strings. Numbers from JSON are finite.
 */
export function isPlainMctMetric(m: unknown): boolean {
  if (!isObject(m)) return false;
  if (!optionalString(m.type) || !optionalString(m.slice) || !optionalNumberOrString(m.value) || !optionalNumberOrString(m.threshold)) return false;
  const ci = m.confidence_interval;
  return ci === undefined || (isObject(ci) && optionalNumberOrString(ci.lower_bound) && optionalNumberOrString(ci.upper_bound));
}
