// Symbolic links and submodules among a model's files in a local check (issue 10, item 7), on
// real temporary git repositories: a link's target is followed inside the repository (never
// read as an artifact), so changing only the target changes the model; a link that leaves the
// repository is an engine error; a submodule is kept, as its commit, on both sides.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLocalCheck } from '../../../src/adapters/cli/local-snapshot.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { git, root, runInProcess as run } from './harness.ts';

const sandbox = mkdtempSync(join(tmpdir(), 'modelgate-model-links-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const LINK = 'models/churn/thresholds.yaml';
const SUBMODULE = 'models/churn/vendor/features';
const V1 = '1'.repeat(40);
const V2 = '2'.repeat(40);

/** The examples policy and churn-clean as `models/churn`, its thresholds linked from shared/, committed. */
function repository(): string {
  const dir = mkdtempSync(join(sandbox, 'repo-'));
  cpSync(join(root, 'examples/.github'), join(dir, '.github'), { recursive: true });
  cpSync(join(root, 'examples/models/churn-clean'), join(dir, 'models/churn'), { recursive: true });
  mkdirSync(join(dir, 'shared'));
  writeFileSync(join(dir, 'shared/thresholds.yaml'), 'churn: 0.42\n');
  symlinkSync('../../shared/thresholds.yaml', join(dir, LINK));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** Points the gitlink at `commit` in the index (an uninitialised submodule: an empty directory). */
function setSubmodule(dir: string, commit: string): void {
  mkdirSync(join(dir, SUBMODULE), { recursive: true });
  git(dir, 'update-index', '--add', '--cacheinfo', `160000,${commit},${SUBMODULE}`);
}

const models = (stdout: string) => JSON.parse(stdout).models.map((m: { path: string; tier: string; findings: { ruleId: string; message: string }[] }) => [m.path, m.tier, m.findings.map((f) => `${f.ruleId}: ${f.message}`)]);

describe('a link among the model files', () => {
  it('--base: changing only the target outside the model changes the model', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'shared/thresholds.yaml'), 'churn: 0.35\n');
    const { code, stdout } = await run(dir, 'check', '--base', 'HEAD', '--format', 'json');
    expect(code).toBe(1);
    expect(models(stdout)).toEqual([
      ['models/churn', 'medium', ['model-card-version-bumped: The model changed (`shared/thresholds.yaml`) but its version is still 2.4.0, as on the base branch: raise `governance.version`, e.g. to 2.4.1.']],
    ]);
  });

  it('both sides know where the link points', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'shared/thresholds.yaml'), 'churn: 0.35\n');
    const { snapshot } = await loadLocalCheck({ dir, base: 'HEAD', all: false });
    for (const side of [snapshot.head, snapshot.base!]) expect(side.files[LINK]).toMatchObject({ symlink: true, linkTarget: 'shared/thresholds.yaml' });
  });

  it.each([
    ['leaves the repository', '../../../etc/thresholds.yaml', 'it points to "../../../etc/thresholds.yaml", which leads out of the repository'],
    ['is absolute', '/etc/thresholds.yaml', 'it points to "/etc/thresholds.yaml", an absolute path outside the repository'],
    ['dangles', 'missing.yaml', 'it points to "missing.yaml" (models/churn/missing.yaml), which does not exist in the repository'],
  ])('a link that %s is an engine error on the link, with the reason', async (_name, target, reason) => {
    const dir = repository();
    rmSync(join(dir, LINK));
    symlinkSync(target, join(dir, LINK));
    const { code, stdout } = await run(dir, 'check', '--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).models[0].findings).toEqual([
      {
        ruleId: 'modelgate',
        severity: 'error',
        message: `${LINK} is a symbolic link that modelgate cannot follow (${reason}), so it cannot tell what this model file holds or whether it changed; the gate fails closed`,
        file: LINK,
        line: 1,
      },
    ]);
  });
});

describe('a submodule under the model', () => {
  it('is kept as its commit on both sides, so bumping it changes the model\'s files', async () => {
    const dir = repository();
    setSubmodule(dir, V1);
    git(dir, 'commit', '-q', '-m', 'vendor features');
    setSubmodule(dir, V2);
    const loaded = await loadLocalCheck({ dir, base: 'HEAD', all: false });
    expect(loaded.snapshot.base!.files[SUBMODULE]).toMatchObject({ sha: V1, submodule: true });
    expect(loaded.snapshot.head.files[SUBMODULE]).toMatchObject({ sha: V2, submodule: true });
    const [model] = evaluate(loaded.snapshot, loaded.policy).models;
    expect([model!.dir, model!.changedFiles, model!.blobs[SUBMODULE]]).toEqual(['models/churn', [SUBMODULE], V2]);
  });
});
