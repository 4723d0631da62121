// `modelgate policy --print`: the effective policy (after `_extends` and the built-in defaults),
// each value followed by where it came from.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { printPolicy } from '../../../src/core/policy/print.ts';
import { rules } from '../../../src/core/rules/index.ts';

const RULES = [
  { id: 'explainability-documented', defaultSeverity: 'warn' },
  { id: 'lineage-present', defaultSeverity: 'error' },
  { id: 'operations-retirement-criteria', defaultSeverity: 'warn' },
];
const ALL_RULES = rules.map((r) => ({ id: r.meta.id, defaultSeverity: r.meta.defaultSeverity }));

describe('printPolicy', () => {
  it('no policy file: every value is a default', () => {
    expect(printPolicy(loadPolicy(), RULES)).toBe(
      [
        '# The effective modelgate policy: no policy file, so the built-in defaults.',
        '# After each value: the file and line it comes from, or "default".',
        'models:',
        '  paths: []                                  # default',
        '  cards: [MODEL_CARD.md, README.md, model_card.json]  # default',
        'rules:',
        '  explainability-documented: warn            # default',
        '  lineage-present: error                     # default',
        '  operations-retirement-criteria: warn       # default',
        'tiers:',
        '  low:',
        '    approvals: 1                             # default',
        '    reviewers: []                            # default',
        '    rules: {}                                # default',
        '  medium:',
        '    approvals: 1                             # default',
        '    reviewers: []                            # default',
        '    rules: {}                                # default',
        '  high:',
        '    approvals: 2                             # default',
        '    reviewers: []                            # default',
        '    rules:',
        '      explainability-documented: error       # default',
        'approval:',
        '  invalidate_on: model-change                # default',
        '  allow_author: false                        # default',
        '  allow_contributors: false                  # default',
        '  request_reviewers: true                    # default',
        '  waivers:',
        '    by: []                                   # default',
        '    require_reason: true                     # default',
        'checklist: []                                # default',
        'exempt: []                                   # default',
        '',
      ].join('\n'),
    );
  });

  it('values from the file and from what it extends carry their file and line', () => {
    const org = ['tiers:', '  high: {approvals: 3, reviewers: ["@acme/model-risk"]}', 'rules:', '  lineage-present: warn', ''].join('\n');
    const own = [
      '_extends: acme/.github',
      'models: {paths: ["models/**"]}',
      'rules:',
      '  operations-retirement-criteria: off',
      '  lineage-present: {options: {}}',
      'tiers:',
      '  high: {approvals: 2}',
      'approval:',
      '  allow_author: true',
      'checklist:',
      '  - {id: fairness-review, text: "Fairness review done", tiers: [high]}',
      'exempt:',
      '  - models: ["research/**"]',
      '    rules: ["operations-*"]',
      '    reason: "Research prototypes: never deployed"',
      '',
    ].join('\n');
    const loaded = loadPolicy({ path: '.github/modelgate.yml', text: own }, { 'acme/.github': org });
    expect(loaded.errors).toEqual([]);
    expect(printPolicy(loaded, RULES)).toBe(
      [
        '# The effective modelgate policy: .github/modelgate.yml, extending acme/.github:.github/modelgate.yml, over the built-in defaults.',
        '# After each value: the file and line it comes from, or "default".',
        '_extends: acme/.github                       # .github/modelgate.yml:1',
        'models:',
        '  paths: [models/**]                         # .github/modelgate.yml:2',
        '  cards: [MODEL_CARD.md, README.md, model_card.json]  # default',
        'rules:',
        '  explainability-documented: warn            # default',
        '  lineage-present: {severity: warn, options: {}}  # .github/modelgate.yml:5, acme/.github:.github/modelgate.yml:4',
        '  operations-retirement-criteria: off        # .github/modelgate.yml:4',
        'tiers:',
        '  low:',
        '    approvals: 1                             # default',
        '    reviewers: []                            # default',
        '    rules: {}                                # default',
        '  medium:',
        '    approvals: 1                             # default',
        '    reviewers: []                            # default',
        '    rules: {}                                # default',
        '  high:',
        '    approvals: 2                             # .github/modelgate.yml:7',
        '    reviewers: ["@acme/model-risk"]          # acme/.github:.github/modelgate.yml:2',
        '    rules:',
        '      explainability-documented: error       # default',
        'approval:',
        '  invalidate_on: model-change                # default',
        '  allow_author: true                         # .github/modelgate.yml:9',
        '  allow_contributors: false                  # default',
        '  request_reviewers: true                    # default',
        '  waivers:',
        '    by: []                                   # default',
        '    require_reason: true                     # default',
        'checklist:',
        '  - {id: fairness-review, text: Fairness review done, tiers: [high]}  # .github/modelgate.yml:11',
        'exempt:',
        '  - {models: [research/**], rules: [operations-*], reason: "Research prototypes: never deployed"}  # .github/modelgate.yml:13',
        '',
      ].join('\n'),
    );
  });

  it('is itself a policy: loading the printed text gives the same effective policy', () => {
    const own = 'rules:\n  evaluation-gain-significant: {severity: error, options: {alpha: 0.01}}\ntiers:\n  medium: {reviewers: ["@acme/ml"], rules: {lineage-present: warn}}\nexempt:\n  - {paths: ["legacy/**"], rules: [lineage-inputs-versioned], reason: "pre-2024 data"}\n';
    const loaded = loadPolicy({ path: '.github/modelgate.yml', text: own });
    const printed = printPolicy(loaded, ALL_RULES);
    const reloaded = loadPolicy({ path: 'printed.yml', text: printed });
    expect(reloaded.errors).toEqual([]);
    // The printed file names every rule's severity; the effective settings are the same.
    const severities = (p: typeof loaded.policy) => Object.fromEntries(ALL_RULES.map((r) => [r.id, p.rules[r.id]?.severity ?? r.defaultSeverity]));
    expect(severities(reloaded.policy)).toEqual(severities(loaded.policy));
    expect({ ...reloaded.policy, rules: {} }).toEqual({ ...loaded.policy, rules: {} });
    expect(reloaded.policy.rules['evaluation-gain-significant']).toEqual({ severity: 'error', options: { alpha: 0.01 } });
  });
});
