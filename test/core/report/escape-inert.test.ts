// The helpers for untrusted text where Markdown escapes do not apply: inside code spans and
// code blocks (defuse, inertCodeSpan, inertJson), in link destinations, and in a terminal.
import { describe, expect, it } from 'vitest';
import { defuse, encodePath, escapeMessage, inertCodeSpan, inertJson, terminalText } from '../../../src/core/report/escape.ts';
import { linkDestination, makeLinks } from '../../../src/core/report/links.ts';

const ZWJ = '\u200d';

describe('defuse and inertCodeSpan', () => {
  it.each([
    ['team', '@acme/risk-ml', `@${ZWJ}acme/risk-ml`],
    ['marker', '<!-- modelgate:checklist -->', `<${ZWJ}!-- modelgate:checklist -->`],
    ['every tag-like <', '<b> </details> <?xml', `<${ZWJ}b> <${ZWJ}/details> <${ZWJ}?xml`],
    ['plain text untouched', 'a < b c@ d', 'a < b c@ d'],
  ])('defuse: %s', (_name, input, expected) => {
    expect(defuse(input)).toBe(expected);
  });

  it.each([
    ['mention', '@\u200bbob', `\`@${ZWJ}bob\``],
    ['marker', '<\u200b!-- modelgate:checklist -->', `\`<${ZWJ}!-- modelgate:checklist -->\``],
    ['bidi override', 'a\u202eb', '`ab`'],
  ])('inertCodeSpan: a dropped invisible character cannot rejoin a %s', (_name, input, expected) => {
    expect(inertCodeSpan(input)).toBe(expected);
  });

  it('inertCodeSpan is a code span of the defused text', () => {
    expect(inertCodeSpan('@org/team | `x`')).toBe(`\`\` @${ZWJ}org/team \\| \`x\` \`\``);
  });

  it('escapeMessage with inert code spans defuses them too', () => {
    expect(escapeMessage('step `@org <!-- modelgate:checklist -->` leaks', 300, { inert: true })).toBe(`step \`@${ZWJ}org <${ZWJ}!-- modelgate:checklist -->\` leaks`);
  });
});

describe('inertJson', () => {
  it('escapes < > & @ and line separators, and parses back to the same value', () => {
    const value = { path: 'models/@org <!-- modelgate:checklist --> & \u2028' };
    const json = inertJson(value);
    expect(json).toBe('{"path":"models/\\u0040org \\u003c!-- modelgate:checklist --\\u003e \\u0026 \\u2028"}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('escapes bidirectional and invisible characters too', () => {
    const value = { reason: 'ok\u202e\u2066\u200b\u0085' };
    const json = inertJson(value);
    expect(json).toBe('{"reason":"ok\\u202e\\u2066\\u200b\\u0085"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('links', () => {
  it('encodePath encodes what would end a link destination', () => {
    expect(encodePath('models/a (v2)/it\'s!*.md')).toBe('models/a%20%28v2%29/it%27s%21%2A.md');
  });

  it('encodePath does not throw on a lone surrogate', () => {
    expect(encodePath('models/\ud83d/card.md')).toBe('models/%EF%BF%BD/card.md');
  });

  it.each([
    ['https URL kept', 'https://github.com/acme/models/actions/runs/1', 'https://github.com/acme/models/actions/runs/1'],
    ['parentheses and brackets encoded', 'https://x.example/a(b)[c]', 'https://x.example/a%28b%29%5Bc%5D'],
    ['javascript refused', 'javascript:alert(1)', undefined],
    ['spaces refused', 'https://x.example/a b', undefined],
  ])('linkDestination: %s', (_name, input, expected) => {
    expect(linkDestination(input)).toBe(expected);
  });

  it('a rule id that is not one of ours is shown as an inert code span, never linked', () => {
    expect(makeLinks(undefined).rule('x](https://evil) @org')).toBe(`\`x](https://evil) @${ZWJ}org\``);
  });
});

describe('terminalText', () => {
  it('drops control characters and bidirectional overrides, collapses whitespace', () => {
    expect(terminalText('a\u001b[31mred\u001b[0m\tb\nc \u202eevil\u2066')).toBe('a[31mred[0m b c evil');
  });

  it('truncates with an ellipsis when asked', () => {
    expect(terminalText('abcdef', 4)).toBe('abc…');
  });
});
