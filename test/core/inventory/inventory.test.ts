import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { buildInventory, compareInventoryModels, isIsoDate, type Inventory, type InventoryModel, type LastCommit } from '../../../src/core/inventory/inventory.ts';
import { csvField, formatInventory } from '../../../src/core/inventory/render.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { defineRule, type Rule, type Severity } from '../../../src/core/rules/define.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';
import { inventoryRow } from './rows.ts';

/** A card with just the governance fields given (YAML lines under `governance:`), or none, and a body. */
function card(governance: string[] | null, body = '# Model\n'): string {
  const front = governance ? ['governance:', ...governance.map((line) => `  ${line}`)] : ['license: mit'];
  return `---\n${front.join('\n')}\n---\n\n${body}`;
}

/** Reports once, at `severity`, on every model whose directory contains `marker`. */
function marking(id: string, severity: Severity, marker: string): Rule<any> {
  return defineRule({
    meta: {
      id,
      title: id,
      antipattern: 'test',
      area: 'card',
      rationale: 'test',
      howToFix: 'test',
      defaultSeverity: severity,
      appliesTo: 'card',
      options: z.object({}),
      messages: { hit: 'hit' },
    },
    check(ctx) {
      return ctx.model && ctx.model.dir.includes(marker) ? [{ messageId: 'hit', file: ctx.model.head.cardPath, line: 1 }] : [];
    },
  }) as Rule<any>;
}

const RULES = [marking('err-a', 'error', 'err'), marking('err-b', 'error', 'err2'), marking('warn-a', 'warn', 'warn')];

function inventoryOf(files: Record<string, string>, today: string, lastCommits?: Map<string, LastCommit>): Inventory {
  const snapshot = caseSnapshot({ name: 'inventory', files });
  const evaluation = evaluate(snapshot, loadPolicy(snapshot.policy), { rules: RULES });
  return buildInventory({ evaluation, today, toolVersion: '9.9.9', ...(lastCommits ? { lastCommits } : {}) });
}

const FULL = [
  'model: fraud',
  'version: 1.2.0',
  'owners: ["@acme/fraud-ml", "@ada"]',
  'risk_tier: high',
  'intended_use: Hold risky payments for review.',
  'retirement: {criteria: "recall below 0.6", review_by: "2027-01-01"}',
];

const ADA: LastCommit = { sha: 'a'.repeat(40), date: '2026-11-02T10:00:00+00:00', author: 'Ada' };

describe('buildInventory: one row per model, from the governance block', () => {
  it('reads name, version, tier, owners, intended use, findings, review date and last commit', () => {
    const inventory = inventoryOf({ 'models/fraud-err2-warn/MODEL_CARD.md': card(FULL) }, '2027-01-02', new Map([['models/fraud-err2-warn', ADA]]));
    expect(inventory).toEqual({
      tool: 'modelgate',
      version: '9.9.9',
      today: '2027-01-02',
      models: [
        {
          name: 'fraud',
          path: 'models/fraud-err2-warn',
          card: 'models/fraud-err2-warn/MODEL_CARD.md',
          version: '1.2.0',
          tier: 'high',
          gatedTier: 'high',
          owners: ['@acme/fraud-ml', '@ada'],
          intendedUse: 'Hold risky payments for review.',
          errors: 2,
          warnings: 1,
          reviewBy: '2027-01-01',
          overdue: true,
          lastCommit: ADA,
        },
      ],
    });
  });

  it('a card without a governance block: its name from the card\'s title, or its directory; tier unknown; nothing else', () => {
    const inventory = inventoryOf({ 'a/MODEL_CARD.md': card(null, '# Hub Name\n'), 'b/c/MODEL_CARD.md': card(null, 'No title.\n') }, '2027-01-02');
    expect(inventory.models).toEqual([
      { name: 'Hub Name', path: 'a', card: 'a/MODEL_CARD.md', version: null, tier: 'unknown', gatedTier: 'medium', owners: [], intendedUse: null, errors: 0, warnings: 0, reviewBy: null, overdue: false, lastCommit: null },
      { name: 'c', path: 'b/c', card: 'b/c/MODEL_CARD.md', version: null, tier: 'unknown', gatedTier: 'medium', owners: [], intendedUse: null, errors: 0, warnings: 0, reviewBy: null, overdue: false, lastCommit: null },
    ]);
  });

  it('an unreadable tier is unknown here, and gated as high', () => {
    const inventory = inventoryOf({ 'm/MODEL_CARD.md': card(['model: m', 'risk_tier: extreme']) }, '2027-01-02');
    expect(inventory.models.map((m) => [m.name, m.tier, m.gatedTier])).toEqual([['m', 'unknown', 'high']]);
  });

  it.each([
    ['2026-12-31', false],
    ['2027-01-01', false],
    ['2027-01-02', true],
    ['2030-06-15', true],
  ])('review_by 2027-01-01 on %s: overdue %s (the day itself is not overdue)', (today, overdue) => {
    expect(inventoryOf({ 'm/MODEL_CARD.md': card(FULL) }, today).models[0]!.overdue).toBe(overdue);
  });
});

