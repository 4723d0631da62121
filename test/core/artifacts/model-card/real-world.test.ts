// The real model cards under test/fixtures/real-world/model-cards, by their EXPECTED.tsv role,
// with exact values (names, metrics, lines) read from the files by hand.
import { describe, expect, it } from 'vitest';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { parseMctCard } from '../../../../src/core/artifacts/model-card/mct.ts';
import { parseJson } from '../../../../src/core/artifacts/source.ts';
import type { ModelCard, ParseResult } from '../../../../src/core/artifacts/types.ts';
import { expectedRows, realWorldText } from '../../../helpers/real-world.ts';

/** What the real pipeline does: readText (guards, BOM) then the format's parser. */
function parse(path: string): ParseResult<ModelCard> {
  const text = realWorldText(path);
  return path.endsWith('.json') ? parseMctCard(path, text) : parseHuggingFaceCard(path, text);
}

function card(path: string): ModelCard {
  const result = parse(path);
  expect(result.errors).toEqual([]);
  return result.value!;
}

const rows = expectedRows('model-cards/');

describe('EXPECTED.tsv model cards', () => {
  it('lists the cards this suite covers', () => {
    expect(rows.filter(([, role]) => role === 'parse-ok').map(([p]) => p)).toEqual([
      'model-cards/hf-sample_simple.md',
      'model-cards/hf-sample_simple_model_index.md',
      'model-cards/hf-sample_windows_line_breaks.md',
      'model-cards/hf-sample_no_metadata.md',
      'model-cards/mct-full.json',
      'model-cards/mct-cats_vs_dogs_v0_0_2.json',
      'model-cards/mct-cats_vs_dogs_v0_0_1.json',
      'model-cards/mct-considerations.json',
      'model-cards/mct-train_data.json',
    ]);
  });

  it.each(rows.filter(([, role]) => role === 'parse-ok'))('%s parses with no error', (path) => {
    const result = parse(path);
    expect(result.errors).toEqual([]);
    expect(result.value?.file).toBe(path);
  });

  it.each(rows.filter(([p, role]) => role === 'reference' && !p.endsWith('.yaml')))('%s (reference) does not throw', (path) => {
    expect(() => parse(path)).not.toThrow();
  });
});

