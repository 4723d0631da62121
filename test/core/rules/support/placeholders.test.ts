import { describe, expect, it } from 'vitest';
import { findPlaceholder, isBlankMarkdown, markdownPlaceholders } from '../../../../src/core/rules/support/placeholders.ts';

describe('findPlaceholder', () => {
  it.each([
    ['[More Information Needed]', '[More Information Needed]'],
    ['Users should know the risks. More information needed for further recommendations.', 'More information needed'],
    ['{{ direct_use | default("[More Information Needed]", true)}}', '{{ direct_use | default("[More Inform...'],
    ['{% if x %}', '{% if x %}'],
    ['TODO: describe the data', 'TODO'],
    ['Owner: tbd', 'tbd'],
    ['FIXME later', 'FIXME'],
    ['Lorem ipsum dolor', 'Lorem ipsum'],
    ['- **Funded by [optional]:** Acme', '[optional]'],
    ['license: {license}', '{license}'],
    ['"{model_id}"', '{model_id}'],
    ['[Needs More Information]', '[Needs More Information]'],
    ['More info is needed here.', 'More info is needed'],
    ['Threshold: to be determined', 'to be determined'],
    ['Results coming soon.', 'coming soon'],
    ['Owner TBC', 'TBC'],
    ['todo: add slices', 'todo:'],
    ['Trained on <insert dataset name>.', '<insert dataset name>'],
    ['- **Developed by:** [Your name here]', '[Your name here]'],
  ])('finds %j', (text, expected) => {
    expect(findPlaceholder(text)).toBe(expected);
  });

  it.each([
    'A todo-list assistant fine-tuned on tasks.',
    'The loss is $\\frac{a}{b}$ and x_{i} is a feature.',
    'Set \\mathbf{x} before scoring.',
    'Returns a dict like {"label": 1}.',
    'Intended uses include ranking.',
    'Nothing to see here.',
    'See [your data rights](https://acme.example/rights).',
    'New features are to be added in 2.4 after review.',
    'Not applicable: N/A.',
  ])('ignores %j', (text) => {
    expect(findPlaceholder(text)).toBeUndefined();
  });

  it('reports the placeholder that comes first on the line', () => {
    expect(findPlaceholder('TODO and [More Information Needed]')).toBe('TODO');
  });
});

describe('markdownPlaceholders', () => {
  const lines = (text: string) => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));

  it('skips fenced code, inline code and HTML comments, even across lines', () => {
    const found = markdownPlaceholders(
      lines(['```python', 'x = f"{name}"  # TODO', '```', 'Use `{placeholder}` syntax.', '<!-- TODO: fill', 'still a comment TODO -->', 'TBD', 'ok <!-- TODO --> TODO'].join('\n')),
    );
    expect(found.map((f) => [f.item.line, f.placeholder])).toEqual([
      [7, 'TBD'],
      [8, 'TODO'],
    ]);
  });
});

describe('isBlankMarkdown', () => {
  it('treats comments, rules and whitespace as blank', () => {
    expect(isBlankMarkdown('')).toBe(true);
    expect(isBlankMarkdown('<!-- guidance\nmore -->\n\n---\n')).toBe(true);
    expect(isBlankMarkdown('<!-- guidance -->\nText')).toBe(false);
  });
  it('treats list items with nothing after the marker as blank', () => {
    expect(isBlankMarkdown('- \n-\n1.\n* ')).toBe(true);
    expect(isBlankMarkdown('- tenure < 3 months')).toBe(false);
  });
});
