// Where a finding points. Parsers record a line for every key they saw (`Locations`); a rule
// that wants "the line of `governance.evaluation.split`" must not silently get a parent's line
// when the key is absent, because the fallback it wants is usually a specific neighbour
// (the `evaluation:` block, the dataset entry), not whatever encloses the path.
import type { Locations, ModelCard } from '../../artifacts/types.ts';

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
