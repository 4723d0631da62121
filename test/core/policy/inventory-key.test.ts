// `inventory: {org: true}`: the owner's `.github` policy opts the organisation into one
// aggregated "Model inventory" issue (the App reads it there, probot/inventory-push.ts).
import { describe, expect, it } from 'vitest';
import { orgInventoryWanted } from '../../../src/adapters/probot/inventory-push.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { printPolicy } from '../../../src/core/policy/print.ts';

const PATH = '.github/modelgate.yml';
const load = (text: string) => loadPolicy({ path: PATH, text });

describe('policy inventory', () => {
  it('is off by default, and read when set', () => {
    expect(loadPolicy().policy.inventory).toEqual({ org: false });
    expect(load('inventory: {org: true}\n').policy.inventory).toEqual({ org: true });
  });

  it.each([
    ['a string', 'inventory: {org: "yes"}\n', 'inventory.org: expected boolean, got a string'],
    ['an unknown key', 'inventory: {repos: [a]}\n', 'inventory.repos: unknown key "repos"'],
  ])('%s is a policy error at its line', (_name, text, message) => {
    expect(load(`rules: {}\n${text}`).errors).toEqual([{ file: PATH, line: 2, code: message.includes('unknown key') ? 'unknown-key' : 'schema', message }]);
  });

  it('is printed only when on', () => {
    expect(printPolicy(load('rules: {}\n'), []).includes('inventory:')).toBe(false);
    expect(printPolicy(load('inventory: {org: true}\n'), [])).toContain('inventory:\n  org: true');
  });
});

describe('orgInventoryWanted (the .github policy file as the App reads it)', () => {
  const file = (text: string, path = PATH) => [{ path, text }];
  it.each([
    ['inventory: {org: true}\n', true],
    ['inventory:\n  org: true\n', true],
    ['inventory: {org: "true"}\n', false],
    ['inventory: {org: false}\n', false],
    ['rules: {}\n', false],
    ['inventory: [org\n', false],
  ])('%j -> %s', (text, wanted) => {
    expect(orgInventoryWanted(file(text), () => undefined)).toBe(wanted);
  });

  it('reads the .yaml spelling too, and nothing when there is no file', () => {
    expect(orgInventoryWanted(file('inventory: {org: true}\n', '.github/modelgate.yaml'), () => undefined)).toBe(true);
    expect(orgInventoryWanted([], () => undefined)).toBe(false);
  });
});
