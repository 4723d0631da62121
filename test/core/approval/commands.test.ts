import fc from 'fast-check';
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

const approve = (line: number): Command => ({ kind: 'approve', line, text: '/modelgate approve' });
const recheck = (line: number): Command => ({ kind: 'recheck', line, text: '/modelgate recheck' });

/**
 * Issue 10, item 8: a command counts only where GitHub renders it as a visible line of a
 * top-level paragraph. Each body is what a commenter could type to slip a command past a reader.
 */
const rendered: { name: string; body: string; commands: Command[] }[] = [
  // Block quotes: a line without `>` right after a quoted line is a lazy continuation, still quoted.
  { name: 'lazy continuation of a block quote is quoted', body: '> quoted text\n/modelgate approve', commands: [] },
  { name: 'lazy continuation of a nested quote is quoted', body: '> > quoted\n/modelgate approve', commands: [] },
  { name: 'a blank line ends the quote: the paragraph after it counts', body: '> quoted text\n\n/modelgate approve', commands: [approve(3)] },

  // <details> and other HTML containers left open hide the paragraphs after them.
  { name: '<details> with blank lines', body: '<details>\n\n/modelgate approve\n\n</details>', commands: [] },
  { name: '<details> without blank lines (one HTML block)', body: '<details>\n/modelgate approve\n</details>', commands: [] },
  { name: '<details> with a <summary>', body: '<details>\n<summary>Approval</summary>\n\n/modelgate approve\n\n</details>', commands: [] },
  { name: '<details><summary> on one line', body: '<details><summary>More</summary>\n\n/modelgate approve\n\n</details>', commands: [] },
  {
    name: 'nested <details>: closing the inner one still leaves the outer one open',
    body: '<details>\n\n<details>\n\ninner\n\n</details>\n\n/modelgate approve\n\n</details>',
    commands: [],
  },
  { name: 'nested <details>, both closed: a command after them counts', body: '<details>\n<details>\n\ninner\n\n</details>\n</details>\n\n/modelgate approve', commands: [approve(9)] },
  { name: 'a command after a closed </details> counts', body: '<details>\n\n/modelgate approve\n\n</details>\n\n/modelgate recheck', commands: [recheck(7)] },
  { name: 'an unclosed <details> hides the rest of the comment', body: '<details>\n\n/modelgate approve\n\nmore\n\n/modelgate recheck', commands: [] },
  { name: 'a line inside an HTML block never counts (no blank line after </details>)', body: '<details>\nhidden\n</details>\n/modelgate approve', commands: [] },
  { name: '<div hidden>', body: '<div hidden>\n\n/modelgate approve\n\n</div>', commands: [] },
  { name: '<span hidden> alone on a line is an HTML block', body: '<span hidden>\n/modelgate approve\n</span>', commands: [] },
  { name: 'a close tag inside a quoted attribute closes nothing', body: '<details title="</details>">\n\n/modelgate approve', commands: [] },
  { name: 'an unterminated tag swallows what follows', body: '<details\n\n/modelgate approve\n\nx>', commands: [] },
  { name: 'a close tag inside a block quote does not count as closing', body: '<details>\n\n> </details>\n\n/modelgate approve', commands: [] },
  { name: 'a raw-text element does not close what it contains', body: '<details>\n\n<style></details></style>\n\n/modelgate approve', commands: [] },
  { name: '<details> opened inline in a paragraph hides the paragraphs after it', body: 'See <details>\n\n/modelgate approve\n\n</details>', commands: [] },
  { name: 'a void element hides nothing', body: '<img src="roc.png" alt="ROC curve">\n\n/modelgate approve', commands: [approve(3)] },

  // Lists: items render as list items, not as typed commands.
  { name: 'ordered list item', body: '1. /modelgate approve', commands: [] },
  { name: '* and + list items', body: '* /modelgate approve\n+ /modelgate recheck', commands: [] },
  { name: 'task list item', body: '- [x] /modelgate approve', commands: [] },
  { name: 'lazy continuation of a list item', body: '- item\n/modelgate approve', commands: [] },
  { name: 'a paragraph after a list counts', body: '- item\n\n/modelgate approve', commands: [approve(3)] },

  // Code.
  { name: 'indented code after a paragraph', body: 'Example:\n\n    /modelgate approve', commands: [] },
  { name: 'fenced code with ```', body: '```\n/modelgate approve\n```', commands: [] },
  { name: 'fenced code with ~~~', body: '~~~\n/modelgate approve\n~~~', commands: [] },
  { name: 'an unclosed fence runs to the end of the body, past blank lines', body: '~~~\n\n/modelgate approve\n\nmore', commands: [] },
  { name: 'a code span across lines', body: '`start\n/modelgate approve\nend`', commands: [] },

  // HTML comments.
  { name: 'HTML comment across blank lines', body: '<!--\n\n/modelgate approve\n\n-->', commands: [] },
  { name: 'a comment left open inside an HTML block hides past blank lines', body: '<hr> <!--\n\n/modelgate approve\n\n-->', commands: [] },

  // Inline HTML in a paragraph: the lines inside or after it do not count.
  { name: 'inline <span hidden> in a paragraph', body: 'Note <span hidden>\n/modelgate approve\n</span>', commands: [] },
  { name: 'a line after an inline HTML comment', body: 'Note <!-- aside -->\n/modelgate approve', commands: [] },
  { name: 'a line before inline HTML still counts', body: '/modelgate approve\nthanks<br>', commands: [approve(1)] },
  { name: 'a closed inline span hides nothing in the next paragraph', body: 'Note <span>x</span>\n\n/modelgate approve', commands: [approve(3)] },

  // Other inline markup: only plain text is a typed command.
  { name: 'emphasis across lines', body: '*start\n/modelgate approve\nend*', commands: [] },
  { name: 'strikethrough across lines (a struck-out approval)', body: '~~start\n/modelgate approve\nend~~', commands: [] },
  { name: 'link text across lines', body: '[start\n/modelgate approve\n](https://example.com)', commands: [] },
  { name: 'a command line holding markup is not plain text', body: '/modelgate waive lineage-present -- see `split.py`', commands: [] },
  { name: 'lines after a $ may be GitHub math (\\phantom hides text)', body: '$$\n\\phantom{\n/modelgate approve\n}\n$$', commands: [] },

  // Plain paragraphs.
  { name: 'second line of a plain paragraph counts', body: 'Lineage checked, the split is clean.\n/modelgate approve', commands: [approve(2)] },
  { name: 'a line after a hard line break counts', body: 'Checked.  \n/modelgate approve', commands: [approve(2)] },
  { name: 'setext heading underline (---): a heading, ignored', body: '/modelgate approve\n---', commands: [] },
  { name: 'setext heading underline (===): a heading, ignored', body: '/modelgate approve\n===', commands: [] },
  { name: 'ATX heading', body: '# /modelgate approve', commands: [] },

  // GFM tables, footnotes and link reference definitions.
  { name: 'table row without pipes', body: '| a |\n| - |\n/modelgate approve', commands: [] },
  { name: 'table header without pipes (GitHub makes the line above a delimiter row a header)', body: 'Looks good.\n/modelgate approve\n| - |', commands: [] },
  { name: 'a paragraph ending in a smiley is not a table', body: '/modelgate approve\n:-)', commands: [approve(1)] },
  { name: 'footnote definition continuation', body: '[^1]: note\n/modelgate approve', commands: [] },
  { name: 'link reference definition title across lines', body: '[x]: https://example.com "title\n/modelgate approve\n"', commands: [] },

  // Line endings.
  { name: 'CRLF: lazy continuation of a quote', body: '> quoted\r\n/modelgate approve', commands: [] },
  { name: 'CRLF: a command after </details> counts', body: '<details>\r\n\r\n/modelgate approve\r\n\r\n</details>\r\n\r\n/modelgate recheck\r\n', commands: [recheck(7)] },
  { name: 'CRLF: <details> without blank lines', body: '<details>\r\n/modelgate approve\r\n</details>', commands: [] },
  { name: 'CR only', body: 'ok\r/modelgate approve', commands: [approve(2)] },
];

