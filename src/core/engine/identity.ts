// What "the same file" means when approvals, waivers and the audit compare two commits: one
// function, so the head side (the engine) and any other commit (the adapter's tree of a reviewed
// commit) are compared the same way.
//
// A regular file is its blob SHA, a submodule its commit. A symbolic link is never read as a
// file (adapters/symlinks.ts), yet what it points to belongs to the model as much as the link
// does: a PR that edits only shared/thresholds.yaml changes what
// models/fraud/thresholds.yaml -> ../../shared/thresholds.yaml stands for. So a link's identity
// is its own SHA combined with the identity of its target (of every file under a directory
// target), through chains of links. Adapters learn each link's text (its blob) and hand it to
// `resolveLinks`, which says where the link points; everything else here only reads the tree.
import { createHash } from 'node:crypto';
import { dirOf, joinPath, pathsUnder } from './paths.ts';
import type { FileEntry } from './snapshot.ts';

type Tree = Readonly<Record<string, FileEntry>>;

/** Links followed one through another (a link to a link, or to a directory holding links) before giving up. */
export const MAX_LINK_DEPTH = 8;

/** Files visited while following one link: a directory of links to directories must not stall the review. */
const MAX_LINK_VISITS = 100_000;

/** The identity of `path` in a tree; undefined when the tree has no such file or its SHA is not known. */
export function fileIdentity(files: Tree, path: string): string | undefined {
  const entry = files[path];
  if (!entry?.symlink) return entry?.sha;
  if (entry.sha === undefined) return undefined;
  const followed = follow(files, path, walk());
  // Distinct from every followed link's identity (a 64-digit digest follows the link's SHA).
  if (isProblem(followed)) return `symlink:${entry.sha}:unresolvable`;
  return followed;
}

/**
 * Why the link at `path` cannot be followed, for the engine's error; undefined when it can be,
 * or when `path` is no link. A link whose text the adapter did not provide cannot be followed either.
 */
export function linkProblem(files: Tree, path: string): string | undefined {
  const entry = files[path];
  if (!entry?.symlink) return undefined;
  if (entry.linkTarget === undefined) return 'modelgate was not given the path it points to';
  const followed = follow(files, path, walk());
  if (!isProblem(followed)) return undefined;
  return followed.at === path ? followed.reason : `it leads to ${followed.at}, a symbolic link that cannot be followed: ${followed.reason}`;
}

/**
 * Whether a change of `path` changes what one of the links among `paths` stands for: `path` is
 * a target (or lies under a target directory) of one of them, or of a link they lead through.
 */
export function reachedThroughLinks(files: Tree, paths: Iterable<string>): (path: string) => boolean {
  const context = walk();
  for (const path of paths) {
    if (!files[path]?.symlink) continue;
    context.visits = 0;
    follow(files, path, context);
  }
  if (context.reached.size === 0) return () => false;
  return (path) => {
    for (let at = path; at !== ''; at = dirOf(at)) if (context.reached.has(at)) return true;
    return false;
  };
}

/** Link texts by the link's blob SHA, from trees whose links are resolved: the same SHA is the same text. */
export function knownLinkTexts(...trees: Tree[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const files of trees) for (const entry of Object.values(files)) if (entry.symlink && entry.sha !== undefined && entry.linkText !== undefined) texts.set(entry.sha, entry.linkText);
  return texts;
}

/**
 * The tree with every link whose text is known (`texts`, by the link's blob SHA) resolved:
 * `linkText`, `linkTarget` and, when it cannot be followed, `linkUnresolvable`. Adapters call it
 * on the trees they list; for a reviewed commit, `knownLinkTexts` of head and base supply the
 * texts. A link whose text is not known stays unresolved, and `fileIdentity` then gives it an
 * identity no resolved link has. The tree passed in is not changed.
 */
export function resolveLinks(files: Tree, texts: ReadonlyMap<string, string>): Record<string, FileEntry> {
  const resolved: Record<string, FileEntry> = { ...files };
  for (const [path, entry] of Object.entries(files)) {
    const text = entry.symlink && entry.sha !== undefined ? texts.get(entry.sha) : undefined;
    if (text === undefined) continue;
    const located = locate(files, texts, path, text);
    const next: FileEntry = { ...entry, linkText: text, linkTarget: located.target };
    if (located.why !== undefined) next.linkUnresolvable = located.why;
    else delete next.linkUnresolvable;
    resolved[path] = next;
  }
  return resolved;
}

