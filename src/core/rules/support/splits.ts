// What a split name means. Cards and datasets spell the three roles many ways: Hugging Face
// datasets ship `validation`, `dev`, `eval`, `validation_matched`, `test.clean`, `test-other`;
// `eval` is what scripts call the validation split. A rule that compared names literally
// would call `dev` held out and `eval` unknown, so every split rule reads roles through here.
import type { EvalResult, ModelCard } from '../../artifacts/types.ts';
import { lineAt } from './locate.ts';

export type SplitRole = 'train' | 'validation' | 'test';

const ROLE_WORDS: Record<SplitRole, ReadonlySet<string>> = {
  test: new Set(['test', 'testing', 'holdout', 'heldout', 'oot']),
  validation: new Set(['validation', 'valid', 'val', 'dev', 'development', 'eval']),
  train: new Set(['train', 'training']),
};

/**
 * The role a split name plays: `dev`, `eval`, `valid`, `validation_matched` are validation;
 * `test`, `test-clean`, `held-out` are test. A name that mixes roles (`train_test`) or names
 * none (`clean`, `2024`) has no role.
 */
export function splitRole(name: string | undefined): SplitRole | undefined {
  if (name === undefined) return undefined;
  const words = name
    .toLowerCase()
    .replace(/\b(hold|held)[\s_-]+out\b/g, 'holdout')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const roles = (Object.keys(ROLE_WORDS) as SplitRole[]).filter((role) => words.some((w) => ROLE_WORDS[role].has(w)));
  return roles.length === 1 ? roles[0] : undefined;
}

/** The raw `model-index[m].results[r]` mapping an `EvalResult` was read from, with its path. */
export interface RawResult {
  path: string;
  /** Index of the model-index entry (one entry per model or variant). */
  model: number;
  /** `model-index[m].name`. */
  modelName?: string;
  raw: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every result mapping of a Hugging Face card's `model-index`, in card order. */
export function rawResults(card: ModelCard): RawResult[] {
  const index = card.metadata['model-index'];
  if (!Array.isArray(index)) return [];
  return index.flatMap((model, m) => {
    if (!isRecord(model) || !Array.isArray(model.results)) return [];
    const modelName = typeof model.name === 'string' ? model.name : undefined;
    return model.results.flatMap((raw, r) =>
      isRecord(raw) ? [{ path: `model-index.${m}.results.${r}`, model: m, ...(modelName === undefined ? {} : { modelName }), raw }] : [],
    );
  });
}

/** The raw result an `EvalResult` came from: the one whose line it carries. */
export function rawResultOf(card: ModelCard, result: EvalResult): RawResult | undefined {
  return rawResults(card).find((r) => lineAt(card.locations, r.path, -1) === result.line);
}

/**
 * The split role a model-index result declares: its `dataset.split`, else what its metric names
 * say (`Test WER`, `eval_accuracy`, `Validation Loss`) when they all say the same.
 */
export function resultSplitRole(card: ModelCard, result: EvalResult): SplitRole | undefined {
  const declared = result.dataset?.split;
  if (declared !== undefined) return splitRole(declared);
  const raw = rawResultOf(card, result)?.raw;
  const metrics = Array.isArray(raw?.metrics) ? raw.metrics : [];
  const roles = new Set(
    metrics.map((m) => (isRecord(m) && typeof m.name === 'string' ? splitRole(m.name) : undefined)),
  );
  return roles.size === 1 ? [...roles][0] : undefined;
}

/** True when a result names its split at all: `dataset.split`, or a role in every metric name. */
export function resultDeclaresSplit(card: ModelCard, result: EvalResult): boolean {
  return result.dataset?.split !== undefined || resultSplitRole(card, result) !== undefined;
}
