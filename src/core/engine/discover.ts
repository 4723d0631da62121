// Which directories hold a model (DESIGN §2). MODEL_CARD.md and model_card.json (and any name the
// policy adds to `models.cards`) are always cards; a README.md is a card when its front matter
// carries a card marker, or when its directory matches `models.paths` and no model directory
// lies above it. So an ordinary README never turns a folder into a model: `models/**` matches
// models/churn/data too, and a plain README there must not split the data off the churn model
// (the data would then be gated as a model of its own, at the default tier).
//
// One card per directory: the first name in `models.cards` wins (README.md matched in any case;
// two READMEs that differ only in case: the one that sorts first). A second card that declares
// its own `governance` block is an error (shadowedCardErrors): which one governs is ambiguous.
import picomatch from 'picomatch';
import { frontMatterKeys, hasCardMarkers } from '../artifacts/index.ts';
import { parseError } from '../artifacts/source.ts';
import type { ParseError } from '../artifacts/types.ts';
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
 * The card of each directory, decided lazily and remembered: a README by `models.paths` needs to
 * know whether a directory above holds a card, and only then is its text read. READMEs whose
 * text is not fetched yet count as no card and are recorded as missing by the reader.
 */
export class CardIndex {
  /** dir -> card-named files in it, best rank first. */
  private readonly candidates = new Map<string, { path: string; rank: number }[]>();
  private readonly decided = new Map<string, DiscoveredCard | null>();
  private readonly matcher: ModelPathMatcher;

  constructor(private readonly reader: TreeReader, policy: Policy) {
    const names = policy.models.cards;
    const rank = (name: string) => names.findIndex((n) => n === name || (isReadme(n) && isReadme(name)));
    this.matcher = modelPathMatcher(policy);
    for (const path of reader.paths) {
      const r = rank(baseOf(path));
      if (r < 0) continue;
      const dir = dirOf(path);
      const list = this.candidates.get(dir) ?? [];
      list.push({ path, rank: r });
      this.candidates.set(dir, list);
    }
    // Paths are sorted, and the sort is stable: equal ranks keep path order.
    for (const list of this.candidates.values()) list.sort((a, b) => a.rank - b.rank);
  }

  /** Directories that have a card-named file. */
  get dirs(): string[] {
    return [...this.candidates.keys()].sort();
  }

  /** The card of every directory that has one, ordered by directory. */
  cards(): DiscoveredCard[] {
    return this.dirs.map((d) => this.card(d)).filter((c): c is DiscoveredCard => c !== undefined);
  }

  /** Card-named files of a directory other than its card. */
  others(card: DiscoveredCard): string[] {
    return (this.candidates.get(card.dir) ?? []).map((c) => c.path).filter((p) => p !== card.cardPath);
  }

  card(dir: string): DiscoveredCard | undefined {
    if (!this.decided.has(dir)) this.decided.set(dir, this.decide(dir));
    return this.decided.get(dir) ?? undefined;
  }

  private decide(dir: string): DiscoveredCard | null {
    for (const { path } of this.candidates.get(dir) ?? []) {
      if (isReadme(baseOf(path)) && !this.readmeIsCard(path, dir)) continue;
      return { dir, cardPath: path, format: cardFormat(path) };
    }
    return null;
  }

  private readmeIsCard(path: string, dir: string): boolean {
    if (this.matcher.dir(dir) && !this.cardAbove(dir)) return true;
    const text = this.reader.text(path);
    return text !== undefined && hasCardMarkers(text);
  }

  private cardAbove(dir: string): boolean {
    for (let d = dir; d !== ''; ) {
      d = dirOf(d);
      if (this.candidates.has(d) && this.card(d)) return true;
    }
    return false;
  }
}

/** The cards of a tree, one per directory, ordered by directory. */
export function discoverCards(reader: TreeReader, policy: Policy): DiscoveredCard[] {
  return new CardIndex(reader, policy).cards();
}

/**
 * Errors for the other card-named files of a model's directory that carry a `governance` block
 * of their own: only `card` is read, so the gate could follow a tier or owners nobody meant.
 * Only Markdown cards are looked at (a Model Card Toolkit card declares no governance block).
 */
export function shadowedCardErrors(reader: TreeReader, index: CardIndex, card: DiscoveredCard): ParseError[] {
  const errors: ParseError[] = [];
  for (const path of index.others(card)) {
    if (cardFormat(path) !== 'hf-model-card') continue;
    const text = reader.text(path);
    if (text === undefined || !frontMatterKeys(text).includes('governance')) continue;
    const line = text.split('\n').findIndex((l) => /^governance\s*:/.test(l)) + 1;
    errors.push(parseError(path, line || 1, 'schema', `${card.cardPath} is this directory's model card, so the governance block here is ignored; keep one card per model directory`));
  }
  return errors;
}
