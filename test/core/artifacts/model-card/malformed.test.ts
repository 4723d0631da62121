// Broken model cards a user will actually commit, each with the one error modelgate must report:
// exact code, message and line. Table-driven, like ESLint's invalid cases.
import { describe, expect, it } from 'vitest';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { parseMctCard } from '../../../../src/core/artifacts/model-card/mct.ts';
import { readText } from '../../../../src/core/artifacts/source.ts';
import type { ParseErrorCode } from '../../../../src/core/artifacts/types.ts';

type Expected = [code: ParseErrorCode, line: number, message: string];

/** A card whose `governance:` block is `body` (lines 4 on); the block key is line 3. */
const withGovernance = (body: string) => `---\nlicense: mit\ngovernance:\n${body}---\n\n# Card\n`;

const HF_CASES: { name: string; text: string; errors: Expected[] }[] = [
  {
    name: 'unterminated front matter',
    text: '---\nlicense: mit\n# Title\n',
    errors: [['syntax', 1, 'front matter opened with --- on line 1 is never closed: end the metadata with a line containing only ---']],
  },
  {
    name: 'a tab as indentation in front matter',
    text: '---\nlicense: mit\ngovernance:\n\tmodel: x\n---\n',
    errors: [['syntax', 4, 'Tabs are not allowed as indentation']],
  },
  {
    name: 'a duplicate key in front matter',
    text: '---\nlicense: mit\nlicense: apache-2.0\n---\n',
    errors: [['duplicate-key', 3, 'duplicate key: map keys must be unique']],
  },
  {
    name: 'truncated YAML (a flow list never closed)',
    text: '---\nlicense: mit\ngovernance:\n  owners: [a, b\n  model: x\n---\n',
    errors: [['syntax', 5, 'Flow sequence in block collection must be sufficiently indented and end with a ]']],
  },
  {
    name: 'front matter that is a plain string',
    text: '---\njust some text\n---\n',
    errors: [['schema', 2, 'front matter must be a mapping of keys to values, found a string']],
  },
  {
    name: 'governance owners as a string',
    text: withGovernance('  owners: "@acme/risk-ml"\n'),
    errors: [['schema', 4, 'governance.owners: expected a list such as ["@acme/risk-ml"], found "@acme/risk-ml"']],
  },
  {
    name: 'risk_tier outside low | medium | high',
    text: withGovernance('  risk_tier: extreme\n'),
    errors: [['schema', 4, 'governance.risk_tier: expected one of low, medium, high, found "extreme"']],
  },
  {
    name: 'version that YAML reads as a number',
    text: withGovernance('  version: 3\n'),
    errors: [['schema', 4, 'governance.version: expected a semantic version string such as "2.3.0" (quote it if YAML reads it as a number), found 3']],
  },
  {
    name: 'version with a "v" prefix',
    text: withGovernance('  version: v2.3.0\n'),
    errors: [['schema', 4, 'governance.version: expected a semantic version string such as "2.3.0" (quote it if YAML reads it as a number), found "v2.3.0"']],
  },
  {
    name: 'unknown governance key close to a known one',
    text: withGovernance('  model: x\n  riskTier: high\n'),
    errors: [['unknown-key', 5, 'governance.riskTier: unknown key "riskTier"; did you mean "risk_tier"?']],
  },
  {
    name: 'unknown nested key, reported at its own line',
    text: withGovernance('  model: x\n  monitoring:\n    alerts: "#oncall"\n'),
    errors: [['unknown-key', 6, 'governance.monitoring.alerts: unknown key "alerts"; allowed keys: drift, performance, alert']],
  },
  {
    name: 'metric value in no accepted form',
    text: withGovernance('  evaluation:\n    metrics:\n      - {name: auc, value: "0.86 plus or minus 0.01"}\n'),
    errors: [['schema', 6, 'governance.evaluation.metrics.0.value: expected a number or "value ± error", found "0.86 plus or minus 0.01"']],
  },
  {
    name: 'metric without a value',
    text: withGovernance('  evaluation:\n    metrics:\n      - {name: auc}\n'),
    errors: [['schema', 6, 'governance.evaluation.metrics.0.value: missing, expected a number or "value ± error"']],
  },
  {
    name: 'ci95 with three numbers',
    text: withGovernance('  evaluation:\n    metrics:\n      - name: auc\n        value: 0.861\n        ci95: [0.84, 0.86, 0.88]\n'),
    errors: [['schema', 8, 'governance.evaluation.metrics.0.ci95: expected [low, high]: two numbers, found [0.84, 0.86, 0.88]']],
  },
  {
    name: 'ci95 with low above high',
    text: withGovernance('  evaluation:\n    metrics:\n      - name: auc\n        value: 0.861\n        ci95: [0.88, 0.84]\n'),
    errors: [['schema', 8, 'governance.evaluation.metrics.0.ci95: expected [low, high] with low <= high, found [0.88, 0.84]']],
  },
  {
    name: 'the spread given twice',
    text: withGovernance('  evaluation:\n    metrics:\n      - {name: auc, value: "0.861 ± 0.009", std: 0.01}\n'),
    errors: [['schema', 6, 'governance.evaluation.metrics.0.std: std is given twice: use either "value ± error" or std, not both']],
  },
  {
    name: 'review_by that is not a date',
    text: withGovernance('  retirement: {criteria: "AUC < 0.8", review_by: soon}\n'),
    errors: [['schema', 4, 'governance.retirement.review_by: expected a date such as 2027-06-01, found "soon"']],
  },
  {
    name: 'an empty governance key',
    text: withGovernance(''),
    errors: [['schema', 3, 'governance: expected a mapping of governance fields (model, version, owners, ...), found nothing (null)']],
  },
  {
    name: 'model-index that is a mapping, not a list',
    text: '---\nmodel-index:\n  name: m\n  results: []\n---\n',
    errors: [['schema', 2, 'model-index: expected a list of models (each with name and results), found a mapping']],
  },
  {
    name: 'model-index metric without value',
    text: '---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics:\n    - {type: acc}\n---\n',
    errors: [['schema', 8, 'model-index.0.results.0.metrics.0: value is required']],
  },
  {
    name: 'model-index result without task',
    text: '---\nmodel-index:\n- name: m\n  results:\n  - dataset: {type: d, name: D}\n    metrics: []\n---\n',
    errors: [['schema', 5, 'model-index.0.results.0: task is required (with type)']],
  },
];

