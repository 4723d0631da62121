// Lineage facts the leakage and audit rules share: which steps learn from data, what a
// `fit_on` value lets them see, how split ranges compare, and which datasets are inputs.
import type { Lineage, LineageDataset, LineageSplits, LineageStep, SplitPart, StepKind } from '../../artifacts/types.ts';
import { lineAt } from './locate.ts';

/** Steps that learn parameters from the rows they see; fitted on held-out rows, they leak them. */
export const FITTED_STEP_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'normalize', 'standardize', 'impute', 'encode', 'target-encode', 'resample', 'oversample', 'select', 'pca',
]);

// Words in `fit_on` that mean "more than the training rows". `data`/`dataset` alone are read as
// everything: "fit on the dataset" is exactly the leak this rule exists for.
const TEST_WORDS = new Set(['test', 'testing', 'holdout', 'heldout', 'oot', 'all', 'full', 'everything', 'entire', 'whole', 'data', 'dataset', 'rows', '*']);
const VALIDATION_WORDS = new Set(['validation', 'valid', 'val', 'dev', 'development', 'trainval', 'eval']);
// Next to `train`, these say how much of it, not which other split: `all_train`, `full training set`.
const TRAIN_QUANTIFIERS = new Set(['all', 'full', 'entire', 'whole', 'data', 'dataset', 'rows']);

export type HeldOut = 'test' | 'validation';

/**
 * The held-out data a `fit_on` value includes: `test` when it reaches test rows (`all`, `test`,
 * `held-out`, `full dataset`), `validation` when only validation rows, undefined for training
 * rows only (`train`, `train_rows`, `all_train`, `full training set`).
 */
export function heldOutIn(fitOn: string): HeldOut | undefined {
  const joined = fitOn
    .toLowerCase()
    .replace(/\b(hold|held)[\s_-]+out\b/g, 'holdout')
    .replace(/\bout[\s_-]+of[\s_-]+time\b/g, 'oot');
  const words = joined.split(/[^a-z0-9*]+/).filter(Boolean);
  const namesTrain = words.some((w) => w === 'train' || w === 'training');
  if (words.some((w) => TEST_WORDS.has(w) && !(namesTrain && TRAIN_QUANTIFIERS.has(w)))) return 'test';
  if (words.some((w) => VALIDATION_WORDS.has(w))) return 'validation';
  return undefined;
}

