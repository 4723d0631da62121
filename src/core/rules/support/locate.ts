// Where a finding points. Parsers record a line for every key they saw (`Locations`); a rule
// that wants "the line of `governance.evaluation.split`" must not silently get a parent's line
// when the key is absent, because the fallback it wants is usually a specific neighbour
// (the `evaluation:` block, the dataset entry), not whatever encloses the path.
import type { Locations, Metric, ModelCard } from '../../artifacts/types.ts';
import type { ModelArtifacts } from '../define.ts';

/** The line recorded for exactly `path`, else `fallback`. */
export function lineAt(locations: Locations, path: string, fallback: number): number {
  return locations[path] ?? fallback;
}

/** Line of the card's `governance:` key; 1 (the top of the file) for a card without one. */
export function governanceLine(card: ModelCard): number {
  return card.governance?.line ?? 1;
}

/** Line of `governance.<key>` in the card, else the `governance:` line, else 1. */
export function governanceKeyLine(card: ModelCard, key: string): number {
  return lineAt(card.locations, `governance.${key}`, governanceLine(card));
}

/** `models/churn/tuning/trials.jsonl` seen from model dir `models/churn` -> `tuning/trials.jsonl`. */
export function relativeToDir(dir: string, file: string): string {
  return dir !== '' && file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

// A Model Card Toolkit card keeps its governance block in a `governance.yaml` beside it (its
// JSON schema is closed): `governance.*` lines are that file's lines then, the rest the card's.

/** The file the card's `governance.*` lines are in. */
export function governanceFile(head: ModelArtifacts): string {
  return head.governancePath ?? head.cardPath;
}

/** The file of the line `evaluationLine(card)` picks: the governance block's evaluation, else the card's results. */
export function evaluationFile(head: ModelArtifacts): string {
  const { card } = head;
  return card.governance?.evaluation || (card.results.length === 0 && card.governance) ? governanceFile(head) : head.cardPath;
}

/** The file a metric was read from: the card's own results (model-index, MCT), else the governance block. */
export function metricFile(head: ModelArtifacts, metric: Metric): string {
  return head.card.results.some((r) => r.metrics.includes(metric)) ? head.cardPath : governanceFile(head);
}

/**
 * Where a `governance.*` field goes when the card cannot hold it: ` in a \`governance.yaml\` beside
 * \`model_card.json\` (…)` for a Model Card Toolkit card without one, else nothing (the card's own
 * block, or the sidecar the finding already points at). Messages put it right after the field.
 */
export function governanceHome(head: ModelArtifacts): string {
  if (head.card.format !== 'mct-model-card' || head.governancePath !== undefined) return '';
  const card = head.cardPath.slice(head.cardPath.lastIndexOf('/') + 1);
  return ` in a \`governance.yaml\` beside \`${card}\` (the Model Card Toolkit schema has no place for it)`;
}