describe('Hugging Face cards', () => {
  it('hf-sample_simple.md: metadata, sections, no results', () => {
    const c = card('model-cards/hf-sample_simple.md');
    expect(c).toMatchObject({ format: 'hf-model-card', name: 'my-cool-model', license: 'mit', datasets: ['beans'], results: [], bodyLine: 14 });
    expect(c.metadata.library_name).toBe('pytorch-lightning');
    expect(c.locations['license']).toBe(4);
    expect(c.sections).toEqual([
      { heading: 'my-cool-model', level: 1, line: 15, body: '## Model description\n\nYou can embed local or remote images using `![](...)`', bodyLine: 17 },
      { heading: 'Model description', level: 2, line: 17, body: 'You can embed local or remote images using `![](...)`', bodyLine: 19 },
    ]);
    expect(c.governance).toBeUndefined();
  });

  it('hf-sample_simple_model_index.md: two results, f1 = 0.66 on beans/test', () => {
    const c = card('model-cards/hf-sample_simple_model_index.md');
    expect(c.name).toBe('my-cool-model');
    expect(c.results).toEqual([
      {
        task: 'image-classification',
        dataset: { name: 'Beans', type: 'beans' },
        metrics: [{ name: 'accuracy', value: 0.9, dataset: 'beans', line: 21 }],
        line: 15,
      },
      {
        task: 'image-classification',
        dataset: { name: 'Beans', type: 'beans', config: 'default', split: 'test', revision: '5503434ddd753f426f4b38109466949a1217c2bb' },
        metrics: [{ name: 'f1', value: 0.66, dataset: 'beans', split: 'test', line: 34 }],
        line: 23,
      },
    ]);
    expect(c.bodyLine).toBe(37);
    expect(c.sections.map((s) => [s.heading, s.line])).toEqual([['my-cool-model', 38], ['Model description', 40]]);
  });

  it('hf-sample_windows_line_breaks.md: CRLF lines counted once, non-ASCII intact', () => {
    const c = card('model-cards/hf-sample_windows_line_breaks.md');
    expect(c.metadata.widget).toEqual([
      { text: 'Jen la komenco de bela <mask>.' },
      { text: 'Uno du <mask>' },
      { text: 'Jen finiĝas bela <mask>.' },
    ]);
    expect(c.locations['widget.2']).toBe(8);
    expect(c.sections).toEqual([{ heading: 'Hello old Windows line breaks', level: 1, line: 11, body: '', bodyLine: 12 }]);
    expect(c).toMatchObject({ name: 'Hello old Windows line breaks', license: 'mit', bodyLine: 10 });
  });

  it('hf-sample_no_metadata.md: empty metadata, body from line 1', () => {
    const c = card('model-cards/hf-sample_no_metadata.md');
    expect(c).toMatchObject({ metadata: {}, locations: {}, name: 'MyCoolModel', datasets: [], results: [], bodyLine: 1 });
    expect(c.sections).toHaveLength(1);
    expect(c.sections[0]!.line).toBe(1);
  });

  it('hf-sample_invalid_model_index.md: the result without dataset is an error at its line', () => {
    const result = parse('model-cards/hf-sample_invalid_model_index.md');
    expect(result.errors).toEqual([
      { file: 'model-cards/hf-sample_invalid_model_index.md', line: 15, code: 'schema', message: 'model-index.0.results.0: dataset is required (with type and name)' },
    ]);
    // The rest of the card is still read, as huggingface_hub does with ignore_metadata_errors.
    expect(result.value).toMatchObject({ name: 'my-cool-model', license: 'mit', datasets: ['beans'], results: [] });
    expect(result.value!.sections.map((s) => s.heading)).toEqual(['Invalid Model Index']);
  });

  it('hf-sample_invalid_card_data.md: a list as front matter is an error at line 2', () => {
    const result = parse('model-cards/hf-sample_invalid_card_data.md');
    expect(result.errors).toEqual([
      { file: 'model-cards/hf-sample_invalid_card_data.md', line: 2, code: 'schema', message: 'front matter must be a mapping of keys to values, found a list' },
    ]);
    expect(result.value).toMatchObject({ metadata: {}, name: 'invalid-card-data', bodyLine: 4 });
  });

  it('hf-modelcard_template.md (reference): `{{ card_data }}` reads as one odd key, every template section found', () => {
    const result = parse('model-cards/hf-modelcard_template.md');
    expect(result.errors).toEqual([]);
    const c = result.value!;
    expect(c.metadata).toEqual({ '{ card_data }': null });
    expect(c.bodyLine).toBe(6);
    expect(c.name).toBe('Model Card for {{ model_id | default("Model ID", true) }}');
    expect(c.sections).toHaveLength(36);
    expect(c.sections.filter((s) => s.level === 2).map((s) => s.heading)).toEqual([
      'Model Details', 'Uses', 'Bias, Risks, and Limitations', 'How to Get Started with the Model', 'Training Details', 'Evaluation',
      'Model Examination [optional]', 'Environmental Impact', 'Technical Specifications [optional]', 'Citation [optional]',
      'Glossary [optional]', 'More Information [optional]', 'Model Card Authors [optional]', 'Model Card Contact',
    ]);
    expect(c.sections.find((s) => s.heading === 'Training Data')).toMatchObject({ level: 3, line: 79 });
  });

  it('hf-hub-docs-modelcard-metadata-spec.md (reference): the YAML error in its annotated args is reported with its line', () => {
    const result = parse('model-cards/hf-hub-docs-modelcard-metadata-spec.md');
    expect(result.errors).toEqual([
      { file: 'model-cards/hf-hub-docs-modelcard-metadata-spec.md', line: 39, column: 9, code: 'syntax', message: 'Map comment with trailing content' },
    ]);
    expect(result.value).toMatchObject({ metadata: {}, sections: [], results: [], bodyLine: 52 });
  });
});

