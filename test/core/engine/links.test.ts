// Symbolic links and submodules among a model's files (issue 10, item 7). A link is never read
// as an artifact, but what it points to belongs to the model: its identity follows the target,
// a change of the target touches the model, and a link that cannot be followed fails closed.
// A submodule is its commit. Trees are built as the adapters hand them over: links marked
// `symlink` with their blob SHA, targets filled in by `resolveLinks` from the link texts.
import { describe, expect, it } from 'vitest';
import { StalenessJudge } from '../../../src/core/approval/staleness.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { fileIdentity, knownLinkTexts, linkProblem, MAX_LINK_DEPTH, resolveLinks } from '../../../src/core/engine/identity.ts';
import type { ChangedFile, FileEntry, RepoState, Snapshot } from '../../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { cardText, cleanModelFiles } from '../../helpers/fixtures.ts';
import { gitBlobSha, repoState } from '../../helpers/rule-tester.ts';

const LINK = 'models/fraud/thresholds.yaml';
const SHARED = 'shared/thresholds.yaml';
const FRAUD = cleanModelFiles('models/fraud');

interface TreeSpec {
  files?: Record<string, string>;
  /** path -> the link's text (its target path, as written). */
  links?: Record<string, string>;
  /** path -> the submodule's commit. */
  submodules?: Record<string, string>;
  /** Link texts the adapter did not learn (the tree of a commit it never read). */
  unknown?: string[];
}

/** A tree as an adapter hands it to the core: links and submodules listed, never read, links resolved. */
function tree(sha: string, spec: TreeSpec): RepoState {
  const state = repoState(sha, spec.files ?? {});
  for (const [path, text] of Object.entries(spec.links ?? {})) state.files[path] = { sha: gitBlobSha(text), symlink: true, unreadable: `${path} is a symbolic link` };
  for (const [path, commit] of Object.entries(spec.submodules ?? {})) state.files[path] = { sha: commit, submodule: true, unreadable: `${path} is a git submodule` };
  const texts = new Map(Object.entries(spec.links ?? {}).filter(([path]) => !spec.unknown?.includes(path)).map(([, text]) => [gitBlobSha(text), text]));
  return { sha, files: resolveLinks(state.files, texts) };
}

