// The rendered pack: card text is untrusted, so nothing in it may become markup in the HTML or
// the Markdown; the HTML is self-contained (no script, nothing loaded from anywhere); the chart
// draws the interval the rules compute.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { buildEvidencePack, metricsChart, parseAuditEvidence, renderEvidenceHtml, renderEvidenceMarkdown, type EvidencePack } from '../../../src/core/evidence/index.ts';
import { chartRows, niceStep } from '../../../src/core/evidence/metrics-chart.ts';
import { RULE_SOURCES, shortValue } from '../../../src/core/evidence/rule-sources.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { intervalOf } from '../../../src/core/rules/support/stats.ts';
import { cleanModelFiles, type ModelOverrides } from '../../helpers/fixtures.ts';
import { caseSnapshot } from '../../helpers/rule-tester.ts';

function pack(model: ModelOverrides = {}): EvidencePack {
  const evaluation = evaluate(caseSnapshot({ name: 'evidence', files: cleanModelFiles('models/churn', model) }), loadPolicy(undefined));
  return buildEvidencePack({ evaluation, model: evaluation.models[0]!, frameworks: ['eu-ai-act'], rules, policyLabel: 'defaults', exemptionsGrantedBy: 'the policy', generatedOn: '2026-12-06', toolVersion: '9.9.9', auditNote: 'none read' });
}

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const hostile: ModelOverrides = {
  card: {
    governance: {
      model: SCRIPT,
      intended_use: BREAKOUT,
      owners: [`@x${SCRIPT}`],
      fallback: { strategy: BREAKOUT, description: SCRIPT },
      evaluation: { slices: [{ name: `</svg>${SCRIPT}`, metrics: { auc: 0.85 }, n: 3100 }] },
    },
  },
  lineage: { datasets: [{ name: `</text>${BREAKOUT}`, uri: 's3://x', version: SCRIPT }] },
};

describe('untrusted card text', () => {
  const p = pack(hostile);
  const html = renderEvidenceHtml(p);
  const markdown = renderEvidenceMarkdown(p);

  it('comes out of the HTML inert: no script, no img, no event handler, escaped where it shows', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html).toContain('<h1>Evidence pack: &lt;script&gt;alert(1)&lt;/script&gt; 2.3.0</h1>');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // The slice name inside the SVG cannot close it.
    expect(html.match(/<\/svg>/g)).toHaveLength(2);
  });

  it('comes out of the Markdown inert: no raw tag', () => {
    expect(markdown).not.toMatch(/<script|<img|<\/svg/i);
    expect(markdown).toContain('&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;');
  });
});

