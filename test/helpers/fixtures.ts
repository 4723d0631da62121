// Fixture builders, one per artifact kind: tests describe artifacts as JS objects and get the
// file text a user would commit. The defaults are one complete, clean model (DESIGN §2) on
// which no rule fires, so a test states only the one thing it breaks.
//
// Overrides deep-merge over the defaults: objects merge key by key, arrays and scalars replace,
// and `null` at a key deletes it (`governance: { fallback: null }` = a card with no fallback).
import { stringify } from 'yaml';

export type Overrides = { [key: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where `null` deletes; returns a new object, never mutates its inputs. */
export function deepMerge<T extends Record<string, unknown>>(base: T, override: Overrides | undefined): T {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value === null) delete out[key];
    else if (value === undefined) continue;
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = structuredClone(value);
  }
  return out as T;
}

/** YAML text of an object, as a person would write it (no line folding, so lines stay stable). */
export function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

// ---------------------------------------------------------------------------------------------
// Model card

/** The shipped hyperparameters: equal to the best trial's params in the default tuning log. */
export const BEST_PARAMS = { learning_rate: 0.05, max_depth: 6 } as const;

export function defaultFrontMatter(): Record<string, unknown> {
  return {
    license: 'apache-2.0',
    library_name: 'xgboost',
    tags: ['tabular-classification', 'churn'],
    datasets: ['acme/retail-transactions'],
    metrics: ['auc'],
  };
}

/**
 * A complete governance block. Numbers are chosen so every evaluation rule passes: the gain over
 * production (0.861 vs 0.835) is well outside the CI, no slice is far below overall, the
 * hyperparameters equal the best trial of `defaultTuningRecords()`.
 */
export function defaultGovernance(): Record<string, unknown> {
  return {
    model: 'churn-classifier',
    version: '2.3.0',
    owners: ['@acme/risk-ml'],
    risk_tier: 'high',
    intended_use: 'Score retail churn risk for retention offers.',
    paths: ['src/churn/**'],
    lineage: 'lineage.yaml',
    tuning_log: 'tuning/trials.jsonl',
    hyperparameters: { ...BEST_PARAMS },
    evaluation: {
      split: 'test',
      metrics: [{ name: 'auc', value: 0.861, ci95: [0.852, 0.87], n: 12000 }],
      baselines: [
        { name: 'logistic-regression', metrics: { auc: 0.781 } },
        { name: 'production', version: '2.2.0', metrics: { auc: 0.835 } },
      ],
      slices: [
        { name: 'region=EU', metrics: { auc: 0.855 }, n: 3100 },
        { name: 'region=US', metrics: { auc: 0.864 }, n: 6400 },
        { name: 'age>=65', metrics: { auc: 0.858 }, n: 1900 },
      ],
      ablations: [{ change: 'tenure features', delta: { auc: 0.012 } }],
    },
    monitoring: {
      drift: { method: 'psi', features: ['tenure', 'balance'], threshold: 0.2 },
      performance: { metric: 'auc', threshold: 0.82, window: '7d' },
      alert: '#risk-ml-oncall',
    },
    retraining: { trigger: 'drift', schedule: 'monthly' },
    fallback: { strategy: 'previous-version', description: 'Roll back to 2.2.0 via the registry alias.' },
    retirement: { criteria: 'AUC < 0.80 for 30 days', review_by: '2027-06-01' },
    explainability: { method: 'shap', artifact: 'reports/shap_summary.png' },
  };
}

export const DEFAULT_CARD_BODY = `# churn-classifier

Gradient-boosted trees that score the probability that a retail customer closes their
account within 90 days.

## Intended use

Rank existing retail customers by churn risk so the retention team can prioritise offers.
Scores support a human decision; they are not used to deny service or change prices.

## Limitations

Trained on customers with at least three months of history; scores for newer customers are
less reliable. Performance degrades when product mix changes, which monitoring watches for.

## Training data

Retail transactions from January 2023 to June 2024, pinned by content hash in lineage.yaml.
Validation and test periods follow the training period in time, so no future data leaks in.

## Evaluation

AUC 0.861 (95% CI 0.852–0.870, n = 12,000) on the held-out test period, against 0.835 for
the production model 2.2.0 and 0.781 for a logistic-regression baseline.

## Ethical considerations

Protected attributes are not model inputs. Slice metrics by region are reviewed before each
release to catch groups the model serves worse.
`;

export interface CardParts {
  /** Merged over `defaultFrontMatter()`. */
  frontMatter?: Overrides;
  /** Merged over `defaultGovernance()`; `null` removes the whole `governance:` block. */
  governance?: Overrides | null;
  /** Replaces the Markdown body. */
  body?: string;
}

