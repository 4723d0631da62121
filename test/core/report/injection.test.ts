// Untrusted text cannot escape the comment: every field a pull request controls (model name,
// metric, baseline and slice names, owners, intended use, dataset and step names, the model
// directory itself) carries `@org/team`, `<script>`, `</details>`, the checklist marker, a
// Markdown link and, in one field, a 10,000-character line. The exact escaped lines are
// asserted, then the invariants: one marker, no raw mention, no HTML outside code, bounded lines.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import type { FileEntry } from '../../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { buildReportView } from '../../../src/core/report/view.ts';
import { APP_DOCS } from './examples.ts';
import { ruleById } from '../../../src/core/rules/index.ts';

const PAYLOAD = '@org/team <script>x</script> </details> <!-- modelgate:checklist --> [click](https://evil.example)';
const MARKER = '<!-- modelgate:checklist -->';
const q = (text: string) => JSON.stringify(text);
const z = (text: string) => text.replaceAll('{ZWJ}', '\u200d');

const card = `---
governance:
  model: ${q(PAYLOAD)}
  version: 1.0.0
  owners: [${q(PAYLOAD)}]
  risk_tier: high
  intended_use: ${q(`${PAYLOAD} ${'a'.repeat(10_000)}`)}
  lineage: lineage.yaml
  evaluation:
    split: test
    metrics:
      - {name: ${q(PAYLOAD)}, value: 0.9, ci95: [0.89, 0.91], n: 1000}
    baselines:
      - {name: ${q(PAYLOAD)}, metrics: {${q(PAYLOAD)}: 0.8}}
    slices:
      - {name: ${q(PAYLOAD)}, metrics: {${q(PAYLOAD)}: 0.85}, n: 100}
---
# Intended use
x
`;

const lineage = `version: 1
datasets:
  - {name: ${q(PAYLOAD)}, version: "sha256:abc"}
steps:
  - {name: ${q(PAYLOAD)}, kind: normalize, fit_on: all}
  - {name: split, kind: split}
  - {name: fit, kind: train, fit_on: train}
`;

/** A model directory is PR-controlled too: git allows all of this in a name. */
const HOSTILE_DIR = 'models/@org <!-- modelgate:checklist --> `x`|y';

function render() {
  const files: Record<string, FileEntry> = {
    'models/x/MODEL_CARD.md': { content: card, sha: '1' },
    'models/x/lineage.yaml': { content: lineage, sha: '2' },
    [`${HOSTILE_DIR}/MODEL_CARD.md`]: { content: '---\ngovernance: {model: m2, version: 1.0.0, owners: ["@acme/team"], risk_tier: low}\n---\n# Intended use\nx\n', sha: '3' },
  };
  const evaluation = evaluate({ head: { sha: 'H', files }, changedFiles: 'all' }, loadPolicy());
  const view = buildReportView({ evaluation, toolVersion: '0.1.0', areaOf: (id) => ruleById(id)?.meta.area, target: { serverUrl: 'https://github.com', repository: 'a/b', headSha: 'H' }, ruleDocsUrl: APP_DOCS });
  return { comment: renderComment(view), summary: renderCheckSummary(view) };
}

