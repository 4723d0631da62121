// JSON Schemas of the files people write by hand, generated from the zod schemas the parsers use,
// so an editor's autocomplete and modelgate's own validation can never disagree; and of the
// documents modelgate writes for programs, the `--format json` report and inventory, from the zod schemas they are built to.
// `scripts/generate-schemas.ts` writes them to schemas/; `modelgate schema NAME` prints them.
import { z } from 'zod';
import { governanceSchema } from './artifacts/model-card/governance-schema.ts';
import { lineageManifestSchema } from './artifacts/lineage/schema.ts';
import { tuningLogLineSchema } from './artifacts/tuning-log/schema.ts';
import { policySchema } from './policy/schema.ts';
import { inventorySchema } from './inventory/inventory.ts';
import { jsonReportSchema } from './report/formats/json.ts';

export const SCHEMA_NAMES = ['policy', 'model-card', 'lineage', 'tuning-log', 'report', 'inventory'] as const;

export type SchemaName = (typeof SCHEMA_NAMES)[number];

export function isSchemaName(name: string): name is SchemaName {
  return (SCHEMA_NAMES as readonly string[]).includes(name);
}

/**
 * The Hugging Face card front matter as modelgate sees it: `governance` is modelgate's, every
 * other key belongs to the Hub's own metadata spec and is let through untouched.
 */
const modelCardFrontMatterSchema = z
  .looseObject({
    governance: governanceSchema.optional(),
  })
  .describe('Front matter of a Hugging Face model card (MODEL_CARD.md / README.md) with the modelgate `governance` block; all other Hub metadata keys are allowed.');

const SOURCES: Record<SchemaName, { schema: z.ZodType; title: string; file: string }> = {
  policy: { schema: policySchema, title: 'modelgate policy (.github/modelgate.yml)', file: 'policy.schema.json' },
  'model-card': { schema: modelCardFrontMatterSchema, title: 'modelgate model card front matter', file: 'model-card.schema.json' },
  lineage: { schema: lineageManifestSchema, title: 'modelgate lineage manifest (lineage.yaml)', file: 'lineage.schema.json' },
  'tuning-log': { schema: tuningLogLineSchema, title: 'modelgate tuning log line (JSON Lines)', file: 'tuning-log.schema.json' },
  report: { schema: jsonReportSchema, title: 'modelgate check --format json report', file: 'report.schema.json' },
  inventory: { schema: inventorySchema, title: 'modelgate inventory --format json document', file: 'inventory.schema.json' },
};

/** File name of a schema under schemas/. */
export function schemaFileName(name: SchemaName): string {
  return SOURCES[name].file;
}

/** The JSON Schema of one hand-written file format, describing what a user may type (zod input side). */
export function jsonSchemaFor(name: SchemaName): Record<string, unknown> {
  const { schema, title, file } = SOURCES[name];
  const generated = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  // $id is a URN until the project has a canonical URL to serve the files from.
  return { $schema, $id: `urn:modelgate:schema:${file}`, title, ...rest };
}

/** The exact text written to schemas/<file>: stable key order, two-space indent, trailing newline. */
export function renderJsonSchema(name: SchemaName): string {
  return `${JSON.stringify(jsonSchemaFor(name), null, 2)}\n`;
}