describe('buildInventory: sorted by tier, then overdue first, then name', () => {
  const model = (dir: string, tier: string | null, reviewBy: string | null) =>
    [`${dir}/MODEL_CARD.md`, card([`model: ${dir}`, ...(tier ? [`risk_tier: ${tier}`] : []), ...(reviewBy ? [`retirement: {review_by: "${reviewBy}"}`] : [])])] as const;
  it.each([
    {
      name: 'tiers high, medium, low, unknown',
      models: [model('u', null, null), model('l', 'low', null), model('m', 'medium', null), model('h', 'high', null)],
      expected: [['h', 'high', false], ['m', 'medium', false], ['l', 'low', false], ['u', 'unknown', false]],
    },
    {
      name: 'overdue on top within a tier, never above a higher tier',
      models: [model('a-med', 'medium', '2030-01-01'), model('b-med', 'medium', '2020-01-01'), model('c-low', 'low', '2020-01-01'), model('d-high', 'high', null), model('e-high', 'high', '2020-01-01')],
      expected: [['e-high', 'high', true], ['d-high', 'high', false], ['b-med', 'medium', true], ['a-med', 'medium', false], ['c-low', 'low', true]],
    },
    {
      name: 'then by name',
      models: [model('zeta', 'low', '2020-01-01'), model('alpha', 'low', '2020-01-01'), model('mid', 'low', null)],
      expected: [['alpha', 'low', true], ['zeta', 'low', true], ['mid', 'low', false]],
    },
  ])('$name', ({ models, expected }) => {
    const inventory = inventoryOf(Object.fromEntries(models), '2026-06-01');
    expect(inventory.models.map((m) => [m.name, m.tier, m.overdue])).toEqual(expected);
  });

  it('compareInventoryModels breaks a name tie by path', () => {
    const row = (path: string) => ({ name: 'same', path, tier: 'low', overdue: false }) as InventoryModel;
    expect([row('b'), row('a')].sort(compareInventoryModels).map((m) => m.path)).toEqual(['a', 'b']);
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2027-01-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2027-13-01', false],
    ['2027-1-01', false],
    ['today', false],
  ])('%s: %s', (text, valid) => expect(isIsoDate(text)).toBe(valid));
});

// A small inventory with every kind of cell: full, empty, hostile.
const SMALL: Inventory = {
  tool: 'modelgate',
  version: '1.0.0',
  today: '2027-01-02',
  models: [
    inventoryRow({ owners: ['@acme/fraud-ml', '@ada'], intendedUse: 'Hold risky payments, for review.', errors: 2, warnings: 1, reviewBy: '2027-01-01', overdue: true, lastCommit: ADA }),
    {
      name: '=HYPERLINK("http://x")',
      path: 'models/evil',
      card: 'models/evil/README.md',
      version: null,
      tier: 'unknown',
      gatedTier: 'high',
      owners: ['@team|x'],
      intendedUse: '<img src=x> *bold* @someone\n\u001b[31mred',
      errors: 0,
      warnings: 0,
      reviewBy: null,
      overdue: false,
      lastCommit: null,
    },
  ],
};

