import { describe, expect, it } from 'vitest';
import { parseCommands, type Command } from '../../../src/core/approval/commands.ts';

const cases: { name: string; body: string; commands: Command[] }[] = [
  { name: 'approve alone', body: '/modelgate approve', commands: [{ kind: 'approve', line: 1, text: '/modelgate approve' }] },
  {
    name: 'approve after prose, up to three leading spaces, trailing space',
    body: 'Looked at the lineage.\n   /modelgate approve  ',
    commands: [{ kind: 'approve', line: 2, text: '/modelgate approve' }],
  },
  { name: 'case-insensitive prefix and subcommand', body: '/ModelGate Approve', commands: [{ kind: 'approve', line: 1, text: '/ModelGate Approve' }] },
  { name: 'CRLF line endings', body: 'ok\r\n/modelgate recheck\r\n', commands: [{ kind: 'recheck', line: 2, text: '/modelgate recheck' }] },
  { name: 'mid-line mention is not a command', body: 'please run /modelgate approve later', commands: [] },
  { name: 'inline code span is not a command', body: '`/modelgate approve` · `/modelgate recheck`', commands: [] },
  { name: 'list item is not a command', body: '- /modelgate approve', commands: [] },
  { name: 'four spaces = indented code block', body: '    /modelgate approve', commands: [] },
  { name: 'tab = indented code block', body: '\t/modelgate approve', commands: [] },
  { name: 'quoted approval is ignored', body: '> /modelgate approve\n\nI disagree.', commands: [] },
  { name: 'nested quote is ignored', body: '> > /modelgate approve', commands: [] },
  { name: 'fenced code (backticks) is ignored', body: 'Use:\n```\n/modelgate approve\n```', commands: [] },
  { name: 'fenced code (tildes, info string) is ignored', body: '~~~text\n/modelgate approve\n~~~', commands: [] },
  {
    name: 'a shorter fence does not close a longer one',
    body: '````\n```\n/modelgate approve\n````\n/modelgate recheck',
    commands: [{ kind: 'recheck', line: 5, text: '/modelgate recheck' }],
  },
  {
    name: 'command after a closed fence counts',
    body: '```\nexample\n```\n/modelgate approve',
    commands: [{ kind: 'approve', line: 4, text: '/modelgate approve' }],
  },
  { name: 'unclosed fence hides the rest of the comment', body: '```\n/modelgate approve', commands: [] },
  { name: 'HTML comment hides a command', body: '<!--\n/modelgate approve\n-->', commands: [] },
  {
    name: 'one-line HTML comment does not hide the next line',
    body: '<!-- note -->\n/modelgate approve',
    commands: [{ kind: 'approve', line: 2, text: '/modelgate approve' }],
  },
  { name: 'HTML comment opened mid-line hides the next lines', body: 'Note <!-- hidden\n/modelgate approve\n-->', commands: [] },
  {
    name: 'a command after a closed HTML comment counts',
    body: '<!--\nhidden\n-->\n/modelgate approve',
    commands: [{ kind: 'approve', line: 4, text: '/modelgate approve' }],
  },
  { name: 'prefix must be a whole word', body: '/modelgateapprove\n/modelgate-approve', commands: [] },
  {
    name: 'several commands in one comment all count, in order',
    body: '/modelgate waive tuning-log-present -- logged elsewhere\n/modelgate ack fairness-review\n/modelgate approve',
    commands: [
      { kind: 'waive', ruleId: 'tuning-log-present', reason: 'logged elsewhere', line: 1, text: '/modelgate waive tuning-log-present -- logged elsewhere' },
      { kind: 'ack', itemId: 'fairness-review', line: 2, text: '/modelgate ack fairness-review' },
      { kind: 'approve', line: 3, text: '/modelgate approve' },
    ],
  },
  {
    name: 'waive keeps the reason as written and lower-cases the rule id',
    body: '/modelgate waive Lineage-Split-Before-Fit --  Scaler is fit per fold; see PR #12 ',
    commands: [
      {
        kind: 'waive',
        ruleId: 'lineage-split-before-fit',
        reason: 'Scaler is fit per fold; see PR #12',
        line: 1,
        text: '/modelgate waive Lineage-Split-Before-Fit --  Scaler is fit per fold; see PR #12',
      },
    ],
  },
  {
    name: 'waive accepts the autocorrected em dash',
    body: '/modelgate waive evaluation-gain-attributed \u2014 ablation in the appendix',
    commands: [
      {
        kind: 'waive',
        ruleId: 'evaluation-gain-attributed',
        reason: 'ablation in the appendix',
        line: 1,
        text: '/modelgate waive evaluation-gain-attributed \u2014 ablation in the appendix',
      },
    ],
  },
  {
    name: 'waive without a reason',
    body: '/modelgate waive lineage-present',
    commands: [{ kind: 'waive', ruleId: 'lineage-present', line: 1, text: '/modelgate waive lineage-present' }],
  },
  {
    name: 'waive with an empty reason after --',
    body: '/modelgate waive lineage-present --',
    commands: [{ kind: 'waive', ruleId: 'lineage-present', line: 1, text: '/modelgate waive lineage-present --' }],
  },
  {
    name: 'waive with a reason but no -- is invalid (the reason could be a second rule id)',
    body: '/modelgate waive lineage-present because reasons',
    commands: [
      {
        kind: 'invalid',
        name: 'waive',
        problem: 'expected `/modelgate waive <rule-id> -- <reason>`: put `--` between the rule id and the reason',
        line: 1,
        text: '/modelgate waive lineage-present because reasons',
      },
    ],
  },
  {
    name: 'waive without a rule id is invalid',
    body: '/modelgate waive -- because',
    commands: [
      { kind: 'invalid', name: 'waive', problem: 'expected `/modelgate waive <rule-id> -- <reason>` with a rule id', line: 1, text: '/modelgate waive -- because' },
    ],
  },
  {
    name: 'approve with trailing words is a conditional approval: invalid',
    body: '/modelgate approve once CI is green',
    commands: [
      { kind: 'invalid', name: 'approve', problem: '`/modelgate approve` takes no arguments', line: 1, text: '/modelgate approve once CI is green' },
    ],
  },
  {
    name: 'ack needs exactly one id',
    body: '/modelgate ack\n/modelgate ack a b',
    commands: [
      { kind: 'invalid', name: 'ack', problem: 'expected `/modelgate ack <checklist-item>` with one item id', line: 1, text: '/modelgate ack' },
      { kind: 'invalid', name: 'ack', problem: 'expected `/modelgate ack <checklist-item>` with one item id', line: 2, text: '/modelgate ack a b' },
    ],
  },
  {
    name: 'ack id is lower-cased',
    body: '/modelgate ack Fairness-Review',
    commands: [{ kind: 'ack', itemId: 'fairness-review', line: 1, text: '/modelgate ack Fairness-Review' }],
  },
  {
    name: 'unknown subcommand keeps the name as written for a polite answer',
    body: '/modelgate Aprove',
    commands: [{ kind: 'unknown', name: 'Aprove', line: 1, text: '/modelgate Aprove' }],
  },
  { name: 'bare prefix is an unknown (empty) subcommand', body: '/modelgate', commands: [{ kind: 'unknown', name: '', line: 1, text: '/modelgate' }] },
];

describe('parseCommands', () => {
  it.each(cases)('$name', ({ body, commands }) => {
    expect(parseCommands(body)).toEqual(commands);
  });

  it('never throws on arbitrary text', () => {
    for (const body of ['', '\n\n', '```', '<!--', '> ', '/modelgate \u0000', '~'.repeat(10_000)]) {
      expect(() => parseCommands(body)).not.toThrow();
    }
  });
});
