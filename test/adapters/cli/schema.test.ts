// `modelgate schema` prints exactly what schemas/ holds, and the examples are valid against it:
// the generated schemas, the CLI and the demo repository cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/adapters/cli/command.ts';
import { runCli } from '../../../src/adapters/cli/run.ts';
import { jsonSchemaFor, renderJsonSchema, schemaFileName, SCHEMA_NAMES, type SchemaName } from '../../../src/core/schemas.ts';

const root = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

async function schemaOutput(...argv: string[]) {
  const out: string[] = [];
  const io: CliIo = { cwd: root, out: (line) => out.push(line), err: () => {}, color: false };
  const code = await runCli(['schema', ...argv], io);
  return { code, out };
}

function validator(name: SchemaName) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(jsonSchemaFor(name));
}

function frontMatter(path: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(read(path));
  return parse(match![1]!);
}

describe('modelgate schema', () => {
  it('lists the schema names without an argument', async () => {
    expect(await schemaOutput()).toEqual({ code: 0, out: ['policy', 'model-card', 'lineage', 'tuning-log', 'report', 'inventory'] });
  });

  it.each(SCHEMA_NAMES)('prints schemas/%s exactly as committed', async (name) => {
    const { code, out } = await schemaOutput(name);
    expect(code).toBe(0);
    expect(`${out.join('\n')}\n`).toBe(read(`schemas/${schemaFileName(name)}`));
    expect(renderJsonSchema(name)).toBe(read(`schemas/${schemaFileName(name)}`));
  });

  it('model-card allows any Hub metadata key beside governance', () => {
    const schema = jsonSchemaFor('model-card') as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.properties)).toEqual(['governance']);
    expect(schema.additionalProperties).toEqual({});
  });
});

describe('the examples are valid against the generated schemas', () => {
  it('policy: examples/.github/modelgate.yml', () => {
    const validate = validator('policy');
    expect(validate(parse(read('examples/.github/modelgate.yml'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['examples/models/churn-clean/MODEL_CARD.md', 'examples/models/fraud-planted/MODEL_CARD.md', 'examples/models/sentiment-hf/README.md'])('model-card: %s', (path) => {
    const validate = validator('model-card');
    expect(validate(frontMatter(path)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['examples/models/churn-clean/lineage.yaml', 'examples/models/fraud-planted/lineage.yaml'])('lineage: %s', (path) => {
    const validate = validator('lineage');
    expect(validate(parse(read(path))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['examples/models/churn-clean/tuning/trials.jsonl', 'examples/models/fraud-planted/tuning/trials.jsonl'])('tuning-log: every line of %s', (path) => {
    const validate = validator('tuning-log');
    for (const line of read(path).trim().split('\n')) {
      expect(validate(JSON.parse(line)), `${line}\n${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what the parsers reject: an unknown governance key', () => {
    const validate = validator('model-card');
    expect(validate({ license: 'mit', governance: { risk_tier: 'high', riskTier: 'high' } })).toBe(false);
  });
});
