import { describe, expect, it } from 'vitest';
import { emptyLongStrings, parseJsonFast } from '../../../../src/core/artifacts/model-card/long-strings.ts';
import { parseJson } from '../../../../src/core/artifacts/source.ts';

const long = 'A'.repeat(300);

describe('emptyLongStrings', () => {
  it('empties long values, keeps short strings, keys and line breaks', () => {
    const text = `{\n  "image": "${long}",\n  "${long}": "short",\n  "esc": "${'\\"'.repeat(200)}"\n}`;
    expect(emptyLongStrings(text)).toBe(`{\n  "image": "",\n  "${long}": "short",\n  "esc": ""\n}`);
  });
});

describe('parseJsonFast', () => {
  it('gives parseJson\'s lines and the exact data', () => {
    const text = `{\n  "graphics": [\n    {"name": "g", "image": "${long}"},\n    {"name": "h"}\n  ]\n}\n`;
    const fast = parseJsonFast('model_card.json', text);
    const slow = parseJson('model_card.json', text);
    expect(fast).toEqual(slow);
    expect(fast.locations['graphics.1.name']).toBe(4);
  });

  it('gives parseJson\'s errors for invalid JSON and duplicate keys', () => {
    for (const text of [`{\n  "a": "${long}",\n  "b": \n}`, `{\n  "a": "${long}",\n  "a": 1\n}`]) {
      expect(parseJsonFast('f.json', text).errors).toEqual(parseJson('f.json', text).errors);
    }
    expect(parseJsonFast('f.json', `{\n  "a": "${long}",\n  "a": 1\n}`).errors).toEqual([
      { file: 'f.json', line: 3, column: 3, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' },
    ]);
  });
});
