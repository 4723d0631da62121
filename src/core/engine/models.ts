// The models a PR touches (DESIGN §2): a changed file under the model's directory, a file the
// card's `governance.paths` match, or an artifact the card references; and the models it
// removes. Shared by filesToFetch and evaluate, so both walk the same files in the same order.
//
// A model is its directory. Its base side is the card that directory had at base (whatever its
// file name), so replacing MODEL_CARD.md by model_card.json keeps the base tier in the gate. A
// directory that held a card at base and holds none at head (the model, its card, or the markers
// of its README deleted) is a removed model: gated at its base tier, with no rules run on it.
import { isMlrunsPath, parseError } from '../artifacts/source.ts';
import type { ParseError } from '../artifacts/types.ts';
import type { Policy } from '../policy/types.ts';
import { CardIndex, modelPathMatcher, shadowedCardErrors, type DiscoveredCard } from './discover.ts';
import { anyGovernanceGlob } from './globs.ts';
import { reachedThroughLinks } from './identity.ts';
import { filesByOwner, loadModelSide, type ModelSide } from './model-files.ts';
import { deepestOwner, dirOf } from './paths.ts';
import { TreeReader } from './reader.ts';
import type { ChangedFile, OnProgress, Snapshot } from './snapshot.ts';

export interface CollectedModel {
  card: DiscoveredCard;
  head: ModelSide;
  /** The model at base: the card its directory had there, when it had one. */
  base?: ModelSide;
  /**
   * A new card in a directory that belonged to another model at base splits it off that model:
   * the owner's directory and its base side, whose tier stays the floor of this model's.
   */
  splitFrom?: { dir: string; base?: ModelSide };
  /** Changed paths that touch this model (every file of it under `--all`). */
  changedFiles: string[];
}

/** A model whose directory had a card at base and has none at head. */
export interface RemovedModel {
  /** The base card. */
  card: DiscoveredCard;
  /** Read without fetching its artifacts: only the card (for the tier) and the file list matter. */
  base: ModelSide;
  changedFiles: string[];
}

export interface Collected {
  head: TreeReader;
  base?: TreeReader;
  /** Every model of the head tree. */
  cards: DiscoveredCard[];
  /** Touched models only, ordered by directory. */
  models: CollectedModel[];
  /** Models the PR removes, ordered by directory. */
  removed: RemovedModel[];
  /** Changed paths (renames contribute both names); every head path under `--all`. */
  changedFiles: string[];
  /** Changed files under `models.paths` with no card above them. */
  uncoveredModelFiles: string[];
  /** Committed MLflow runs among the changed model files: one error per `mlruns/` directory. */
  mlrunsErrors: ParseError[];
}

