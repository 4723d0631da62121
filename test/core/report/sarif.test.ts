// `--format sarif` validates against the SARIF 2.1.0 JSON Schema for every example, for engine
// findings (an invalid policy) and for file names that need percent-encoding.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { formatSarif, sarifLog, sarifText } from '../../../src/core/report/formats/sarif.ts';
import { appRuleDocsUrl } from '../../../src/core/report/links.ts';
import { renderRuleDoc } from '../../../src/core/report/rule-doc.ts';
import { ruleById } from '../../../src/core/rules/index.ts';
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

describe('rule docs in SARIF', () => {
  const evaluation = runExample('models/fraud-planted').evaluation;

  it('links no page by default (the package names no repository), and each rule\'s page under the docs setting', () => {
    const bare = sarifLog(evaluation, { toolVersion: '0.1.0' }).runs[0]!.tool.driver;
    expect(bare.informationUri).toBeUndefined();
    expect(bare.rules!.filter((r) => r.helpUri !== undefined)).toEqual([]);
    expect(JSON.stringify(bare)).not.toContain('github.com/modelgate');
    const served = sarifLog(evaluation, { toolVersion: '0.1.0', ruleDocsUrl: appRuleDocsUrl('https://modelgate.example.com/'), informationUri: 'https://modelgate.example.com/docs/rules/' });
    expect(sarifProblems(served)).toEqual([]);
    const driver = served.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe('https://modelgate.example.com/docs/rules/');
    expect(driver.rules!.find((r) => r.id === 'lineage-present')!.helpUri).toBe('https://modelgate.example.com/docs/rules/lineage-present');
    const folder = sarifLog(evaluation, { toolVersion: '0.1.0', ruleDocsUrl: 'https://git.example/acme/modelgate/blob/v0.1.0/docs/rules/' }).runs[0]!.tool.driver;
    expect(folder.rules!.find((r) => r.id === 'lineage-present')!.helpUri).toBe('https://git.example/acme/modelgate/blob/v0.1.0/docs/rules/lineage-present.md');
  });

  it('carries each rule\'s doc page as help.markdown, and how to fix as help.text', () => {
    const rule = sarifLog(evaluation, { toolVersion: '0.1.0' }).runs[0]!.tool.driver.rules!.find((r) => r.id === 'lineage-split-before-fit')!;
    const meta = ruleById('lineage-split-before-fit')!;
    expect(rule.help!.text).toBe(meta.meta.howToFix);
    expect(rule.help!.markdown).toMatch(/^# lineage-split-before-fit\n/);
    expect(renderRuleDoc(meta)).toContain(rule.help!.markdown!);
    expect(rule.help!.markdown).not.toContain('](README.md)');
  });

  it('tags each rule with the framework controls it evidences, `framework:control`', () => {
    const driver = sarifLog(evaluation, { toolVersion: '0.1.0' }).runs[0]!.tool.driver;
    expect(driver.rules!.find((r) => r.id === 'operations-fallback-declared')!.properties!.tags).toEqual(['mlops', 'operations', 'eu-ai-act:Art. 15(4)', 'nist-ai-rmf:MANAGE 2.4']);
    expect(driver.rules!.find((r) => r.id === 'lineage-present')!.properties!.tags).toEqual([
      'mlops',
      'lineage',
      'eu-ai-act:Art. 10(2)(b)',
      'eu-ai-act:Art. 10(2)(c)',
      'eu-ai-act:Annex IV(2)(d)',
      'iso-42001:A.7.5',
    ]);
    // A rule that evidences no control carries no framework tag.
    expect(driver.rules!.find((r) => r.id === 'artifact-parseable')!.properties!.tags).toEqual(['mlops', 'artifacts']);
    expect(driver.rules!.find((r) => r.id === 'lineage-present')!.help!.markdown).toContain('| EU AI Act | Art. 10(2)(b): ');
  });
});

describe('partialFingerprints', () => {
  const prints = (log: ReturnType<typeof sarifLog>) => log.runs[0]!.results!.map((r) => r.partialFingerprints!['modelgateFindingHash/v1']!);
  const evaluation = runExample('models/fraud-planted').evaluation;

  it('are distinct within a run and the same in the next run', () => {
    const first = prints(sarifLog(evaluation, { toolVersion: '0.1.0' }));
    expect(first.length).toBeGreaterThan(1);
    expect(new Set(first).size).toBe(first.length);
    expect(prints(sarifLog(runExample('models/fraud-planted').evaluation, { toolVersion: '0.2.0' }))).toEqual(first);
  });

  it('do not move with the line or with numbers in the message, and change with the rule, file or wording', () => {
    const shifted = structuredClone(evaluation);
    for (const f of [...shifted.findings, ...shifted.models.flatMap((m) => m.findings)]) {
      f.line += 7;
      f.message = f.message.replace(/\d+/g, (n) => String(Number(n) + 1));
    }
    expect(prints(sarifLog(shifted, { toolVersion: '0.1.0' }))).toEqual(prints(sarifLog(evaluation, { toolVersion: '0.1.0' })));
    const moved = structuredClone(evaluation);
    const finding = moved.models.flatMap((m) => m.findings)[0]!;
    const before = prints(sarifLog(moved, { toolVersion: '0.1.0' }));
    finding.file = `${finding.file}.renamed`;
    const after = prints(sarifLog(moved, { toolVersion: '0.1.0' }));
    expect(after.filter((p) => !before.includes(p))).toHaveLength(1);
    expect(prints(sarifLog(evaluation, { toolVersion: '0.1.0', pathPrefix: 'sub' }))).not.toEqual(prints(sarifLog(evaluation, { toolVersion: '0.1.0' })));
  });
});
