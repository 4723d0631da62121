import { describe, expect, it } from 'vitest';
import { splitRole } from '../../../../src/core/rules/support/splits.ts';

describe('splitRole: split names by the role they play', () => {
  it.each([
    ['test', 'test'],
    ['test_r3', 'test'],
    ['test.clean', 'test'],
    ['Held-out', 'test'],
    ['validation', 'validation'],
    ['validation_matched', 'validation'],
    ['dev', 'validation'],
    ['eval', 'validation'],
    ['Valid', 'validation'],
    ['train', 'train'],
    ['train+validation', undefined],
    ['train_test', undefined],
    ['clean', undefined],
    [undefined, undefined],
  ] as const)('%s -> %s', (name, role) => {
    expect(splitRole(name)).toBe(role);
  });
});
