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

  /** Model files (known at head, or listed for the older commit) whose content differs. */
  private changedSince(then: Readonly<Record<string, string | null>>): string[] {
    const paths = new Set([...this.headBlobs.keys(), ...Object.keys(then)]);
    const changed: string[] = [];
    for (const path of paths) {
      const before = then[path];
      const now = this.headBlobs.get(path);
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