describe('Model Card Toolkit cards', () => {
  it('mct-full.json (0.0.2): every section mapped', () => {
    const c = card('model-cards/mct-full.json');
    expect(c).toMatchObject({ format: 'mct-model-card', name: 'name', license: 'Apache-2.0', datasets: ['data name'], bodyLine: 1 });
    expect(c.results).toEqual([{ metrics: [{ name: 'accuracy', value: 0.9, ci95: [0.85, 0.95], line: 52 }], line: 51 }]);
    expect(c.governance).toEqual({ owners: ['name1 <contact1@email.com>', 'name2 <contact2@email.com>'], paths: [], version: 'v1.0', intendedUse: 'use_cases', line: 3 });
    expect(c.locations['governance.owners.1']).toBe(13);
    expect(c.locations['governance.version']).toBe(18);
    expect(c.sections).toEqual([
      { heading: 'Model details', level: 2, line: 3, body: 'overview\n\ndocumentation' },
      { heading: 'Training data', level: 2, line: 29, body: '- data name: description' },
      { heading: 'Evaluation', level: 2, line: 51, body: '- accuracy: 0.9 [0.85, 0.95]' },
      { heading: 'Intended use', level: 2, line: 68, body: '- use_cases' },
      { heading: 'Limitations', level: 2, line: 69, body: '- limitations1\n- limitations2' },
      { heading: 'Ethical considerations', level: 2, line: 73, body: '- ethical considerations name. Mitigation: mitigation strategy' },
    ]);
  });

  it('locations: every path of the card (the metrics included) and the governance aliases, however they are read', () => {
    const text = realWorldText('model-cards/mct-cats_vs_dogs_v0_0_2.json');
    const c = card('model-cards/mct-cats_vs_dogs_v0_0_2.json');
    const all = parseJson('model_card.json', text).locations;
    expect(c.locations).toMatchObject(all);
    expect(Object.keys(c.locations).slice(0, Object.keys(all).length)).toEqual(Object.keys(all));
    expect(c.locations['quantitative_analysis.performance_metrics.1.confidence_interval.lower_bound']).toBe(all['quantitative_analysis.performance_metrics.1.confidence_interval.lower_bound']);
    expect(c.locations['governance.version']).toBeDefined();
    // A plain value to every reader: cloned, spread, serialized.
    const again = card('model-cards/mct-cats_vs_dogs_v0_0_2.json');
    expect(structuredClone(again)).toEqual(c);
    expect({ ...card('model-cards/mct-cats_vs_dogs_v0_0_2.json') }.locations).toEqual(c.locations);
    expect(JSON.parse(JSON.stringify(card('model-cards/mct-cats_vs_dogs_v0_0_2.json'))).locations).toEqual(c.locations);
  });

  it('a wrong metric is reported by zod at its own line, as with every path recorded', () => {
    const text = realWorldText('model-cards/mct-cats_vs_dogs_v0_0_2.json').replace('"lower_bound": "0.9832885766"', '"lower_bound": ["0.98"]');
    const result = parseMctCard('model_card.json', text);
    const line = parseJson('model_card.json', text).locations['quantitative_analysis.performance_metrics.1.confidence_interval.lower_bound'];
    expect(result.errors).toEqual([expect.objectContaining({ line, code: 'schema', message: expect.stringMatching(/^quantitative_analysis\.performance_metrics\.1\.confidence_interval\.lower_bound: /) })]);
  });

  it('mct-cats_vs_dogs_v0_0_2.json: string values, CI and slice per metric', () => {
    const c = card('model-cards/mct-cats_vs_dogs_v0_0_2.json');
    expect(c.license).toBe('Apache-2.0');
    expect(c.datasets).toEqual(['Training Set', 'Validation Set']);
    expect(c.results[0]!.metrics).toEqual([
      { name: 'accuracy', value: 0.9781249761581421, line: 48 },
      { name: 'accuracy', value: 0.9932885766029358, ci95: [0.9832885766, 1.0032885766], slice: 'cat', line: 53 },
      { name: 'accuracy', value: 0.9649122953414917, ci95: [0.95491229534, 0.97491229534], slice: 'Dog', line: 63 },
    ]);
    expect(c.sections.map((s) => [s.heading, s.line])).toEqual([
      ['Model details', 3], ['Training data', 26], ['Evaluation', 46], ['Intended use', 86], ['Limitations', 89], ['Tradeoffs', 92], ['Ethical considerations', 95],
    ]);
    expect(c.sections.find((s) => s.heading === 'Intended use')!.body).toBe('- This model classifies images of cats and dogs.\n\nIntended users:\n- Fans of dogs and cats.');
  });

  it('mct-cats_vs_dogs_v0_0_1.json: the older shapes give the same card', () => {
    const c = card('model-cards/mct-cats_vs_dogs_v0_0_1.json');
    const v2 = card('model-cards/mct-cats_vs_dogs_v0_0_2.json');
    expect(c.license).toBe('Apache-2.0');
    expect(c.datasets).toEqual(['train', 'eval']);
    expect(c.results[0]!.metrics.map(({ line: _line, ...m }) => m)).toEqual(v2.results[0]!.metrics.map(({ line: _line, ...m }) => m));
    expect(c.results[0]!.metrics[1]).toMatchObject({ slice: 'cat', ci95: [0.9832885766, 1.0032885766], line: 49 });
    expect(c.governance).toEqual(v2.governance);
    expect(c.sections.map((s) => s.heading)).toEqual(v2.sections.map((s) => s.heading));
    expect(c.sections.find((s) => s.heading === 'Limitations')).toEqual({ heading: 'Limitations', level: 2, line: 85, body: '- This model is not able to classify images of other classes.' });
  });

  it('mct-considerations.json: considerations become sections at their keys', () => {
    const c = card('model-cards/mct-considerations.json');
    expect(c.results).toEqual([]);
    expect(c.governance).toEqual({ owners: ['bar <bar@xyz.com>'], paths: [], version: '0.3', intendedUse: 'Testing', line: 3 });
    expect(c.sections.find((s) => s.heading === 'Ethical considerations')).toEqual({
      heading: 'Ethical considerations',
      level: 2,
      line: 66,
      body: '- Bugs. Mitigation: Unit tests\n- Broken edge cases. Mitigation: Test coverage',
    });
  });

  it('mct-train_data.json: empty considerations give no sections to fake', () => {
    const c = card('model-cards/mct-train_data.json');
    expect(c).toMatchObject({ name: 'train-only model', license: 'Apache 2.0', datasets: ['train_split'], results: [] });
    expect(c.sections).toEqual([{ heading: 'Training data', level: 2, line: 25, body: '- train_split: path/to/train' }]);
  });

  it('mct-model_card.schema.v0.0.2.json (reference): a JSON Schema is not a card; its keys are unknown', () => {
    const result = parse('model-cards/mct-model_card.schema.v0.0.2.json');
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'unknown-key'], [3, 'unknown-key'], [4, 'unknown-key'], [5, 'unknown-key'], [6, 'unknown-key'], [7, 'unknown-key'], [132, 'unknown-key'], [133, 'unknown-key'],
    ]);
    expect(result.errors[0]!.message).toBe('$schema: unknown key "$schema"; allowed keys: schema_version, model_details, model_parameters, quantitative_analysis, considerations');
    expect(result.value).toMatchObject({ datasets: [], results: [], sections: [] });
  });

  it('a 1.5 MB base64 graphic does not slow parsing down', () => {
    const image = 'iVBORw0KGgo'.repeat(140_000);
    const text = JSON.stringify({ schema_version: '0.0.2', model_details: { name: 'big' }, quantitative_analysis: { graphics: { collection: [{ name: 'g', image }] } } }, null, 2);
    const started = performance.now();
    const result = parseMctCard('model_card.json', text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.errors).toEqual([]);
    expect(result.value!.name).toBe('big');
    expect(JSON.stringify(result.value!.metadata)).toContain(image);
  });
});

