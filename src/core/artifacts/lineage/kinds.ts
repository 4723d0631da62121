// Step kinds: how a written kind (lineage.yaml) or a stage/job name (DVC, OpenLineage) becomes a
// StepKind. Leakage rules treat normalize/standardize/impute/encode/target-encode/resample/
// oversample/select/pca as *fitted* transforms, so a name is only read as one of those when it says
// so plainly: `featurize`, `preprocess` or `prepare` stay `other` (they may or may not fit anything,
// and a false "fitted before split" finding is worse than none for a step we cannot see into).
import type { StepKind } from '../types.ts';

/** Every spelling lineage.yaml accepts for `kind`, and the StepKind it means. */
export const WRITTEN_STEP_KINDS = {
  split: 'split',
  'train-test-split': 'split',
  normalize: 'normalize',
  normalise: 'normalize',
  scale: 'normalize',
  'min-max-scale': 'normalize',
  'min-max': 'normalize',
  minmax: 'normalize',
  'min-max-scaler': 'normalize',
  minmaxscaler: 'normalize',
  normalization: 'normalize',
  normalisation: 'normalize',
  scaling: 'normalize',
  standardize: 'standardize',
  standardise: 'standardize',
  standardization: 'standardize',
  standardisation: 'standardize',
  'standard-scaler': 'standardize',
  standardscaler: 'standardize',
  impute: 'impute',
  imputation: 'impute',
  encode: 'encode',
  'one-hot-encode': 'encode',
  'one-hot': 'encode',
  onehot: 'encode',
  'one-hot-encoding': 'encode',
  encoding: 'encode',
  'target-encode': 'target-encode',
  'target-encoding': 'target-encode',
  resample: 'resample',
  undersample: 'resample',
  undersampling: 'resample',
  resampling: 'resample',
  oversample: 'oversample',
  smote: 'oversample',
  oversampling: 'oversample',
  select: 'select',
  'feature-selection': 'select',
  'feature-select': 'select',
  'select-k-best': 'select',
  selectkbest: 'select',
  pca: 'pca',
  calibrate: 'calibrate',
  calibration: 'calibrate',
  calibrator: 'calibrate',
  'platt-scaling': 'calibrate',
  'isotonic-calibration': 'calibrate',
  'temperature-scaling': 'calibrate',
  filter: 'filter',
  filtering: 'filter',
  deduplicate: 'deduplicate',
  dedupe: 'deduplicate',
  dedup: 'deduplicate',
  deduplication: 'deduplicate',
  'drop-duplicates': 'deduplicate',
  train: 'train',
  fit: 'train',
  evaluate: 'evaluate',
  eval: 'evaluate',
  join: 'join',
  merge: 'join',
  load: 'load',
  ingest: 'load',
  other: 'other',
} as const satisfies Record<string, StepKind>;

export type WrittenStepKind = keyof typeof WRITTEN_STEP_KINDS;

/** How an error message names the accepted kinds without listing every spelling. */
export const STEP_KINDS_TEXT =
  'a step kind (split, normalize, standardize, impute, encode, target-encode, resample, oversample, select, pca, calibrate, filter, deduplicate, train, evaluate, join, load or other; synonyms such as scale, smote, dedupe and fit are accepted)';

/** `Target_Encode`, `target encode` -> `target-encode`: case and separators are not meaningful. */
export function canonicalKindSpelling(written: string): string {
  return written.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

export function writtenStepKind(written: string): StepKind | undefined {
  const key = canonicalKindSpelling(written);
  return Object.hasOwn(WRITTEN_STEP_KINDS, key) ? WRITTEN_STEP_KINDS[key as WrittenStepKind] : undefined;
}

/** `trainModel`, `data_split`, `StandardScaler` -> lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

type Test = (w: Set<string>) => boolean;
const any = (...names: string[]): Test => (w) => names.some((n) => w.has(n));
const all = (...tests: Test[]): Test => (w) => tests.every((t) => t(w));

// Checked in order: the first match wins. `split` comes first so `train_test_split` is a split,
// fitted transforms come before `train` so `fit_scaler` is a normalize step, not training, and
// calibration before scaling so `temperature_scaling` and `fit_calibrator` are calibrate steps.
const NAME_RULES: [StepKind, Test][] = [
  ['split', any('split', 'splits', 'splitting')],
  ['calibrate', (w) => any('calibrate', 'calibration', 'calibrator', 'platt', 'isotonic')(w) || (w.has('temperature') && any('scale', 'scaling')(w))],
  ['target-encode', all(any('target'), any('encode', 'encoding', 'encoder'))],
  ['encode', any('encode', 'encoding', 'encoder', 'onehot')],
  ['impute', any('impute', 'imputation', 'imputer')],
  ['standardize', (w) => any('standardize', 'standardise', 'standardization', 'standardisation')(w) || (w.has('standard') && w.has('scaler'))],
  ['normalize', any('normalize', 'normalise', 'normalization', 'normalisation', 'normalizer', 'scale', 'scaling', 'scaler', 'minmax')],
  ['oversample', any('smote', 'adasyn', 'oversample', 'oversampling')],
  ['resample', any('resample', 'resampling', 'undersample', 'undersampling')],
  // "select" alone is usually column selection (nothing fitted); feature selection says so.
  ['select', (w) => any('selectkbest', 'rfe')(w) || (any('feature', 'features')(w) && any('select', 'selection')(w))],
  ['pca', any('pca')],
  ['deduplicate', any('dedup', 'dedupe', 'deduplicate', 'deduplication', 'duplicates')],
  ['filter', any('filter', 'filtering')],
  ['train', any('train', 'training', 'fit', 'fitting')],
  ['evaluate', any('eval', 'evaluate', 'evaluation', 'evaluating')],
  ['join', any('join', 'merge')],
  ['load', any('load', 'ingest', 'ingestion', 'download', 'fetch')],
];

function kindFromWords(w: string[]): StepKind {
  const set = new Set(w);
  for (const [kind, test] of NAME_RULES) if (test(set)) return kind;
  return 'other';
}

/** Script or module names a command runs (`python stages/train.py`, `python -m pkg.evaluate`). */
function scriptNames(cmd: string | string[] | undefined): string[] {
  const commands = cmd === undefined ? [] : Array.isArray(cmd) ? cmd : [cmd];
  const names: string[] = [];
  for (const c of commands) {
    for (const m of c.matchAll(/([\w./-]+)\.(?:py|r|ipynb|sh|jl)\b/gi)) names.push(m[1]!.split('/').pop()!);
    for (const m of c.matchAll(/(?:^|\s)-m\s+([\w.]+)/g)) names.push(m[1]!.split('.').pop()!);
  }
  return names;
}

/** Kind of a DVC stage or an OpenLineage job from its name, else from the scripts its command runs. */
export function inferStepKind(name: string, cmd?: string | string[]): StepKind {
  const fromName = kindFromWords(words(name));
  if (fromName !== 'other') return fromName;
  for (const script of scriptNames(cmd)) {
    const kind = kindFromWords(words(script));
    if (kind !== 'other') return kind;
  }
  return 'other';
}
