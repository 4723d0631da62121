// Validates a SARIF log against the vendored SARIF 2.1.0 schema (test/fixtures/sarif, draft-07,
// which ajv's default build reads). ajv ships no format checks without ajv-formats, so the URI
// fields GitHub's upload reads are checked here by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

function absoluteUri(value: unknown): boolean {
  try {
    return typeof value === 'string' && new URL(value).protocol.length > 0;
  } catch {
    return false;
  }
}

/** Schema errors and URI problems, as readable strings; empty when the log is valid. */
export function sarifProblems(log: unknown): string[] {
  const problems = validate(log) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
  const run = (log as { $schema?: string; runs?: { tool: { driver: { informationUri?: string; rules?: { helpUri?: string }[] } }; results?: { locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[] }).runs?.[0];
  if (!absoluteUri((log as { $schema?: string }).$schema)) problems.push('$schema is not an absolute URI');
  // Optional, but when present absolute: a link to a page that does not exist is left out, not made relative.
  if (run && run.tool.driver.informationUri !== undefined && !absoluteUri(run.tool.driver.informationUri)) problems.push('informationUri is not an absolute URI');
  for (const rule of run?.tool.driver.rules ?? []) if (rule.helpUri !== undefined && !absoluteUri(rule.helpUri)) problems.push(`helpUri ${rule.helpUri} is not an absolute URI`);
  for (const result of run?.results ?? []) {
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    if (typeof uri !== 'string' || /[\s%](?![0-9A-F]{2})/.test(uri) || uri.startsWith('/')) problems.push(`artifact uri ${uri} is not a relative URI reference`);
  }
  return problems;
}