describe('malformed Hugging Face cards', () => {
  it.each(HF_CASES)('$name', ({ text, errors }) => {
    const result = parseHuggingFaceCard('MODEL_CARD.md', text);
    expect(result.errors.map((e) => [e.code, e.line, e.message])).toEqual(errors);
    expect(result.errors.every((e) => e.file === 'MODEL_CARD.md')).toBe(true);
    // Never a crash, never a lost body: the card comes back with whatever could be read.
    expect(result.value).toBeDefined();
  });

  it('an error in governance keeps the valid fields (partial reading)', () => {
    const result = parseHuggingFaceCard('MODEL_CARD.md', withGovernance('  model: churn\n  owners: "@a"\n  risk_tier: extreme\n  fallback: {strategy: previous-version}\n'));
    expect(result.errors).toHaveLength(2);
    expect(result.value!.governance).toEqual({ model: 'churn', owners: [], paths: [], fallback: { strategy: 'previous-version', line: 7 }, line: 3 });
  });

  it('a YAML error leaves metadata empty but still reads the body', () => {
    const result = parseHuggingFaceCard('MODEL_CARD.md', '---\nlicense: mit\nlicense: mit\ngovernance: {owners: ["@a"]}\n---\n## Intended use\ntext\n');
    expect(result.value).toMatchObject({ metadata: {}, locations: {}, bodyLine: 6 });
    expect(result.value!.governance).toBeUndefined();
    expect(result.value!.sections).toEqual([{ heading: 'Intended use', level: 2, line: 6, body: 'text', bodyLine: 7 }]);
  });

  it('empty front matter `---\\n---` is empty metadata, not an error', () => {
    const result = parseHuggingFaceCard('README.md', '---\n---\n# Title\n');
    expect(result.errors).toEqual([]);
    expect(result.value).toMatchObject({ metadata: {}, name: 'Title', bodyLine: 3 });
  });

  it('BOM before the front matter: readText strips it, lines unchanged', () => {
    const read = readText('README.md', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('---\nlicense: mit\ngovernance:\n  risk_tier: extreme\n---\n# T\n')]));
    const result = parseHuggingFaceCard('README.md', read.text!);
    expect(result.errors.map((e) => [e.code, e.line, e.message])).toEqual([['schema', 4, 'governance.risk_tier: expected one of low, medium, high, found "extreme"']]);
    expect(result.value).toMatchObject({ license: 'mit', name: 'T', bodyLine: 6 });
  });

  it('CRLF card with governance: errors and item lines are file lines', () => {
    const text = '---\r\nlicense: mit\r\ngovernance:\r\n  owners: ["@a"]\r\n  evaluation:\r\n    split: test\r\n    metrics:\r\n      - {name: AUC, value: "0.861 ± 0.009"}\r\n      - {name: f1, value: nope}\r\n---\r\n\r\n## Evaluation\r\nok\r\n';
    const result = parseHuggingFaceCard('MODEL_CARD.md', text);
    expect(result.errors.map((e) => [e.code, e.line, e.message])).toEqual([
      ['schema', 9, 'governance.evaluation.metrics.1.value: expected a number or "value ± error", found "nope"'],
    ]);
    const governance = result.value!.governance!;
    expect(governance.line).toBe(3);
    expect(governance.evaluation).toEqual({
      split: 'test',
      metrics: [{ name: 'auc', value: 0.861, se: 0.009, ci95: [0.84336, 0.87864], split: 'test', line: 8 }],
      baselines: [],
      slices: [],
      ablations: [],
      line: 5,
    });
    expect(result.value!.sections).toEqual([{ heading: 'Evaluation', level: 2, line: 12, body: 'ok', bodyLine: 13 }]);
  });

  it('non-numeric model-index values are valid for the Hub: no error, left out of results', () => {
    const text = '---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D, split: test}\n    metrics:\n    - {type: wer, value: "N/A"}\n    - {type: f1, value: "86.1 ± 0.9%"}\n---\n';
    const result = parseHuggingFaceCard('README.md', text);
    expect(result.errors).toEqual([]);
    expect(result.value!.results).toEqual([
      { task: 't', dataset: { type: 'd', name: 'D', split: 'test' }, metrics: [{ name: 'f1', value: 0.861, se: 0.009, ci95: [0.84336, 0.87864], dataset: 'd', split: 'test', line: 9 }], line: 5 },
    ]);
  });
});

