// From collected models to what rules see (ModelContext) and what the gate and the report read
// (ModelEvaluation), with the tier each model counts at.
import type { ModelCard, RiskTier } from '../artifacts/types.ts';
import type { ModelArtifacts, ModelContext } from '../rules/define.ts';
import type { DiscoveredCard } from './discover.ts';
import type { ModelSide } from './model-files.ts';
import type { CollectedModel, RemovedModel } from './models.ts';
import type { ModelEvaluation } from './pipeline.ts';
import { maxTier } from './run-rules.ts';
import type { RepoState, Snapshot } from './snapshot.ts';

/**
 * The tier one side of a model counts at. A card that declares none is medium (DESIGN §4). A tier
 * that cannot be read is unknown, and unknown counts as high (fail closed): the card did not
 * parse, or its front matter, its governance block or its risk_tier is invalid. A broken card
 * must never need fewer approvals than the card its author meant to write.
 */
export function sideTier(side: ModelSide): RiskTier {
  const card = side.artifacts?.card;
  if (!card || card.riskTierUnreadable) return 'high';
  return card.governance?.riskTier ?? 'medium';
}

export interface BuiltModel {
  model: CollectedModel;
  context: ModelContext;
  evaluation: ModelEvaluation;
  /** The head card parsed: per-model rules run on it. */
  parsed: boolean;
}

export function buildModel(m: CollectedModel, snapshot: Snapshot): BuiltModel {
  const headCard = m.head.artifacts?.card;
  const baseCard = m.base?.artifacts?.card;
  // The highest of head and base: lowering the tier in the PR does not lower the bar (DESIGN §5).
  const tier = maxTier([sideTier(m.head), m.base && sideTier(m.base)]) ?? 'high';
  const context = contextOf(m.card, m.head.artifacts, m.base?.artifacts, m.changedFiles, tier);
  const files = [...m.head.files].sort();
  const evaluation: ModelEvaluation = { dir: m.card.dir, cardPath: m.card.cardPath, tier, findings: [], files, blobs: blobsOf(files, snapshot.head), changedFiles: m.changedFiles, context };
  const name = modelName(headCard);
  if (name !== undefined) evaluation.name = name;
  const tierBase = baseCard?.governance?.riskTier;
  const tierHead = headCard?.governance?.riskTier;
  if (tierBase !== undefined) evaluation.tierBase = tierBase;
  if (tierHead !== undefined) evaluation.tierHead = tierHead;
  if (baseCard?.governance?.version !== undefined) evaluation.versionBase = baseCard.governance.version;
  if (headCard?.governance?.version !== undefined) evaluation.versionHead = headCard.governance.version;
  return { model: m, context, evaluation, parsed: m.head.artifacts !== undefined };
}

/**
 * A removed model: gated at its base tier, no rules run on it. Its files are those it had at
 * base, so an approval goes stale if any of them reappears or changes; it has no blob at head,
 * so an approval given after the deletion stays fresh. The base blobs are kept for the audit.
 * `context.head` is the base card (there is no head card); nothing reads it as the head.
 */
export function buildRemoved(r: RemovedModel, snapshot: Snapshot): ModelEvaluation {
  const card = r.base.artifacts?.card;
  const tier = sideTier(r.base);
  const context = contextOf(r.card, r.base.artifacts, r.base.artifacts, r.changedFiles, tier);
  const files = [...r.base.files].sort();
  const evaluation: ModelEvaluation = {
    dir: r.card.dir,
    cardPath: r.card.cardPath,
    removed: true,
    tier,
    findings: [],
    files,
    blobs: {},
    blobsBase: snapshot.base ? blobsOf(files, snapshot.base) : {},
    changedFiles: r.changedFiles,
    context,
  };
  const name = modelName(card);
  if (name !== undefined) evaluation.name = name;
  if (card?.governance?.riskTier !== undefined) evaluation.tierBase = card.governance.riskTier;
  if (card?.governance?.version !== undefined) evaluation.versionBase = card.governance.version;
  return evaluation;
}

/** What rules see of a model; a card that did not parse is a placeholder (unreadCard). */
function contextOf(card: DiscoveredCard, head: ModelArtifacts | undefined, base: ModelArtifacts | undefined, changedFiles: string[], tier: RiskTier): ModelContext {
  const context: ModelContext = { dir: card.dir, head: head ?? unreadCard(card.cardPath, card.format), changedFiles, tier };
  if (base) context.base = base;
  return context;
}

/** The name reports show: the governance block's, else the card's own. */
function modelName(card: ModelCard | undefined): string | undefined {
  return card?.governance?.model ?? card?.name;
}

function blobsOf(files: readonly string[], state: RepoState): Record<string, string> {
  const blobs: Record<string, string> = {};
  for (const f of files) {
    const sha = state.files[f]?.sha;
    if (sha !== undefined) blobs[f] = sha;
  }
  return blobs;
}

/** Placeholder for a card that did not parse: per-model rules skip it, the parse error is the finding. */
function unreadCard(cardPath: string, format: ModelArtifacts['card']['format']): ModelArtifacts {
  return { cardPath, card: { format, file: cardPath, metadata: {}, datasets: [], sections: [], results: [], locations: {}, bodyLine: 1 }, lineage: [], tuningLogs: [] };
}