describe('the HTML page', () => {
  const html = renderEvidenceHtml(pack());

  it('is self-contained: a CSP that forbids scripts and remote loads, no script, no external resource', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(http/i);
    // The only URL is the SVG namespace, which is a name, not a request.
    expect([...new Set(html.match(/https?:\/\/[^\s"'<>)]+/g))]).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('prints: A4 pages, colours kept, no row or figure split across pages', () => {
    expect(html).toContain('@page{size:A4;margin:14mm 12mm}');
    expect(html).toContain('@media print{');
    expect(html).toContain('tr,figure{break-inside:avoid}');
  });

  it('draws the metrics chart and the lineage inline', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('aria-label="Metrics against baselines, with 95 % intervals"');
    expect(html).toContain('aria-label="Lineage: datasets feed the steps, in execution order"');
  });
});

describe('the metrics chart', () => {
  it('draws each value with the interval intervalOf gives, production first, then baselines, then slices', () => {
    const p = pack();
    const metric = p.metrics!.metrics[0]!;
    const rows = chartRows(metric, p.metrics!);
    expect(rows.map((r) => [r.label, r.role, r.value])).toEqual([
      ['this model', 'model', 0.861],
      ['baseline: production 2.2.0', 'production', 0.835],
      ['baseline: logistic-regression', 'baseline', 0.781],
      ['slice: region=EU', 'slice', 0.855],
      ['slice: region=US', 'slice', 0.864],
      ['slice: age>=65', 'slice', 0.858],
    ]);
    expect(rows[0]!.interval).toEqual(intervalOf(metric));
    expect(rows[0]!.interval).toMatchObject({ lo: 0.852, hi: 0.87, method: 'ci95' });
    expect(metricsChart(p.metrics)).toContain('0.861 [0.852, 0.87]');
    expect(metricsChart(p.metrics)).toContain('0.835, no interval');
  });

  it('says which way is better', () => {
    const loss = { metrics: [{ name: 'log_loss', value: 0.31, se: 0.01, line: 1 }], baselines: [], slices: [] };
    expect(metricsChart(loss)).toContain('lower is better ←');
    expect(metricsChart(pack().metrics)).toContain('higher is better →');
    expect(metricsChart({ metrics: [], baselines: [], slices: [] })).toBeUndefined();
  });

  it('shows an interval too narrow for four digits by its half-width, as the metrics table does', () => {
    const narrow = { metrics: [{ name: 'log_loss', value: 0.311, std: 0.01, n: 1_000_000, line: 1 }], baselines: [], slices: [] };
    expect(metricsChart(narrow)).toContain('>0.311 ± 0.00002</text>');
  });

  it.each([
    [0.1, 0.02],
    [0.03, 0.01],
    [1, 0.2],
    [7, 2],
    [450, 100],
  ])('niceStep(%d) = %d', (span, step) => {
    expect(niceStep(span)).toBeCloseTo(step, 12);
  });
});

describe('rule sources', () => {
  it('name every rule that maps to a control, and only registered rules', () => {
    const mapped = rules.filter((r) => (r.meta.controls ?? []).length > 0).map((r) => r.meta.id).sort();
    expect(Object.keys(RULE_SOURCES).sort()).toEqual(mapped);
  });

  it.each([
    ['as written', 'quarterly', 'quarterly'],
    ['a list', ['a', 1], '[a, 1]'],
    ['a mapping', { trigger: 'schedule', schedule: { every: 3 } }, '{trigger: schedule, schedule: {every: 3}}'],
    ['bounded', 'x'.repeat(500), `${'x'.repeat(159)}…`],
  ])('shortValue: %s', (_name, value, text) => {
    expect(shortValue(value)).toBe(text);
  });
});

describe('parseAuditEvidence', () => {
  const record = { models: [{ path: 'models/churn' }], approvals: [{ user: 'ada', via: 'review', commit: 'h3ad' }], waivers: [{ ruleId: 'operations-fallback-declared', by: 'risk-lead', reason: 'Until Q1.' }], decision: 'approved' };
  const summary = `Pull request #7 merged.\n\n\`\`\`json\n${JSON.stringify(record)}\n\`\`\`\n`;

  it('reads the approvals and waivers of the record that names the model', () => {
    expect(parseAuditEvidence(summary, 'models/churn', { repository: 'acme/models', commit: 'm3rge', date: '2026-11-30T10:00:00Z' })).toEqual({
      repository: 'acme/models',
      pullRequest: 7,
      commit: 'm3rge',
      date: '2026-11-30T10:00:00Z',
      decision: 'approved',
      approvals: [{ user: 'ada', via: 'review', commit: 'h3ad' }],
      waivers: [{ ruleId: 'operations-fallback-declared', by: 'risk-lead', reason: 'Until Q1.' }],
    });
  });

  it('is undefined for a record of other models, or a summary that is no merge audit', () => {
    expect(parseAuditEvidence(summary, 'models/other', { repository: 'a/b', commit: 'c', date: null })).toBeUndefined();
    expect(parseAuditEvidence('Checked 1 model.', 'models/churn', { repository: 'a/b', commit: 'c', date: null })).toBeUndefined();
  });
});
