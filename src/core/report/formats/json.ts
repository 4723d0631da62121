// `--format json`: exactly the document of DESIGN §7, one per run, for scripts and CI.
// Nothing else goes in it (no column, no suggestion), so consumers can rely on its shape; the
// additions are `"removed": true` on a model the pull request removes, which is gated (at its
// base tier) but not checked, so its empty `findings` must not read as "clean", and `locations`
// on a finding that stands for several places (every placeholder of a card), the first its own.
// The shape is defined once, in zod: the types below and schemas/report.schema.json come from it.
import { z } from 'zod';
import type { Evaluation } from '../../engine/evaluate.ts';
import type { Finding } from '../../rules/define.ts';
import { localDecision } from '../verdict.ts';

const jsonLocationSchema = z.strictObject({
  file: z.string().describe('Repository-relative path.'),
  line: z.number().int().min(1),
  note: z.string().optional().describe('What is at this place (the placeholder and its section, ...).'),
});

const jsonFindingSchema = z.strictObject({
  ruleId: z.string().describe('The rule (docs/rules/<ruleId>.md), or `modelgate` for the engine itself.'),
  severity: z.enum(['error', 'warn']),
  message: z.string(),
  file: z.string().describe('Repository-relative path.'),
  line: z.number().int().min(1),
  locations: z
    .array(jsonLocationSchema)
    .min(2)
    .optional()
    .describe('Every place of a finding that stands for one defect seen in several places; the first is `file`/`line` itself.'),
});

export const jsonReportSchema = z
  .strictObject({
    tool: z.literal('modelgate'),
    version: z.string(),
    decision: z.enum(['pass', 'pending', 'fail']).describe('`pending`: no errors, but the policy needs an approval the CLI cannot see.'),
    models: z.array(
      z.strictObject({
        path: z.string().describe('The model directory.'),
        card: z.string().describe('Its card; for a removed model, the base card.'),
        tier: z.enum(['low', 'medium', 'high']),
        removed: z.literal(true).optional().describe('The pull request removes the model: gated at its base tier, no rule ran on it.'),
        findings: z.array(jsonFindingSchema),
      }),
    ),
    findings: z.array(jsonFindingSchema).describe('Findings not tied to one model (policy errors, files under `models.paths` with no card, ...).'),
  })
  .describe('The report `modelgate check --format json` prints.');

export type JsonFinding = z.infer<typeof jsonFindingSchema>;
export type JsonReport = z.infer<typeof jsonReportSchema>;

function jsonFinding(f: Finding): JsonFinding {
  const finding: JsonFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line };
  if (f.locations && f.locations.length > 1) finding.locations = f.locations.map((l) => ({ file: l.file, line: l.line, ...(l.note === undefined ? {} : { note: l.note }) }));
  return finding;
}

export function jsonReport(evaluation: Evaluation, toolVersion: string): JsonReport {
  return {
    tool: 'modelgate',
    version: toolVersion,
    decision: localDecision(evaluation),
    models: evaluation.models.map((m) => ({ path: m.dir, card: m.cardPath, tier: m.tier, ...(m.removed ? { removed: true as const } : {}), findings: m.findings.map(jsonFinding) })),
    findings: evaluation.findings.map(jsonFinding),
  };
}

export function formatJson(evaluation: Evaluation, toolVersion: string): string {
  return `${JSON.stringify(jsonReport(evaluation, toolVersion), null, 2)}\n`;
}
