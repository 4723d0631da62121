// A card whose risk tier cannot be read counts as high (fail closed). When that is the only
// reason a model, or the whole pull request, is high, the report says so: a reviewer asked for
// two approvals on a card that says `low` must see why.
import { describe, expect, it } from 'vitest';
import { formatMarkdown, formatText } from '../../../src/core/report/formats/index.ts';
import { tierUnreadable, unreadableTierModels } from '../../../src/core/report/tier.ts';
import { cardText, cleanModelFiles } from '../../helpers/fixtures.ts';
import { PR_HEAD, prEvaluation, prReport, section } from './pr-report.ts';

const fraud = (tier: unknown, version = '2.3.0') => cleanModelFiles('models/fraud', { card: { governance: { model: 'fraud', version, risk_tier: tier } } });
const link = (dir: string) => `[\`${dir}\`](https://github.com/acme/models/blob/${PR_HEAD}/${dir}/MODEL_CARD.md)`;
const TWO = '**2** approvals from anyone with write access; authors and contributors cannot approve.';

describe('a card that lowers nothing but writes an invalid tier (base low, head `critical`)', () => {
  const evaluation = prEvaluation(fraud('low'), fraud('critical', '2.4.0'));
  const { comment, summary } = prReport(evaluation);

  it('is high in the engine, with only base declaring a tier', () => {
    expect(evaluation.models.map((m) => [m.dir, m.tier, m.tierBase, m.tierHead])).toEqual([['models/fraud', 'high', 'low', undefined]]);
  });

  it('the tier cell says the tier was unreadable', () => {
    const row = `| ${link('models/fraud')} | high (tier unreadable) | 2\\.3\\.0 → 2\\.4\\.0 | ❌ 1 error | 0 of 2 |\n`;
    expect(comment).toContain(row);
    expect(summary).toContain(row);
  });

  it('the approval requirement says where the high tier comes from (not "base", which says low)', () => {
    const line = `#### Approval\nTier **high** (tier unreadable: the risk tier of \`models/fraud\` could not be read, so it counts as high): ${TWO}\n`;
    expect(comment).toContain(line);
    expect(summary).toContain(line);
  });

  it('the CLI says it too: markdown requirement, text model list', () => {
    expect(formatMarkdown(evaluation, { toolVersion: '0.1.0' })).toContain(
      `Tier **high** (tier unreadable: the risk tier of \`models/fraud\` could not be read, so it counts as high): ${TWO}\nReviews are not visible to a local run`,
    );
    expect(formatText(evaluation)).toContain('\n  models/fraud  tier high (unreadable)  2.4.0  ✖ 1 error\n');
  });
});

describe('where the tier comes from', () => {
  it('a new card whose front matter does not parse: unreadable, and the requirement names it', () => {
    const broken = '---\ngovernance: [risk_tier: low\n---\n\n# Fraud\n';
    const evaluation = prEvaluation({}, { 'models/fraud/MODEL_CARD.md': broken });
    const { comment } = prReport(evaluation);
    expect(comment).toContain(`| ${link('models/fraud')} | high (tier unreadable) | — |`);
    expect(comment).toContain(`Tier **high** (tier unreadable: the risk tier of \`models/fraud\` could not be read, so it counts as high): ${TWO}`);
  });

  it('a removed model whose base card cannot be read', () => {
    const evaluation = prEvaluation({ 'models/churn/model_card.json': '{"model_details": ' }, {});
    const { comment } = prReport(evaluation);
    expect(comment).toContain('| high (tier unreadable) | removed | — not checked (model removed) | 0 of 2 |\n');
    expect(section(comment, '`models/churn`')).toBe('#### `models/churn`\n\nThis pull request removes the model; it is gated at its base tier (high, because its tier could not be read).\n');
    expect(comment).toContain(`Tier **high** (tier unreadable: the risk tier of \`models/churn\` could not be read, so it counts as high): ${TWO}`);
  });

  it('several unreadable models are all named; they count as high', () => {
    const files = { ...fraud('critical'), ...cleanModelFiles('models/churn', { card: { governance: { risk_tier: 'urgent' } } }) };
    const { comment } = prReport(prEvaluation({}, files));
    expect(comment).toContain(`Tier **high** (tier unreadable: the risk tier of \`models/churn\` and \`models/fraud\` could not be read, so they count as high): ${TWO}`);
  });

  it('a card that declares high is plain high, and then an unreadable one does not change the note', () => {
    const files = { ...fraud('critical'), ...cleanModelFiles('models/churn') };
    const { comment } = prReport(prEvaluation({}, files));
    expect(comment).toContain(`| ${link('models/churn')} | high | 2\\.3\\.0 | ✅ clean | 0 of 2 |\n`);
    expect(comment).toContain(`| ${link('models/fraud')} | high (tier unreadable) | 2\\.3\\.0 | ❌ 1 error | 0 of 2 |\n`);
    expect(comment).toContain(`Tier **high** (head; no base card): ${TWO}`);
  });

  it('a card with no risk_tier is medium, not unreadable', () => {
    const evaluation = prEvaluation({}, cleanModelFiles('models/fraud', { card: { governance: { risk_tier: null } } }));
    expect(evaluation.models.map((m) => [m.tier, tierUnreadable(m)])).toEqual([['medium', false]]);
    expect(prReport(evaluation).comment).toContain('Tier **medium**: **1** approval from anyone with write access; authors and contributors cannot approve.');
  });
});

describe('tierUnreadable agrees with the engine', () => {
  const cases: [string, Record<string, string>, Record<string, string>, string, boolean][] = [
    ['declared high', {}, fraud('high'), 'high', false],
    ['declared low', {}, fraud('low'), 'low', false],
    ['invalid tier', {}, fraud('critical'), 'high', true],
    ['base high, head invalid', fraud('high'), fraud('critical', '2.4.0'), 'high', false],
    ['base invalid, head low', fraud('critical'), fraud('low', '2.4.0'), 'high', true],
    ['a tier that is a list', {}, { 'models/fraud/MODEL_CARD.md': cardText({ governance: { risk_tier: ['high'] } }) }, 'high', true],
  ];
  it.each(cases)('%s', (_name, base, head, tier, unreadable) => {
    const [m] = prEvaluation(base, head).models;
    expect([m!.tier, tierUnreadable(m!)]).toEqual([tier, unreadable]);
  });

  it('unreadableTierModels: only when the gate tier is high and no card declares it', () => {
    const a = { dir: 'a', tier: 'high' as const, tierBase: 'low' as const };
    const b = { dir: 'b', tier: 'high' as const, tierHead: 'high' as const };
    const c = { dir: 'c', tier: 'medium' as const };
    expect(unreadableTierModels([a, c], 'high')).toEqual([a]);
    expect(unreadableTierModels([a, b], 'high')).toEqual([]);
    expect(unreadableTierModels([c], 'medium')).toEqual([]);
    expect(unreadableTierModels([a], undefined)).toEqual([]);
  });
});
