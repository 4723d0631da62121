// model-card-no-placeholders on the shapes of real cards that drew false alarms (issue 11).
// Kept apart from the rule's case table: it asserts which lines are reported, whatever the
// findings are grouped into, so it holds however the rule words or groups them.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/rules/define.ts';
import { runRule } from '../../helpers/rule-tester.ts';
import { DIR } from './model-case.ts';

const README = `${DIR}/README.md`;
const POLICY = 'models:\n  paths: ["models/**"]\n';

/** Every line a finding points at, its own and its listed locations. */
function reportedLines(findings: Finding[]): number[] {
  return [...new Set(findings.flatMap((f) => [f.line, ...(f.locations ?? []).map((l) => l.line)]))].sort((a, b) => a - b);
}

function check(card: string): { lines: string[]; reported: number[] } {
  const findings = runRule('model-card-no-placeholders', { name: 'real card', files: { [README]: card }, policy: POLICY });
  return { lines: card.split('\n'), reported: reportedLines(findings) };
}

const lineOf = (lines: string[], needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

describe('model-card-no-placeholders on real cards', () => {
  it('SBB/sbb_binarization: title, table of contents, filled template labels and BibTeX are not placeholders', () => {
    // The card's own text (huggingface.co/SBB/sbb_binarization), shortened, with its one-line
    // summary left out as template users do (the title is then followed by a comment only), and a
    // BibTeX entry in its Citation section written as plain Markdown.
    const card = [
      '---',
      'tags:',
      '- keras',
      'license: apache-2.0',
      '---',
      '',
      '# Model Card for sbb_binarization',
      '',
      '<!-- Provide a quick summary of what the model is/does. [Optional] -->',
      '',
      '#  Table of Contents',
      '',
      '- [Model Card for sbb_binarization](#model-card-for-sbb_binarization)',
      '- [Model Details](#model-details)',
      '  - [Model Description](#model-description)',
      '- [Glossary [optional]](#glossary-optional)',
      '- [More Information [optional]](#more-information-optional)',
      '',
      '# Model Details',
      '',
      '## Model Description',
      '',
      'Document image binarization is one of the main pre-processing steps for text recognition.',
      '',
      '- **Developed by:** [Vahid Rezanezhad](vahid.rezanezhad@sbb.spk-berlin.de)',
      '- **Shared by [Optional]:** [Staatsbibliothek zu Berlin / Berlin State Library](https://huggingface.co/SBB)',
      '- **Resources for more information:** More information needed',
      '',
      '# Citation',
      '',
      '**BibTeX:**',
      '',
      '@inproceedings{rezanezhad2023binarization,',
      '  title = {Document Image Binarization in {JPEG} Compressed Domain},',
      '  month = {June},',
      '  year = {2023}',
      '}',
      '',
    ].join('\n');
    const { lines, reported } = check(card);
    expect(reported).toEqual([lineOf(lines, 'More information needed')]);
  });

  it('CAUKiel/JavaBERT-shaped: an indented BibTeX block and a citation section with {Java} case protection', () => {
    // The hub card's "# Citation" section (test/fixtures/real-world/hub-cards/CAUKiel_JavaBERT_README.md)
    // filled in: the APA line keeps BibTeX braces, the entry is indented four spaces.
    const card = [
      '---',
      'license: apache-2.0',
      '---',
      '',
      '# Model Card for JavaBERT',
      '',
      'A BERT-like model pretrained on Java software code.',
      '',
      '# Citation',
      '',
      '**BibTeX:**',
      '',
      '    @inproceedings{De_Sousa_Hasselbring_2021,',
      '      title={{JavaBERT}: Training a Transformer-Based Model for the {Java} Programming Language},',
      '      month={Nov},',
      '    }',
      '',
      '**APA:**',
      '',
      'De Sousa, N. T., & Hasselbring, W. (2021). {JavaBERT}: Training a transformer-based model for the {Java} programming language.',
    ].join('\n');
    expect(check(card).reported).toEqual([]);
  });
});