/** Text of a Hugging Face `MODEL_CARD.md`: YAML front matter (with `governance:`) and a body. */
export function cardText(parts: CardParts = {}): string {
  const front = deepMerge(defaultFrontMatter(), parts.frontMatter);
  if (parts.governance !== null) front.governance = deepMerge(defaultGovernance(), parts.governance);
  return `---\n${yamlText(front)}---\n\n${parts.body ?? DEFAULT_CARD_BODY}`;
}

// ---------------------------------------------------------------------------------------------
// Lineage

export function defaultLineage(): Record<string, unknown> {
  return {
    version: 1,
    datasets: [
      {
        name: 'transactions',
        uri: 's3://acme-data/tx/',
        version: 'sha256:9f2c4b7e1d0a8c3f5e6b2a9d7c4e1f0a3b5d8c2e6f9a1b4c7d0e3f6a9b2c5d8e',
        time_column: 'event_time',
        quality_assertions: [
          { check: 'not_null', column: 'amount', result: 'pass' },
          { check: 'row_count >= 1000000', result: 'pass', observed: 1203311 },
        ],
      },
    ],
    splits: {
      method: 'temporal',
      seed: 42,
      train: { dataset: 'transactions', range: ['2023-01-01', '2024-06-30'] },
      validation: { range: ['2024-07-01', '2024-08-31'] },
      test: { range: ['2024-09-01', '2024-10-31'] },
    },
    steps: [
      { name: 'split', kind: 'split' },
      { name: 'scale', kind: 'normalize', fit_on: 'train' },
      { name: 'fit', kind: 'train', fit_on: 'train' },
    ],
  };
}

/** Text of a modelgate `lineage.yaml`; the manifest is merged over `defaultLineage()`. */
export function lineageText(manifest?: Overrides): string {
  return yamlText(deepMerge(defaultLineage(), manifest));
}

// ---------------------------------------------------------------------------------------------
// Tuning log

export type TuningRecord = Record<string, unknown>;

/** A random search with a seed; trial 3 is best on validation and matches `BEST_PARAMS`. */
export function defaultTuningRecords(): TuningRecord[] {
  const trial = (id: number, learning_rate: number, max_depth: number, auc: number): TuningRecord => ({
    type: 'trial',
    id,
    state: 'complete',
    seed: 1234 + id,
    params: { learning_rate, max_depth },
    metrics: { 'validation/auc': auc },
  });
  return [
    {
      type: 'study',
      method: 'random',
      seed: 1234,
      search_space: {
        learning_rate: { low: 0.0001, high: 0.1, log: true },
        max_depth: { low: 2, high: 10, step: 1 },
      },
      objective: { metric: 'auc', split: 'validation', direction: 'maximize' },
      budget: { trials: 5 },
    },
    trial(0, 0.01, 4, 0.831),
    trial(1, 0.1, 8, 0.842),
    trial(2, 0.002, 3, 0.812),
    trial(3, BEST_PARAMS.learning_rate, BEST_PARAMS.max_depth, 0.858),
    trial(4, 0.03, 10, 0.849),
    { type: 'final', trial: 3, split: 'test', metrics: { 'test/auc': 0.861 } },
  ];
}

/** Text of a modelgate tuning JSONL log: one record a line; `records` replace the default log. */
export function tuningJsonl(records: TuningRecord[] = defaultTuningRecords()): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// A whole model

export interface ModelOverrides {
  card?: CardParts;
  /** Merged over the default manifest; `null` = no lineage.yaml. */
  lineage?: Overrides | null;
  /** Replaces the default log; `null` = no tuning log file. */
  tuning?: TuningRecord[] | null;
  /** Extra files (paths relative to the model directory); `null` removes a default file. */
  files?: Record<string, string | null>;
}

/** The files of a complete, clean model (card, lineage, tuning log), keyed by repository path. */
export function cleanModelFiles(dir = 'models/churn', overrides: ModelOverrides = {}): Record<string, string> {
  const at = (name: string) => (dir === '' ? name : `${dir}/${name}`);
  const files: Record<string, string> = { [at('MODEL_CARD.md')]: cardText(overrides.card) };
  if (overrides.lineage !== null) files[at('lineage.yaml')] = lineageText(overrides.lineage);
  if (overrides.tuning !== null) files[at('tuning/trials.jsonl')] = tuningJsonl(overrides.tuning);
  for (const [name, text] of Object.entries(overrides.files ?? {})) {
    if (text === null) delete files[at(name)];
    else files[at(name)] = text;
  }
  return files;
}

/**
 * 1-based line of the `occurrence`-th line containing `needle`; throws when there is none, so a
 * test that asserts a line never silently compares against a wrong one.
 */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`lineOf: occurrence ${occurrence} of ${JSON.stringify(needle)} not found`);
}
