import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver } from '../../../../src/core/rules/support/semver.ts';

const cmp = (a: string, b: string) => compareSemver(parseSemver(a)!, parseSemver(b)!);

describe('parseSemver', () => {
  it('reads semver.org versions', () => {
    expect(parseSemver('2.3.0')).toEqual({ major: 2, minor: 3, patch: 0, prerelease: [] });
    expect(parseSemver('1.0.0-rc.1+build.5')).toEqual({ major: 1, minor: 0, patch: 0, prerelease: ['rc', 1] });
  });
  it.each(['2.3', 'v2.3.0', '01.2.3', '1.2.3-', '', 'latest'])('rejects %j', (text) => {
    expect(parseSemver(text)).toBeUndefined();
  });
});

describe('compareSemver', () => {
  it.each([
    ['2.3.1', '2.3.0', 1],
    ['2.4.0', '2.3.9', 1],
    ['10.0.0', '9.9.9', 1],
    ['2.3.0', '2.3.0', 0],
    ['2.3.0+b1', '2.3.0+b2', 0],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0-beta.11', 1],
  ] as const)('%s vs %s -> %i', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
    expect(cmp(b, a)).toBe(-expected || 0);
  });
});