/** `./data/x/` -> `data/x`: how step inputs and outputs are compared. */
function dataPath(path: string): string {
  return path.trim().replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** An output feeds an input when they name the same path, or one is a directory holding the other. */
function feeds(output: string, input: string): boolean {
  const o = dataPath(output);
  const i = dataPath(input);
  return o !== '' && i !== '' && (o === i || i.startsWith(`${o}/`) || o.startsWith(`${i}/`));
}

/** True when step `from` reaches step `to` through outputs feeding inputs (DVC deps/outs, manifest inputs/outputs). */
function reaches(steps: readonly LineageStep[], from: number, to: number): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const at = steps[queue.shift()!]!;
    for (let next = 0; next < steps.length; next++) {
      if (seen.has(next) || !at.outputs.some((o) => steps[next]!.inputs.some((i) => feeds(o, i)))) continue;
      if (next === to) return true;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

/**
 * Whether step `index` runs before step `other`. The data flow decides when it links them: DVC
 * lists stages in any order and runs them by their deps and outs. Otherwise the list order
 * does, which a manifest's `steps` are written in.
 */
export function runsBefore(steps: readonly LineageStep[], index: number, other: number): boolean {
  if (reaches(steps, index, other)) return true;
  if (reaches(steps, other, index)) return false;
  return index < other;
}

/** `2024-6-30`, `2024/06/30` -> `2024-06-30`, so dates written loosely still sort as text. */
function paddedDate(bound: string): string {
  return bound.trim().replace(/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
}

/** Orders two range bounds: numerically when both are numbers, else as text (ISO dates sort as text). */
export function compareBounds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  const p = paddedDate(a);
  const q = paddedDate(b);
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Inclusive ranges share at least one point. */
export function rangesOverlap(a: readonly [string, string], b: readonly [string, string]): boolean {
  return compareBounds(a[0], b[1]) <= 0 && compareBounds(b[0], a[1]) <= 0;
}

export type SplitPartName = 'train' | 'validation' | 'test';

type RangedPart = SplitPart & { range: [string, string] };

/**
 * The test part's range overlaps the train part's on the same dataset: test rows were trained on.
 * One defect that two rules could see (issue 11: one finding per root cause): it is
 * evaluation-test-set-isolated's, whose subject is exactly this (grade-your-own-exam), and
 * lineage-temporal-split, which compares the same ranges for their order, leaves it to that rule.
 */
export function trainTestOverlap(splits: LineageSplits): { train: RangedPart; test: RangedPart; dataset: string } | undefined {
  const { train, test } = splits;
  if (!train?.range || !test?.range || !rangesOverlap(train.range, test.range)) return undefined;
  const dataset = partDataset(splits, 'test');
  if (dataset === undefined || dataset !== partDataset(splits, 'train')) return undefined;
  return { train: train as RangedPart, test: test as RangedPart, dataset };
}

/**
 * A split that deals rows to train and test at random (stratification only balances the labels):
 * it ignores time and entities, so time-stamped data leaks the future and one entity's rows land
 * on both sides (lineage-temporal-split, lineage-group-split).
 */
export function splitsRowsAtRandom(splits: LineageSplits): boolean {
  return splits.method === 'random' || splits.method === 'stratified';
}

/** The dataset a split part draws from: its own, else the training part's (parts without one share it). */
export function partDataset(splits: LineageSplits, part: SplitPartName): string | undefined {
  return splits[part]?.dataset ?? splits.train?.dataset;
}

/** Line of a part's `range:`, else of the part itself. */
export function rangeLine(lineage: Lineage, part: SplitPartName, splitPart: SplitPart): number {
  return lineAt(lineage.locations, `splits.${part}.range`, splitPart.line);
}

/** Names of datasets some step writes: derived data, versioned by the pipeline that made it. */
export function derivedDatasets(docs: readonly Lineage[]): Set<string> {
  return new Set(docs.flatMap((d) => d.steps.flatMap((s) => s.outputs.flatMap((o) => datasetKeys(d, { name: o, qualityAssertions: [], line: s.line })))));
}

// DVC names data by path relative to the file that mentions it: `data/x.csv` in dvc.yaml and
// `x.csv` in data/x.csv.dvc are the same file.
const PATH_NAMED: ReadonlySet<Lineage['format']> = new Set<Lineage['format']>(['dvc-pipeline', 'dvc-lock', 'dvc-pointer']);

/** `dir/a/../b.csv` -> `dir/b.csv`, POSIX separators, no leading `./`. */
export function joinPath(dir: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${dir}/${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Keys a dataset is known by across documents: its name, its uri, and for DVC its repository path. */
export function datasetKeys(doc: Lineage, dataset: LineageDataset): string[] {
  const keys = [dataset.name];
  if (dataset.uri && dataset.uri !== dataset.name) keys.push(dataset.uri);
  // A lineage.yaml beside dvc.yaml names DVC's files by the same relative paths (`data/x.csv`).
  const pathLike = PATH_NAMED.has(doc.format) || (doc.format === 'modelgate-lineage' && dataset.name.includes('/'));
  if (pathLike && !isUri(dataset.name)) keys.push(joinPath(dirOfDoc(doc), dataset.name));
  return keys;
}

const isUri = (name: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(name);
const dirOfDoc = (doc: Lineage) => doc.file.split('/').slice(0, -1).join('/');

/** How a lineage document is written, for advice in its own terms (DVC has no key for assertions). */
export type LineageDialect = 'manifest' | 'dvc' | 'openlineage';

export function lineageDialect(doc: Lineage): LineageDialect {
  return PATH_NAMED.has(doc.format) ? 'dvc' : doc.format === 'openlineage-event' ? 'openlineage' : 'manifest';
}

/** Repository path of a dataset DVC names by path (`models/churn/data/x.csv`), else undefined. */
export function datasetRepoPath(doc: Lineage, dataset: LineageDataset): string | undefined {
  return PATH_NAMED.has(doc.format) && !isUri(dataset.name) ? joinPath(dirOfDoc(doc), dataset.name) : undefined;
}

export interface InputDataset {
  /** The document and entry of its first mention: where a finding about it points. */
  doc: Lineage;
  dataset: LineageDataset;
  /** Every mention across documents (dvc.yaml and dvc.lock both list a dep). */
  mentions: LineageDataset[];
}

/** Input datasets of all documents (derived ones left out), each once, in order of first mention. */
export function inputDatasets(docs: readonly Lineage[]): InputDataset[] {
  const derived = derivedDatasets(docs);
  const inputs: (InputDataset & { keys: Set<string> })[] = [];
  for (const doc of docs) {
    for (const dataset of doc.datasets) {
      const keys = datasetKeys(doc, dataset);
      if (keys.some((k) => derived.has(k))) continue;
      // A mention may join inputs known apart so far (a pointer's file name and a manifest's path
      // meet in dvc.yaml's path): they are one input, first mentioned where the earliest was.
      const [known, ...joined] = inputs.filter((i) => keys.some((k) => i.keys.has(k)));
      if (known) {
        for (const other of joined) {
          known.mentions.push(...other.mentions);
          for (const k of other.keys) known.keys.add(k);
          inputs.splice(inputs.indexOf(other), 1);
        }
        known.mentions.push(dataset);
        for (const k of keys) known.keys.add(k);
      } else inputs.push({ doc, dataset, mentions: [dataset], keys: new Set(keys) });
    }
  }
  return inputs.map(({ doc, dataset, mentions }) => ({ doc, dataset, mentions }));
}
