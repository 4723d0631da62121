import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../../../src/core/artifacts/types.ts';
import { governanceKeyLine, governanceLine, lineAt, relativeToDir } from '../../../../src/core/rules/support/locate.ts';

describe('locate', () => {
  const card = { governance: { line: 8 }, locations: { 'governance.lineage': 12 } } as unknown as ModelCard;
  it('uses the exact key, else the fallback', () => {
    expect(lineAt({ a: 3 }, 'a', 1)).toBe(3);
    expect(lineAt({ a: 3 }, 'a.b', 7)).toBe(7);
    expect(governanceKeyLine(card, 'lineage')).toBe(12);
    expect(governanceKeyLine(card, 'tuning_log')).toBe(8);
    expect(governanceLine({ locations: {} } as unknown as ModelCard)).toBe(1);
  });
  it('shows artifact paths relative to the model directory', () => {
    expect(relativeToDir('models/churn', 'models/churn/tuning/trials.jsonl')).toBe('tuning/trials.jsonl');
    expect(relativeToDir('', 'lineage.yaml')).toBe('lineage.yaml');
    expect(relativeToDir('models/churn', 'dvc.yaml')).toBe('dvc.yaml');
  });
});