export function collect(snapshot: Snapshot, policy: Policy, onProgress?: OnProgress): Collected {
  const steps = collectSteps(snapshot, policy, onProgress);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * collect in steps: it pauses (yields) after each card and each model's base side is read, so an
 * adapter can let other work run in between on a pull request with many models.
 */
export function* collectSteps(snapshot: Snapshot, policy: Policy, onProgress?: OnProgress): Generator<void, Collected, void> {
  const head = new TreeReader(snapshot.head);
  const base = snapshot.base ? new TreeReader(snapshot.base, snapshot.head) : undefined;
  const index = new CardIndex(head, policy);
  const cards = index.cards();
  const dirs = cards.map((c) => c.dir);
  const all = snapshot.changedFiles === 'all';
  const changes: ChangedFile[] = snapshot.changedFiles === 'all' ? head.paths.map((path) => ({ path, status: 'modified' })) : snapshot.changedFiles.filter((c) => c.status !== 'unchanged');
  const changedFiles = [...new Set(changes.flatMap((c) => (c.previousPath ? [c.path, c.previousPath] : [c.path])))].sort();
  const present = changes.filter((c) => c.status !== 'removed').map((c) => c.path);

  const headOwned = filesByOwner(head.paths, dirs);
  const baseIndex = base ? new CardIndex(base, policy) : undefined;
  const owners = baseIndex ? splitOwners(cards, baseIndex) : new Map<string, string>();
  const candidateOf = (card: DiscoveredCard, i: number) => {
    const own = headOwned.get(card.dir) ?? [];
    // Every card is needed (it says what else belongs to the model); a model's artifacts only
    // once the PR is known to touch it.
    head.content(card.cardPath);
    const probe = head.probe();
    const headSide = loadModelSide(probe, card, own);
    let touching: string[];
    if (all) touching = [...headSide.files].sort();
    else {
      const inGovernance = anyGovernanceGlob(headSide.governancePaths);
      const referenced = new Set(headSide.referenced);
      // A model file that is a symbolic link stands for its target: changing the target changes the model.
      const linked = reachedThroughLinks(snapshot.head.files, headSide.files);
      touching = changedFiles.filter((p) => deepestOwner(p, dirs) === card.dir || headSide.files.has(p) || referenced.has(p) || inGovernance(p) || linked(p));
    }
    onProgress?.(i + 1, cards.length);
    return { card, probe, headSide, touching };
  };
  const candidates: ReturnType<typeof candidateOf>[] = [];
  for (const [i, card] of cards.entries()) {
    candidates.push(candidateOf(card, i));
    yield;
  }
  // A touched split-off model touches the model it was split off: the card that moved the
  // files out from under that model's reviewers is a change to that model.
  for (const candidate of candidates) {
    const owner = owners.get(candidate.card.dir);
    const parent = owner === undefined ? undefined : candidates.find((c) => c.card.dir === owner);
    if (candidate.touching.length > 0 && parent && !parent.touching.includes(candidate.card.cardPath)) parent.touching = [...parent.touching, candidate.card.cardPath].sort();
  }
  const models: CollectedModel[] = [];
  for (const { card, probe, headSide, touching } of candidates) {
    if (touching.length === 0) continue;
    // Touched: what the probe could not read is now needed. The walk is not run a second time.
    head.recordMisses(probe);
    headSide.parseErrors.push(...shadowedCardErrors(head, index, card));
    const owner = owners.get(card.dir);
    models.push({ card, head: headSide, changedFiles: touching, ...(owner !== undefined ? { splitFrom: { dir: owner } } : {}) });
  }
  const removed = base && baseIndex ? yield* collectBase(base, baseIndex, models, dirs, changedFiles) : [];
  for (const model of models) {
    if (!model.splitFrom) continue;
    const owner = model.splitFrom.dir;
    const ownerBase = models.find((m) => m.card.dir === owner)?.base ?? removed.find((r) => r.card.dir === owner)?.base;
    if (ownerBase) model.splitFrom.base = ownerBase;
  }

  const gated = modelPathMatcher(policy);
  const uncoveredModelFiles = present.filter((p) => gated.file(p) && deepestOwner(p, dirs) === undefined).sort();
  const mlrunsErrors: ParseError[] = [];
  const seenRoots = new Set<string>();
  for (const p of [...present].sort()) {
    if (!isMlrunsPath(p) || (deepestOwner(p, dirs) === undefined && !gated.file(p))) continue;
    const root = p.slice(0, p.search(/(^|\/)mlruns\//) + (p.startsWith('mlruns/') ? 6 : 7));
    if (seenRoots.has(root)) continue;
    seenRoots.add(root);
    mlrunsErrors.push(parseError(p, 1, 'mlruns', `committed MLflow tracking data (${root}/) is not a governance artifact: log runs to a tracking server and reference them from the model card`));
  }
  return { head, ...(base ? { base } : {}), cards, models, removed, changedFiles, uncoveredModelFiles, mlrunsErrors };
}

/** Sets the base side of every touched model; returns the removed models. */
/**
 * Head model directories that had no card at base but lay inside another model's directory
 * there -> that model's directory (the nearest card above at base).
 */
function splitOwners(cards: readonly DiscoveredCard[], baseIndex: CardIndex): Map<string, string> {
  const owners = new Map<string, string>();
  for (const card of cards) {
    if (baseIndex.card(card.dir)) continue;
    for (let dir = card.dir; dir !== ''; ) {
      dir = dirOf(dir);
      if (baseIndex.card(dir)) {
        owners.set(card.dir, dir);
        break;
      }
    }
  }
  return owners;
}

function* collectBase(base: TreeReader, index: CardIndex, models: CollectedModel[], headDirs: string[], changedFiles: string[]): Generator<void, RemovedModel[], void> {
  const atHead = new Set(headDirs);
  const removedCards = index.dirs.filter((d) => !atHead.has(d)).map((d) => index.card(d)).filter((c): c is DiscoveredCard => c !== undefined);
  const ownerDirs = [...headDirs, ...removedCards.map((c) => c.dir)].sort();
  const owned = filesByOwner(base.paths, ownerDirs);

  for (const model of models) {
    const card = index.card(model.card.dir);
    if (!card) continue;
    // The base card usually names the same artifacts as head: ask for them with the card
    // rather than a round later (a wrong guess costs one blob, never a wrong result).
    if (!base.isReadable(card.cardPath)) for (const p of model.head.artifactPaths) if (base.has(p)) base.content(p);
    model.base = loadModelSide(base, card, owned.get(card.dir) ?? []);
    yield;
  }

  return removedCards.map((card) => {
    base.content(card.cardPath);
    const side = loadModelSide(base.probe(), card, owned.get(card.dir) ?? []);
    const touching = new Set(changedFiles.filter((p) => side.files.has(p) || deepestOwner(p, ownerDirs) === card.dir));
    touching.add(card.cardPath);
    return { card, base: side, changedFiles: [...touching].sort() };
  });
}
