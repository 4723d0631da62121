import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultPolicy } from '../../../src/core/policy/defaults.ts';
import { initPolicyText } from '../../../src/core/policy/init.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { RULE_IDS } from '../../../src/core/policy/rule-ids.ts';
import { policySchema } from '../../../src/core/policy/schema.ts';

const PATH = '.github/modelgate.yml';
const load = (text: string, extended?: Record<string, string>) => loadPolicy({ path: PATH, text }, extended);
const errorsOf = (text: string, extended?: Record<string, string>) => load(text, extended).errors.map((e) => ({ file: e.file, line: e.line, code: e.code, message: e.message }));

const DESIGN_EXAMPLE = `_extends: acme/.github
models: {paths: ["models/**"], cards: [MODEL_CARD.md, README.md, model_card.json]}
rules:
  evaluation-gain-significant: {severity: error, options: {alpha: 0.05}}
  operations-retirement-criteria: off
tiers:
  low:    {approvals: 1}
  medium: {approvals: 1, reviewers: ["@acme/ml-reviewers"]}
  high:   {approvals: 2, reviewers: ["@acme/model-risk"], rules: {explainability-documented: error}}
approval:
  invalidate_on: model-change
  allow_author: false
  allow_contributors: false
  request_reviewers: true
  waivers: {by: ["@acme/model-risk"], require_reason: true}
checklist:
  - {id: fairness-review, text: "Fairness review done for protected attributes", tiers: [high]}
`;

