// Which directories hold a model (DESIGN §2). MODEL_CARD.md and model_card.json (and any name the
// policy adds to `models.cards`) are always cards; a README.md is a card only when its front
// matter carries a card marker or its directory matches `models.paths`, so an ordinary README
// never turns a folder into a model.
import picomatch from 'picomatch';
import { CARD_MARKERS, frontMatterKeys } from '../artifacts/index.ts';
import type { Policy } from '../policy/types.ts';
import { baseOf, dirOf } from './paths.ts';
import type { TreeReader } from './reader.ts';

export interface DiscoveredCard {
  /** Model directory ('' = repository root). */
  dir: string;
  cardPath: string;
  format: 'hf-model-card' | 'mct-model-card';
}

const isReadme = (name: string) => name.toLowerCase() === 'readme.md';

export function cardFormat(path: string): DiscoveredCard['format'] {
  return path.toLowerCase().endsWith('.json') ? 'mct-model-card' : 'hf-model-card';
}

/** Whether a README's text makes it a card by its own front matter. */
export function readmeHasCardMarkers(text: string): boolean {
  const keys = frontMatterKeys(text);
  return CARD_MARKERS.some((marker) => keys.includes(marker));
}

export interface ModelPathMatcher {
  /** The directory itself is a model directory by `models.paths`. */
  dir(dir: string): boolean;
  /** The file is gated: matched by `models.paths` or inside a matching directory. */
  file(path: string): boolean;
}

/**
 * `models/**` matches `models` itself in picomatch; the directory a glob starts from holds the
 * models, it is not one, so it never counts (else models/README.md would cover every model).
 */
export function modelPathMatcher(policy: Policy): ModelPathMatcher {
  const globs = policy.models.paths;
  if (globs.length === 0) return { dir: () => false, file: () => false };
  const isMatch = picomatch(globs, { dot: true });
  const globBases = new Set(globs.map((g) => picomatch.scan(g)).filter((s) => s.isGlob).map((s) => s.base));
  const dir = (d: string) => d !== '' && !globBases.has(d) && isMatch(d);
  const file = (path: string) => {
    if (isMatch(path)) return true;
    for (let d = dirOf(path); d !== ''; d = dirOf(d)) if (dir(d)) return true;
    return false;
  };
  return { dir, file };
}

/**
 * The cards of a tree, one per directory (the first name in `models.cards` wins). READMEs whose
 * text is not fetched yet are left out and recorded as missing by the reader, for the next round.
 */
export function discoverCards(reader: TreeReader, policy: Policy): DiscoveredCard[] {
  const names = policy.models.cards;
  const rank = (name: string) => names.findIndex((n) => n === name || (isReadme(n) && isReadme(name)));
  const matcher = modelPathMatcher(policy);
  const byDir = new Map<string, { path: string; rank: number }>();
  for (const path of reader.paths) {
    const name = baseOf(path);
    const r = rank(name);
    if (r < 0) continue;
    const dir = dirOf(path);
    if (isReadme(name) && !matcher.dir(dir)) {
      const text = reader.text(path);
      if (text === undefined || !readmeHasCardMarkers(text)) continue;
    }
    const seen = byDir.get(dir);
    if (!seen || r < seen.rank) byDir.set(dir, { path, rank: r });
  }
  return [...byDir.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([dir, { path }]) => ({ dir, cardPath: path, format: cardFormat(path) }));
}
