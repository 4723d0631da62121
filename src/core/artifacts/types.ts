// The internal, format-independent shapes every artifact parser produces and every rule reads.
// Each format (Hugging Face card, Model Card Toolkit JSON, DVC, OpenLineage, Optuna, W&B, ...)
// is mapped onto exactly one of ModelCard, Lineage or TuningLog, so rules never see a format.
//
// Every item a rule may report on carries `line` (1-based, in the file it came from), so a
// finding can always point at the line a reviewer must look at.

export type ArtifactKind = 'model-card' | 'lineage' | 'tuning-log';

export type ArtifactFormat =
  | 'hf-model-card'
  | 'mct-model-card'
  | 'modelgate-lineage'
  | 'dvc-pipeline'
  | 'dvc-lock'
  | 'dvc-pointer'
  | 'openlineage-event'
  | 'modelgate-tuning-jsonl'
  | 'optuna-journal'
  | 'optuna-trials-csv'
  | 'wandb-sweep'
  | 'nni-config'
  | 'nni-search-space'
  | 'nni-trials'
  | 'ray-tune-experiment-state'
  | 'unknown';

/** A stable, machine-readable reason for a parse error; tests assert on it. */
export type ParseErrorCode =
  | 'empty-file'
  | 'too-large'
  | 'binary'
  | 'lfs-pointer'
  | 'mlruns'
  | 'syntax'
  | 'duplicate-key'
  | 'alias-limit'
  | 'too-deep'
  | 'schema'
  | 'unknown-key'
  | 'unknown-format'
  | 'unreadable';

export interface ParseError {
  file: string;
  /** 1-based line; 1 when the whole file is at fault. */
  line: number;
  /** 1-based column, where known. */
  column?: number;
  code: ParseErrorCode;
  message: string;
  /**
   * `warn`: the file was read in full and nothing a rule needs is missing (an OpenLineage event
   * without its `schemaURL`); reported as a warning, never a refusal. Absent: an error.
   */
  severity?: 'warn';
}

/** What every parser returns. Parsers never throw on bad input: they return errors. */
export interface ParseResult<T> {
  format: ArtifactFormat;
  /** Present when the file could be read far enough to be useful, even with errors. */
  value?: T;
  errors: ParseError[];
}

/** Dotted path inside a document (`governance.evaluation.metrics.0.value`) -> 1-based line. */
export type Locations = Record<string, number>;

// ---------------------------------------------------------------------------------------------
// Model card

export interface Metric {
  /** As written, lower-cased and trimmed (`auc`, `accuracy`, `wer`). */
  name: string;
  value: number;
  /**
   * 95% confidence interval as written (`ci95: [lo, hi]`, MCT `confidence_interval`). For
   * `"0.861 ± 0.009"` the ± is read as a standard error (se = 0.009) and ci95 is derived as
   * value ± 1.96·se: the wider, fail-closed reading when the card does not say which it is.
   */
  ci95?: [number, number];
  /**
   * Standard deviation of the metric across the `n` evaluation examples (`std`): its standard
   * error is std/√n. Never a standard error itself; that is `se`.
   */
  std?: number;
  /** Standard error of the metric (`se`, or the ± half of `x ± y`): the interval is value ± z·se, no `n` needed. */
  se?: number;
  /** Sample size the metric was computed on. */
  n?: number;
  split?: string;
  dataset?: string;
  slice?: string;
  line: number;
}

export interface Baseline {
  name: string;
  version?: string;
  metrics: Metric[];
  line: number;
}

export interface EvaluationSlice {
  name: string;
  n?: number;
  metrics: Metric[];
  line: number;
}

export interface Ablation {
  change: string;
  delta: Record<string, number>;
  line: number;
}

export interface CardSection {
  /** Heading text without the leading #'s. */
  heading: string;
  level: number;
  /** Line of the heading (of its first line, for a setext heading). */
  line: number;
  /** Text up to the next heading of the same or a higher level (sub-sections included). */
  body: string;
  /**
   * Line of the body's first line (the line after the heading when the body is empty). Absent
   * when the body is not text of the file (Model Card Toolkit sections are synthesized).
   */
  bodyLine?: number;
}

/** One `model-index[].results[]` entry (HF) or one performance metric group (MCT). */
export interface EvalResult {
  task?: string;
  dataset?: { name?: string; type?: string; split?: string; config?: string; revision?: string };
  metrics: Metric[];
  line: number;
}

export type RiskTier = 'low' | 'medium' | 'high';

export interface Governance {
  model?: string;
  version?: string;
  owners: string[];
  riskTier?: RiskTier;
  intendedUse?: string;
  /** Extra globs (repository-relative) whose change counts as a model change. */
  paths: string[];
  /** Relative to the card, as written. */
  lineage?: string;
  tuningLog?: string;
  hyperparameters?: Record<string, unknown>;
  evaluation?: {
    split?: string;
    metrics: Metric[];
    baselines: Baseline[];
    slices: EvaluationSlice[];
    ablations: Ablation[];
    line: number;
  };
  monitoring?: {
    drift?: { method?: string; features: string[]; threshold?: number };
    performance?: { metric?: string; threshold?: number; window?: string };
    alert?: string;
    line: number;
  };
  retraining?: { trigger?: string; schedule?: string; line: number };
  fallback?: { strategy?: string; description?: string; line: number };
  retirement?: { criteria?: string; reviewBy?: string; line: number };
  explainability?: { method?: string; artifact?: string; line: number };
  /** Line of the `governance:` key. */
  line: number;
}

