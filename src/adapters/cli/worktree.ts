// The working tree as the head of a local check: its file list (git's view when the directory
// is in a git work tree, so ignored files stay out; a plain walk otherwise) and, only for the
// files the core asks for, their content and git blob SHA.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ArtifactStreamReader } from '../../core/artifacts/index.ts';
import { isMlrunsPath, LIMITS, tooLargeToRead } from '../../core/artifacts/source.ts';
import type { FileEntry } from '../../core/engine/snapshot.ts';
import { errorMessage } from '../messages.ts';
import { symlinkReason, underSymlinkReason } from '../symlinks.ts';
import { workingTreeFiles } from './git.ts';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/** The blob SHA git would give this content (`git hash-object`), for the audit record. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Files under `root`, `/`-separated and relative to it, sorted. */
export async function listWorkingTree(root: string, inGitRepository: boolean): Promise<string[]> {
  if (inGitRepository) return workingTreeFiles(root);
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(join(dir, entry.name), path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        found.push(path);
      }
    }
  };
  await walk(root, '');
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The listed paths that are no regular file: symbolic links, with their text as git stores it
 * (the blob of a link), and directories (in a git work tree, submodules). A link's text is all
 * that is read of it: the core follows it inside the repository (engine/identity.ts), never
 * through the file system. A path under a linked directory is left alone (readWorkingFile
 * refuses it), so nothing outside the checked directory is looked at.
 *
 * Synchronous calls, like readWorkingFiles: a promise per lstat cost several times the call.
 */
export async function specialEntries(root: string, paths: readonly string[]): Promise<{ links: Map<string, Uint8Array>; directories: string[] }> {
  const links = new Map<string, Uint8Array>();
  const directories: string[] = [];
  const linkedDirs = new Map<string, boolean>();
  const isLinkedDir = (dir: string): boolean => {
    let answer = linkedDirs.get(dir);
    if (answer === undefined) {
      // A directory that cannot be looked at is treated as a link: nothing under it is read.
      answer = lstatOrNothing(join(root, dir))?.isSymbolicLink() ?? true;
      linkedDirs.set(dir, answer);
    }
    return answer;
  };
  for (const path of paths) {
    const parts = path.split('/');
    if (isAbsolute(path) || parts.some((part) => part === '' || part === '.' || part === '..')) continue;
    const info = lstatOrNothing(join(root, path));
    if (!info || (!info.isSymbolicLink() && !info.isDirectory())) continue;
    if (parts.slice(0, -1).some((_, i) => isLinkedDir(parts.slice(0, i + 1).join('/')))) continue;
    if (info.isDirectory()) directories.push(path);
    else {
      const text = readlinkOrNothing(join(root, path));
      if (text) links.set(path, new Uint8Array(text));
    }
  }
  return { links, directories: directories.sort() };
}

