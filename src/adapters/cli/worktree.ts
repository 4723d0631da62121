// The working tree as the head of a local check: its file list (git's view when the directory
// is in a git work tree, so ignored files stay out; a plain walk otherwise) and, only for the
// files the core asks for, their content and git blob SHA.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../core/artifacts/source.ts';
import type { FileEntry } from '../../core/engine/snapshot.ts';
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
 * One file's entry for the snapshot. Oversized files are not read at all (a model binary can be
 * gigabytes): they are marked unreadable with their size, which the core reports as a finding.
 */
export async function readWorkingFile(root: string, path: string): Promise<FileEntry> {
  const absolute = join(root, path);
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return { unreadable: `${path} is not a regular file` };
    if (info.size > LIMITS.maxBytes) return { unreadable: `file is ${info.size} bytes, over the ${LIMITS.maxBytes}-byte limit for governance artifacts` };
    const content = new Uint8Array(await readFile(absolute));
    return { content, sha: gitBlobSha(content) };
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}