/** Paths whose entry differs between the two trees, as the PR files API lists them. */
function changes(base: RepoState, head: RepoState): ChangedFile[] {
  return [...new Set([...Object.keys(base.files), ...Object.keys(head.files)])].sort().flatMap((path): ChangedFile[] => {
    const before = base.files[path]?.sha;
    const after = head.files[path]?.sha;
    if (before === after) return [];
    return [{ path, status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified' }];
  });
}

function run(base: TreeSpec, head: TreeSpec) {
  const snapshot: Snapshot = { base: tree('BASE', base), head: tree('HEAD', head), changedFiles: [] };
  snapshot.changedFiles = changes(snapshot.base!, snapshot.head);
  return { snapshot, evaluation: evaluate(snapshot, loadPolicy(undefined)) };
}

const linkTo = (text: string, files: Record<string, string> = {}): TreeSpec => ({ files: { ...FRAUD, [SHARED]: 'fraud: 0.8\n', ...files }, links: { [LINK]: text } });

describe('resolveLinks: where a link points, repository-relative', () => {
  const files = { ...FRAUD, [SHARED]: 'a\n', 'shared/conf/b.yaml': 'b\n' };
  const cases: { name: string; text: string; links?: Record<string, string>; expected: Partial<FileEntry> }[] = [
    { name: 'a file elsewhere in the repository', text: '../../shared/thresholds.yaml', expected: { linkTarget: SHARED } },
    { name: 'a file beside it, through ./ and a redundant /', text: './/lineage.yaml', expected: { linkTarget: 'models/fraud/lineage.yaml' } },
    { name: 'a directory', text: '../../shared/conf', expected: { linkTarget: 'shared/conf' } },
    { name: 'a file through a linked directory', text: '../../config/b.yaml', links: { config: 'shared/conf' }, expected: { linkTarget: 'shared/conf/b.yaml' } },
    { name: 'another link (chains are followed by fileIdentity)', text: '../../latest.yaml', links: { 'latest.yaml': 'shared/thresholds.yaml' }, expected: { linkTarget: 'latest.yaml' } },
    { name: 'an absolute path', text: '/etc/thresholds.yaml', expected: { linkTarget: null, linkUnresolvable: 'it points to "/etc/thresholds.yaml", an absolute path outside the repository' } },
    { name: 'a path that climbs out of the repository', text: '../../../etc/thresholds.yaml', expected: { linkTarget: null, linkUnresolvable: 'it points to "../../../etc/thresholds.yaml", which leads out of the repository' } },
    { name: 'nothing (a dangling link)', text: '../../shared/gone.yaml', expected: { linkTarget: 'shared/gone.yaml', linkUnresolvable: 'it points to "../../shared/gone.yaml" (shared/gone.yaml), which does not exist in the repository' } },
    { name: 'nothing, with an empty text', text: '', expected: { linkTarget: null, linkUnresolvable: 'its target is empty' } },
    { name: 'its own directory', text: '.', expected: { linkTarget: 'models/fraud', linkUnresolvable: 'it points to "." (models/fraud), a directory that contains the link itself' } },
    { name: 'the repository root', text: '../..', expected: { linkTarget: null, linkUnresolvable: 'it points to "../..", the root of the repository, which contains the link itself' } },
    {
      name: 'a linked directory that leaves the repository',
      text: '../../config/b.yaml',
      links: { config: '/etc/conf' },
      expected: { linkTarget: null, linkUnresolvable: 'it points to "../../config/b.yaml", which leads through config, a symbolic link out of the repository' },
    },
  ];
  it.each(cases)('$name', ({ text, links = {}, expected }) => {
    const entry = tree('HEAD', { files, links: { ...links, [LINK]: text } }).files[LINK]!;
    expect({ linkTarget: entry.linkTarget, linkUnresolvable: entry.linkUnresolvable }).toEqual({ linkUnresolvable: undefined, ...expected });
    expect(entry).toMatchObject({ symlink: true, linkText: text, sha: gitBlobSha(text) });
  });

  it('leaves a link whose text is not known unresolved, and the tree it was given untouched', () => {
    const state = tree('HEAD', { files, links: { [LINK]: '../../shared/thresholds.yaml' }, unknown: [LINK] });
    expect(state.files[LINK]).toEqual({ sha: gitBlobSha('../../shared/thresholds.yaml'), symlink: true, unreadable: `${LINK} is a symbolic link` });
    const before = structuredClone(state.files);
    resolveLinks(state.files, new Map([[gitBlobSha('../../shared/thresholds.yaml'), '../../shared/thresholds.yaml']]));
    expect(state.files).toEqual(before);
  });
});

describe('fileIdentity', () => {
  const identity = (spec: TreeSpec, path = LINK) => fileIdentity(tree('T', spec).files, path);

  it('is the blob SHA of a regular file and the commit of a submodule', () => {
    expect(identity({ files: FRAUD }, 'models/fraud/lineage.yaml')).toBe(gitBlobSha(FRAUD['models/fraud/lineage.yaml']!));
    expect(identity({ submodules: { 'models/fraud/vendor': 'c'.repeat(40) } }, 'models/fraud/vendor')).toBe('c'.repeat(40));
    expect(identity({ files: FRAUD }, 'models/fraud/nope.yaml')).toBeUndefined();
  });

  it('of a link to a file: its own SHA combined with the target\'s, so it changes when only the target does', () => {
    const before = identity(linkTo('../../shared/thresholds.yaml'));
    expect(before).toMatch(new RegExp(`^symlink:${gitBlobSha('../../shared/thresholds.yaml')}:[0-9a-f]{64}$`));
    expect(identity(linkTo('../../shared/thresholds.yaml'))).toBe(before);
    expect(identity(linkTo('../../shared/thresholds.yaml', { [SHARED]: 'fraud: 0.5\n' }))).not.toBe(before);
  });

  it('of a link to a directory: changes when a file under it is changed, added or removed', () => {
    const dir = (files: Record<string, string>) => identity({ files: { ...FRAUD, ...files }, links: { 'models/fraud/conf': '../../shared/conf' } }, 'models/fraud/conf');
    const before = dir({ 'shared/conf/a.yaml': 'a\n', 'shared/conf/deep/b.yaml': 'b\n', 'shared/other.yaml': 'o\n' });
    expect(dir({ 'shared/conf/a.yaml': 'a\n', 'shared/conf/deep/b.yaml': 'b\n', 'shared/other.yaml': 'changed\n' })).toBe(before);
    for (const changed of <Record<string, string>[]>[
      { 'shared/conf/a.yaml': 'a\n', 'shared/conf/deep/b.yaml': 'B\n' },
      { 'shared/conf/a.yaml': 'a\n', 'shared/conf/deep/b.yaml': 'b\n', 'shared/conf/c.yaml': 'c\n' },
      { 'shared/conf/a.yaml': 'a\n' },
    ]) {
      expect(dir(changed)).not.toBe(before);
    }
  });

  it('follows a chain of links to its end', () => {
    const chain = (text: string) => identity({ files: { ...FRAUD, 'shared/v2.yaml': text }, links: { [LINK]: '../../shared/current.yaml', 'shared/current.yaml': 'v2.yaml' } });
    expect(chain('fraud: 0.8\n')).toBe(chain('fraud: 0.8\n'));
    expect(chain('fraud: 0.5\n')).not.toBe(chain('fraud: 0.8\n'));
  });

  it('of a link whose text is not known can never equal a known one', () => {
    const known = identity(linkTo('../../shared/thresholds.yaml'));
    const unknown = identity({ ...linkTo('../../shared/thresholds.yaml'), unknown: [LINK] });
    expect(unknown).toBe(`symlink:${gitBlobSha('../../shared/thresholds.yaml')}:unknown`);
    expect(unknown).not.toBe(known);
  });
});

describe('linkProblem: why a link cannot be followed', () => {
  const problem = (links: Record<string, string>, files: Record<string, string> = {}) => linkProblem(tree('T', { files: { ...FRAUD, ...files }, links }).files, LINK);

  it.each([
    ['a loop of links', { [LINK]: 'b.yaml', 'models/fraud/b.yaml': 'thresholds.yaml' }, {}, 'the links form a loop: models/fraud/thresholds.yaml -> models/fraud/b.yaml -> models/fraud/thresholds.yaml'],
    [
      'a loop through a directory',
      { [LINK]: '../../shared', 'shared/back': '../models' },
      { 'shared/x.yaml': 'x\n' },
      'the links form a loop: models/fraud/thresholds.yaml -> shared/back -> models/fraud/thresholds.yaml',
    ],
    ['a link further on that leaves the repository', { [LINK]: '../../shared/current.yaml', 'shared/current.yaml': '/etc/x' }, {}, 'it leads to shared/current.yaml, a symbolic link that cannot be followed: it points to "/etc/x", an absolute path outside the repository'],
    ['an absolute path', { [LINK]: '/etc/x' }, {}, 'it points to "/etc/x", an absolute path outside the repository'],
  ])('%s', (_name, links, files, expected) => {
    expect(problem(links, files)).toBe(expected);
  });

  it(`a chain longer than ${MAX_LINK_DEPTH} links`, () => {
    const links: Record<string, string> = { [LINK]: '../../l1' };
    for (let i = 1; i <= MAX_LINK_DEPTH + 1; i++) links[`l${i}`] = `l${i + 1}`;
    expect(problem(links, { [`l${MAX_LINK_DEPTH + 2}`]: 'end\n' })).toBe(`it leads to l${MAX_LINK_DEPTH}, a symbolic link that cannot be followed: it leads through more than ${MAX_LINK_DEPTH} symbolic links`);
  });

  it('none for a link that can be followed, nor for a regular file', () => {
    expect(problem({ [LINK]: '../../shared/thresholds.yaml' }, { [SHARED]: 'x\n' })).toBeUndefined();
    expect(linkProblem(tree('T', { files: FRAUD }).files, 'models/fraud/lineage.yaml')).toBeUndefined();
  });
});

describe('evaluate: a model is touched through its links', () => {
  const touched = (base: TreeSpec, head: TreeSpec) => run(base, head).evaluation.models.map((m) => [m.dir, m.changedFiles]);

  it.each([
    ['the target file of a link', linkTo('../../shared/thresholds.yaml'), linkTo('../../shared/thresholds.yaml', { [SHARED]: 'fraud: 0.5\n' }), [['models/fraud', [SHARED]]]],
    [
      'a file under the target directory of a link',
      { files: { ...FRAUD, 'shared/conf/a.yaml': 'a\n' }, links: { 'models/fraud/conf': '../../shared/conf' } },
      { files: { ...FRAUD, 'shared/conf/a.yaml': 'A\n' }, links: { 'models/fraud/conf': '../../shared/conf' } },
      [['models/fraud', ['shared/conf/a.yaml']]],
    ],
    [
      'the end of a chain of links',
      { files: { ...FRAUD, 'shared/v2.yaml': 'a\n' }, links: { [LINK]: '../../shared/current.yaml', 'shared/current.yaml': 'v2.yaml' } },
      { files: { ...FRAUD, 'shared/v2.yaml': 'b\n' }, links: { [LINK]: '../../shared/current.yaml', 'shared/current.yaml': 'v2.yaml' } },
      [['models/fraud', ['shared/v2.yaml']]],
    ],
    ['the target file deleted (the link now dangles)', linkTo('../../shared/thresholds.yaml'), { files: FRAUD, links: { [LINK]: '../../shared/thresholds.yaml' } }, [['models/fraud', [SHARED]]]],
    ['not: a file beside the target', linkTo('../../shared/thresholds.yaml', { 'shared/other.yaml': 'a\n' }), linkTo('../../shared/thresholds.yaml', { 'shared/other.yaml': 'b\n' }), []],
  ] as const)('%s', (_name, base, head, expected) => {
    expect(touched(base, head)).toEqual(expected);
  });

  it('the model\'s blob of the link follows the target, for staleness and the audit', () => {
    const { snapshot, evaluation } = run(linkTo('../../shared/thresholds.yaml'), linkTo('../../shared/thresholds.yaml', { [SHARED]: 'fraud: 0.5\n' }));
    expect(evaluation.models[0]!.blobs[LINK]).toBe(fileIdentity(snapshot.head.files, LINK));
    expect(evaluation.models[0]!.blobs[LINK]).not.toBe(gitBlobSha('../../shared/thresholds.yaml'));
  });

  it('a submodule\'s new commit touches its model, and is the model\'s blob of it', () => {
    const { evaluation } = run({ files: FRAUD, submodules: { 'models/fraud/vendor': 'a'.repeat(40) } }, { files: FRAUD, submodules: { 'models/fraud/vendor': 'b'.repeat(40) } });
    expect(evaluation.models.map((m) => [m.dir, m.changedFiles, m.blobs['models/fraud/vendor']])).toEqual([['models/fraud', ['models/fraud/vendor'], 'b'.repeat(40)]]);
  });
});

describe('evaluate: a link that cannot be followed fails closed', () => {
  const findings = (head: TreeSpec) =>
    run({ files: FRAUD }, head)
      .evaluation.models.flatMap((m) => m.findings)
      // Errors only: the fixture card's warnings (e.g. fairness slices for a model that ranks
      // customers) are not what these cases are about.
      .filter((f) => f.severity === 'error')
      .map((f) => [f.ruleId, f.file, f.message]);
  const cannotFollow = (why: string) => `${LINK} is a symbolic link that modelgate cannot follow (${why}), so it cannot tell what this model file holds or whether it changed; the gate fails closed`;
  const bumped = { ...FRAUD, 'models/fraud/MODEL_CARD.md': cardText({ governance: { version: '2.4.0' } }) };

  it('an engine error (no one may waive it) on the link, saying where it points and why', () => {
    expect(findings({ files: bumped, links: { [LINK]: '/etc/fraud.yaml' } })).toEqual([['modelgate', LINK, cannotFollow('it points to "/etc/fraud.yaml", an absolute path outside the repository')]]);
  });

  it('a link whose target was not given to the engine is an error too', () => {
    expect(findings({ files: bumped, links: { [LINK]: '../../shared/thresholds.yaml' }, unknown: [LINK] })).toEqual([['modelgate', LINK, cannotFollow('modelgate was not given the path it points to')]]);
  });

  it('a linked card keeps its one finding (not read: a symbolic link), whatever it points to', () => {
    const card = 'models/fraud/MODEL_CARD.md';
    const files = Object.fromEntries(Object.entries(bumped).filter(([path]) => path !== card));
    const ev = run({ files: FRAUD }, { files, links: { [card]: '/etc/passwd' } }).evaluation;
    expect(ev.models.flatMap((m) => m.findings).map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['artifact-parseable', card, `Not checked: could not be read: ${card} is a symbolic link.`],
    ]);
  });
});

describe('knownLinkTexts + resolveLinks on the tree of a reviewed commit', () => {
  // What the adapter does for each reviewed commit: list its tree, fill in link targets from the
  // link texts already known at head and base (same link SHA, same text), compare identities.
  const stalenessAt = (reviewed: TreeSpec, head: TreeSpec) => {
    const { snapshot, evaluation } = run(linkTo('../../shared/thresholds.yaml'), head);
    const known = knownLinkTexts(snapshot.head.files, snapshot.base!.files);
    const files = resolveLinks(tree('REVIEWED', { ...reviewed, unknown: Object.keys(reviewed.links ?? {}) }).files, known);
    const blobsAt = { REVIEWED: Object.fromEntries(evaluation.models.flatMap((m) => m.files).map((path) => [path, fileIdentity(files, path) ?? null])) };
    return new StalenessJudge('model-change', 'HEAD', evaluation.models, blobsAt).judge('REVIEWED');
  };
  const bumped = (extra: Record<string, string> = {}): TreeSpec => linkTo('../../shared/thresholds.yaml', { 'models/fraud/MODEL_CARD.md': cardText({ governance: { version: '2.4.0' } }), ...extra });

  it('an approval stays fresh when neither the link nor its target changed since', () => {
    expect(stalenessAt(bumped(), bumped({ 'docs/notes.md': 'x\n' }))).toEqual({ stale: false });
  });

  it('goes stale when only the target changed since', () => {
    expect(stalenessAt(bumped(), bumped({ [SHARED]: 'fraud: 0.5\n' }))).toMatchObject({ stale: true, changedFiles: [LINK] });
  });

  it('goes stale when the reviewed commit had a link whose text is known nowhere', () => {
    const reviewed = { ...bumped(), links: { [LINK]: '../../shared/older.yaml' } };
    expect(stalenessAt(reviewed, bumped())).toMatchObject({ stale: true, changedFiles: [LINK] });
  });

  it('knownLinkTexts maps each link SHA to its text', () => {
    const state = tree('T', linkTo('../../shared/thresholds.yaml'));
    expect(knownLinkTexts(state.files)).toEqual(new Map([[gitBlobSha('../../shared/thresholds.yaml'), '../../shared/thresholds.yaml']]));
  });
});
