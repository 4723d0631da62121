// parseJson takes its data from JSON.parse and its lines, duplicate keys and depth from one
// jsonc-parser scan; it used to take them from the YAML reader (JSON is YAML), ten to a hundred
// times slower. These tests pin that the scan changes nothing: same lines and errors as the YAML
// reader over the same text.
import { describe, expect, it } from 'vitest';
import { LIMITS, parseJson, parseYaml } from '../../../src/core/artifacts/source.ts';

const long = 'A'.repeat(300);

/** What parseJson gave before the scan: the YAML reader over the whole text. */
const reference = (file: string, text: string) => parseYaml(file, text);

describe('parseJson', () => {
  it("gives the YAML reader's lines and JSON.parse's data", () => {
    const text = `{\n  "graphics": [\n    {"name": "g", "image": "${long}"},\n    {"name": "h"}\n  ]\n}\n`;
    const doc = parseJson('model_card.json', text);
    expect(doc).toEqual({ data: JSON.parse(text), errors: [], locations: reference('model_card.json', text).locations });
    expect(doc.locations['graphics.1.name']).toBe(4);
  });

  it("gives the YAML reader's errors for invalid JSON and duplicate keys", () => {
    const duplicate = `{\n  "a": "${long}",\n  "a": 1\n}`;
    expect(parseJson('f.json', duplicate).errors).toEqual(reference('f.json', duplicate).errors);
    expect(parseJson('f.json', `{\n  "a": "${long}",\n  "a": 1\n}`).errors).toEqual([
      { file: 'f.json', line: 3, column: 3, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' },
    ]);
    expect(parseJson('f.json', `{\n  "a": "${long}",\n  "b": \n}`).errors).toEqual([{ file: 'f.json', line: 4, column: 1, code: 'syntax', message: 'invalid JSON: value expected' }]);
  });

  it('lone CRs are JSON whitespace: the data is right, lines count LF', () => {
    const doc = parseJson('f.json', '{"a":\r1,\r"b":2}');
    expect(doc.errors).toEqual([]);
    expect(doc.data).toEqual({ a: 1, b: 2 });
    expect(doc.locations).toMatchObject({ a: 1, b: 1 });
  });

  it('non-finite numbers, when allowed, come back as numbers', () => {
    expect(parseJson('f.json', `{"a": NaN, "b": -Infinity, "c": "${long}NaN"}`, { allowNonFinite: true }).data).toEqual({ a: Number.NaN, b: -Infinity, c: `${long}NaN` });
  });

  it.each([
    ['nested objects and arrays', '{\n  "a": {\n    "b": [\n      1,\n      {"c": 2}\n    ]\n  },\n  "d": [[], {}]\n}'],
    ['a root array', '[\n  {"x": 1},\n  2\n]'],
    ['an empty key at the root and below', '{\n  "": {\n    "b": 1,\n    "": 2\n  }\n}'],
    ['keys with dots', '{\n  "a.b": 1,\n  "a": {"b": 2}\n}'],
    ['a root scalar', '\n\n"text"'],
    ['CRLF line ends', '{\r\n  "a": 1,\r\n  "b": [\r\n    2\r\n  ]\r\n}'],
  ])('gives the YAML reader\'s lines for %s', (_name, text) => {
    expect(parseJson('f.json', text)).toEqual({ data: JSON.parse(text), errors: [], locations: reference('f.json', text).locations });
  });

  it("gives the YAML reader's errors for duplicate keys anywhere, in order", () => {
    const text = '{\n  "a": {"x": 1, "x": 2},\n  "b": [{"y": 1,\n    "y": 2}],\n  "a": 3\n}';
    expect(parseJson('f.json', text).errors).toEqual(reference('f.json', text).errors);
    expect(parseJson('f.json', text).errors.map((e) => [e.line, e.column])).toEqual([[2, 17], [4, 5], [5, 3]]);
  });

  it("refuses nesting deeper than the limit at the YAML reader's line", () => {
    const depth = LIMITS.maxDepth + 1;
    const text = `${'[\n'.repeat(depth)}1${'\n]'.repeat(depth)}`;
    const doc = parseJson('f.json', text);
    expect(doc.data).toBeUndefined();
    expect(doc.errors).toEqual(reference('f.json', text).errors);
    expect(doc.errors).toEqual([{ file: 'f.json', line: depth + 1, code: 'too-deep', message: `document nests deeper than ${LIMITS.maxDepth} levels` }]);
    const ok = `${'['.repeat(LIMITS.maxDepth)}1${']'.repeat(LIMITS.maxDepth)}`;
    expect(parseJson('f.json', ok).errors).toEqual([]);
  });

  describe('a record whose line the caller knows (locations: false)', () => {
    it.each([
      ['valid', '{"a": {"b": [1, {"c": ":"}]}, "d": "\\":"}'],
      ['a colon inside a string after a value', '["a", ":", "b" , "x:"]'],
      ['a duplicate key', '{"a": 1, "b": {"c": 1, "c": 2}}'],
      ['a duplicate key hidden by an escaped quote', '{"a\\"": 1, "a\\"": 2}'],
      ['too deep', `${'['.repeat(LIMITS.maxDepth + 1)}1${']'.repeat(LIMITS.maxDepth + 1)}`],
      ['invalid', '{"a": 1,}'],
      ['non-finite numbers', '{"a": NaN, "a": Infinity}'],
    ])('%s: the same data and errors as with locations', (_name, text) => {
      const full = parseJson('f.jsonl', text, { allowNonFinite: true });
      const record = parseJson('f.jsonl', text, { allowNonFinite: true, locations: false });
      expect({ data: record.data, errors: record.errors }).toEqual({ data: full.data, errors: full.errors });
    });

    it('reports a duplicate key', () => {
      expect(parseJson('f.jsonl', '{"a": 1, "a": 2}', { locations: false }).errors).toEqual([
        { file: 'f.jsonl', line: 1, column: 10, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' },
      ]);
    });
  });
});
