// Symbolic links, as every adapter refuses them: a link is listed (a card there still makes a
// model) but never read, because its blob is its target path (GitHub trees, `git ls-tree`) or
// following it could read any file of the machine (the working tree). One wording for all of
// them, so the CLI and the App report the same finding and the policy checks can recognise it.

/** Git's file mode of a symbolic link, as GitHub trees and `git ls-tree` list it. */
export const SYMLINK_MODE = '120000';

/** Why a symlinked file is not read. */
export function symlinkReason(path: string): string {
  return `${path} is a symbolic link; modelgate reads governance artifacts only as regular files`;
}

/** Why a file inside a symlinked directory is not read. */
export function underSymlinkReason(path: string, link: string): string {
  return `${path} is under ${link}, a symbolic link; modelgate reads governance artifacts only as regular files`;
}
