// Property tests: random strings made of the pieces that break Markdown, HTML, Mermaid and
// GitHub (backticks, pipes, newlines, `<!--`, `</details>`, mentions, links, images, issue
// references, zero-width and bidi characters, lone surrogates) go into every field a pull
// request controls (hostile-report.ts), through the real engine and gate; the rendered comment
// and check summary must keep every invariant of comment-invariants.ts, at full size and cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { bodyProblems, commentProblems, MARKER } from './comment-invariants.ts';
import { hostileView } from './hostile-report.ts';

const PIECES = [
  '@', 'org/team', '@org/team', '@bob', '`', '``', '|', '\\', '\n', '\r\n', '<', '>', '!', '--',
  '<!--', '-->', MARKER, '<details>', '</details>', '<summary>', '[', ']', '(', ')', '](',
  '[x](javascript:alert(1))', '![img](http://evil.example/a.png)', '<https://evil.example>',
  'www.evil.example', '#', '1', '#12', 'acme/repo#9', 'GH-7', '"', '&', '&#64;', '#60;', '%%{init: {}}%%',
  '{', '}', ':', ';', ' ', '```', '~~~', '*', '_', '$', '\u200b', '\u200d', '\u202e', '\u2066',
  '\u00ad', '\u0085', '\u2028', '\ud83d', '😀', 'é',
];

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''));

const benign = hostileView({ text: 'plain' });
const benignComment = renderComment(benign);
const benignSummary = renderCheckSummary(benign);

describe('the invariant checker is not vacuous', () => {
  it('the benign report passes it', () => {
    expect(commentProblems(benignComment, benignComment)).toEqual([]);
    expect(bodyProblems(benignSummary, benignSummary)).toEqual([]);
  });

  it.each([
    ['a second marker', `${benignComment}\n${MARKER}`, /marker occurs 2 times/],
    ['a raw mention', benignComment.replace('Owners', 'Owners @bob'), /raw mention/],
    ['a closing tag', benignComment.replace('Owners', '</details> Owners'), /<\/details> 5 times|HTML/],
    ['a link', benignComment.replace('Owners', '[x](https://evil.example) Owners'), /foreign link/],
    ['an image', benignComment.replace('Owners', '![x](https://github.com/a/b/blob/x.png) Owners'), /image/],
    ['an issue reference', benignComment.replace('Owners', 'see \\#12 Owners'), /issue reference/],
    ['a bidi override', benignComment.replace('Owners', '\u202eOwners'), /bidirectional/],
    ['a code span that leaks', benignComment.replace('Owners', '`` [x](https://evil.example) ` Owners'), /foreign link/],
    ['an extra table cell', benignComment.replace('| ✅ | Explainability |', '| ✅ | Explain|ability |'), /cells, header/],
    ['a Mermaid label that closes', benignComment.replace('flowchart LR\n', 'flowchart LR\n  d9["x"] --> click\n'), /mermaid line/],
    ['a Mermaid block that runs on', benignComment.replace(/(```mermaid\n[\s\S]*?)\n```\n/, '$1\n'), /mermaid line out of grammar: "<\/details>"/],
    ['an unclosed block', benignComment.slice(0, benignComment.indexOf('```mermaid') + 30), /unclosed mermaid block/],
  ])('it catches %s', (_name, body, problem) => {
    expect(commentProblems(body, benignComment).join('\n')).toMatch(problem);
  });
});

describe('hostile text in every PR-controlled field', () => {
  it('reaches the report (card, lineage, tuning log, path, waiver reason, refused command)', () => {
    const comment = renderComment(hostileView({ text: 'zqx', inPath: true }));
    for (const where of ['#### `models/zqx` — zqx', 'Owners `zqx`, `zqx` · Intended use: zqx', '  d1[("zqx · zqx")]', '  s1["zqx · normalize · fit on zqx"]', 'Slices (zqx, worst first): zqx 0.5', ') — zqx.', '`/modelgate zqx` by `mallory`']) {
      expect(comment).toContain(where);
    }
  });

  it.each(PIECES.map((piece) => [JSON.stringify(piece), piece]))('each piece alone and doubled: %s', (_name, piece) => {
    for (const text of [piece, `a${piece}b${piece}`]) {
      for (const inPath of [false, true]) {
        const view = hostileView({ text, inPath });
        expect(commentProblems(renderComment(view), benignComment)).toEqual([]);
        expect(bodyProblems(renderCheckSummary(view), benignSummary)).toEqual([]);
      }
    }
  });

  it('a removed model carrying hostile text (title, version, audit paths) keeps every invariant', () => {
    const probe = renderComment(hostileView({ text: 'zqx', inPath: true, removed: true }));
    expect(probe).toContain('#### `models/zqx-gone` — zqx\n\nThis pull request removes the model; it is gated at its base tier (high).\n');
    expect(probe).toContain('"blobsBase":{"models/zqx-gone/MODEL_CARD.md":"4","models/zqx-gone/lineage.yaml":"5"}');
    for (const text of [...PIECES, 'a`b|c\n@d</details>[x](y)']) {
      const view = hostileView({ text, inPath: true, removed: true });
      expect(commentProblems(renderComment(view), benignComment)).toEqual([]);
      expect(bodyProblems(renderCheckSummary(view), benignSummary)).toEqual([]);
    }
    fc.assert(
      fc.property(hostileText, (text) => {
        const view = hostileView({ text, inPath: true, removed: true });
        expect(commentProblems(renderComment(view), benignComment)).toEqual([]);
        expect(bodyProblems(renderCheckSummary(view), benignSummary)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('random mixtures keep every invariant in the comment and the check summary', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, inPath) => {
        const view = hostileView({ text, inPath });
        expect(commentProblems(renderComment(view), benignComment)).toEqual([]);
        expect(bodyProblems(renderCheckSummary(view), benignSummary)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('and so do reports cut to fit a size limit', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 200, max: 12_000 }), (text, maxChars) => {
        const view = hostileView({ text });
        const comment = renderComment(view, { maxChars });
        const summary = renderCheckSummary(view, { maxChars });
        expect(comment.length).toBeLessThanOrEqual(maxChars);
        expect(summary.length).toBeLessThanOrEqual(maxChars);
        // A cut report may drop sections, so no tag-count comparison: only what must never happen.
        expect(bodyProblems(comment)).toEqual([]);
        expect(bodyProblems(summary)).toEqual([]);
        if (comment.length > 40) expect(comment.startsWith(`${MARKER}\n`)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
