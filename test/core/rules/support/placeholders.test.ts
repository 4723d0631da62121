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
    ['- **Funded by [optional]:**', '[optional]'],
    ['- **Funded by [optional]:** {{ funded_by }}', '{{ funded_by }}'],
    ['Shared by [Optional]: More information needed', 'More information needed'],
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
    // A template label on a line that is filled in (CAUKiel/JavaBERT, SBB/sbb_binarization, Sociovestix/lenu_US-DE).
    '- **Shared by [Optional]:** Hugging Face',
    'Shared by [Optional]: Berlin State Library',
    '- **Finetuned from model [optional]:** yiyanghkust/finbert-pretrain',
    '- **Shared by [Optional]:** [Staatsbibliothek zu Berlin / Berlin State Library](https://huggingface.co/SBB)',
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

// Issue 11: text of real cards that only looks like template text. Each case is the shape of
// the card named beside it; the lines that must still be reported stay in the same snippet.
describe('markdownPlaceholders on real cards', () => {
  const lines = (text: string) => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
  const found = (text: string, options?: { citation?: boolean }) => markdownPlaceholders(lines(text), options).map((f) => [f.item.line, f.placeholder]);

  it('a BibTeX entry written as plain Markdown is citation data, not slots', () => {
    // The G2L-Net README's citation, outside any fence and with <br> line ends; and an entry whose
    // title runs over two lines with {A}frican case protection (Davlan/afro-xlmr-small).
    const text = [
      '@InProceedings{Chen_2020_CVPR,<br>',
      'title = {G2L-Net: Global to Local Network},<br>',
      'month = {June},<br>',
      'year = {2020}<br>',
      '}<br>',
      '@inproceedings{alabi-etal-2022-adapting,',
      '    title = {Adapting Pre-trained Language Models to',
      '      {A}frican Languages via {MAFT}},',
      '    month = {Oct},',
      '}',
      'Model summary: {model_summary}',
    ].join('\n');
    expect(found(text)).toEqual([[11, '{model_summary}']]);
  });

  it('an indented code block is code; an indented list continuation is not', () => {
    // The PartNet README cites with a 4-space indented block after a blank line.
    const text = [
      'Please cite PartNet:',
      '',
      '    @InProceedings{Mo_2019_CVPR,',
      '        title = {{PartNet}: A Large-Scale Benchmark},',
      '        month = {June},',
      '    }',
      '',
      '- Resources:',
      '',
      '    TODO: link the paper',
    ].join('\n');
    expect(found(text)).toEqual([[10, 'TODO']]);
  });

  it('in a citation section, braces are BibTeX, but "More information needed" is still template text', () => {
    // CAUKiel/JavaBERT's "# Citation" section, filled in with BibTeX case protection in the APA line.
    const text = ['**BibTeX:**', '', 'journal = {TBD}', '', '**APA:**', '', '{JavaBERT}: training a model for the {Java} language.', 'More information needed.'].join('\n');
    expect(found(text, { citation: true })).toEqual([
      [3, 'TBD'],
      [8, 'More information needed'],
    ]);
    expect(found(text)).toEqual([
      [3, 'TBD'],
      [7, '{JavaBERT}'],
      [8, 'More information needed'],
    ]);
  });

  it('table-of-contents links are not placeholders, even to a section still marked [optional]', () => {
    // SBB/sbb_binarization's table of contents.
    const text = ['- [Citation](#citation)', '- [Glossary [optional]](#glossary-optional)', '- [More Information [optional]](#more-information-optional)', '- [Glossary [optional]]'].join('\n');
    expect(found(text)).toEqual([[4, '[optional]']]);
  });

  it('a template label on a filled line is not a placeholder; on an empty one it is', () => {
    // SBB/sbb_binarization's Model Description list.
    const text = [
      '- **Developed by:** [Vahid Rezanezhad](vahid.rezanezhad@sbb.spk-berlin.de)',
      '- **Shared by [Optional]:** [Staatsbibliothek zu Berlin / Berlin State Library](https://huggingface.co/SBB)',
      '- **Resources for more information:** More information needed',
      '- **Paper [optional]:**',
    ].join('\n');
    expect(found(text)).toEqual([
      [3, 'More information needed'],
      [4, '[optional]'],
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
