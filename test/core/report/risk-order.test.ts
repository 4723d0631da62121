// Issue 11: findings are listed riskiest first (leakage before operations, errors before
// warnings within a class, then file and line), the verdict names the three riskiest blocking
// findings, and a finding with several places (`Finding.locations`) shows them: collapsed in the
// comment, indented under the finding in the terminal.
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/core/engine/evaluate.ts';
import { formatMarkdown, formatText } from '../../../src/core/report/formats/index.ts';
import { renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import type { Finding, FindingLocation } from '../../../src/core/rules/define.ts';
import { bodyProblems, commentProblems } from './comment-invariants.ts';
import { APP_DOCS, HEAD_SHA, runExample, TARGET, viewOf } from './examples.ts';

const DIR = 'models/fraud-planted';
const CARD = `${DIR}/MODEL_CARD.md`;
const LINEAGE = `${DIR}/lineage.yaml`;
const TRIALS = `${DIR}/tuning/trials.jsonl`;
const BLOB = `https://github.com/acme/models/blob/${HEAD_SHA}`;
const DOCS = 'https://modelgate.example.com/docs/rules';

const PLACES: FindingLocation[] = [
  { file: CARD, line: 30, note: 'TODO in Limitations' },
  { file: CARD, line: 41, note: '[More Information Needed] in Training data' },
  { file: `${DIR}/docs/usage.md`, line: 2, note: 'TBD' },
];

/** The planted model's evaluation with these findings instead of its own (counts kept true). */
function withFindings(modelFindings: Finding[], outside: Finding[] = []): Evaluation {
  const evaluation = structuredClone(runExample(DIR).evaluation);
  evaluation.models[0]!.findings = modelFindings.map((f) => ({ ...f, model: DIR }));
  evaluation.findings = outside;
  const all = [...outside, ...modelFindings];
  evaluation.errors = all.filter((f) => f.severity === 'error').length;
  evaluation.warnings = all.length - evaluation.errors;
  return evaluation;
}

const at = (ruleId: string, severity: 'error' | 'warn', file: string, line: number, message: string, locations?: FindingLocation[]): Finding => ({
  ruleId,
  severity,
  message,
  file,
  line,
  ...(locations ? { locations } : {}),
});

/** In the engine's order (file, line, rule id): the reports reorder them. */
const MIXED = withFindings(
  [
    at('modelgate', 'error', CARD, 1, 'content missing: the gate fails closed.'),
    at('operations-retirement-criteria', 'warn', CARD, 10, 'No retirement criteria.'),
    at('operations-monitoring-planned', 'error', CARD, 15, 'No monitoring plan.'),
    at('tuning-log-params-match', 'error', CARD, 23, 'Params differ.'),
    at('evaluation-baseline-compared', 'error', CARD, 24, 'No baseline.'),
    at('evaluation-test-set-isolated', 'warn', CARD, 24, 'Metrics on validation.'),
    at('evaluation-gain-significant', 'warn', CARD, 27, 'Gain inside the CI.'),
    at('evaluation-no-regression', 'error', CARD, 27, 'AUC regressed.'),
    at('evaluation-uncertainty-reported', 'error', CARD, 27, 'No CI.'),
    at('evaluation-slices-reported', 'warn', CARD, 29, 'No slices.'),
    at('model-card-no-placeholders', 'error', CARD, 30, '3 placeholders left.', PLACES),
    at('lineage-split-before-fit', 'error', LINEAGE, 25, 'scale is fit before split.'),
    at('tuning-log-no-test-leakage', 'error', TRIALS, 1, 'Objective on test.'),
  ],
  [at('model-card-present', 'error', 'models/a/weights.bin', 1, 'No model card above this file.'), at('artifact-parseable', 'error', 'models/z/lineage.yaml', 3, 'Not valid YAML.')],
);

/** Rule ids of the finding rows of a Markdown table block, in order. */
function ruleIdsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^\| (?:❌ error|⚠️ warn) \| (?:\[([a-z-]+)\]\([^)]*\)|`([^`]+)`) \|/gm)].map((m) => m[1] ?? m[2]!);
}

/** The mixed example model's 13 findings as the comment and the check summary order them. */
const MODEL_FINDINGS_RISKIEST_FIRST = [
  'lineage-split-before-fit',
  'tuning-log-no-test-leakage',
  'evaluation-test-set-isolated',
  'modelgate',
  'evaluation-no-regression',
  'evaluation-gain-significant',
  'evaluation-uncertainty-reported',
  'evaluation-baseline-compared',
  'evaluation-slices-reported',
  'tuning-log-params-match',
  'model-card-no-placeholders',
  'operations-monitoring-planned',
  'operations-retirement-criteria',
];

describe('the terminal report', () => {
  it('lists PR-wide findings, then each model, riskiest first; places indented under their finding', () => {
    expect(formatText(MIXED)).toBe(
      [
        'models/z/lineage.yaml',
        '  3:1  error  Not valid YAML  artifact-parseable',
        '',
        'models/a/weights.bin',
        '  1:1  error  No model card above this file  model-card-present',
        '',
        'models/fraud-planted/lineage.yaml',
        '  25:1  error  scale is fit before split  lineage-split-before-fit',
        '',
        'models/fraud-planted/tuning/trials.jsonl',
        '  1:1  error  Objective on test  tuning-log-no-test-leakage',
        '',
        'models/fraud-planted/MODEL_CARD.md',
        '  24:1  warning  Metrics on validation                   evaluation-test-set-isolated',
        '   1:1  error    content missing: the gate fails closed  modelgate',
        '  27:1  error    AUC regressed                           evaluation-no-regression',
        '  27:1  warning  Gain inside the CI                      evaluation-gain-significant',
        '  27:1  error    No CI                                   evaluation-uncertainty-reported',
        '  24:1  error    No baseline                             evaluation-baseline-compared',
        '  29:1  warning  No slices                               evaluation-slices-reported',
        '  23:1  error    Params differ                           tuning-log-params-match',
        '  30:1  error    3 placeholders left                     model-card-no-placeholders',
        '        30                                    TODO in Limitations',
        '        41                                    [More Information Needed] in Training data',
        '        models/fraud-planted/docs/usage.md:2  TBD',
        '  15:1  error    No monitoring plan                      operations-monitoring-planned',
        '  10:1  warning  No retirement criteria                  operations-retirement-criteria',
        '',
        '1 model checked:',
        '  models/fraud-planted  tier high  1.3.0  ✖ 9 errors, 4 warnings',
        '',
        '✖ 15 problems (11 errors, 4 warnings)',
        'modelgate: blocked — 11 errors to fix, then 2 approvals from acme/model-risk',
        '',
      ].join('\n'),
    );
  });

  it('places: shown through displayPath, notes stripped of terminal controls, none for a single place', () => {
    const evaluation = withFindings([
      at('model-card-no-placeholders', 'error', CARD, 30, 'Two placeholders.', [
        { file: CARD, line: 30, note: 'evil \u001b]0;pwned\u0007 \u202etext' },
        { file: `${DIR}/README.md`, line: 7 },
      ]),
      at('model-card-owners', 'error', CARD, 3, 'No owners.', [{ file: CARD, line: 3, note: 'only place' }]),
    ]);
    const text = formatText(evaluation, { displayPath: (file) => `examples/${file}` });
    expect(text.split('\n').slice(0, 5)).toEqual([
      'examples/models/fraud-planted/MODEL_CARD.md',
      '   3:1  error  No owners         model-card-owners',
      '  30:1  error  Two placeholders  model-card-no-placeholders',
      '        30                                         evil ]0;pwned text',
      '        examples/models/fraud-planted/README.md:7',
    ]);
  });

  it('the planted example: leaks first, then uncertainty, baselines, provenance, operations', () => {
    const text = formatText(runExample(DIR).evaluation);
    const rows = text.split('\n').filter((line) => /^ {2}\s*\d+:\d+ /.test(line));
    expect(rows.map((row) => row.trim().split(/\s+/).at(-1))).toEqual([
      'lineage-temporal-split',
      'lineage-split-before-fit',
      'tuning-log-no-test-leakage',
      'evaluation-uncertainty-reported',
      'evaluation-baseline-compared',
      'tuning-log-params-match',
      'tuning-log-params-match',
      'operations-fallback-declared',
      'operations-monitoring-planned',
    ]);
  });
});

describe('the comment', () => {
  const markdown = formatMarkdown(MIXED, { toolVersion: '0.1.0', target: TARGET, ruleDocsUrl: APP_DOCS });

  it('names the three riskiest blocking findings under the verdict, then how many more', () => {
    expect(markdown.split('\n').slice(1, 4)).toEqual([
      '### ⛔ modelgate: blocked — 11 errors to fix, then 2 approvals from `acme/model-risk`',
      '',
      `**Unmet, riskiest first:** Fitted transforms are fit after the split\\, on training data ([\`${LINEAGE}:25\`](${BLOB}/${LINEAGE}#L25)) · ` +
        `Tuning never looks at the test set ([\`${TRIALS}:1\`](${BLOB}/${TRIALS}#L1)) · ` +
        `content missing ([\`${CARD}:1\`](${BLOB}/${CARD}#L1)) · and 8 more`,
    ]);
  });

  it('lists the findings outside any model riskiest first', () => {
    const outside = markdown.slice(markdown.indexOf('#### Outside any model'), markdown.indexOf(`#### \`${DIR}\``));
    expect(ruleIdsOf(outside)).toEqual(['artifact-parseable', 'model-card-present']);
  });

  it("lists a model's findings riskiest first, errors before warnings within a class", () => {
    const table = markdown.slice(markdown.indexOf('<details><summary>13 findings'));
    expect(ruleIdsOf(table)).toEqual(MODEL_FINDINGS_RISKIEST_FIRST);
  });

  it("an area row names its riskiest errors first", () => {
    expect(markdown).toContain(
      `| ❌ | Evaluation | AUC regressed ([evaluation-no-regression](${DOCS}/evaluation-no-regression), [\`MODEL_CARD.md:27\`](${BLOB}/${CARD}#L27)); ` +
        `No CI ([evaluation-uncertainty-reported](${DOCS}/evaluation-uncertainty-reported), [\`MODEL_CARD.md:27\`](${BLOB}/${CARD}#L27)); and 4 more |`,
    );
  });

  it('shows every place of a finding as a collapsed list of links with their notes', () => {
    expect(markdown).toContain(
      `| ❌ error | [model-card-no-placeholders](${DOCS}/model-card-no-placeholders) | [\`${CARD}:30\`](${BLOB}/${CARD}#L30) | 3 placeholders left\\. ` +
        '<details><summary>3 places</summary>' +
        `[\`MODEL_CARD.md:30\`](${BLOB}/${CARD}#L30) — TODO in Limitations · ` +
        `[\`MODEL_CARD.md:41\`](${BLOB}/${CARD}#L41) — \\[More Information Needed\\] in Training data · ` +
        `[\`${DIR}/docs/usage.md:2\`](${BLOB}/${DIR}/docs/usage.md#L2) — TBD` +
        '</details> |',
    );
    expect(commentProblems(markdown)).toEqual([]);
  });

  it('no line under the verdict when nothing blocks', () => {
    const clean = formatMarkdown(runExample('models/churn-clean').evaluation, { toolVersion: '0.1.0' });
    expect(clean.split('\n').slice(1, 4)).toEqual(['### ⏳ modelgate: pending — no errors; the pull request needs 1 approval from `acme/ml-reviewers` (tier medium)', '', '| model | tier | version | rules | approval |']);
    expect(clean).not.toContain('riskiest');
  });
});

