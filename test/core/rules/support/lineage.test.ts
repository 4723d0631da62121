import { describe, expect, it } from 'vitest';
import type { Lineage, LineageDataset } from '../../../../src/core/artifacts/types.ts';
import { compareBounds, heldOutIn, inputDatasets, joinPath, partDataset, rangesOverlap } from '../../../../src/core/rules/support/lineage.ts';

const dataset = (name: string, extra: Partial<LineageDataset> = {}): LineageDataset => ({ name, qualityAssertions: [], line: 1, ...extra });
const doc = (file: string, datasets: LineageDataset[], outputs: string[] = [], format: Lineage['format'] = 'modelgate-lineage'): Lineage => ({
  format,
  file,
  datasets,
  steps: outputs.length ? [{ name: 'prep', kind: 'other', inputs: [], outputs, line: 1 }] : [],
  locations: {},
});

describe('heldOutIn', () => {
  it.each([
    ['train', undefined],
    ['training', undefined],
    ['train_rows', undefined],
    ['train+validation', 'validation'],
    ['train,val', 'validation'],
    ['trainval', 'validation'],
    ['dev', 'validation'],
    ['all', 'test'],
    ['full dataset', 'test'],
    ['train+test', 'test'],
    ['*', 'test'],
    ['ALL ROWS', 'test'],
    ['held-out', 'test'],
    ['train+holdout', 'test'],
    ['out-of-time', 'test'],
    ['all_train', undefined],
    ['full training set', undefined],
    ['all train and test', 'test'],
  ] as const)('%s -> %s', (fitOn, expected) => {
    expect(heldOutIn(fitOn)).toBe(expected);
  });
});

describe('compareBounds and rangesOverlap', () => {
  it('orders ISO dates as text and numbers numerically', () => {
    expect(compareBounds('2024-06-30', '2024-07-01')).toBeLessThan(0);
    expect(compareBounds('9', '10')).toBeLessThan(0);
    expect(compareBounds('2024-01-01', '2024-01-01')).toBe(0);
    // Unpadded or slashed dates compare as the dates they are, not as text.
    expect(compareBounds('2024-6-30', '2024-07-01')).toBeLessThan(0);
    expect(compareBounds('2024/12/31', '2025-01-01')).toBeLessThan(0);
  });
  it('treats ranges as inclusive', () => {
    expect(rangesOverlap(['2023-01-01', '2024-06-30'], ['2024-07-01', '2024-08-31'])).toBe(false);
    expect(rangesOverlap(['2023-01-01', '2024-07-01'], ['2024-07-01', '2024-08-31'])).toBe(true);
    expect(rangesOverlap(['2024-09-01', '2024-10-31'], ['2023-01-01', '2025-01-01'])).toBe(true);
    expect(rangesOverlap(['1', '9'], ['10', '20'])).toBe(false);
  });
});

describe('partDataset', () => {
  it('falls back to the training dataset for parts that name none', () => {
    const splits = { method: 'temporal' as const, train: { dataset: 'tx', line: 2 }, test: { line: 3 }, line: 1 };
    expect(partDataset(splits, 'test')).toBe('tx');
    expect(partDataset({ ...splits, test: { dataset: 'tx-2025', line: 3 } }, 'test')).toBe('tx-2025');
  });
});

describe('inputDatasets', () => {
  it('merges mentions by name or uri across documents and leaves derived datasets out', () => {
    const yaml = doc('dvc.yaml', [dataset('data/raw.csv'), dataset('data/features.csv')], ['data/features.csv']);
    const lock = doc('dvc.lock', [dataset('raw', { uri: 'data/raw.csv', version: 'md5:1' })]);
    const inputs = inputDatasets([yaml, lock]);
    expect(inputs.map((i) => [i.doc.file, i.dataset.name, i.mentions.length])).toEqual([['dvc.yaml', 'data/raw.csv', 2]]);
  });
});

describe('DVC paths', () => {
  it('joins and normalises relative paths', () => {
    expect(joinPath('models/churn/data', 'x.csv')).toBe('models/churn/data/x.csv');
    expect(joinPath('models/churn', './data/../raw/x.csv')).toBe('models/churn/raw/x.csv');
    expect(joinPath('', 'x.csv')).toBe('x.csv');
  });
  it('knows a .dvc pointer and a dvc.yaml dep as the same file, and dvc.yaml outputs as derived', () => {
    const pipeline = doc('m/dvc.yaml', [dataset('data/raw.csv'), dataset('data/split/train.csv')], ['data/split/train.csv'], 'dvc-pipeline');
    const pointer = doc('m/data/raw.csv.dvc', [dataset('raw.csv', { version: 'md5:1' })], [], 'dvc-pointer');
    const inputs = inputDatasets([pipeline, pointer]);
    expect(inputs.map((i) => [i.doc.file, i.dataset.name, i.mentions.map((m) => m.name)])).toEqual([['m/dvc.yaml', 'data/raw.csv', ['data/raw.csv', 'raw.csv']]]);
  });
});
