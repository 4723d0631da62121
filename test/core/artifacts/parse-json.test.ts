// parseJson takes its data from JSON.parse and its lines from the YAML reader over a copy of the
// text with long string values emptied (MCT cards embed megabyte base64 images). These tests pin
// that the shortcut changes nothing: same lines and errors as the YAML reader over the full text.
import { describe, expect, it } from 'vitest';
import { emptyLongStrings, parseJson, parseYaml } from '../../../src/core/artifacts/source.ts';

const long = 'A'.repeat(300);

/** What parseJson gave before the shortcut: the YAML reader over the whole text. */
const reference = (file: string, text: string) => parseYaml(file, text);

describe('emptyLongStrings', () => {
  it('empties long values, keeps short strings, keys and line breaks', () => {
    const text = `{\n  "image": "${long}",\n  "${long}": "short",\n  "esc": "${'\\"'.repeat(200)}"\n}`;
    expect(emptyLongStrings(text)).toBe(`{\n  "image": "",\n  "${long}": "short",\n  "esc": ""\n}`);
  });

  it('a long key is kept however much whitespace stands before its colon', () => {
    const text = `{"${long}"${' '.repeat(100)}\n  : 1}`;
    expect(emptyLongStrings(text)).toBe(text);
  });
});

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
});
