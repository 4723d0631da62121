import { describe, expect, it } from 'vitest';
import { findFrontMatter, parseSections, splitLines } from '../../../../src/core/artifacts/model-card/markdown.ts';

const sections = (text: string) => parseSections(splitLines(text), 0).map((s) => [s.level, s.heading, s.line]);

describe('findFrontMatter', () => {
  it('finds the block and its fence lines', () => {
    expect(findFrontMatter(splitLines('---\na: 1\n---\nbody'))).toEqual({ kind: 'block', yaml: 'a: 1', openLine: 1, closeLine: 3 });
  });

  it('allows blank lines before the opening fence, as huggingface_hub does', () => {
    expect(findFrontMatter(splitLines('\n  \n---\na: 1\n---\n'))).toMatchObject({ kind: 'block', openLine: 3, closeLine: 5 });
  });

  it('needs --- first: a later --- is a thematic break, not front matter', () => {
    expect(findFrontMatter(splitLines('# Title\n---\na: 1\n---\n'))).toEqual({ kind: 'none' });
  });

  it('reports an opening fence that is never closed', () => {
    expect(findFrontMatter(splitLines('---\na: 1\n'))).toEqual({ kind: 'unterminated', openLine: 1 });
  });

  it('treats CRLF like LF', () => {
    expect(findFrontMatter(splitLines('---\r\na: 1\r\n---\r\n'))).toEqual({ kind: 'block', yaml: 'a: 1', openLine: 1, closeLine: 3 });
  });
});

describe('parseSections', () => {
  it('a heading inside a code fence is not a section', () => {
    const text = '# Title\n\n```yaml\n# not a heading\n```\n\n~~~~\n## nor this\n~~~\n```\n## still code (``` inside ~~~~)\n~~~~\n## Real\ntext\n';
    expect(sections(text)).toEqual([[1, 'Title', 1], [2, 'Real', 13]]);
  });

  it('a heading inside an HTML comment is not a section', () => {
    expect(sections('<!--\n## commented out\n-->\n## After\n<!-- one line --> \n### Sub\n')).toEqual([[2, 'After', 4], [3, 'Sub', 6]]);
  });

  it('an unclosed fence hides every later heading (CommonMark: it runs to the end)', () => {
    expect(sections('## A\n```\n## B\n')).toEqual([[2, 'A', 1]]);
  });

  it('reads ATX rules: 0-3 spaces indent, space after #, closing #s dropped', () => {
    expect(sections('   ## Indented\n    ## code block\n#NoSpace\n## Closed ##\n## C#\n####### seven\n#\n')).toEqual([
      [2, 'Indented', 1],
      [2, 'Closed', 4],
      [2, 'C#', 5],
      [1, '', 7],
    ]);
  });

  it('a body runs to the next heading of the same or higher level, sub-sections included', () => {
    const parsed = parseSections(splitLines('# T\nintro\n## A\na text\n### A.1\ndeep\n## B\nb text\n'), 0);
    expect(parsed.map((s) => [s.heading, s.body])).toEqual([
      ['T', 'intro\n## A\na text\n### A.1\ndeep\n## B\nb text'],
      ['A', 'a text\n### A.1\ndeep'],
      ['A.1', 'deep'],
      ['B', 'b text'],
    ]);
  });

  // Issue 11: CommonMark setext headings, which GitHub and the Hub render as headings; a `---`
  // that follows a blank line, a list item, a table row or code stays a thematic break.
  it('reads setext headings: a paragraph underlined with === or ---', () => {
    const text = [
      'Model Details',
      '=============',
      '',
      'Training Data',
      '-------------',
      'Text.',
      '',
      '---',
      '',
      '- item',
      '---',
      '| a | b |',
      '---',
      'Evaluation',
      'results',
      '---',
      '    code',
      '---',
    ].join('\n');
    expect(sections(text)).toEqual([[1, 'Model Details', 1], [2, 'Training Data', 4], [2, 'Evaluation results', 14]]);
    expect(parseSections(splitLines(text), 0)[1]!.body.split('\n')[0]).toBe('Text.');
  });

  it('starts at the given line and keeps file line numbers', () => {
    expect(parseSections(splitLines('---\n# yaml comment\n---\n## Body\n'), 3)).toEqual([{ heading: 'Body', level: 2, line: 4, body: '', bodyLine: 5 }]);
  });
});
