import { describe, expect, it } from 'vitest';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { markdownTables, sentences } from '../../../../src/core/rules/support/card-prose.ts';

const CARD = `---
license: mit
---

# my-model

<!-- Provide a quick summary. It is reproducible. -->
This model ranks applicants. It was trained
on 0.87 of the data, e.g. the train split.

\`\`\`BibTex
@inproceedings{x, title={Unified, reproducible, and integratable toolkit}}
\`\`\`

## Training results

| Training Loss | Epoch | Step | Validation Loss | Wer |
|:---:|:---:|:---:|:---:|:---:|
| 0.121 | 0.1 | 500 | 0.2630 | 10.2804 |
| 0.0474 | 1.1 | 1000 | 0.2561 | 9.5597 |
`;

describe('card prose', () => {
  const card = parseHuggingFaceCard('README.md', CARD).value!;

  it('splits sentences with their lines, leaving out HTML comments, code blocks and inline code', () => {
    const said = sentences(card).map((s) => [s.line, s.text]);
    expect(said.slice(0, 3)).toEqual([
      [5, 'my-model'],
      [8, 'This model ranks applicants.'],
      [8, 'It was trained on 0.87 of the data, e.g. the train split.'],
    ]);
    expect(said.some(([, text]) => /reproducible/.test(String(text)))).toBe(false);
  });

  it('reads pipe tables with the line of each row', () => {
    const [table] = markdownTables(card);
    expect(table?.header).toEqual(['Training Loss', 'Epoch', 'Step', 'Validation Loss', 'Wer']);
    expect(table?.rows.map((r) => [r.line, r.cells[4]])).toEqual([[19, '10.2804'], [20, '9.5597']]);
  });
});
