// The lineage as an SVG for the HTML pack (the Markdown pack reuses report/lineage-chart.ts's
// Mermaid block, which GitHub draws; a browser opening the HTML would need mermaid's script,
// which the pack must not load). Datasets on the left feed the first step that names them;
// steps run top to bottom in execution order; a step a rule reported as leaking is drawn red,
// with the edge out of it, as the Mermaid chart does.
import type { Lineage, LineageStep } from '../artifacts/types.ts';
import { htmlText } from './html.ts';

const MAX_NODES = 30;
const DATA_X = 12;
const DATA_W = 250;
const STEP_X = 360;
const STEP_W = 330;
const NODE_H = 40;
const PITCH = 62;
const LEAK = '#cf222e';

function stepText(step: LineageStep): string {
  const parts = [step.name];
  if (step.kind !== 'other' && step.kind !== step.name) parts.push(step.kind);
  if (step.fitOn) parts.push(`fit on ${step.fitOn}`);
  return parts.join(' · ');
}

function shortVersion(version: string | undefined): string {
  if (!version) return 'unversioned';
  return version.length > 22 ? `${version.slice(0, 21)}…` : version;
}

export function lineageSvg(lineage: Lineage, leakingLines: ReadonlySet<number>): string | undefined {
  const datasets = lineage.datasets.slice(0, MAX_NODES);
  const steps = lineage.steps.slice(0, MAX_NODES);
  if (datasets.length === 0 && steps.length === 0) return undefined;
  const width = STEP_X + STEP_W + 12;
  const height = Math.max(datasets.length, steps.length) * PITCH + 12;
  const yOf = (i: number) => 8 + i * PITCH;
  const out: string[] = [];
  datasets.forEach((d, i) => {
    const y = yOf(i);
    out.push(`<rect x="${DATA_X}" y="${y}" width="${DATA_W}" height="${NODE_H}" rx="14" fill="#ddf4ff" stroke="#0969da"/>`);
    out.push(`<text x="${DATA_X + 12}" y="${y + 17}" class="t">${htmlText(d.name, 34)}</text>`);
    out.push(`<text x="${DATA_X + 12}" y="${y + 32}" class="n">${htmlText(shortVersion(d.version), 34)}</text>`);
    if (steps.length === 0) return;
    const consumer = Math.max(0, steps.findIndex((s) => s.inputs.includes(d.name)));
    const [x1, y1, x2, y2] = [DATA_X + DATA_W, y + NODE_H / 2, STEP_X - 4, yOf(consumer) + NODE_H / 2];
    out.push(`<path d="M${x1} ${y1} C${x1 + 50} ${y1} ${x2 - 50} ${y2} ${x2} ${y2}" fill="none" stroke="#57606a" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  });
  const leaks = (i: number) => leakingLines.has(steps[i]!.line);
  steps.forEach((s, i) => {
    const y = yOf(i);
    const leak = leaks(i);
    const fill = leak ? '#ffebe9' : s.kind === 'split' ? '#fff8c5' : '#f6f8fa';
    out.push(`<rect x="${STEP_X}" y="${y}" width="${STEP_W}" height="${NODE_H}" rx="4" fill="${fill}" stroke="${leak ? LEAK : '#8c959f'}" stroke-width="${leak ? 2.5 : 1}"/>`);
    out.push(`<text x="${STEP_X + 12}" y="${y + 25}" class="l">${htmlText(stepText(s), 46)}</text>`);
    if (i + 1 < steps.length) {
      // The edge out of a leaking step carries the leak on, as in the Mermaid chart.
      const red = leak || (i + 2 === steps.length && leaks(i + 1));
      const cx = STEP_X + STEP_W / 2;
      out.push(`<line x1="${cx}" y1="${y + NODE_H}" x2="${cx}" y2="${yOf(i + 1) - 3}" stroke="${red ? LEAK : '#57606a'}" stroke-width="${red ? 3 : 1.5}" marker-end="url(#${red ? 'arrow-leak' : 'arrow'})"/>`);
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Lineage: datasets feed the steps, in execution order">`,
    '<style>text{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;fill:#1f2328}.t{font-size:13px;font-weight:600}.l{font-size:12.5px}.n{font-size:11px;fill:#57606a}</style>',
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#57606a"/></marker>',
    `<marker id="arrow-leak" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${LEAK}"/></marker>`,
    '</defs>',
    ...out,
    '</svg>',
  ].join('\n');
}