describe('loadPolicy: valid files', () => {
  it('no policy file: the built-in defaults, no hash', () => {
    expect(loadPolicy()).toEqual({ policy: defaultPolicy(), errors: [], locations: {} });
  });

  it('the built-in defaults are those of DESIGN §4', () => {
    const p = defaultPolicy();
    expect(p.models).toEqual({ paths: [], cards: ['MODEL_CARD.md', 'README.md', 'model_card.json'] });
    expect([p.tiers.low.approvals, p.tiers.medium.approvals, p.tiers.high.approvals]).toEqual([1, 1, 2]);
    expect(p.approval).toEqual({ invalidateOn: 'model-change', allowAuthor: false, allowContributors: false, requestReviewers: true, waivers: { by: [], requireReason: true } });
    expect(p.rules).toEqual({});
    expect(p.checklist).toEqual([]);
  });

  it('reads the DESIGN §4 example into the effective policy, extended from an empty org file', () => {
    const loaded = load(DESIGN_EXAMPLE, { 'acme/.github': '# org defaults: none yet\n' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.sha256).toBe(createHash('sha256').update(DESIGN_EXAMPLE).digest('hex'));
    expect(loaded.path).toBe(PATH);
    expect(loaded.policy).toEqual({
      extends: 'acme/.github',
      models: { paths: ['models/**'], cards: ['MODEL_CARD.md', 'README.md', 'model_card.json'] },
      rules: { 'evaluation-gain-significant': { severity: 'error', options: { alpha: 0.05 } }, 'operations-retirement-criteria': { severity: 'off' } },
      frameworks: [],
      inventory: { org: false },
      tiers: {
        low: { approvals: 1, reviewers: [], rules: {} },
        medium: { approvals: 1, reviewers: ['@acme/ml-reviewers'], rules: {} },
        high: { approvals: 2, reviewers: ['@acme/model-risk'], rules: { 'explainability-documented': { severity: 'error' } } },
      },
      approval: { invalidateOn: 'model-change', allowAuthor: false, allowContributors: false, requestReviewers: true, waivers: { by: ['@acme/model-risk'], requireReason: true } },
      checklist: [{ id: 'fairness-review', text: 'Fairness review done for protected attributes', tiers: ['high'] }],
      exempt: [],
    });
    expect(loaded.locations['rules.operations-retirement-criteria']).toBe(5);
  });

  it('an empty or comments-only file means the defaults, with its hash', () => {
    for (const text of ['', '# nothing yet\n']) {
      const loaded = load(text);
      expect(loaded.errors).toEqual([]);
      expect(loaded.policy).toEqual(defaultPolicy());
      expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('fills what a partial file leaves out from the defaults', () => {
    const loaded = load('tiers:\n  high: {reviewers: ["@acme/risk"]}\napproval: {allow_author: true}\n');
    expect(loaded.policy.tiers.high).toEqual({ approvals: 2, reviewers: ['@acme/risk'], rules: { 'explainability-documented': { severity: 'error' } } });
    expect(loaded.policy.approval.allowAuthor).toBe(true);
    expect(loaded.policy.approval.invalidateOn).toBe('model-change');
  });

  it('a checklist item without tiers applies to every tier', () => {
    expect(load('checklist:\n  - {id: legal, text: Legal sign-off}\n').policy.checklist).toEqual([{ id: 'legal', text: 'Legal sign-off', tiers: ['low', 'medium', 'high'] }]);
  });
});

describe('loadPolicy: errors carry the key path and the line', () => {
  const cases: Array<[string, string, Array<{ line: number; code: string; message: string }>]> = [
    ['unknown top-level key', 'models: {paths: ["models/**"]}\nreviewers: 2\n', [{ line: 2, code: 'unknown-key', message: 'reviewers: unknown key "reviewers"' }]],
    ['unknown nested key', 'approval:\n  invalidate_on: any-push\n  allow_authors: true\n', [{ line: 3, code: 'unknown-key', message: 'approval.allow_authors: unknown key "allow_authors"' }]],
    ['unknown rule id, with a suggestion', 'rules:\n  lineage-presnt: warn\n', [{ line: 2, code: 'unknown-key', message: 'rules.lineage-presnt: unknown rule "lineage-presnt" (did you mean "lineage-present"?)' }]],
    ['unknown rule id in a tier', 'tiers:\n  high:\n    rules:\n      no-such-rule: error\n', [{ line: 4, code: 'unknown-key', message: 'tiers.high.rules.no-such-rule: unknown rule "no-such-rule"' }]],
    ['wrong severity', 'rules:\n  lineage-present: fatal\n', [{ line: 2, code: 'schema', message: 'rules.lineage-present: expected off, warn, error or {severity, options}' }]],
    ['wrong severity inside {severity, options}', 'rules:\n  lineage-present: {severity: fatal}\n', [{ line: 2, code: 'schema', message: 'rules.lineage-present.severity: expected one of "off"|"warn"|"error"' }]],
    ['options not a mapping', 'rules:\n  model-card-owners:\n    severity: error\n    options: 3\n', [{ line: 4, code: 'schema', message: 'rules.model-card-owners.options: expected a mapping, got a number' }]],
    ['wrong type', 'tiers:\n  high:\n    approvals: two\n', [{ line: 3, code: 'schema', message: 'tiers.high.approvals: expected number, got a string' }]],
    ['unknown tier', 'tiers:\n  critical: {approvals: 3}\n', [{ line: 2, code: 'unknown-key', message: 'tiers.critical: unknown key "critical"' }]],
    ['invalid enum', 'approval:\n  invalidate_on: always\n', [{ line: 2, code: 'schema', message: 'approval.invalidate_on: expected one of "model-change"|"any-push"|"never"' }]],
    ['a list where a list is expected', 'models:\n  paths: "models/**"\n', [{ line: 2, code: 'schema', message: 'models.paths: expected a list, got a string' }]],
    ['bad checklist id', 'checklist:\n  - {id: Fairness Review, text: x}\n', [{ line: 2, code: 'schema', message: 'checklist[0].id: must be lower-case letters, digits and dashes (it is typed in /modelgate ack <id>)' }]],
    ['duplicate checklist id', 'checklist:\n  - {id: a, text: x}\n  - {id: a, text: y}\n', [{ line: 3, code: 'schema', message: 'checklist[1].id: duplicate checklist id "a"' }]],
    ['bad _extends', '_extends: acme/.github/extra\n', [{ line: 1, code: 'schema', message: '_extends: must be .github, repo, owner/repo or owner/repo:path/file.yml (as in Probot)' }]],
    ['_extends to a file that is not YAML', '_extends: acme/policies:modelgate.json\n', [{ line: 1, code: 'schema', message: '_extends: must be .github, repo, owner/repo or owner/repo:path/file.yml (as in Probot)' }]],
    ['not a mapping', '- rules\n', [{ line: 1, code: 'schema', message: 'the policy must be a YAML mapping (key: value)' }]],
    ['YAML syntax', 'rules:\n  lineage-present: warn\n  lineage-present: error\n', [{ line: 3, code: 'duplicate-key', message: 'duplicate key: map keys must be unique' }]],
    // A glob that matches nothing, or a card name never found, would leave models ungated in silence.
    ['models.paths glob that leaves the repository', 'models:\n  paths: ["../models/**"]\n', [{ line: 2, code: 'schema', message: 'models.paths[0]: "../models/**" leaves the repository (..); globs are relative to the repository root' }]],
    ['models.paths glob that is not a glob', 'models:\n  paths:\n    - models/**\n    - "models/{a,b"\n', [{ line: 4, code: 'schema', message: 'models.paths[1]: "models/{a,b" is not a valid glob' }]],
    ['models.paths absolute or negated', 'models:\n  paths: ["/models/**", "!models/legacy/**"]\n', [
      { line: 2, code: 'schema', message: 'models.paths[0]: "/models/**" starts with /; globs are relative to the repository root, without a leading /' },
      { line: 2, code: 'schema', message: 'models.paths[1]: "!models/legacy/**" is negated; list the paths that belong to the model instead' },
    ]],
    ['models.paths glob too long for the matcher (it would throw)', `models:\n  paths: ["${'m'.repeat(70000)}"]\n`, [{ line: 2, code: 'schema', message: 'models.paths[0]: is 70000 characters long; a glob may have at most 1024' }]],
    ['models.cards empty', 'models:\n  cards: []\n', [{ line: 2, code: 'schema', message: 'models.cards: no card names: no directory would ever be a model, so nothing would be gated' }]],
    ['models.cards with a path or an unknown format', 'models:\n  cards: [docs/MODEL_CARD.md, card.yaml]\n', [
      { line: 2, code: 'schema', message: 'models.cards[0]: "docs/MODEL_CARD.md" is a path; cards are matched by file name alone, in any directory' },
      { line: 2, code: 'schema', message: 'models.cards[1]: "card.yaml" is neither Markdown (.md, a Hugging Face card) nor JSON (.json, a Model Card Toolkit card)' },
    ]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      expect(errorsOf(text)).toEqual(expected.map((e) => ({ file: PATH, ...e })));
    });
  }

  it('reports every error, sorted by line', () => {
    expect(errorsOf('foo: 1\nrules:\n  bogus: warn\ntiers:\n  high: {approvals: -1}\n').map((e) => e.line)).toEqual([1, 3, 5]);
  });

  it('an invalid policy fails closed: defaults in `policy`, the errors, and still the hash', () => {
    const loaded = load('rules:\n  operations-monitoring-planned: off\n  bogus: off\n');
    expect(loaded.errors).toHaveLength(1);
    // The valid part (turning a rule off) is NOT applied: a broken policy never relaxes the gate.
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a binary policy file is an error, not a crash', () => {
    expect(errorsOf('a\u0000b')).toEqual([{ file: PATH, line: 1, code: 'binary', message: 'file is binary (contains NUL bytes); governance artifacts must be text' }]);
  });
});

describe('loadPolicy: _extends', () => {
  const ORG = `rules:
  evaluation-gain-significant: {severity: warn, options: {alpha: 0.01}}
  operations-retirement-criteria: error
tiers:
  high: {approvals: 3, reviewers: ["@acme/model-risk"]}
approval: {waivers: {by: ["@acme/model-risk"]}}
checklist:
  - {id: fairness-review, text: Fairness review, tiers: [high]}
`;
  const REPO = `_extends: acme/.github
rules:
  evaluation-gain-significant: error
tiers:
  high: {approvals: 2}
approval: {waivers: {require_reason: false}}
checklist:
  - {id: privacy, text: Privacy review}
`;

  it('merges org defaults first and the repository over them, key by key', () => {
    const loaded = load(REPO, { 'acme/.github': ORG });
    expect(loaded.errors).toEqual([]);
    const p = loaded.policy;
    expect(p.extends).toBe('acme/.github');
    // Severity from the repo, options kept from the org.
    expect(p.rules['evaluation-gain-significant']).toEqual({ severity: 'error', options: { alpha: 0.01 } });
    expect(p.rules['operations-retirement-criteria']).toEqual({ severity: 'error' });
    expect(p.tiers.high).toEqual({ approvals: 2, reviewers: ['@acme/model-risk'], rules: { 'explainability-documented': { severity: 'error' } } });
    expect(p.approval.waivers).toEqual({ by: ['@acme/model-risk'], requireReason: false });
    expect(p.checklist.map((c) => c.id)).toEqual(['fairness-review', 'privacy']);
    // The hash is of the repository's file as read.
    expect(loaded.sha256).toBe(createHash('sha256').update(REPO).digest('hex'));
  });

  it('a missing extended document is an error at the _extends line', () => {
    expect(errorsOf('models: {paths: []}\n_extends: acme/.github\n')).toEqual([
      { file: PATH, line: 2, code: 'unreadable', message: '_extends: "acme/.github" could not be read (no .github/modelgate.yml in acme/.github, or no access); the gate fails closed' },
    ]);
  });

  describe("Probot's forms, seen from the repository the file is in", () => {
    const home = { owner: 'acme', repo: 'models' };
    it.each([
      ['.github', 'acme/.github'],
      ['shared-policies', 'acme/shared-policies'],
      ['corp/.github', 'corp/.github'],
      ['corp/.github:.github/modelgate.yml', 'corp/.github'],
      ['corp/policies:ml/modelgate.yaml', 'corp/policies:ml/modelgate.yaml'],
      ['policies:ml/strict.yml', 'acme/policies:ml/strict.yml'],
    ])('_extends: %s reads the document %s', (value, key) => {
      const loaded = loadPolicy({ path: PATH, text: `_extends: ${value}\n` }, { [key]: 'tiers: {low: {approvals: 3}}\n' }, home);
      expect(loaded.errors).toEqual([]);
      expect(loaded.policy.tiers.low.approvals).toBe(3);
    });

    it('a relative _extends inside an extended document is relative to that document\'s repository', () => {
      const extended = { 'corp/.github': '_extends: .github-private\ntiers: {low: {approvals: 2}}\n', 'corp/.github-private': 'tiers: {medium: {approvals: 4}}\n' };
      const loaded = loadPolicy({ path: PATH, text: '_extends: corp/.github\n' }, extended, home);
      expect(loaded.errors).toEqual([]);
      expect([loaded.policy.tiers.low.approvals, loaded.policy.tiers.medium.approvals]).toEqual([2, 4]);
    });

    it('a policy extending its own repository is a cycle', () => {
      expect(loadPolicy({ path: PATH, text: '_extends: models\n' }, {}, home).errors).toEqual([{ file: PATH, line: 1, code: 'schema', message: '_extends: "models" extends itself (cycle)' }]);
    });

    it('a path that climbs out of the repository is not read', () => {
      expect(loadPolicy({ path: PATH, text: '_extends: corp/x:../secrets.yml\n' }, { 'corp/x:../secrets.yml': 'tiers: {}\n' }, home).errors).toEqual([
        { file: PATH, line: 1, code: 'schema', message: '_extends: the path must stay inside that repository (no ".", ".." or empty segments)' },
      ]);
    });
  });

  it("errors in the extended document name that document", () => {
    expect(errorsOf(REPO, { 'acme/.github': 'rules:\n  nope: warn\n' })).toEqual([{ file: 'acme/.github', line: 2, code: 'unknown-key', message: 'rules.nope: unknown rule "nope"' }]);
  });

  it('an invalid extended document fails closed: the defaults, not the repository file or half the org file', () => {
    const loaded = load(REPO, { 'acme/.github': 'tiers: {high: {approvals: 0}}\nrules: {lineage-present: nope}\n' });
    expect(loaded.errors.map((e) => [e.file, e.line])).toEqual([['acme/.github', 2]]);
    expect(loaded.policy).toEqual(defaultPolicy());
  });

  it('a cycle is an error, not a hang', () => {
    expect(errorsOf(REPO, { 'acme/.github': '_extends: acme/.github\n' })).toEqual([{ file: 'acme/.github', line: 1, code: 'schema', message: '_extends: "acme/.github" extends itself (cycle)' }]);
  });

  it('chains through two levels', () => {
    const loaded = load(REPO, { 'acme/.github': '_extends: corp/.github\ntiers: {low: {approvals: 2}}\n', 'corp/.github': 'tiers: {low: {approvals: 5}, medium: {approvals: 4}}\n' });
    expect(loaded.errors).toEqual([]);
    expect([loaded.policy.tiers.low.approvals, loaded.policy.tiers.medium.approvals]).toEqual([2, 4]);
  });
});

describe('policy schema and init', () => {
  it('produces an input JSON Schema with every rule id and a description on every property', () => {
    const schema = z.toJSONSchema(policySchema, { io: 'input' }) as Record<string, any>;
    expect(Object.keys(schema.properties)).toEqual(['_extends', 'models', 'rules', 'frameworks', 'inventory', 'tiers', 'approval', 'checklist', 'exempt']);
    const text = JSON.stringify(schema);
    for (const id of RULE_IDS) expect(text).toContain(`"${id}"`);
    const undescribed: string[] = [];
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        if (!child.description && !child.$ref) undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      for (const [key, child] of Object.entries<any>(node.$defs ?? {})) walk(child, `$defs.${key}`);
      if (node.items) walk(node.items, `${path}[]`);
      for (const alt of node.anyOf ?? []) walk(alt, path);
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  it('`modelgate init` writes a file that loads to exactly the defaults', () => {
    for (const text of [initPolicyText(), initPolicyText([{ id: 'lineage-present', title: 'A lineage manifest exists', defaultSeverity: 'error' }])]) {
      const loaded = load(text);
      expect(loaded.errors).toEqual([]);
      expect(loaded.policy).toEqual(defaultPolicy());
    }
  });

  it('`modelgate init` mentions every rule and every setting, and uncommented it is valid', () => {
    const text = initPolicyText();
    for (const id of RULE_IDS) expect(text).toContain(`#   ${id}: error`);
    // Uncommenting the settings (not the prose) yields a valid policy.
    // Setting lines are `# key: ...` / `#   key: ...` / `#   - {...}` after the heading that introduces
    // them; the tier example inside the prose is skipped by its `e.g.` heading.
    const lines = text.split('\n');
    const settings = lines
      .filter((l, i) => /^# ( *[a-z_-]+:( |$)| +- \{)/.test(l) && !/e\.g\.$/.test(lines[i - 1] ?? ''))
      .map((l) => l.slice(2))
      .filter((l) => !l.startsWith('_extends'))
      .join('\n');
    expect(settings).toContain('invalidate_on: model-change');
    expect(errorsOf(settings)).toEqual([]);
  });
});
