import { describe, expect, it } from 'vitest';
import { codeSpan, encodePath, escapeMarkdown, escapeMessage, fencedBlock, mermaidLabel, singleLine } from '../../../src/core/report/escape.ts';

const ZWJ = '\u200d';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words', 'churn classifier', 'churn classifier'],
    ['team mention', 'owned by @acme/risk-ml', `owned by @${ZWJ}acme\\/risk\\-ml`],
    ['user mention', '@bob', `@${ZWJ}bob`],
    ['email keeps working text', 'a@b.io', `a@${ZWJ}b\\.io`],
    ['script tag', '<script>alert(1)</script>', '&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;'],
    ['details close', '</details>', '&lt;\\/details&gt;'],
    ['marker', '<!-- modelgate:checklist -->', '&lt;\\!\\-\\- modelgate\\:checklist \\-\\-&gt;'],
    ['link', '[click](https://evil.example)', '\\[click\\]\\(https\\:\\/\\/evil\\.example\\)'],
    ['image', '![x](y.png)', '\\!\\[x\\]\\(y\\.png\\)'],
    ['table pipe', 'a | b', 'a \\| b'],
    ['emphasis', '*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['heading', '# Title', '\\# Title'],
    ['issue ref', 'fixes #12', `fixes \\#${ZWJ}12`],
    ['cross-repository issue ref', 'acme/repo#9', `acme\\/repo\\#${ZWJ}9`],
    ['GH- issue ref', 'see GH-12', `see GH\\-${ZWJ}12`],
    ['hash before a letter is no reference', '#L12', '\\#L12'],
    ['bidi override dropped', 'abc\u202edef\u2066g\u200fh', 'abcdefgh'],
    ['zero-width space cannot hide a mention', '@\u200bbob', `@${ZWJ}bob`],
    ['soft hyphen and C1 controls dropped', 'a\u00adb\u0085c\u009bd', 'abcd'],
    ['lone surrogate replaced', 'a\ud83db', 'a\ufffdb'],
    ['backticks', 'use `rm -rf`', 'use \\`rm \\-rf\\`'],
    ['newlines collapse', 'line one\n\n## two', 'line one \\#\\# two'],
    ['ampersand and quote', 'R&D "x"', 'R&amp;D &quot;x&quot;'],
    ['control chars dropped', 'a\u0000b\u0007c', 'abc'],
  ])('%s', (_name, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('truncates a 10,000-character line to the limit with an ellipsis', () => {
    const out = escapeMarkdown('a'.repeat(10_000));
    expect(out).toBe(`${'a'.repeat(199)}…`);
  });

  it('truncates between code points, never inside a surrogate pair', () => {
    expect(escapeMarkdown('😀'.repeat(300))).toBe(`${'😀'.repeat(199)}…`);
  });
});

describe('codeSpan', () => {
  it.each([
    ['simple', 'models/churn', '`models/churn`'],
    ['with backtick', 'a`b', '``a`b``'],
    ['leading backtick pads', '`x', '`` `x ``'],
    ['pipe escaped for tables', 'a|b', '`a\\|b`'],
    ['empty', '', '` `'],
    ['newline collapses', 'a\nb', '`a b`'],
  ])('%s', (_name, input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });
});

describe('other helpers', () => {
  it('singleLine trims and collapses', () => {
    expect(singleLine('  a \t b \r\n c ')).toBe('a b c');
  });
  it('mermaidLabel turns syntax characters into entity codes', () => {
    expect(mermaidLabel('scale "all" [x] @bob')).toBe(`scale #34;all#34; #91;x#93; @${ZWJ}bob`);
  });
  it('encodePath keeps slashes and encodes the rest', () => {
    expect(encodePath('models/my model/#1.md')).toBe('models/my%20model/%231.md');
  });
  it('fencedBlock outgrows backtick runs in the content', () => {
    expect(fencedBlock('x ```` y', 'json')).toBe('`````json\nx ```` y\n`````');
    expect(fencedBlock('{}')).toBe('```\n{}\n```');
  });
});

describe('escapeMessage', () => {
  it.each([
    ['code spans kept', 'No fallback: add `governance.fallback` now.', 'No fallback\\: add `governance.fallback` now\\.'],
    ['value with backtick cannot escape', 'param `a` <b>`x` @team', 'param `a` &lt;b&gt;`x` @\u200dteam'],
    ['unpaired backtick shown literally', 'a `b c', 'a \\`b c'],
    ['script in a code span stays a code span', 'value `<script>`', 'value `<script>`'],
    ['mention inside code span is inert already', '`@acme/team`', '`@acme/team`'],
  ])('%s', (_name, input, expected) => {
    expect(escapeMessage(input)).toBe(expected);
  });
});
