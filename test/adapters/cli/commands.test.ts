// `modelgate init`, `rules`, `explain` and every command's --help, as a user runs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { defaultPolicy } from '../../../src/core/policy/defaults.ts';
import { renderRuleDoc } from '../../../src/core/report/rule-doc.ts';
import { ruleById, rules } from '../../../src/core/rules/index.ts';
import { useBuiltCli } from './built-cli.ts';
import { lines } from './harness.ts';

const cli = useBuiltCli();

describe('modelgate init', () => {
  it('writes the policy and a card template, and the policy means the defaults', () => {
    const dir = cli.scratch({});
    expect(cli.run(['init'], dir)).toEqual({
      code: 0,
      stdout: lines('wrote .github/modelgate.yml', 'wrote .github/MODEL_CARD.template.md', 'Next: edit the policy, fill in the card, then run `modelgate check`.'),
      stderr: '',
    });
    const policy = readFileSync(join(dir, '.github/modelgate.yml'), 'utf8');
    expect(loadPolicy({ path: '.github/modelgate.yml', text: policy })).toMatchObject({ errors: [], policy: defaultPolicy() });
    expect(policy).toContain('#   lineage-split-before-fit:');
    // The template is not a card where it lies, so the repository has no model yet.
    expect(cli.run(['check', '--format', 'json'], dir).stdout).toContain('"models": []');
  });

  it('refuses to overwrite an edited policy without --force, writing nothing; --force overwrites', () => {
    const dir = cli.scratch({ '.github/modelgate.yml': 'rules: {}\n' });
    expect(cli.run(['init'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate init: .github/modelgate.yml exists and was edited: nothing was written (use --force to overwrite it)'),
    });
    expect(readFileSync(join(dir, '.github/modelgate.yml'), 'utf8')).toBe('rules: {}\n');
    expect(cli.run(['init', '--force'], dir).code).toBe(0);
    expect(readFileSync(join(dir, '.github/modelgate.yml'), 'utf8')).toMatch(/^# modelgate policy/);
  });

  it('--card writes a card in place: it parses, and check lists its TODOs as findings', () => {
    const dir = cli.scratch({});
    expect(cli.run(['init', '--card', 'models/churn/MODEL_CARD.md'], dir).code).toBe(0);
    expect(cli.run(['validate', 'models/churn/MODEL_CARD.md'], dir)).toEqual({ code: 0, stdout: lines('models/churn/MODEL_CARD.md: hf-model-card', '1 file read, no errors'), stderr: '' });
    const report = JSON.parse(cli.run(['check', '--format', 'json'], dir).stdout);
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['models/churn']);
    // One finding for the template's leftovers (issue 11), every TODO among its places.
    const placeholders = report.models[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'model-card-no-placeholders');
    expect(placeholders).toHaveLength(1);
    expect(placeholders[0].locations.length).toBeGreaterThan(5);
  });

  it('rejects a card path outside DIR', () => {
    expect(cli.run(['init', '--card', '../x.md'], cli.scratch({})).code).toBe(2);
  });
});

describe('modelgate rules', () => {
  it('lists every rule with its default severity, area and title', () => {
    const { code, stdout } = cli.run(['rules']);
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(rules.length + 1);
    expect(rows[0]).toMatch(/^rule +default +area +checks$/);
    const split = rows.find((r) => r.startsWith('lineage-split-before-fit '))!;
    expect(split.split(/ {2,}/)).toEqual(['lineage-split-before-fit', 'error', 'Lineage', ruleById('lineage-split-before-fit')!.meta.title]);
  });
});

describe('modelgate explain', () => {
  it("prints the rule's documentation, generated from its metadata", () => {
    const { code, stdout, stderr } = cli.run(['explain', 'lineage-split-before-fit']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(`${renderRuleDoc(ruleById('lineage-split-before-fit')!).replace(/^<!--.*-->\n+/, '').trimEnd()}\n`);
    expect(stdout.split('\n')[0]).toBe('# lineage-split-before-fit');
  });

  it('names the framework controls the rule evidences, each with its source, or why none', () => {
    const { stdout } = cli.run(['explain', 'operations-fallback-declared']);
    expect(stdout).toContain('## Controls');
    expect(stdout).toContain(
      '| EU AI Act | Art. 15(4): Resilience to errors, faults and inconsistencies; robustness through technical redundancy, which may include backup or fail-safe plans | partly | Regulation (EU) 2024/1689 (Artificial Intelligence Act), Article 15(4) |',
    );
    expect(stdout).toContain('| NIST AI Risk Management Framework 1.0 | MANAGE 2.4: ');
    expect(cli.run(['explain', 'artifact-parseable']).stdout).toContain('This rule evidences no framework control. Hygiene: ');
  });

  it('an unknown rule is a usage error with a suggestion', () => {
    expect(cli.run(['explain', 'split-before-fit'])).toEqual({
      code: 2,
      stdout: '',
      stderr: lines("modelgate explain: unknown rule 'split-before-fit' (did you mean 'lineage-split-before-fit'?); modelgate rules lists them", "Run 'modelgate explain --help' for usage."),
    });
  });
});

describe('--help and unknown flags', () => {
  it.each(['check', 'validate', 'init', 'policy', 'rules', 'explain', 'schema'])('modelgate %s --help', (command) => {
    const { code, stdout, stderr } = cli.run([command, '--help']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: modelgate ${command}\\b`));
  });

  it.each(['init', 'policy', 'rules', 'explain'])('modelgate %s --nope', (command) => {
    expect(cli.run([command, '--nope'])).toEqual({ code: 2, stdout: '', stderr: lines(`modelgate ${command}: unknown option '--nope'`, `Run 'modelgate ${command} --help' for usage.`) });
  });

  it('modelgate --help lists every command', () => {
    const { stdout } = cli.run(['--help']);
    for (const command of ['check', 'validate', 'init', 'policy', 'rules', 'explain', 'schema']) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });
});