describe('formatInventory', () => {
  it('text: a block per model and a summary, no control characters, owners without @', () => {
    expect(formatInventory('text', SMALL)).toBe(
      [
        'fraud 1.2.0 [high] models/fraud',
        '  owners:       acme/fraud-ml, ada',
        '  intended use: Hold risky payments, for review.',
        '  findings:     2 errors, 1 warning',
        '  review by:    2027-01-01 (overdue)',
        '  last commit:  aaaaaaa 2026-11-02 Ada',
        '',
        '=HYPERLINK("http://x") [unknown] models/evil',
        '  owners:       team|x',
        '  intended use: <img src=x> *bold* @someone [31mred',
        '  findings:     none',
        '  review by:    -',
        '  last commit:  -',
        '',
        '2 models (1 high, 1 unknown); 1 retirement review overdue on 2027-01-02',
        '',
      ].join('\n'),
    );
  });

  it('markdown: a table whose cells are escaped, with no mention', () => {
    const markdown = formatInventory('markdown', SMALL);
    expect(markdown).toBe(
      [
        '## Model inventory',
        '',
        '| Model | Version | Tier | Owners | Intended use | Findings | Review by | Last commit |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| fraud<br>`models/fraud` | 1\\.2\\.0 | high | acme\\/fraud\\-ml, ada | Hold risky payments\\, for review\\. | 2 errors, 1 warning | 2027\\-01\\-01 **overdue** | `aaaaaaa` 2026\\-11\\-02 Ada |',
        '| \\=HYPERLINK\\(&quot;http\\:\\/\\/x&quot;\\)<br>`models/evil` | — | unknown | team\\|x | &lt;img src\\=x&gt; \\*bold\\* @\u200dsomeone \\[31mred | none | — | — |',
        '',
        '2 models (1 high, 1 unknown); 1 retirement review overdue on 2027-01-02',
        '',
      ].join('\n'),
    );
    expect(markdown).not.toMatch(/@(?=[A-Za-z0-9])/);
  });

  it('csv: RFC 4180 quoting, CRLF records, formula cells defused', () => {
    expect(formatInventory('csv', SMALL)).toBe(
      [
        'name,path,card,version,tier,gated_tier,owners,intended_use,errors,warnings,review_by,overdue,last_commit,last_commit_date,last_commit_author',
        `fraud,models/fraud,models/fraud/MODEL_CARD.md,1.2.0,high,high,acme/fraud-ml ada,"Hold risky payments, for review.",2,1,2027-01-01,true,${ADA.sha},2026-11-02T10:00:00+00:00,Ada`,
        `"'=HYPERLINK(""http://x"")",models/evil,models/evil/README.md,,unknown,high,team|x,"<img src=x> *bold* @someone\n\u001b[31mred",0,0,,false,,,`,
        '',
      ].join('\r\n'),
    );
  });

  it.each([
    ['plain', 'plain'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['-a,"b"', '"\'-a,""b"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['a-b', 'a-b'],
  ])('csvField(%j) = %j', (value, field) => expect(csvField(value)).toBe(field));

  it('json: the document itself, valid against schemas/inventory.schema.json', () => {
    const json = formatInventory('json', SMALL);
    expect(JSON.parse(json)).toEqual(SMALL);
    expect(json.endsWith('}\n')).toBe(true);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../schemas/inventory.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(JSON.parse(json)), JSON.stringify(validate.errors)).toBe(true);
    // Not vacuous: an unknown tier name, a missing field or an extra key is invalid.
    expect(validate({ ...SMALL, models: [{ ...SMALL.models[0], tier: 'extreme' }] })).toBe(false);
    const { overdue: _, ...withoutOverdue } = SMALL.models[0]!;
    expect(validate({ ...SMALL, models: [withoutOverdue] })).toBe(false);
    expect(validate({ ...SMALL, extra: 1 })).toBe(false);
  });

  it('an empty inventory', () => {
    const empty: Inventory = { tool: 'modelgate', version: '1.0.0', today: '2027-01-02', models: [] };
    expect(formatInventory('text', empty)).toBe('0 models; no retirement review overdue on 2027-01-02\n');
    expect(formatInventory('markdown', empty)).toBe('## Model inventory\n\nNo models found.\n\n0 models; no retirement review overdue on 2027-01-02\n');
    expect(formatInventory('csv', empty).split('\r\n')).toHaveLength(2);
  });
});
