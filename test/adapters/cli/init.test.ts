// `modelgate init` never overwrites an edited policy or card (unless --force), may rewrite the
// files it wrote itself, and `init --card PATH` writes only the card.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initPolicyText } from '../../../src/core/policy/init.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { MODEL_CARD_TEMPLATE } from '../../../src/adapters/cli/card-template.ts';
import { GOVERNANCE_BLOCK_TEMPLATE } from '../../../src/core/artifacts/model-card/template.ts';
import { useBuiltCli } from './built-cli.ts';
import { lines } from './harness.ts';

const cli = useBuiltCli();
const POLICY = '.github/modelgate.yml';
const TEMPLATE = '.github/MODEL_CARD.template.md';
const WROTE_BOTH = lines(`wrote ${POLICY}`, `wrote ${TEMPLATE}`, 'Next: edit the policy, fill in the card, then run `modelgate check`.');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('modelgate init: never overwrites an edited policy', () => {
  it('the files as init wrote them are rewritten (init twice is fine)', () => {
    const dir = cli.scratch({});
    expect(cli.run(['init'], dir)).toEqual({ code: 0, stdout: WROTE_BOTH, stderr: '' });
    expect(cli.run(['init'], dir)).toEqual({ code: 0, stdout: WROTE_BOTH, stderr: '' });
  });

  it('a default policy written by another version of modelgate (another rule list) counts as unedited', () => {
    const older = initPolicyText(rules.slice(3).map((r) => ({ id: r.meta.id, title: `${r.meta.title} (old wording)`, defaultSeverity: r.meta.defaultSeverity })));
    const dir = cli.scratch({ [POLICY]: older });
    expect(cli.run(['init'], dir)).toEqual({ code: 0, stdout: WROTE_BOTH, stderr: '' });
    expect(read(dir, POLICY)).toContain(`#   ${rules[0]!.meta.id}:`);
  });

  it('an edited policy: refused with the reason, nothing written (not even the card template); --force overwrites', () => {
    const edited = initPolicyText().replace('# rules:', 'rules:\n  lineage-present: warn\n# rules:');
    const dir = cli.scratch({ [POLICY]: edited });
    expect(cli.run(['init'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines(`modelgate init: ${POLICY} exists and was edited: nothing was written (use --force to overwrite it)`),
    });
    expect(read(dir, POLICY)).toBe(edited);
    expect(existsSync(join(dir, TEMPLATE))).toBe(false);
    expect(cli.run(['init', '--force'], dir)).toEqual({ code: 0, stdout: WROTE_BOTH, stderr: '' });
    expect(read(dir, POLICY)).toMatch(/^# modelgate policy/);
  });

  it('an edited card template is kept as well', () => {
    const dir = cli.scratch({});
    expect(cli.run(['init'], dir).code).toBe(0);
    writeFileSync(join(dir, TEMPLATE), MODEL_CARD_TEMPLATE.replace('my-model', 'our-model'));
    writeFileSync(join(dir, POLICY), 'rules: {}\n');
    expect(cli.run(['init'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines(`modelgate init: ${POLICY} and ${TEMPLATE} exist and were edited: nothing was written (use --force to overwrite them)`),
    });
  });
});

describe('modelgate init --card PATH writes only the card', () => {
  it('no policy is written, and an edited policy is left alone', () => {
    const dir = cli.scratch({ [POLICY]: 'rules: {}\n' });
    expect(cli.run(['init', '--card', 'models/churn/MODEL_CARD.md'], dir)).toEqual({
      code: 0,
      stdout: lines('wrote models/churn/MODEL_CARD.md', 'Next: fill in the card, then run `modelgate check`.'),
      stderr: '',
    });
    expect(read(dir, POLICY)).toBe('rules: {}\n');
    expect(read(dir, 'models/churn/MODEL_CARD.md')).toBe(MODEL_CARD_TEMPLATE);
    expect(existsSync(join(dir, TEMPLATE))).toBe(false);
    expect(existsSync(join(cli.scratch({}), POLICY))).toBe(false);
  });

  it('an existing card that is not the untouched template is never overwritten without --force', () => {
    const dir = cli.scratch({ 'models/churn/MODEL_CARD.md': '# Churn\n' });
    expect(cli.run(['init', '--card', 'models/churn/MODEL_CARD.md'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate init: models/churn/MODEL_CARD.md exists and was edited: nothing was written (use --force to overwrite it)'),
    });
    expect(cli.run(['init', '--card', 'models/churn/MODEL_CARD.md', '--force'], dir).code).toBe(0);
    expect(read(dir, 'models/churn/MODEL_CARD.md')).toBe(MODEL_CARD_TEMPLATE);
  });

  it('--help says so', () => {
    const { stdout } = cli.run(['init', '--help']);
    expect(stdout).toContain('  --card PATH  write only a model card, at PATH (relative to DIR); no policy');
    expect(stdout).toContain('  --force      overwrite files that were edited');
  });
});

describe('modelgate init --governance: the block model-card-governance asks for', () => {
  it('prints the card template\'s governance block, writes nothing, and that block answers the finding', () => {
    const dir = cli.scratch({});
    const printed = cli.run(['init', '--governance'], dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(`${GOVERNANCE_BLOCK_TEMPLATE.trimEnd()}\n`);
    expect(existsSync(join(dir, POLICY))).toBe(false);
    // The card template carries the very same block.
    expect(MODEL_CARD_TEMPLATE).toContain(GOVERNANCE_BLOCK_TEMPLATE.trimEnd());
  });

  it('takes nothing else', () => {
    expect(cli.run(['init', '--governance', 'models'], cli.scratch({}))).toEqual({
      code: 2,
      stdout: '',
      stderr: lines('modelgate init: --governance takes no DIR, --card or --force: it only prints the block', "Run 'modelgate init --help' for usage."),
    });
  });
});
