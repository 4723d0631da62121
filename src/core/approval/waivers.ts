// Waivers (`/modelgate waive`) and checklist acknowledgements (`/modelgate ack`): the two
// commands that change what the gate asks for, so both are judged as strictly as approvals.
//
// Both go stale under the same `invalidateOn` rule as approvals: a waiver of
// `lineage-split-before-fit` was given for the leak a person looked at, and must not silently
// cover a new leak of the same rule pushed afterwards. The latest valid command wins.
import type { ActorJudge, ActorRules } from './actors.ts';
import type { CommentCommand } from './actions.ts';
import { StalenessJudge } from './staleness.ts';
import type { BlobsAt, ChecklistItem, ChecklistStatus, GateFinding, GrantedWaiver, RefusedCommand, RiskTier } from './types.ts';

export interface CommandContext {
  actors: ActorJudge;
  staleness: StalenessJudge;
  refused: RefusedCommand[];
}

/** Where a waiver's findings are compared: the finding files at its commit and at head. */
export interface FindingFiles {
  headSha: string;
  filesAt: BlobsAt;
}

/** Records that a command does not count, and why (the report and the reply quote it). */
function refuse(ctx: CommandContext, entry: CommentCommand, why: string): false {
  ctx.refused.push({ login: entry.user.login, command: entry.command.text, why, commentId: entry.commentId });
  return false;
}

/** Runs the shared checks; returns false (after recording why) when the command does not count. */
function admissible(entry: CommentCommand, rules: ActorRules, ctx: CommandContext): boolean {
  const actor = ctx.actors.judge(entry.user, rules);
  if (!actor.ok) return refuse(ctx, entry, `not allowed: ${actor.why}`);
  const staleness = ctx.staleness.judge(entry.commit);
  if (staleness.stale) {
    const files = staleness.changedFiles.length > 0 ? ` (${staleness.changedFiles.map((f) => `\`${f}\``).join(', ')})` : '';
    return refuse(ctx, entry, `stale: ${staleness.why}${files}`);
  }
  return true;
}

/** The engine's own rule id (ENGINE_RULE_ID in core/engine), repeated here so the gate imports no engine code. */
export const UNWAIVABLE_RULE_ID = 'modelgate';

/** A waiver granted, with the error findings it covers (by identity, see `findingKey`). */
export interface JudgedWaivers {
  granted: GrantedWaiver[];
  covered: Set<GateFinding>;
}

/**
 * A waiver covers the errors its author was shown: errors of its rule in files that are the same
 * at the commit it was given on as at head. A file added or changed since (a new uncarded
 * `weights.bin`, a new leak in the lineage) is not covered, so a waiver never widens to what
 * nobody looked at; it also goes stale like an approval when the model files change.
 */
export function judgeWaivers(
  commands: readonly CommentCommand[],
  errorFindings: readonly GateFinding[],
  waiverRules: ActorRules,
  requireReason: boolean,
  ctx: CommandContext,
  findingFiles: FindingFiles,
): JudgedWaivers {
  const granted = new Map<string, { waiver: GrantedWaiver; covers: GateFinding[] }>();
  for (const entry of commands) {
    const { command } = entry;
    if (command.kind !== 'waive') continue;
    // The engine's own errors (unreadable content, invalid rule options) mean modelgate could
    // not check something: no one may waive "we could not look".
    if (command.ruleId === UNWAIVABLE_RULE_ID) {
      refuse(ctx, entry, 'modelgate errors (content it could not read or check) cannot be waived: fix the cause and `/modelgate recheck`');
      continue;
    }
    if (requireReason && !command.reason) {
      refuse(ctx, entry, 'a reason is required: `/modelgate waive <rule-id> -- <reason>`');
      continue;
    }
    // Said before the actor check so a typo is reported even to someone who may not waive.
    const ofRule = errorFindings.filter((finding) => finding.ruleId.toLowerCase() === command.ruleId);
    if (ofRule.length === 0) {
      refuse(ctx, entry, `no error of \`${command.ruleId}\` in this pull request`);
      continue;
    }
    if (!admissible(entry, waiverRules, ctx)) continue;
    const covers = ofRule.filter((finding) => StalenessJudge.sameFile(findingFiles.filesAt, findingFiles.headSha, entry.commit, finding.file));
    if (covers.length === 0) {
      const files = [...new Set(ofRule.map((f) => `\`${f.file}\``))].join(', ');
      refuse(ctx, entry, `stale: the files of the errors it was given for changed since, or are unknown (${files})`);
      continue;
    }
    granted.set(command.ruleId, { waiver: { ruleId: command.ruleId, by: entry.user.login, reason: command.reason ?? '', findings: covers.length }, covers });
  }
  const covered = new Set([...granted.values()].flatMap((g) => g.covers));
  return { granted: [...granted.values()].map((g) => g.waiver), covered };
}

/** Items that apply at the gate tier; none when no model is touched. */
export function applicableItems(checklist: readonly ChecklistItem[], tier: RiskTier | undefined): ChecklistItem[] {
  if (!tier) return [];
  return checklist.filter((item) => !item.tiers || item.tiers.length === 0 || item.tiers.includes(tier));
}

export function judgeAcks(
  commands: readonly CommentCommand[],
  checklist: readonly ChecklistItem[],
  applicable: readonly ChecklistItem[],
  approverRules: ActorRules,
  tier: RiskTier | undefined,
  ctx: CommandContext,
): ChecklistStatus[] {
  const ackedBy = new Map<string, string>();
  const byId = (items: readonly ChecklistItem[], id: string) => items.find((item) => item.id.toLowerCase() === id);
  for (const entry of commands) {
    const { command } = entry;
    if (command.kind !== 'ack') continue;
    if (!byId(checklist, command.itemId)) {
      refuse(ctx, entry, `unknown checklist item \`${command.itemId}\``);
      continue;
    }
    const item = byId(applicable, command.itemId);
    if (!item) {
      refuse(ctx, entry, tier ? `\`${command.itemId}\` is not required at tier ${tier}` : `\`${command.itemId}\` is not required: no model changes`);
      continue;
    }
    if (!admissible(entry, approverRules, ctx)) continue;
    ackedBy.set(item.id, entry.user.login);
  }
  return applicable.map((item) => {
    const by = ackedBy.get(item.id);
    return by ? { id: item.id, text: item.text, acked: true, by } : { id: item.id, text: item.text, acked: false };
  });
}