describe('parseCommands: only commands a reader sees typed as commands', () => {
  it.each(rendered)('$name', ({ body, commands }) => {
    expect(parseCommands(body)).toEqual(commands);
  });

  const line = fc.oneof(
    fc.constantFrom('/modelgate approve', '/modelgate waive a -- b', '/ModelGate Recheck', '', '```', '~~~', '<details>', '</details>', '<!--', '-->', '- x', '    code', '---'),
    fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  );

  it('a body where every line is quoted ("> ") yields no command', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        expect(parseCommands(lines.map((l) => `> ${l}`).join(eol))).toEqual([]);
      }),
    );
  });

  it('line numbers and texts always point at a line of the body', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\n\n'), (lines, eol) => {
        const source = lines.join(eol).split(/\r\n|\r|\n/);
        for (const command of parseCommands(lines.join(eol))) expect(source[command.line - 1]?.trim()).toBe(command.text);
      }),
    );
  });

  // Anyone can post a 65,536-character comment: these shapes took micromark seconds to minutes.
  it.each([
    ['nested emphasis', (n: number) => `${'*a **a '.repeat(n / 14)}b${' a** a*'.repeat(n / 14)}`],
    ['setext headings', (n: number) => 'a\n=\n'.repeat(n / 4)],
    ['nested list markers', (n: number) => '1. '.repeat(n / 3)],
    ['nested lists and quotes', (n: number) => '- > '.repeat(n / 4)],
    ['nested quotes', (n: number) => '> '.repeat(n / 2)],
    ['lazy quote lines', (n: number) => '> a\nb\n'.repeat(n / 6)],
    ['link closers', (n: number) => 'a]'.repeat(n / 2)],
    ['nested brackets', (n: number) => `${'['.repeat(n / 2)}a${']'.repeat(n / 2)}`],
    ['unclosed inline comments', (n: number) => 'a <!-- '.repeat(n / 7)],
    ['footnotes in lists', (n: number) => '- [^a]: '.repeat(n / 8)],
    ['open <details> blocks', (n: number) => '<details>\n\n/modelgate approve\n\n'.repeat(n / 32)],
    ['one tag with many attributes', (n: number) => `<div ${'a="b" '.repeat(n / 6)}`],
    ['command lines', (n: number) => '/modelgate approve\n'.repeat(n / 19)],
  ])('stays fast on a 64 KiB body: %s', (_shape, make) => {
    const body = `${make(65_000)}\n\n/modelgate approve`.slice(-65_536);
    const started = performance.now();
    parseCommands(body);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