describe('places from the pull request are untrusted', () => {
  const hostile = '</details><script>x</script> @octocat #12 [a](https://evil.example) |pipe `code`';
  const evaluationWith = (note: string, file: string) =>
    withFindings([at('model-card-no-placeholders', 'error', CARD, 30, 'Two placeholders.', [{ file: CARD, line: 30, note }, { file, line: 9, note }])]);

  it('notes and paths are escaped: no tag, link, mention or reference gets through, and the row stays one row', () => {
    const view = viewOf({ ...runExample(DIR), evaluation: evaluationWith(hostile, `${DIR}/a|b\`@c.md`) });
    const benign = viewOf({ ...runExample(DIR), evaluation: evaluationWith('plain note', `${DIR}/abc.md`) });
    const comment = renderComment(view);
    const note = '&lt;\\/details&gt;&lt;script&gt;x&lt;\\/script&gt; @\u200doctocat \\#\u200d12 \\[a\\]\\(https\\:\\/\\/evil\\.example\\) \\|pipe `code`';
    expect(comment).toContain(
      `<details><summary>2 places</summary>[\`MODEL_CARD.md:30\`](${BLOB}/${CARD}#L30) — ${note} · ` +
        `[\`\`${DIR}/a\\|b\`@\u200dc.md:9\`\`](${BLOB}/${DIR}/a%7Cb%60%40c.md#L9) — ${note}</details> |`,
    );
    expect(commentProblems(comment, renderComment(benign))).toEqual([]);
    expect(bodyProblems(renderCheckSummary(view), renderCheckSummary(benign))).toEqual([]);
  });

  it('a long list is capped in the comment (all places stay in the JSON and SARIF reports)', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ file: CARD, line: i + 1, note: `TODO ${i + 1}` }));
    const comment = formatMarkdown(withFindings([at('model-card-no-placeholders', 'error', CARD, 1, '60 placeholders.', many)]), { toolVersion: '0.1.0', target: TARGET, ruleDocsUrl: APP_DOCS });
    const row = comment.split('\n').find((line) => line.includes('<summary>60 places</summary>'))!;
    expect(row.match(/\]\(https:/g)).toHaveLength(2 + 50);
    expect(row).toContain(`[\`MODEL_CARD.md:50\`](${BLOB}/${CARD}#L50) — TODO 50 · … and 10 more</details> |`);
  });
});