export interface ModelCard {
  format: 'hf-model-card' | 'mct-model-card';
  file: string;
  /** The raw front matter (HF) or JSON document (MCT). */
  metadata: Record<string, unknown>;
  name?: string;
  license?: string;
  datasets: string[];
  baseModel?: string;
  sections: CardSection[];
  /** HF `model-index` results, or MCT performance metrics. */
  results: EvalResult[];
  governance?: Governance;
  /** Paths inside `metadata` -> line. */
  locations: Locations;
  /** Line where the Markdown body starts (1 for MCT). */
  bodyLine: number;
  /**
   * Set when the card says something about its risk tier that could not be read: front matter
   * that does not parse, a `governance` that is not a mapping, a `risk_tier` (or a misspelling
   * of the key) without a valid tier. Its tier is then unknown, and the engine counts it as high.
   */
  riskTierUnreadable?: true;
  /**
   * Set when the front matter could not be read at all (a YAML error, a list instead of a
   * mapping, no closing `---`): `metadata` is then empty, and what it said is unknown. Rules
   * report nothing derived from it; the parse error is the finding (artifact-parseable).
   */
  metadataUnreadable?: true;
}

// ---------------------------------------------------------------------------------------------
// Lineage

export interface QualityAssertion {
  check: string;
  column?: string;
  result: 'pass' | 'fail' | 'unknown';
  line: number;
}

export interface LineageDataset {
  name: string;
  uri?: string;
  /** Content hash, DVC md5, snapshot id, table version: anything that pins the data. */
  version?: string;
  timeColumn?: string;
  /** Column(s) naming the entity a row belongs to (`customer_id`): rows of one entity must stay on one side of a split. */
  entityKey?: string[];
  qualityAssertions: QualityAssertion[];
  line: number;
}

export type SplitMethod = 'temporal' | 'random' | 'group' | 'stratified' | 'unknown';

export interface SplitPart {
  dataset?: string;
  /** [start, end] as ISO dates or other comparable strings. */
  range?: [string, string];
  /** Share of the rows in this part (0 < fraction <= 1), as a random split describes its parts. */
  fraction?: number;
  line: number;
}

export interface LineageSplits {
  method: SplitMethod;
  seed?: number;
  /** Column(s) a group split keeps together. */
  groupBy?: string[];
  train?: SplitPart;
  validation?: SplitPart;
  test?: SplitPart;
  line: number;
}

/**
 * normalize/standardize/impute/encode/target-encode/resample/oversample/select/pca are fitted
 * transforms; calibrate is fitted after the model, on rows it was not trained on (validation);
 * filter and deduplicate drop rows and learn nothing.
 */
export type StepKind =
  | 'split'
  | 'normalize'
  | 'standardize'
  | 'impute'
  | 'encode'
  | 'target-encode'
  | 'resample'
  | 'oversample'
  | 'select'
  | 'pca'
  | 'calibrate'
  | 'filter'
  | 'deduplicate'
  | 'train'
  | 'evaluate'
  | 'join'
  | 'load'
  | 'other';

export interface LineageStep {
  name: string;
  kind: StepKind;
  /** What a fitted step learns from: `train`, `train+validation`, `all`, ... as written, lower-cased. */
  fitOn?: string;
  inputs: string[];
  outputs: string[];
  line: number;
}

export interface Lineage {
  format: 'modelgate-lineage' | 'dvc-pipeline' | 'dvc-lock' | 'dvc-pointer' | 'openlineage-event';
  file: string;
  datasets: LineageDataset[];
  splits?: LineageSplits;
  /** In execution order. */
  steps: LineageStep[];
  /** DVC `params.yaml` values or other resolved parameters, flattened (`train.max_depth`). */
  params?: Record<string, unknown>;
  locations: Locations;
}

// ---------------------------------------------------------------------------------------------
// Tuning log

export type ObjectiveDirection = 'maximize' | 'minimize';

export interface SearchDimension {
  low?: number;
  high?: number;
  log?: boolean;
  step?: number;
  choices?: unknown[];
  /** A fixed value (W&B `value:`). */
  value?: unknown;
}

export interface TuningStudy {
  name?: string;
  /** random | grid | bayes | tpe | hyperband | ... as written, lower-cased. */
  method?: string;
  searchSpace: Record<string, SearchDimension>;
  seed?: number;
  objective?: { metric?: string; split?: string; direction?: ObjectiveDirection };
  budget?: { trials?: number };
  line: number;
}

export type TrialState = 'complete' | 'pruned' | 'fail' | 'running' | 'waiting' | 'unknown';

export interface TuningTrial {
  id: number | string;
  state: TrialState;
  seed?: number;
  params: Record<string, unknown>;
  /** Keys as `split/metric` when the split is known (`validation/auc`, `test/auc`), else the metric name. */
  metrics: Record<string, number>;
  /** The single objective value when the format records one (Optuna `value`, NNI `value`). */
  value?: number;
  line: number;
}

export interface TuningFinal {
  trial?: number | string;
  split?: string;
  metrics: Record<string, number>;
  line: number;
}

export interface TuningLog {
  format:
    | 'modelgate-tuning-jsonl'
    | 'optuna-journal'
    | 'optuna-trials-csv'
    | 'wandb-sweep'
    | 'nni-config'
    | 'nni-search-space'
    | 'nni-trials'
    | 'ray-tune-experiment-state';
  file: string;
  study: TuningStudy;
  trials: TuningTrial[];
  final?: TuningFinal;
  locations: Locations;
}