const MCT_CASES: { name: string; text: string; errors: Expected[]; value: boolean }[] = [
  {
    name: 'truncated JSON',
    text: '{\n  "schema_version": "0.0.2",\n  "model_details": {\n    "name": "x"\n',
    errors: [['syntax', 5, 'invalid JSON: close brace expected']],
    value: false,
  },
  {
    name: 'performance_metrics as an object',
    text: '{\n  "quantitative_analysis": {\n    "performance_metrics": {"type": "accuracy", "value": "0.9"}\n  }\n}\n',
    errors: [['schema', 3, 'quantitative_analysis.performance_metrics: expected a list of {type, value, slice, confidence_interval}, found a mapping']],
    value: true,
  },
  {
    name: 'a JSON list instead of a card',
    text: '[1, 2]\n',
    errors: [['schema', 1, 'expected a JSON object with model_details, model_parameters, quantitative_analysis and considerations, found [1, 2]']],
    value: false,
  },
  {
    name: 'an inverted confidence interval',
    text: '{\n  "quantitative_analysis": {\n    "performance_metrics": [\n      {"type": "auc", "value": "0.9", "confidence_interval": {"lower_bound": "0.95", "upper_bound": "0.85"}}\n    ]\n  }\n}\n',
    errors: [['schema', 4, 'quantitative_analysis.performance_metrics.0.confidence_interval: lower_bound 0.95 is above upper_bound 0.85']],
    value: true,
  },
  {
    name: 'owners as a string and a limitation as a number',
    text: '{\n  "model_details": {\n    "name": "x",\n    "owners": "me"\n  },\n  "considerations": {\n    "limitations": [3]\n  }\n}\n',
    errors: [
      ['schema', 4, 'model_details.owners: expected a list, found "me"'],
      ['schema', 7, 'considerations.limitations.0: expected a string or {description}, found 3'],
    ],
    value: true,
  },
  {
    name: 'an unknown top-level key (MCT closes the top level)',
    text: '{\n  "model_details": {"name": "x"},\n  "governance": {"owners": ["@a"]}\n}\n',
    errors: [['unknown-key', 3, 'governance: unknown key "governance"; allowed keys: schema_version, model_details, model_parameters, quantitative_analysis, considerations']],
    value: true,
  },
];

describe('malformed Model Card Toolkit cards', () => {
  it.each(MCT_CASES)('$name', ({ text, errors, value }) => {
    const result = parseMctCard('model_card.json', text);
    expect(result.errors.map((e) => [e.code, e.line, e.message])).toEqual(errors);
    expect(result.value !== undefined).toBe(value);
  });

  it('keeps what is valid next to an error', () => {
    const result = parseMctCard('model_card.json', MCT_CASES[4]!.text);
    expect(result.value).toMatchObject({ name: 'x', sections: [{ heading: 'Limitations', line: 7, body: '' }] });
    expect(result.value!.governance).toBeUndefined();
  });
});
