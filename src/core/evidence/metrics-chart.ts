// The metrics against their baselines as a hand-drawn SVG: one panel per metric (an AUC and a
// log loss share no axis), a dot for each value and a whisker for its interval, computed by
// `intervalOf` as metrics-table.ts and the evaluation rules compute it, so the chart never shows
// a different interval from the one a finding judged. Each panel says which way is better.
import type { Metric } from '../artifacts/types.ts';
import { displayName, num } from '../report/metrics-table.ts';
import { isProductionBaseline } from '../rules/support/evaluation.ts';
import { findMetric, isProportionMetric, metricDirection } from '../rules/support/metrics.ts';
import { intervalOf, type Interval } from '../rules/support/stats.ts';
import { htmlText } from './html.ts';
import type { MetricsEvidence } from './types.ts';

const MAX_METRICS = 5;
const MAX_ROWS = 10;
const WIDTH = 760;
const PLOT_X0 = 230;
const PLOT_X1 = WIDTH - 180;
const ROW = 24;
const HEADER = 30;
const AXIS = 34;
const GAP = 14;

type Role = 'model' | 'production' | 'baseline' | 'slice';
const COLORS: Record<Role, string> = { model: '#0969da', production: '#bc4c00', baseline: '#57606a', slice: '#8250df' };

export interface ChartRow {
  label: string;
  role: Role;
  value: number;
  interval?: Interval;
}

/** The rows of one metric's panel: the model, its baselines (production first), its slices. */
export function chartRows(metric: Metric, evidence: MetricsEvidence): ChartRow[] {
  const rows: ChartRow[] = [row('this model', 'model', metric)];
  const baselines = [...evidence.baselines.filter(isProductionBaseline), ...evidence.baselines.filter((b) => !isProductionBaseline(b))];
  for (const b of baselines) {
    const m = findMetric(b.metrics, metric.name);
    if (m) rows.push(row(`baseline: ${b.version ? `${b.name} ${b.version}` : b.name}`, isProductionBaseline(b) ? 'production' : 'baseline', m));
  }
  for (const s of evidence.slices) {
    const m = findMetric(s.metrics, metric.name);
    // A slice's size is written on the slice; the metric inherits it for its interval.
    if (m) rows.push(row(`slice: ${s.name}`, 'slice', m.n === undefined && s.n !== undefined ? { ...m, n: s.n } : m));
  }
  return rows.slice(0, MAX_ROWS);
}

function row(label: string, role: Role, metric: Metric): ChartRow {
  const interval = intervalOf(metric);
  return { label, role, value: metric.value, ...(interval ? { interval } : {}) };
}

/** A step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = raw / power;
  return (factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10) * power;
}

function domainOf(rows: readonly ChartRow[], proportion: boolean): [number, number] {
  const values = rows.flatMap((r) => (r.interval ? [r.value, r.interval.lo, r.interval.hi] : [r.value]));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.15 : Math.abs(hi) * 0.05 || 0.05;
  lo -= pad;
  hi += pad;
  if (proportion) [lo, hi] = [Math.max(0, lo), Math.min(1, hi)];
  return [lo, hi];
}

function panel(metric: Metric, rows: readonly ChartRow[], top: number): { svg: string; height: number } {
  const proportion = isProportionMetric(metric.name, metric.value);
  const [lo, hi] = domainOf(rows, proportion);
  const x = (v: number) => PLOT_X0 + ((v - lo) / (hi - lo)) * (PLOT_X1 - PLOT_X0);
  const plotTop = top + HEADER;
  const plotBottom = plotTop + rows.length * ROW;
  const direction = metricDirection(metric.name) === 'lower' ? 'lower is better ←' : 'higher is better →';
  const out: string[] = [
    `<text x="8" y="${top + 18}" class="t">${htmlText(displayName(metric.name), 60)}</text>`,
    `<text x="${PLOT_X1}" y="${top + 18}" class="n" text-anchor="end">${direction}</text>`,
    `<rect x="${PLOT_X0}" y="${plotTop}" width="${PLOT_X1 - PLOT_X0}" height="${plotBottom - plotTop}" fill="none" stroke="#d0d7de"/>`,
  ];
  const step = niceStep(hi - lo);
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    const tx = x(t).toFixed(1);
    out.push(`<line x1="${tx}" y1="${plotTop}" x2="${tx}" y2="${plotBottom}" stroke="#eaeef2"/>`);
    out.push(`<text x="${tx}" y="${plotBottom + 14}" class="n" text-anchor="middle">${num(Number(t.toPrecision(12)))}</text>`);
  }
  out.push(`<text x="${((PLOT_X0 + PLOT_X1) / 2).toFixed(1)}" y="${plotBottom + 28}" class="n" text-anchor="middle">${htmlText(displayName(metric.name), 60)} (dot: value; whisker: 95 % interval)</text>`);
  rows.forEach((r, i) => {
    const cy = plotTop + i * ROW + ROW / 2;
    const color = COLORS[r.role];
    out.push(`<text x="${PLOT_X0 - 8}" y="${cy + 4}" text-anchor="end" class="${r.role === 'model' ? 't' : 'l'}">${htmlText(r.label, 34)}</text>`);
    if (r.interval) {
      const [x1, x2] = [x(Math.max(lo, r.interval.lo)).toFixed(1), x(Math.min(hi, r.interval.hi)).toFixed(1)];
      out.push(`<line x1="${x1}" y1="${cy}" x2="${x2}" y2="${cy}" stroke="${color}" stroke-width="2"/>`);
      out.push(`<line x1="${x1}" y1="${cy - 5}" x2="${x1}" y2="${cy + 5}" stroke="${color}" stroke-width="2"/>`);
      out.push(`<line x1="${x2}" y1="${cy - 5}" x2="${x2}" y2="${cy + 5}" stroke="${color}" stroke-width="2"/>`);
    }
    const hollow = r.role === 'slice';
    out.push(`<circle cx="${x(r.value).toFixed(1)}" cy="${cy}" r="5" fill="${hollow ? '#ffffff' : color}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${PLOT_X1 + 8}" y="${cy + 4}" class="l">${valueText(r)}</text>`);
  });
  return { svg: out.join('\n'), height: HEADER + rows.length * ROW + AXIS };
}

/** As metrics-table.ts words it: an interval too narrow for four digits is shown by its half-width. */
function valueText(r: ChartRow): string {
  if (!r.interval) return `${num(r.value)}, no interval`;
  if (num(r.interval.lo) === num(r.interval.hi)) return `${num(r.value)} ± ${Number(((r.interval.hi - r.interval.lo) / 2).toPrecision(2))}`;
  return `${num(r.value)} [${num(r.interval.lo)}, ${num(r.interval.hi)}]`;
}


/** The chart, or undefined when the card reports no metric. */
export function metricsChart(evidence: MetricsEvidence | undefined): string | undefined {
  if (!evidence || evidence.metrics.length === 0) return undefined;
  const panels: string[] = [];
  let top = 4;
  for (const metric of evidence.metrics.slice(0, MAX_METRICS)) {
    const p = panel(metric, chartRows(metric, evidence), top);
    panels.push(p.svg);
    top += p.height + GAP;
  }
  const height = top;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Metrics against baselines, with 95 % intervals">`,
    '<style>text{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;fill:#1f2328}.t{font-size:13px;font-weight:600}.l{font-size:12px}.n{font-size:11px;fill:#57606a}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...panels,
    '</svg>',
  ].join('\n');
}
