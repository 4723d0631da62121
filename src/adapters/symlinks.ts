// Symbolic links, as every adapter refuses them: a link is listed (a card there still makes a
// model) but never read, because its blob is its target path (GitHub trees, `git ls-tree`) or
// following it could read any file of the machine (the working tree). One wording for all of
// them, so the CLI and the App report the same finding and the policy checks can recognise it.
// (What a link points to is still followed inside the repository, by its text: engine/identity.ts.)
// Submodules likewise: listed with their commit, never read.

/** Git's file mode of a symbolic link, as GitHub trees and `git ls-tree` list it. */
export const SYMLINK_MODE = '120000';

/** Why a symlinked file is not read. */
export function symlinkReason(path: string): string {
  return `${path} is a symbolic link; modelgate reads governance artifacts only as regular files`;
}

/** Git's file mode of a submodule (a `commit` entry of a tree): its SHA is the submodule's commit. */
export const SUBMODULE_MODE = '160000';

/** Why a submodule is not read: it is another repository, compared by its commit only. */
export function submoduleReason(path: string): string {
  return `${path} is a git submodule; modelgate compares it by its commit and reads nothing in it`;
}

/** Why a file inside a symlinked directory is not read. */
export function underSymlinkReason(path: string, link: string): string {
  return `${path} is under ${link}, a symbolic link; modelgate reads governance artifacts only as regular files`;
}