// Issue 11: a performance metric whose `slice` names the split it was measured on is the overall
// metric on that split, not a segment; before, such a card had no overall metric for any rule.
describe('Model Card Toolkit slices that name the test split', () => {
  it.each(['test', 'Test', 'test set', ' Test Set '])('the cats-vs-dogs metric sliced %j is the overall metric on the test split', (slice) => {
    const text = realWorldText('model-cards/mct-cats_vs_dogs_v0_0_2.json').replace(
      '"value": "0.9781249761581421",',
      `"value": "0.9781249761581421",\n        "slice": ${JSON.stringify(slice)},`,
    );
    const metrics = parseMctCard('model_card.json', text).value!.results[0]!.metrics;
    expect(metrics.map((m) => [m.slice, m.split])).toEqual([[undefined, 'test'], ['cat', undefined], ['Dog', undefined]]);
  });
});

// Issue 11: stable-baselines3 and RL Zoo cards write model-index values as "mean +/- std" over the
// evaluation episodes; the spread is read with the value (ci95 = mean ± 1.96·spread, see metric-value.ts).
describe('model-index values with their spread (real RL cards)', () => {
  it.each([
    ['hub-cards/AdiKompella_dqn-SpaceInvadersNoFrameskip-v4_README.md', 395.5, [88.0936, 702.9064]],
    ['hub-cards/sb3_ars-Acrobot-v1_README.md', -81.6, [-104.5516, -58.6484]],
  ] as const)('%s', (path, value, ci95) => {
    const [metric] = card(path).results[0]!.metrics;
    expect(metric).toMatchObject({ name: 'mean_reward', value, ci95 });
  });

  it('reads "±" as "+/-"', () => {
    const text = realWorldText('hub-cards/sb3_ars-Acrobot-v1_README.md').replace('-81.60 +/- 11.71', '-81.60 ± 11.71');
    expect(parseHuggingFaceCard('README.md', text).value!.results[0]!.metrics[0]).toMatchObject({ value: -81.6, ci95: [-104.5516, -58.6484] });
  });
});