/** The body without code spans and code blocks, where `<`, `@` and friends are shown as text (a `\`` opens none). */
function prose(body: string): string {
  return body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

describe('PR-controlled text in the comment', () => {
  const { comment, summary } = render();
  const lines = comment.split('\n');

  it.each([
      z('| [``models/@{ZWJ}org <{ZWJ}!-- modelgate:checklist --> `x`\\|y``](https://github.com/a/b/blob/H/models/%40org%20%3C%21--%20modelgate%3Achecklist%20--%3E%20%60x%60%7Cy/MODEL_CARD.md) | low | 1\\.0\\.0 | ❌ 5 errors · ⚠️ 2 warnings | 1 needed |'),
      z('#### `models/x` — @{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\!\\-\\- modelgate\\:checklist \\-\\-&gt; \\[click\\]\\(ht…'),
      z('Owners `acme/team`'),
      z('Owners `org/team <{ZWJ}script>x<{ZWJ}/script> <{ZWJ}/details> <{ZWJ}!-- modelgate:checklist --> [click](htt…` · Intended use: @{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\!\\-\\- modelgate\\:checklist \\-\\-&gt; \\[click\\]\\(https\\:\\/\\/evil\\.example\\) ' + 'a'.repeat(100) + '…'),
      z('| ❌ | Model card | No limitations\\, training data\\, evaluation or ethical considerations section \\(4 of the 5 a card needs\\) ([model-card-required-sections](https://modelgate.example.com/docs/rules/model-card-required-sections), [`MODEL_CARD.md:4`](https://github.com/a/b/blob/H/models/%40org%20%3C%21--%20modelgate%3Achecklist%20--%3E%20%60x%60%7Cy/MODEL_CARD.md#L4)) |'),
      z('| ❌ | Model card | Owner `@{ZWJ}org/team <{ZWJ}script>x<{ZWJ}/script> <{ZWJ}/details> <{ZWJ}!-- modelgate:checklist --> [click](https://evil.example)` is not a GitHub `@{ZWJ}user` or `@{ZWJ}org/team` handle\\, so it cannot be asked to approve ([model-card-owners](https://modelgate.example.com/docs/rules/model-card-owners), [`MODEL_CARD.md:5`](https://github.com/a/b/blob/H/models/x/MODEL_CARD.md#L5)); No limitations\\, training data or ethical considerations section \\(3 of the 5 a card needs\\) ([model-card-required-sections](https://modelgate.example.com/docs/rules/model-card-required-sections), [`MODEL_CARD.md:18`](https://github.com/a/b/blob/H/models/x/MODEL_CARD.md#L18)) |'),
      z('| ❌ | Lineage | No lineage manifest for this model ([lineage-present](https://modelgate.example.com/docs/rules/lineage-present), [`MODEL_CARD.md:2`](https://github.com/a/b/blob/H/models/%40org%20%3C%21--%20modelgate%3Achecklist%20--%3E%20%60x%60%7Cy/MODEL_CARD.md#L2)) |'),
      z('| ❌ | Lineage | `@{ZWJ}org/team <{ZWJ}script>x<{ZWJ}/script> <{ZWJ}/details> <{ZWJ}!-- modelgate:checklist --> [click](https://evil.example)` \\(normalize\\) is fit on all rows before `split` — test rows leak into training\\, so test metrics are optimistic ([lineage-split-before-fit](https://modelgate.example.com/docs/rules/lineage-split-before-fit), [`lineage.yaml:5`](https://github.com/a/b/blob/H/models/x/lineage.yaml#L5)); Input dataset `@{ZWJ}org/team <{ZWJ}script>x<{ZWJ}/script> <{ZWJ}/details> <{ZWJ}!-- modelgate:checklist --> [click](https://evil.example)` has no quality assertions ([lineage-quality-assertions](https://modelgate.example.com/docs/rules/lineage-quality-assertions), [`lineage.yaml:3`](https://github.com/a/b/blob/H/models/x/lineage.yaml#L3)) |'),
      z('  d1[("@{ZWJ}org/team #60;script#62;x#60;/script#62; #60;/details#62; #60;!-- modelgate:chec…")]'),
      z('  s1["@{ZWJ}org/team #60;script#62;x#60;/script#62; #60;/details#62; #60;!-- modelgate:chec…"]'),
      z('| metric (test, n = 1,000) | this PR | @{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\! modelgate\\:checkl… |'),
      z('| @{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\!\\-\\- modelgate\\:chec… | 0.9 [0.89, 0.91] | 0.8 |'),
      z('Slices (@{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\!\\-\\- modelgate\\:chec…, worst first): @{ZWJ}org\\/team &lt;script&gt;x&lt;\\/script&gt; &lt;\\/details&gt; &lt;\\!\\-\\- modelgate\\:chec… 0.85 (n = 100)')
  ])('renders escaped line %#', (line) => {
    expect(lines).toContain(line);
  });

  it.each([
    ['comment', comment],
    ['check summary', summary],
  ])('the %s has exactly one marker (the comment) and no raw mention', (name, body) => {
    expect(body.split(MARKER).length - 1).toBe(name === 'comment' ? 1 : 0);
    expect(body).not.toContain('@org');
    expect(body).not.toMatch(/@[A-Za-z0-9]/);
  });

  it.each([
    ['comment', comment],
    ['check summary', summary],
  ])('the %s has no HTML of its own outside code, and the 10,000-character line cut short', (_name, body) => {
    const tags = [...prose(body).matchAll(/<\/?([A-Za-z!][\w-]*)[^>]*>/g)].map((m) => m[0]);
    expect(tags.filter((t) => !['<details>', '</details>', '<summary>', '</summary>', MARKER].includes(t) && !t.startsWith('<details><summary>'))).toEqual([]);
    expect(prose(body)).not.toMatch(/\]\(https:\/\/evil/);
    expect(Math.max(...prose(body).split('\n').map((l) => l.length))).toBeLessThan(3_000);
    expect(body).not.toContain('a'.repeat(201));
  });

  it('keeps the audit record valid JSON with the hostile path intact', () => {
    const json = comment.slice(comment.indexOf('```json\n') + 8, comment.lastIndexOf('\n```'));
    expect(json).not.toMatch(/[<>@]/);
    const record = JSON.parse(json) as { models: { path: string }[] };
    expect(record.models.map((m) => m.path)).toEqual([HOSTILE_DIR, 'models/x']);
  });
});
