// Finding artifact files on disk for the CLI. Files named on the command line are always read;
// directories are walked (skipping node_modules and .git) and keep only what modelgate would
// pick up itself (plus the policy file), so an ordinary README, a CSV of data or a PNG never
// shows up as an error.
import { constants } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { formatFromName, isDiscoverableArtifact, maxBytesOf, parseArtifact, parseArtifactStream, tooLarge, type ArtifactParseResult } from '../../core/artifacts/index.ts';
import { isMlrunsPath, LIMITS, readText } from '../../core/artifacts/source.ts';
import { UsageError } from './command.ts';
import { symlinkReason } from '../symlinks.ts';

export interface ArtifactFile {
  /** The path as shown to the user: the argument as typed, or argument + walked relative path. */
  path: string;
  content: Uint8Array;
  /** Set (and `content` empty) when the file is not read: a symbolic link. */
  unreadable?: string;
  /**
   * Set (and `content` empty) for a named file over LIMITS.maxBytes: it is not read here but by
   * parseArtifactFile, in pieces (a 100 MB tuning log is never held whole), or not at all when
   * its size alone refuses it.
   */
  deferred?: { absolute: string; size: number };
}

/** The policy file, wherever the walked tree keeps its `.github/` (DESIGN §4). */
export function isPolicyPath(path: string): boolean {
  return /(^|\/)\.github\/modelgate\.ya?ml$/.test(path.replace(/\\/g, '/'));
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Extensions worth opening during a walk; everything else cannot be an artifact. */
const CANDIDATE_EXTENSIONS = /\.(md|markdown|json|jsonl|ndjson|log|ya?ml|lock|dvc|csv)$/i;

function toDisplay(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/'));
  return normalized === '/' ? normalized : normalized.replace(/\/$/, '');
}

/**
 * Resolves command-line paths into artifact files, in argument order, walked files sorted.
 * A committed mlruns/ directory comes back as one entry (its path with a trailing slash, no
 * content), so the caller reports it once instead of reading thousands of run files.
 */
export async function collectArtifactFiles(paths: string[], cwd: string): Promise<ArtifactFile[]> {
  const files: ArtifactFile[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, file: ArtifactFile) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push(file);
  };
  for (const argument of paths) {
    const absolute = resolve(cwd, argument);
    const display = toDisplay(argument);
    // A named path that is a link is reported, never followed: in CI the names often come from a
    // pull request's changed files, and a link (to a file or a directory) could bring any file of
    // the runner, such as credentials, into the parse errors.
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or directory: ${argument}`);
    if (info.isSymbolicLink()) {
      add(absolute, linked(display));
      continue;
    }
    if (info.isDirectory()) {
      for (const found of await walk(absolute, display)) add(resolve(cwd, found.path), found);
    } else if (info.isFile() && info.size > LIMITS.maxBytes && !isPolicyPath(display)) {
      add(absolute, { path: display, content: new Uint8Array(), deferred: { absolute, size: info.size } });
    } else {
      add(absolute, { path: display, content: await readFile(absolute) });
    }
  }
  return files;
}

/** How many bytes parseArtifactFile reads at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * parseArtifact of a collected file. A deferred one is refused by its size alone when that is over
 * its cap (as parseArtifact would refuse the bytes, without reading them), else read in pieces into
 * parseArtifactStream, which parses a JSON Lines tuning log as it comes: the result is the one
 * parseArtifact gives for the same bytes. The file is opened without following a link and checked
 * again on the open handle, so a link swapped in after the lstat is refused as one.
 */
export async function parseArtifactFile(file: ArtifactFile): Promise<ArtifactParseResult> {
  if (!file.deferred) return parseArtifact(file.path, file.content);
  const { absolute, size } = file.deferred;
  if (isMlrunsPath(file.path)) return parseArtifact(file.path, file.content); // refused by its path
  const named = formatFromName(file.path);
  const cap = named ? maxBytesOf(named) : LIMITS.maxTuningLogBytes;
  if (size > cap) return tooLarge(file.path, size, named ?? 'unknown');
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) return unreadableResult(file.path, `${file.path} is not a regular file`);
    return await parseArtifactStream(file.path, chunksOf(handle));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return unreadableResult(file.path, code === 'ELOOP' ? symlinkReason(file.path) : `${file.path}: ${typeof code === 'string' ? code : String(error)}`);
  } finally {
    await handle?.close();
  }
}

/** The pieces of an open file, each a buffer of its own (the stream reader may keep them). */
async function* chunksOf(handle: import('node:fs/promises').FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = new Uint8Array(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
  }
}

function unreadableResult(path: string, reason: string): ArtifactParseResult {
  return { format: 'unknown', errors: [{ file: path, line: 1, code: 'unreadable', message: `could not be read: ${reason}` }] };
}

function linked(path: string): ArtifactFile {
  return { path, content: new Uint8Array(), unreadable: symlinkReason(path) };
}

async function walk(directory: string, display: string): Promise<ArtifactFile[]> {
  const found: ArtifactFile[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const childDisplay = display === '.' ? entry.name : posix.join(display, entry.name);
    const childPath = resolve(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (entry.name === 'mlruns') {
        found.push({ path: `${childDisplay}/`, content: new Uint8Array() });
        continue;
      }
      found.push(...(await walk(childPath, childDisplay)));
    } else if (entry.isFile() && CANDIDATE_EXTENSIONS.test(entry.name)) {
      // Over LIMITS.maxBytes only the name decides (readText refuses the bytes, see
      // isWalkedArtifact), so such a file is not read here, only parsed later, in pieces.
      const size = isPolicyPath(childDisplay) ? 0 : ((await lstat(childPath).catch(() => undefined))?.size ?? 0);
      if (size > LIMITS.maxBytes) {
        if (promisesArtifact(childDisplay)) found.push({ path: childDisplay, content: new Uint8Array(), deferred: { absolute: childPath, size } });
        continue;
      }
      const content = await readFile(childPath);
      if (isPolicyPath(childDisplay) || isWalkedArtifact(childDisplay, content)) found.push({ path: childDisplay, content });
    } else if (entry.isSymbolicLink() && CANDIDATE_EXTENSIONS.test(entry.name) && (isPolicyPath(childDisplay) || promisesArtifact(childDisplay))) {
      // Never followed (a directory link is not entered either); one whose name promises an
      // artifact is reported, so a linked card cannot pass unseen.
      found.push(linked(childDisplay));
    }
  }
  return found;
}

/** A walked file counts when it reads as an artifact, or when its name promises one even though it cannot be read. */
function isWalkedArtifact(path: string, content: Uint8Array): boolean {
  const read = readText(path, content);
  if (read.text === undefined) return promisesArtifact(path);
  return isDiscoverableArtifact(path, read.text);
}

/** Whether the name alone says "artifact": any Markdown file is a card by name, but only MODEL_CARD.md promises one. */
function promisesArtifact(path: string): boolean {
  return formatFromName(path) !== undefined && (!/\.(md|markdown)$/i.test(path) || /(^|\/)model_card\.md$/i.test(path));
}
