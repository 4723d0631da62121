// `--format sarif` validates against the SARIF 2.1.0 JSON Schema for every example, for engine
// findings (an invalid policy) and for file names that need percent-encoding.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { formatSarif, sarifLog, sarifText } from '../../../src/core/report/formats/sarif.ts';
import { runExample } from './examples.ts';
import { sarifProblems } from './sarif-validate.ts';

describe('SARIF output validates against the SARIF 2.1.0 schema', () => {
  it.each(['models/churn-clean', 'models/fraud-planted', 'models/sentiment-hf'])('%s', (dir) => {
    const log = JSON.parse(formatSarif(runExample(dir).evaluation, { toolVersion: '0.1.0', pathPrefix: 'examples' }));
    expect(sarifProblems(log)).toEqual([]);
  });

  it('the schema check is not vacuous', () => {
    const log = sarifLog(runExample('models/fraud-planted').evaluation, { toolVersion: '0.1.0' });
    (log.runs[0]!.results![0] as { level: string }).level = 'fatal';
    expect(sarifProblems(log).length).toBeGreaterThan(0);
  });

  it('describes the engine as a rule when the policy is invalid, and encodes odd file names', () => {
    const loaded = loadPolicy({ path: '.github/modelgate.yml', text: 'rules: {no-such-rule: error}\n' });
    const card = '---\ngovernance: {version: 1.0.0}\n---\n# x\n';
    const evaluation = evaluate({ head: { sha: 'H', files: { 'models/my model (v2)/MODEL_CARD.md': { content: card } } }, changedFiles: 'all' }, loaded);
    const log = sarifLog(evaluation, { toolVersion: '0.1.0' });
    expect(sarifProblems(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.at(-1)!.id).toBe('modelgate');
    expect(run.results!.find((r) => r.ruleId === 'modelgate')!.message.text).toMatch(/^policy invalid: rules\.no-such-rule: unknown rule/);
    const uris = run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain('models/my%20model%20%28v2%29/MODEL_CARD.md');
  });
});

describe('PR text in SARIF messages', () => {
  it('cannot form an embedded link (SARIF 2.1.0 §3.11.6), which viewers render as a hyperlink', () => {
    expect(sarifText('Owner `[x](https://evil.example)` and [y](0)')).toBe('Owner `[x] (https://evil.example)` and [y] (0)');
  });

  it('is applied to every result message', () => {
    const card = '---\ngovernance: {version: 1.0.0, owners: ["[x](https://evil.example)"]}\n---\n# x\n';
    const evaluation = evaluate({ head: { sha: 'H', files: { 'models/m/MODEL_CARD.md': { content: card } } }, changedFiles: 'all' }, loadPolicy());
    const messages = sarifLog(evaluation, { toolVersion: '0.1.0' }).runs[0]!.results!.map((r) => r.message.text!);
    expect(messages.some((m) => m.includes('[x] (https://evil.example)'))).toBe(true);
    expect(messages.filter((m) => m.includes(']('))).toEqual([]);
  });
});
