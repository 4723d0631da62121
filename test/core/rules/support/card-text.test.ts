import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { sectionTexts } from '../../../../src/core/rules/support/card-text.ts';
import { cardText, DEFAULT_CARD_BODY } from '../../../helpers/fixtures.ts';

function texts(text: string) {
  const card = parseHuggingFaceCard('MODEL_CARD.md', text).value!;
  return { fileLines: text.split('\n'), sections: sectionTexts(card.sections) };
}

/** Every line a section claims must be the file's line of that number. */
function expectExact(text: string): void {
  const { fileLines, sections } = texts(text);
  for (const { section, lines } of sections) {
    for (const { line, text: t } of lines) expect(fileLines[line - 1], `${section.heading} line ${line}`).toBe(t);
  }
}

const NESTED = `# Title

Intro paragraph.

## Uses
<!-- guidance -->

### Direct Use

Direct text
on two lines.
### Downstream Use
Downstream text.

## Limitations



Spaced out.

\`\`\`python
# not a heading
\`\`\`

## Evaluation

### Results

| metric | value |
|---|---|
| auc | 0.86 |
`;

describe('sectionTexts', () => {
  it('places every own line of the default card exactly (H1 anchors the rest)', () => {
    expectExact(cardText());
    const { sections } = texts(cardText());
    expect(sections.map((s) => [s.section.heading, s.hasSubsections])).toEqual([
      ['churn-classifier', true],
      ['Intended use', false],
      ['Limitations', false],
      ['Training data', false],
      ['Evaluation', false],
      ['Ethical considerations', false],
    ]);
  });

  it('places nested sections, comments and fenced "headings" exactly', () => {
    expectExact(NESTED);
    expectExact(`---\nlicense: mit\n---\n${NESTED}`);
    const { sections } = texts(NESTED);
    const uses = sections.find((s) => s.section.heading === 'Uses')!;
    expect(uses.lines.map((l) => l.text)).toEqual(['<!-- guidance -->', '']);
    const limitations = sections.find((s) => s.section.heading === 'Limitations')!;
    expect(limitations.lines.find((l) => l.text === 'Spaced out.')!.line).toBe(19);
  });

  it('places the real-world Hugging Face template exactly', () => {
    expectExact(readFileSync('test/fixtures/real-world/model-cards/hf-modelcard_template.md', 'utf8'));
  });

  it('places flat top-level sections by the blank-line convention', () => {
    const flat = '## Intended use\n\nUse it.\n\n## Limitations\nRight below.\n\n## Evaluation\n\nLast.\n';
    expectExact(flat);
    const { sections } = texts(flat);
    expect(sections.map((s) => s.lines.map((l) => l.line))).toEqual([[3], [6], [10]]);
  });

  it('places text under setext headings exactly, keeps the indent of a first line, and marks the title', () => {
    const text = 'Model Card\n==========\n\nTraining Data\n-------------\n\n    @misc{x,\n      month = {June},\n    }\n\nEvaluation\n----------\nDone.\n';
    expectExact(text);
    expect(texts(text).sections.map((s) => [s.section.heading, s.isTitle, s.lines[0]?.text])).toEqual([
      ['Model Card', true, undefined],
      ['Training Data', false, '    @misc{x,'],
      ['Evaluation', false, 'Done.'],
    ]);
    expect(texts('## Uses\n\nText.\n\n# Late title\n').sections.map((s) => s.isTitle)).toEqual([false, false]);
  });

  it('keeps the default body free of sub-sections below H2', () => {
    expect(DEFAULT_CARD_BODY.includes('###')).toBe(false);
  });
});
