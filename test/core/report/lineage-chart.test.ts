// The lineage flowchart: datasets feed the step that reads them, steps run in order, and the
// edge out of a leaking step is drawn red (the edge into it when it is the last step).
import { describe, expect, it } from 'vitest';
import type { Lineage, LineageStep } from '../../../src/core/artifacts/types.ts';
import { lineageChart } from '../../../src/core/report/lineage-chart.ts';

const step = (name: string, kind: LineageStep['kind'], line: number, extra: Partial<LineageStep> = {}): LineageStep => ({ name, kind, inputs: [], outputs: [], line, ...extra });

function lineage(steps: LineageStep[]): Lineage {
  return {
    format: 'modelgate-lineage',
    file: 'models/x/lineage.yaml',
    datasets: [{ name: 'tx', version: 'sha256:9f2c4e1d0a7b3c5d', qualityAssertions: [], line: 3 }],
    steps,
    locations: {},
  };
}

describe('lineageChart', () => {
  it('draws the edge out of a step fitted before the split in red', () => {
    const chart = lineageChart(lineage([step('scale', 'normalize', 10, { fitOn: 'all', inputs: ['tx'] }), step('split', 'split', 11), step('fit', 'train', 12, { fitOn: 'train' })]), new Set([10]));
    expect(chart).toEqual({
      summary: 'Lineage (the red edge leaks)',
      mermaid: [
        '```mermaid',
        'flowchart LR',
        '  d1[("tx · sha256:9f2c4e1d…")]',
        '  s1["scale · normalize · fit on all"]',
        '  s2{{"split"}}',
        '  s3["fit · train · fit on train"]',
        '  d1 --> s1',
        '  s1 --> s2',
        '  s2 --> s3',
        '  linkStyle 1 stroke:#d1242f,stroke-width:3px',
        '```',
      ].join('\n'),
    });
  });

  it('a leaking last step colours the edge into it', () => {
    const chart = lineageChart(lineage([step('split', 'split', 10), step('select', 'select', 11, { fitOn: 'test' })]), new Set([11]))!;
    expect(chart.mermaid).toContain('  s1 --> s2\n  linkStyle 1 stroke:#d1242f,stroke-width:3px');
  });

  it('no leak: a plain title and no red edge; nothing to draw: undefined', () => {
    const chart = lineageChart(lineage([step('split', 'split', 10), step('fit', 'train', 11)]), new Set())!;
    expect(chart.summary).toBe('Lineage');
    expect(chart.mermaid).not.toContain('linkStyle');
    expect(lineageChart({ ...lineage([]), datasets: [] }, new Set())).toBeUndefined();
  });
});
