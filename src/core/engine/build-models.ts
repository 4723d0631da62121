// From collected models to what rules see (ModelContext) and what the gate and the report read
// (ModelEvaluation), with the tier each model counts at.
import type { ModelCard, RiskTier } from '../artifacts/types.ts';
import type { Finding, ModelArtifacts, ModelContext } from '../rules/define.ts';
import type { DiscoveredCard } from './discover.ts';
import type { ModelSide } from './model-files.ts';
import type { CollectedModel, RemovedModel } from './models.ts';
import type { ModelEvaluation } from './pipeline.ts';
import { fileIdentity, linkProblem } from './identity.ts';
import { ENGINE_RULE_ID, maxTier } from './run-rules.ts';
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
  // Files split off another model keep that model's base tier as a floor: a new low-tier card in
  // a subfolder of a high-tier model must not lower the bar for the files it takes over.
  const tier = maxTier([sideTier(m.head), m.base && sideTier(m.base), m.splitFrom?.base && sideTier(m.splitFrom.base)]) ?? 'high';
  const context = contextOf(m.card, m.head.artifacts, m.base?.artifacts, m.changedFiles, tier);
  const files = [...m.head.files].sort();
  const evaluation: ModelEvaluation = { dir: m.card.dir, cardPath: m.card.cardPath, tier, findings: linkFindings(m, files, snapshot.head), files, blobs: blobsOf(files, snapshot.head), changedFiles: m.changedFiles, context };
  const name = modelName(headCard);
  if (name !== undefined) evaluation.name = name;
  const tierBase = baseCard?.governance?.riskTier;
  const tierHead = headCard?.governance?.riskTier;
  if (tierBase !== undefined) evaluation.tierBase = tierBase;
  if (tierHead !== undefined) evaluation.tierHead = tierHead;
  if (m.splitFrom) evaluation.splitFrom = { dir: m.splitFrom.dir, tier: m.splitFrom.base ? sideTier(m.splitFrom.base) : 'high' };
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
    const identity = fileIdentity(state.files, f);
    if (identity !== undefined) blobs[f] = identity;
  }
  return blobs;
}

/**
 * A link among the model's files that modelgate cannot follow (out of the repository, dangling,
 * a loop) is an engine error, which nobody may waive: what the file stands for, and whether it
 * changed since an approval, cannot be known. A linked card or artifact already has its finding
 * (not read: a symbolic link) at the same file, and is not reported twice.
 */
function linkFindings(m: CollectedModel, files: readonly string[], state: RepoState): Finding[] {
  const reported = new Set(m.head.parseErrors.filter((e) => e.code === 'unreadable').map((e) => e.file));
  return files.flatMap((path) => {
    const problem = reported.has(path) ? undefined : linkProblem(state.files, path);
    if (problem === undefined) return [];
    const message = `${path} is a symbolic link that modelgate cannot follow (${problem}), so it cannot tell what this model file holds or whether it changed; the gate fails closed`;
    return [{ ruleId: ENGINE_RULE_ID, severity: 'error' as const, message, file: path, line: 1, model: m.card.dir }];
  });
}

/** Placeholder for a card that did not parse: per-model rules skip it, the parse error is the finding. */
function unreadCard(cardPath: string, format: ModelArtifacts['card']['format']): ModelArtifacts {
  return { cardPath, card: { format, file: cardPath, metadata: {}, datasets: [], sections: [], results: [], locations: {}, bodyLine: 1 }, lineage: [], tuningLogs: [] };
}
