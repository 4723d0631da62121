// Headline metrics against their baselines, as a compact Markdown table: what a model-risk
// reviewer asks first ("better than production? by more than the noise?").
import type { Baseline, Governance, Metric } from '../artifacts/types.ts';
import { escapeMarkdown } from './escape.ts';

const MAX_METRICS = 5;
const MAX_BASELINES = 4;

function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${num(Math.abs(value))}`;
}

function withInterval(m: Metric): string {
  if (m.ci95) return `${num(m.value)} [${num(m.ci95[0])}, ${num(m.ci95[1])}]`;
  if (m.std !== undefined) return `${num(m.value)} ± ${num(m.std)}`;
  return num(m.value);
}

function baselineValue(b: Baseline, metric: string): Metric | undefined {
  return b.metrics.find((m) => m.name === metric);
}

function baselineHeader(b: Baseline): string {
  return escapeMarkdown(b.version ? `${b.name} ${b.version}` : b.name.replace(/-/g, ' '));
}

function versusProduction(m: Metric, production: Metric | undefined): string {
  if (!production) return '—';
  const delta = m.value - production.value;
  if (!m.ci95) return `${signed(delta)}, no interval to judge it`;
  const [lo, hi] = m.ci95;
  const outside = production.value < lo || production.value > hi;
  return `${signed(delta)}, ${outside ? 'outside the CI ✅' : 'inside the CI ⚠️'}`;
}

export function metricsTable(governance: Governance | undefined): string | undefined {
  const evaluation = governance?.evaluation;
  if (!evaluation || evaluation.metrics.length === 0) return undefined;
  const baselines = evaluation.baselines.slice(0, MAX_BASELINES);
  const production = evaluation.baselines.find((b) => b.name === 'production');
  const metrics = evaluation.metrics.slice(0, MAX_METRICS);
  const n = metrics[0]?.n;
  const caption = [evaluation.split, n !== undefined ? `n = ${n.toLocaleString('en-US')}` : undefined].filter(Boolean).join(', ');
  const header = [`metric${caption ? ` (${escapeMarkdown(caption)})` : ''}`, 'this PR', ...baselines.map(baselineHeader), ...(production ? ['vs production'] : [])];
  const rows = metrics.map((m) => {
    const cells = [
      escapeMarkdown(m.name.toUpperCase().length <= 4 ? m.name.toUpperCase() : m.name),
      withInterval(m),
      ...baselines.map((b) => {
        const v = baselineValue(b, m.name);
        return v ? num(v.value) : '—';
      }),
      ...(production ? [versusProduction(m, baselineValue(production, m.name))] : []),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}
