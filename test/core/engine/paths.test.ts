import { describe, expect, it } from 'vitest';
import { deepestOwner, pathsUnder, resolveFrom } from '../../../src/core/engine/paths.ts';

describe('repository paths', () => {
  it.each([
    ['models/churn', 'lineage.yaml', 'models/churn/lineage.yaml'],
    ['models/churn', './tuning/trials.jsonl', 'models/churn/tuning/trials.jsonl'],
    ['models/churn', '../../data/lineage.yaml', 'data/lineage.yaml'],
    ['models/churn', '/dvc.yaml', 'dvc.yaml'],
    ['', 'lineage.yaml', 'lineage.yaml'],
    ['models/churn', '../../../etc/passwd', undefined],
    ['models/churn', 's3://bucket/lineage.yaml', undefined],
    ['models/churn', '  ', undefined],
  ])('resolveFrom(%j, %j) = %j', (dir, written, expected) => {
    expect(resolveFrom(dir, written)).toBe(expected);
  });

  it('deepestOwner picks the nearest model directory above a file, including the root', () => {
    const dirs = ['', 'models', 'models/churn'];
    expect(deepestOwner('models/churn/a/b.txt', dirs)).toBe('models/churn');
    expect(deepestOwner('models/churned/x', dirs)).toBe('models');
    expect(deepestOwner('README.md', dirs)).toBe('');
    expect(deepestOwner('src/x.py', ['models'])).toBeUndefined();
  });

  it('pathsUnder narrows a sorted list to one directory, by whole segments', () => {
    const sorted = ['src/churn.py', 'src/churn/a.py', 'src/churn/b/c.py', 'src/churnx/d.py', 'src/z.py'];
    expect(pathsUnder(sorted, 'src/churn')).toEqual(['src/churn/a.py', 'src/churn/b/c.py']);
    expect(pathsUnder(sorted, 'src/churn.py')).toEqual(['src/churn.py']);
    expect(pathsUnder(sorted, '')).toBe(sorted);
  });
});
