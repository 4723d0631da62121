// When does an approval (or a waiver, or an acknowledgement) stop covering what will merge?
//
// `model-change` compares blobs, not push times: a push that changes no model file (docs, an
// "Update branch" merge without model changes, a formatter commit) keeps approvals, and no
// push-date lookup is needed (GitHub removed `Commit.pushedDate`; policy-bot #460, #598, #788).
// Whatever cannot be compared is treated as changed: unknown is never "unchanged".
import type { BlobsAt, GateModel, InvalidateOn } from './types.ts';

export type Staleness = { stale: false } | { stale: true; changedFiles: string[]; why: string };

const FRESH: Staleness = { stale: false };

export const shortSha = (sha: string): string => sha.slice(0, 7);

export class StalenessJudge {
  /** path -> blob at head; undefined when the model lists the file without a blob (deleted or unknown). */
  private readonly headBlobs = new Map<string, string | undefined>();

  constructor(
    private readonly invalidateOn: InvalidateOn,
    private readonly headSha: string,
    models: readonly GateModel[],
    private readonly blobsAt: BlobsAt,
  ) {
    for (const model of models) {
      for (const path of model.files) if (!this.headBlobs.has(path)) this.headBlobs.set(path, undefined);
      for (const [path, sha] of Object.entries(model.blobs)) if (sha !== undefined) this.headBlobs.set(path, sha);
    }
    // The adapter may list head identities too (every path it lists for a reviewed commit, so a
    // file that is at head but belongs to no touched model there still compares as itself).
    for (const [path, sha] of Object.entries(blobsAt[headSha] ?? {})) this.headIdentities.set(path, sha);
  }

  /** Identities the adapter listed at head: path -> blob, null = absent at head. */
  private readonly headIdentities = new Map<string, string | null>();

  /** The identity at head: the adapter's listing first, then the models' own blobs. */
  private headOf(path: string): string | undefined {
    const listed = this.headIdentities.get(path);
    if (listed !== undefined) return listed ?? undefined;
    return this.headBlobs.get(path);
  }

  /**
   * Whether `path` is the same file at `commit` as at head in `filesAt` (both absent counts as the
   * same). Unknown is never the same: an unknown commit, or a path not listed for it or for head.
   */
  static sameFile(filesAt: BlobsAt, headSha: string, commit: string | null | undefined, path: string): boolean {
    if (!commit) return false;
    if (commit === headSha) return true;
    const before = filesAt[commit]?.[path];
    const now = filesAt[headSha]?.[path];
    return before !== undefined && now !== undefined && before === now;
  }

  /** `commit` is the head the action was taken on; undefined/null/'' = not known. */
  judge(commit: string | null | undefined): Staleness {
    if (this.invalidateOn === 'never') return FRESH;
    if (!commit) return { stale: true, changedFiles: [], why: 'the commit it was given on is unknown' };
    if (commit === this.headSha) return FRESH;
    if (this.invalidateOn === 'any-push') {
      return { stale: true, changedFiles: [], why: `the head moved from \`${shortSha(commit)}\` since` };
    }
    const then = this.blobsAt[commit];
    if (!then) {
      return { stale: true, changedFiles: [], why: `the model files at \`${shortSha(commit)}\` are unknown` };
    }
    const changedFiles = this.changedSince(then);
    if (changedFiles.length === 0) return FRESH;
    return { stale: true, changedFiles, why: `model files changed since \`${shortSha(commit)}\`` };
  }

  /**
   * Model files (known at head, or listed for the older commit: the union of the model's files
   * then and now, so a file added, removed or changed is a change) whose content differs.
   */
  private changedSince(then: Readonly<Record<string, string | null>>): string[] {
    const paths = new Set([...this.headBlobs.keys(), ...Object.keys(then)]);
    const changed: string[] = [];
    for (const path of paths) {
      const before = then[path];
      const now = this.headOf(path);
      // Not looked up for that commit: cannot prove it unchanged.
      if (before === undefined) changed.push(path);
      // Absent at head (deleted, or a blob the adapter did not give): unchanged only if absent then too.
      else if (now === undefined) {
        if (before !== null) changed.push(path);
      }
      // Present at head: added since (null) or a different blob.
      else if (before !== now) changed.push(path);
    }
    return changed.sort();
  }
}
