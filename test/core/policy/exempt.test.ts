// The policy's `exempt:` list (issue 11, item 6): findings of some rules in some models or paths
// that are shown as exempted instead of failing, each exemption with its reason.
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../src/core/policy/defaults.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';

const PATH = '.github/modelgate.yml';
const load = (text: string, extended?: Record<string, string>) => loadPolicy({ path: PATH, text }, extended);
const errorsOf = (text: string) => load(text).errors.map((e) => `${e.file}:${e.line}  ${e.message}`);

describe('policy exempt: valid', () => {
  it('is empty by default', () => {
    expect(defaultPolicy().exempt).toEqual([]);
    expect(load('rules: {}\n').policy.exempt).toEqual([]);
  });

  it('reads models and paths globs, rule ids or globs over them, and the reason', () => {
    const text = [
      'exempt:',
      '  - models: ["research/**"]',
      '    rules: ["operations-*"]',
      '    reason: Research prototypes are never deployed.',
      '  - paths: ["legacy/**/lineage.yaml"]',
      '    rules: [lineage-inputs-versioned]',
      '    reason: Legacy data predates versioning (ticket RISK-12).',
      '',
    ].join('\n');
    const loaded = load(text);
    expect(loaded.errors).toEqual([]);
    expect(loaded.policy.exempt).toEqual([
      { models: ['research/**'], paths: [], rules: ['operations-*'], reason: 'Research prototypes are never deployed.' },
      { models: [], paths: ['legacy/**/lineage.yaml'], rules: ['lineage-inputs-versioned'], reason: 'Legacy data predates versioning (ticket RISK-12).' },
    ]);
  });

  it('a repository list replaces the list it extends (as every list but the checklist does)', () => {
    const org = 'exempt:\n  - {rules: ["explainability-*"], reason: org-wide}\n';
    expect(load('_extends: acme/.github\n', { 'acme/.github': org }).policy.exempt).toEqual([{ models: [], paths: [], rules: ['explainability-*'], reason: 'org-wide' }]);
    const own = '_extends: acme/.github\nexempt:\n  - {models: [research/a], rules: [lineage-present], reason: mine}\n';
    expect(load(own, { 'acme/.github': org }).policy.exempt).toEqual([{ models: ['research/a'], paths: [], rules: ['lineage-present'], reason: 'mine' }]);
  });
});

describe('policy exempt: each mistake with its line', () => {
  it.each([
    ['no reason', 'exempt:\n  - models: ["research/**"]\n    rules: ["operations-*"]\n', [`${PATH}:2  exempt[0].reason: missing: say why these findings are not failures (it is shown in the comment and recorded in the audit)`]],
    ['an empty reason', 'exempt:\n  - {rules: ["operations-*"], reason: "  "}\n', [`${PATH}:2  exempt[0].reason: missing: say why these findings are not failures (it is shown in the comment and recorded in the audit)`]],
    ['no rules', 'exempt:\n  - models: ["research/**"]\n    reason: prototypes\n', [`${PATH}:2  exempt[0].rules: missing: list the rule ids to exempt (globs such as operations-* are allowed)`]],
    ['a rule pattern that matches no rule', 'exempt:\n  - rules:\n      - operations-*\n      - operation-fallback-declared\n    reason: x\n', [`${PATH}:4  exempt[0].rules[1]: "operation-fallback-declared" matches no rule id (modelgate rules lists them)`]],
    ['a models glob that leaves the repository', 'exempt:\n  - models: ["../research/**"]\n    rules: [lineage-present]\n    reason: x\n', [`${PATH}:2  exempt[0].models[0]: "../research/**" leaves the repository (..); globs are relative to the repository root`]],
    ['an empty models list (it would mean everywhere)', 'exempt:\n  - {models: [], rules: [lineage-present], reason: x}\n', [`${PATH}:2  exempt[0].models: an empty list matches nothing; leave models out to exempt every model`]],
    ['an unknown key', 'exempt:\n  - model: research\n    rules: [lineage-present]\n    reason: x\n', [`${PATH}:2  exempt[0].model: unknown key "model"`]],
    ['not a list', 'exempt: {rules: [lineage-present], reason: x}\n', [`${PATH}:1  exempt: expected a list, got a mapping`]],
  ])('%s', (_name, text, errors) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});
