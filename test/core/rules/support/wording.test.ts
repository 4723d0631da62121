import { describe, expect, it } from 'vitest';
import { isBlank, listOf, shown } from '../../../../src/core/rules/support/wording.ts';

describe('listOf', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ] as const)('%j -> %s', (items, text) => {
    expect(listOf(items)).toBe(text);
  });
  it('cuts long lists', () => {
    expect(listOf(['1', '2', '3', '4', '5'], 3)).toBe('1, 2, 3 and 2 more');
  });
});

describe('shown', () => {
  it('shows numbers bare and strings quoted', () => {
    expect(shown(0.05)).toBe('0.05');
    expect(shown(true)).toBe('true');
    expect(shown('adam')).toBe('"adam"');
    expect(shown([1, 2])).toBe('[1,2]');
  });
});

describe('isBlank', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['  ', true],
    ['TBD', true],
    ['n/a', true],
    ['TODO.', true],
    ['[More Information Needed]', true],
    ['previous-version', false],
    ['none of the above', false],
  ] as const)('%j -> %s', (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });
});