/** Where the text of the link at `path` points: a path of the tree, or why it is none. */
function locate(files: Tree, texts: ReadonlyMap<string, string>, path: string, text: string): { target: string | null; why?: string } {
  const quoted = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  if (text === '') return { target: null, why: 'its target is empty' };
  if (isAbsolute(text)) return { target: null, why: `it points to ${quoted}, an absolute path outside the repository` };
  let target = normalize(dirOf(path), text);
  if (target === undefined) return { target: null, why: `it points to ${quoted}, which leads out of the repository` };
  for (let hops = 0; ; hops++) {
    if (target === '') return { target: null, why: `it points to ${quoted}, the root of the repository, which contains the link itself` };
    const named = target === text ? quoted : `${quoted} (${target})`;
    if (files[target] !== undefined || pathsUnder(sortedPaths(files), target).length > 0) {
      if (path.startsWith(`${target}/`)) return { target, why: `it points to ${named}, a directory that contains the link itself` };
      return { target };
    }
    // Not in the tree as such: the path may go through a linked directory (config/b.yaml, with config -> shared/conf).
    const via = linkedAncestor(files, target);
    const viaSha = via === undefined ? undefined : files[via]!.sha;
    const viaText = viaSha === undefined ? undefined : texts.get(viaSha);
    if (via === undefined || viaText === undefined) return { target, why: `it points to ${named}, which does not exist in the repository` };
    if (hops >= MAX_LINK_DEPTH) return { target: null, why: `it points to ${quoted}, which leads through more than ${MAX_LINK_DEPTH} symbolic links` };
    const base = isAbsolute(viaText) ? undefined : normalize(dirOf(via), viaText);
    if (base === undefined) return { target: null, why: `it points to ${quoted}, which leads through ${via}, a symbolic link out of the repository` };
    target = joinPath(base, target.slice(via.length + 1));
  }
}

/** The nearest directory above `path` that the tree lists as a symbolic link. */
function linkedAncestor(files: Tree, path: string): string | undefined {
  for (let dir = dirOf(path); dir !== ''; dir = dirOf(dir)) if (files[dir]?.symlink) return dir;
  return undefined;
}

/** Absolute on any system that checks the repository out: `/x`, `C:\x`, `\\server\x`. */
function isAbsolute(text: string): boolean {
  return text.startsWith('/') || text.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(text);
}

/** `text` read from `dir`, repository-relative; '' for the root, undefined when it climbs out. */
function normalize(dir: string, text: string): string | undefined {
  const parts = dir === '' ? [] : dir.split('/');
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join('/');
}

interface Problem {
  /** The link whose own target is the problem (the one followed, or one it leads through). */
  at: string;
  reason: string;
}

const isProblem = (value: string | Problem | undefined): value is Problem => typeof value === 'object';

interface Walk {
  /** The links being followed, outermost first (a loop returns to one of them). */
  chain: string[];
  /** Every target met, for reachedThroughLinks. */
  reached: Set<string>;
  visits: number;
}

const walk = (): Walk => ({ chain: [], reached: new Set(), visits: 0 });

/**
 * The identity of the link at `path`: `symlink:<its SHA>:<digest of what it points to>`;
 * undefined when some SHA on the way is unknown (a local file not read yet), a Problem when
 * it cannot be followed. A link on the way whose text is unknown contributes an identity no
 * resolved link has, so the digest differs from any computed with that text known.
 */
function follow(files: Tree, path: string, context: Walk): string | Problem | undefined {
  const entry = files[path]!;
  const loop = context.chain.indexOf(path);
  if (loop >= 0) return { at: path, reason: `the links form a loop: ${[...context.chain.slice(loop), path].join(' -> ')}` };
  if (context.chain.length >= MAX_LINK_DEPTH) return { at: path, reason: `it leads through more than ${MAX_LINK_DEPTH} symbolic links` };
  if (entry.linkTarget === undefined) return entry.sha === undefined ? undefined : `symlink:${entry.sha}:unknown`;
  if (entry.linkTarget !== null) context.reached.add(entry.linkTarget);
  if (entry.linkTarget === null || entry.linkUnresolvable !== undefined) return { at: path, reason: entry.linkUnresolvable ?? 'it cannot be followed' };
  const target = entry.linkTarget;
  const members = files[target] !== undefined ? [target] : pathsUnder(sortedPaths(files), target);
  if (members.length === 0) return { at: path, reason: `it points to ${target}, which does not exist in the repository` };
  context.chain.push(path);
  try {
    let known = entry.sha !== undefined;
    const hash = createHash('sha256');
    for (const member of members) {
      if (++context.visits > MAX_LINK_VISITS) return { at: context.chain[0]!, reason: `following it visits more than ${MAX_LINK_VISITS} files` };
      const identity = files[member]!.symlink ? follow(files, member, context) : files[member]!.sha;
      if (isProblem(identity)) return identity;
      if (identity === undefined) known = false;
      else hash.update(`${member}\0${identity}\n`);
    }
    return known ? `symlink:${entry.sha}:${hash.digest('hex')}` : undefined;
  } finally {
    context.chain.pop();
  }
}

/** The tree's paths, sorted once per tree: adapters list a tree's paths once and only add content. */
const sortedCache = new WeakMap<Tree, string[]>();

function sortedPaths(files: Tree): string[] {
  let sorted = sortedCache.get(files);
  if (!sorted) sortedCache.set(files, (sorted = Object.keys(files).sort()));
  return sorted;
}
