// A finding that stands for one defect seen in several places (issue 11: the placeholders of one
// card) carries every place in `locations`, its own first. The engine keeps that order, SARIF puts
// the others in `relatedLocations`, and the JSON report lists them all, valid against its schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { evaluateWithRules } from '../../../src/core/engine/pipeline.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { formatJson } from '../../../src/core/report/formats/json.ts';
import { sarifLog } from '../../../src/core/report/formats/sarif.ts';
import { defineRule } from '../../../src/core/rules/define.ts';
import { jsonSchemaFor } from '../../../src/core/schemas.ts';
import { cleanModelFiles, DEFAULT_CARD_BODY, cardText } from '../../helpers/fixtures.ts';
import { repoState } from '../../helpers/rule-tester.ts';
import { sarifProblems } from './sarif-validate.ts';

const DIR = 'models/churn';
const CARD = `${DIR}/MODEL_CARD.md`;
// Three leftovers of a template: one finding, three places.
const body = DEFAULT_CARD_BODY.replace(/Trained on customers[^]*?watches for\./, '[More Information Needed]').replace(/Protected attributes[^]*$/, 'TODO\n');
const files = cleanModelFiles(DIR, { card: { frontMatter: { license: '{license}' }, body } });
const cardLines = files[CARD]!.split('\n');
const lineOf = (needle: string) => cardLines.findIndex((l) => l.includes(needle)) + 1;
const evaluation = evaluate({ head: repoState('HEAD', files), changedFiles: 'all' }, loadPolicy(undefined));
const placeholders = evaluation.models[0]!.findings.filter((f) => f.ruleId === 'model-card-no-placeholders');
const PLACES = [
  { file: CARD, line: lineOf('license:'), note: '"{license}" in `license`' },
  { file: CARD, line: lineOf('[More Information Needed]'), note: '"[More Information Needed]" in section "Limitations"' },
  { file: CARD, line: lineOf('TODO'), note: '"TODO" in section "Ethical considerations"' },
];

describe('a finding with several places', () => {
  it('is one finding whose locations start at its own place', () => {
    expect(placeholders).toHaveLength(1);
    expect(placeholders[0]).toMatchObject({ file: CARD, line: PLACES[0]!.line, locations: PLACES });
  });

  it('SARIF: the first place is the result location, every other a related location with its note', () => {
    const log = sarifLog(evaluation, { toolVersion: '0.1.0' });
    expect(sarifProblems(log)).toEqual([]);
    const result = log.runs[0]!.results!.find((r) => r.ruleId === 'model-card-no-placeholders')!;
    const at = (line: number) => ({ artifactLocation: { uri: CARD, uriBaseId: '%SRCROOT%' }, region: { startLine: line } });
    expect(result.locations).toEqual([{ physicalLocation: at(PLACES[0]!.line), message: { text: PLACES[0]!.note } }]);
    expect(result.relatedLocations).toEqual([
      { id: 1, physicalLocation: at(PLACES[1]!.line), message: { text: PLACES[1]!.note } },
      { id: 2, physicalLocation: at(PLACES[2]!.line), message: { text: PLACES[2]!.note } },
    ]);
    // A finding with one place has no related locations.
    const single = log.runs[0]!.results!.find((r) => r.ruleId !== 'model-card-no-placeholders');
    if (single) expect(single.relatedLocations).toBeUndefined();
  });

  it('JSON: the finding lists every place, and the report is valid against schemas/report.schema.json', () => {
    const report = JSON.parse(formatJson(evaluation, '0.1.0'));
    const finding = report.models[0].findings.find((f: { ruleId: string }) => f.ruleId === 'model-card-no-placeholders');
    expect(finding).toEqual({ ruleId: 'model-card-no-placeholders', severity: 'error', message: placeholders[0]!.message, file: CARD, line: PLACES[0]!.line, locations: PLACES });
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(jsonSchemaFor('report'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the report schema is not vacuous: a location without a line, or an unknown key, is invalid', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(jsonSchemaFor('report'));
    const report = JSON.parse(formatJson(evaluation, '0.1.0'));
    const broken = structuredClone(report);
    delete broken.models[0].findings.find((f: { locations?: unknown }) => f.locations).locations[1].line;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...report, extra: true })).toBe(false);
  });
});

describe('the engine keeps a finding\'s own place first', () => {
  const rule = (locations: { file: string; line: number; note?: string }[]) =>
    defineRule({
      meta: {
        id: 'probe',
        title: 'probe',
        antipattern: '—',
        area: 'card',
        rationale: 'probe',
        howToFix: 'probe',
        defaultSeverity: 'error',
        appliesTo: 'card',
        options: z.object({}),
        messages: { at: 'probe' },
      },
      check: (ctx) => [{ messageId: 'at', file: ctx.model!.head.cardPath, line: 7, locations }],
    });
  const run = (locations: { file: string; line: number; note?: string }[]) => {
    const snapshot = { head: repoState('HEAD', { [CARD]: cardText() }), changedFiles: 'all' as const };
    return evaluateWithRules(snapshot, loadPolicy(undefined), [rule(locations)]).models[0]!.findings[0]!.locations;
  };

  it('moves the own place to the front when a rule lists it later', () => {
    expect(run([{ file: CARD, line: 3, note: 'a' }, { file: CARD, line: 7, note: 'own' }])).toEqual([
      { file: CARD, line: 7, note: 'own' },
      { file: CARD, line: 3, note: 'a' },
    ]);
  });

  it('adds the own place when a rule leaves it out', () => {
    expect(run([{ file: 'other.md', line: 2 }])).toEqual([{ file: CARD, line: 7 }, { file: 'other.md', line: 2 }]);
  });
});