function lstatOrNothing(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function readlinkOrNothing(path: string): Buffer | undefined {
  try {
    return readlinkSync(path, { encoding: 'buffer' });
  } catch {
    return undefined;
  }
}

/**
 * readWorkingFile for many paths, in the order of `paths`, the directories on the way looked at
 * once (a model's files share theirs). The file itself is still looked at, and opened without
 * following a link, every time.
 */
export async function readWorkingFiles(root: string, paths: readonly string[]): Promise<FileEntry[]> {
  const directories: DirectoryChecks = new Map();
  return paths.map((path) => readWorkingFileSync(root, path, directories));
}

/** lstat of directories by absolute path, for the files of one readWorkingFiles call. */
type DirectoryChecks = Map<string, Stats>;

/** On Windows `\` separates directories too (so `a\..` climbs), and `:` names a drive or a stream. */
const WINDOWS = process.platform === 'win32';

/** `O_NOFOLLOW` and `O_NONBLOCK` where the platform has them (Windows has neither). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

/**
 * One file's entry for the snapshot. Oversized files are not read at all (a model binary can be
 * gigabytes): they are marked unreadable with their size, which the core reports as a finding.
 *
 * Symbolic links are never followed, neither the file nor any directory on its way: a link can
 * point anywhere (a credentials file, another repository), and what is read ends up in error
 * messages, SARIF and the Markdown report. Every component is `lstat`ed, and the file is opened
 * with O_NOFOLLOW and checked again on the open handle, so a link swapped in between is refused
 * too. A path that would leave `root` is refused before anything is looked at.
 */
export async function readWorkingFile(root: string, path: string): Promise<FileEntry> {
  return readWorkingFileSync(root, path);
}

/**
 * readWorkingFile's work, in synchronous calls: the CLI has nothing else to do meanwhile, and a
 * promise per lstat, open, stat, read and close cost five times the calls themselves (for
 * 3,000 files, 0.35 s of CPU against 0.07 s), more than the disk wait they overlapped.
 */
function readWorkingFileSync(root: string, path: string, directories?: DirectoryChecks): FileEntry {
  const parts = path.split('/');
  if (isAbsolute(path) || parts.some((part) => part === '' || part === '.' || part === '..' || (WINDOWS && /[\\:]/.test(part)))) {
    return { unreadable: `${path} is not a path inside the checked directory` };
  }
  let absolute = root;
  try {
    for (const [i, part] of parts.entries()) {
      absolute = join(absolute, part);
      const last = i === parts.length - 1;
      let info = last ? undefined : directories?.get(absolute);
      if (!info) {
        info = lstatSync(absolute);
        if (!last) directories?.set(absolute, info);
      }
      if (info.isSymbolicLink()) {
        if (last) return { unreadable: symlinkReason(path) };
        return { unreadable: underSymlinkReason(path, parts.slice(0, i + 1).join('/')) };
      }
      if (!last && !info.isDirectory()) return { unreadable: `${path}: ${parts.slice(0, i + 1).join('/')} is not a directory` };
      // Checked before opening: opening a FIFO or a device could block or read without end.
      if (last && !info.isFile()) return { unreadable: `${path} is not a regular file` };
    }
  } catch (error) {
    return { unreadable: fsReason(path, error) };
  }
  let fd: number | undefined;
  try {
    fd = openSync(absolute, constants.O_RDONLY | NO_FOLLOW | NON_BLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { unreadable: `${path} is not a regular file` };
    if (info.size > LIMITS.maxReadBytes) return { unreadable: tooLargeToRead(info.size) };
    if (info.size > LIMITS.maxBytes && !isMlrunsPath(path)) return readInPieces(fd, path, info.size);
    const content = new Uint8Array(readFileSync(fd));
    return { content, sha: gitBlobSha(content) };
  } catch (error) {
    // ELOOP: the file became a symbolic link after it was looked at.
    if ((error as { code?: unknown }).code === 'ELOOP') return { unreadable: symlinkReason(path) };
    return { unreadable: fsReason(path, error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How many bytes readInPieces reads at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A file over LIMITS.maxBytes (the open handle `fd`), read a piece at a time into an
 * ArtifactStreamReader and a running blob SHA: a JSON Lines tuning log is parsed as it comes and
 * handed over parsed (`parsed`, no `content`), so a 100 MB journal is never held whole; any other
 * file ends up with its bytes, as a whole read gives them.
 */
function readInPieces(fd: number, path: string, size: number): FileEntry {
  const reader = new ArtifactStreamReader(path);
  const hash = createHash('sha1').update(`blob ${size}\0`);
  let total = 0;
  for (;;) {
    // A buffer per piece: the reader keeps the pieces of a file it does not parse line by line.
    const piece = new Uint8Array(CHUNK_BYTES);
    const read = readSync(fd, piece, 0, CHUNK_BYTES, null);
    if (read === 0) break;
    const bytes = read === CHUNK_BYTES ? piece : piece.subarray(0, read);
    hash.update(bytes);
    reader.push(bytes);
    total += read;
    if (total > size) break;
  }
  // The blob SHA names `size` bytes: a file that changed while it was read has no true SHA.
  if (total !== size) return { unreadable: `${path} changed while it was read` };
  const sha = hash.digest('hex');
  if (!reader.lineByLine) return { content: reader.keptBytes()!, sha };
  return { sha, parsed: reader.end(), size };
}

/** An fs error without the absolute path Node puts in its message (the report shows repository paths). */
function fsReason(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `${path} does not exist in the working tree`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  if (typeof code === 'string') return `${path}: ${code}`;
  return `${path}: ${errorMessage(error)}`;
}