describe('with the decision of the approval gate', () => {
  it('the planted example: the three leaks, then how many more', () => {
    const comment = renderComment(viewOf(runExample(DIR)));
    expect(comment.split('\n')[3]).toBe(
      `**Unmet, riskiest first:** Time\\-stamped data is split by time ([\`${LINEAGE}:17\`](${BLOB}/${LINEAGE}#L17)) · ` +
        `Fitted transforms are fit after the split\\, on training data ([\`${LINEAGE}:25\`](${BLOB}/${LINEAGE}#L25)) · ` +
        `Tuning never looks at the test set ([\`${TRIALS}:1\`](${BLOB}/${TRIALS}#L1)) · and 6 more`,
    );
  });

  it('a waived rule no longer blocks, so it is not named', () => {
    const waiver = { id: 7, user: { login: 'carol', type: 'User' }, body: '/modelgate waive lineage-temporal-split -- events are i.i.d. within a day', createdAt: '2026-11-21T10:00:00Z', edited: false, commitIdAtTime: HEAD_SHA };
    const run = runExample(DIR, { decide: { comments: [waiver] } });
    expect(run.decision.waivers.map((w) => w.ruleId)).toEqual(['lineage-temporal-split']);
    expect(run.decision.blockingErrors).toBe(8);
    const summary = renderCheckSummary(viewOf(run));
    expect(summary.split('\n').slice(0, 3)).toEqual([
      `### ⛔ ${run.decision.summary}`,
      '',
      `**Unmet, riskiest first:** Fitted transforms are fit after the split\\, on training data ([\`${LINEAGE}:25\`](${BLOB}/${LINEAGE}#L25)) · ` +
        `Tuning never looks at the test set ([\`${TRIALS}:1\`](${BLOB}/${TRIALS}#L1)) · ` +
        `Evaluation metrics report their uncertainty ([\`${CARD}:27\`](${BLOB}/${CARD}#L27)) · and 5 more`,
    ]);
  });

  it('the check summary lists every finding riskiest first', () => {
    const summary = renderCheckSummary(viewOf({ ...runExample(DIR), evaluation: MIXED }));
    expect(ruleIdsOf(summary.slice(summary.indexOf('#### Findings')))).toEqual(['artifact-parseable', 'model-card-present', ...MODEL_FINDINGS_RISKIEST_FIRST]);
    expect(summary).toContain('<details><summary>3 places</summary>');
  });
});
