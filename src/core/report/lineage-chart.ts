// The lineage of one model as a Mermaid flowchart: datasets -> steps in execution order, with
// the edges out of a leaking step drawn in red, so a reviewer sees where test rows get in.
import type { Lineage, LineageStep } from '../artifacts/types.ts';
import { fencedBlock, mermaidLabel } from './escape.ts';

const LEAK_STYLE = 'stroke:#d1242f,stroke-width:3px';
const MAX_NODES = 30;

export interface LineageChart {
  summary: string;
  mermaid: string;
}

function shortVersion(version: string | undefined): string {
  if (!version) return 'unversioned';
  return version.length > 16 ? `${version.slice(0, 15)}…` : version;
}

function stepLabel(step: LineageStep): string {
  const parts = [step.name];
  if (step.kind !== 'other' && step.kind !== step.name) parts.push(step.kind);
  if (step.fitOn) parts.push(`fit on ${step.fitOn}`);
  return parts.join(' · ');
}

/**
 * `leakingLines` are the lines (in `lineage.file`) of steps a rule reported as leaking.
 * Returns undefined when there is nothing worth drawing.
 */
export function lineageChart(lineage: Lineage, leakingLines: ReadonlySet<number>): LineageChart | undefined {
  const datasets = lineage.datasets.slice(0, MAX_NODES);
  const steps = lineage.steps.slice(0, MAX_NODES);
  if (steps.length === 0 && datasets.length === 0) return undefined;

  const lines = ['flowchart LR'];
  const edges: { from: string; to: string; leak: boolean }[] = [];
  datasets.forEach((d, i) => lines.push(`  d${i + 1}[("${mermaidLabel(`${d.name} · ${shortVersion(d.version)}`)}")]`));
  steps.forEach((s, i) => {
    const label = mermaidLabel(stepLabel(s));
    lines.push(s.kind === 'split' ? `  s${i + 1}{{"${label}"}}` : `  s${i + 1}["${label}"]`);
  });

  // Datasets feed the first step that names them as an input, else the first step.
  datasets.forEach((d, i) => {
    if (steps.length === 0) return;
    const consumer = steps.findIndex((s) => s.inputs.includes(d.name));
    edges.push({ from: `d${i + 1}`, to: `s${(consumer >= 0 ? consumer : 0) + 1}`, leak: false });
  });
  // The edge out of a leaking step carries the leak onward; a leaking last step has none, so
  // the edge into it is drawn instead.
  const leaks = (i: number) => leakingLines.has(steps[i]!.line);
  for (let i = 0; i + 1 < steps.length; i++) {
    edges.push({ from: `s${i + 1}`, to: `s${i + 2}`, leak: leaks(i) || (i + 2 === steps.length && leaks(i + 1)) });
  }
  for (const e of edges) lines.push(`  ${e.from} --> ${e.to}`);
  edges.forEach((e, index) => {
    if (e.leak) lines.push(`  linkStyle ${index} ${LEAK_STYLE}`);
  });
  return {
    summary: edges.some((e) => e.leak) ? 'Lineage (the red edge leaks)' : 'Lineage',
    mermaid: fencedBlock(lines.join('\n'), 'mermaid'),
  };
}
