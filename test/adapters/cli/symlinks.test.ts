// Symbolic links in a local check: a linked card, artifact, directory or policy is never
// followed (it could pull in any file of the machine, e.g. credentials, and what is read ends up
// in messages, SARIF and the Markdown report), neither in the working tree nor in a --base
// commit (where a link's blob is its target path, not the file). In-process through runCli.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkingFile } from '../../../src/adapters/cli/worktree.ts';
import { git, root, runInProcess as run } from './harness.ts';

const sandbox = mkdtempSync(join(tmpdir(), 'modelgate-links-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** A file outside every checked repository, written to look like a card (and a policy) so that reading it would show. */
const CREDENTIALS = join(sandbox, 'credentials');
const SECRET = 'AKIASECRETNEVERSHOWN';
writeFileSync(CREDENTIALS, `---\nmodel_name: ${SECRET}\nversion: 9.9.9\nrisk_tier: low\n${SECRET}_key: ${SECRET}\n---\n# ${SECRET}\n`);

const CARD = 'models/churn/MODEL_CARD.md';
const LINK_MESSAGE = 'Not checked: could not be read: models/churn/MODEL_CARD.md is a symbolic link; modelgate reads governance artifacts only as regular files';

/** The examples policy and churn-clean as `models/churn`, optionally committed as the base. */
function repository(options: { commit?: boolean } = {}): string {
  const dir = mkdtempSync(join(sandbox, 'repo-'));
  cpSync(join(root, 'examples/.github'), join(dir, '.github'), { recursive: true });
  cpSync(join(root, 'examples/models/churn-clean'), join(dir, 'models/churn'), { recursive: true });
  if (options.commit) commitAll(dir, 'base');
  return dir;
}

const initialised = new Set<string>();

function commitAll(dir: string, message: string): void {
  if (!initialised.has(dir)) git(dir, 'init', '-q', '-b', 'main');
  initialised.add(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** Replaces a file of `dir` by a symbolic link to the credentials outside the repository. */
function linkToCredentials(dir: string, path: string): void {
  unlinkSync(join(dir, path));
  symlinkSync(CREDENTIALS, join(dir, path));
}

/** Every format, for the assertion that nothing of the linked file shows anywhere. */
async function everyFormat(dir: string, ...args: string[]) {
  return Promise.all(['text', 'json', 'sarif', 'markdown'].map(async (format) => ({ format, ...(await run(dir, 'check', ...args, '--format', format)) })));
}

function expectSymlinkFinding(runs: Awaited<ReturnType<typeof everyFormat>>): void {
  for (const { format, code, stdout, stderr } of runs) {
    expect([format, code, stderr]).toEqual([format, 1, '']);
    expect(`${stdout}${stderr}`).not.toContain(SECRET);
    expect(`${stdout}${stderr}`).not.toContain(CREDENTIALS);
  }
  const json = JSON.parse(runs.find((r) => r.format === 'json')!.stdout);
  expect(json.models.map((m: { path: string; tier: string; findings: unknown[] }) => [m.path, m.tier, m.findings])).toEqual([
    ['models/churn', 'high', [{ ruleId: 'artifact-parseable', severity: 'error', message: `${LINK_MESSAGE}.`, file: CARD, line: 1 }]],
  ]);
  const sarif = JSON.parse(runs.find((r) => r.format === 'sarif')!.stdout);
  expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.message.text, r.locations[0].physicalLocation.artifactLocation.uri])).toEqual([['artifact-parseable', `${LINK_MESSAGE}.`, CARD]]);
}

describe('a symlinked card pointing outside the repository', () => {
  const TEXT = [
    'models/churn/MODEL_CARD.md',
    `  1:1  error  ${LINK_MESSAGE}  artifact-parseable`,
    '',
    '1 model checked:',
    '  models/churn  tier high (unreadable)  —  ✖ 1 error',
    '',
    '✖ 1 problem (1 error, 0 warnings)',
    'modelgate: blocked — 1 error to fix, then 2 approvals from acme/model-risk',
  ].join('\n');

  it('working tree (no git): exit 1 with the symlink finding, and the linked file shows in no format', async () => {
    const dir = repository();
    linkToCredentials(dir, CARD);
    expect(await run(dir, 'check')).toEqual({ code: 1, stdout: TEXT, stderr: '' });
    expectSymlinkFinding(await everyFormat(dir));
  });

  it('--base: the card turned into a link since the base commit is the same error', async () => {
    const dir = repository({ commit: true });
    linkToCredentials(dir, CARD);
    expect(await run(dir, 'check', '--base', 'HEAD')).toEqual({ code: 1, stdout: TEXT, stderr: '' });
    expectSymlinkFinding(await everyFormat(dir, '--base', 'HEAD'));
  });

  it('--base: a link committed in the base and kept is read from neither side', async () => {
    const dir = repository();
    linkToCredentials(dir, CARD);
    commitAll(dir, 'base with a linked card');
    // Touch the model through another file, so it is checked against the base.
    writeFileSync(join(dir, 'models/churn/lineage.yaml'), `${readFileSync(join(dir, 'models/churn/lineage.yaml'), 'utf8')}\n`);
    expect(await run(dir, 'check', '--base', 'HEAD')).toEqual({ code: 1, stdout: TEXT, stderr: '' });
    expectSymlinkFinding(await everyFormat(dir, '--base', 'HEAD'));
  });

  it('a directory of the path that is a link (the index still lists the files under it) is never entered', async () => {
    const dir = repository({ commit: true });
    // models/churn now links to a copy outside whose card is the credentials; git still lists models/churn/* as tracked.
    const outside = mkdtempSync(join(sandbox, 'outside-'));
    renameSync(join(dir, 'models/churn'), join(outside, 'churn'));
    writeFileSync(join(outside, 'churn/MODEL_CARD.md'), readFileSync(CREDENTIALS));
    symlinkSync(join(outside, 'churn'), join(dir, 'models/churn'));
    for (const args of [[], ['--base', 'HEAD']]) {
      const { code, stdout, stderr } = await run(dir, 'check', ...args);
      expect([code, stderr]).toEqual([1, '']);
      expect(stdout).toContain(
        '  1:1  error  Not checked: could not be read: models/churn/MODEL_CARD.md is under models/churn, a symbolic link; modelgate reads governance artifacts only as regular files  artifact-parseable',
      );
      expect(stdout).not.toContain(SECRET);
    }
  });
});

describe('the base commit as git stores a link', () => {
  it('a link committed in the base is not read as a card: its blob is the target path, never the file', async () => {
    const dir = repository();
    const card = readFileSync(join(dir, CARD), 'utf8');
    // A link's target can be any text, even front matter: read as the base card it would lower the tier to low.
    unlinkSync(join(dir, CARD));
    symlinkSync('---\nrisk_tier: low\n---\n', join(dir, CARD));
    commitAll(dir, 'base with a linked card');
    unlinkSync(join(dir, CARD));
    writeFileSync(join(dir, CARD), card.replace('version: 2.4.0', 'version: 2.5.0').replace('risk_tier: medium', 'risk_tier: low'));
    const { code, stdout } = await run(dir, 'check', '--base', 'HEAD', '--format', 'json');
    expect(code).toBe(0);
    // The base card could not be read, so it counts as high (the safe side), not as the link's "low".
    expect(JSON.parse(stdout).models.map((m: { path: string; tier: string }) => [m.path, m.tier])).toEqual([['models/churn', 'high']]);
  });
});

describe('a symlinked policy', () => {
  it('in the working tree: exit 2, nothing checked, and the linked file is not read', async () => {
    const dir = repository();
    linkToCredentials(dir, '.github/modelgate.yml');
    const result = await run(dir, 'check');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'modelgate check: the policy .github/modelgate.yml is a symbolic link: it is not read (modelgate reads the policy only as a regular file); nothing was checked (the gate fails closed)',
    });
  });

  it.each([false, true])('a linked .github in the working tree (committed before: %s) is refused rather than read as "no policy"', async (commit) => {
    const dir = repository({ commit });
    const outside = mkdtempSync(join(sandbox, 'outside-'));
    renameSync(join(dir, '.github'), join(outside, '.github'));
    symlinkSync(join(outside, '.github'), join(dir, '.github'));
    expect(await run(dir, 'check')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'modelgate check: .github is a symbolic link, so the policy in it is not read (modelgate reads the policy only as a regular file); nothing was checked (the gate fails closed)',
    });
  });

  it('committed in the base: exit 2 with the commit named', async () => {
    const dir = repository();
    linkToCredentials(dir, '.github/modelgate.yml');
    commitAll(dir, 'base with a linked policy');
    const { code, stdout, stderr } = await run(dir, 'check', '--base', 'HEAD');
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(
      /^modelgate check: the policy \.github\/modelgate\.yml at [0-9a-f]{12} is a symbolic link: it is not read \(modelgate reads the policy only as a regular file\); nothing was checked \(the gate fails closed\)$/,
    );
  });
});

describe('validate', () => {
  const reason = (path: string) => `  ${path}:1  error  could not be read: ${path} is a symbolic link; modelgate reads governance artifacts only as regular files  (unreadable)`;

  it('a named link (as a changed-files list would name it) is an error, never followed', async () => {
    const dir = repository();
    linkToCredentials(dir, CARD);
    expect(await run(dir, 'validate', CARD, 'models/churn/lineage.yaml')).toEqual({
      code: 1,
      stdout: [`${CARD}: unknown`, reason(CARD), 'models/churn/lineage.yaml: modelgate-lineage', '2 files read, 1 error in 1 file'].join('\n'),
      stderr: '',
    });
  });

  it('a walk reports a link whose name promises an artifact, and enters no linked directory', async () => {
    const dir = repository();
    linkToCredentials(dir, CARD);
    const outside = mkdtempSync(join(sandbox, 'outside-'));
    writeFileSync(join(outside, 'lineage.yaml'), readFileSync(CREDENTIALS));
    symlinkSync(outside, join(dir, 'models/elsewhere'));
    symlinkSync(CREDENTIALS, join(dir, 'models/notes.md'));
    const { code, stdout, stderr } = await run(dir, 'validate', 'models');
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout.split('\n').filter((line) => !line.startsWith('models/churn/') || line.startsWith(CARD))).toEqual([
      `${CARD}: unknown`,
      reason(CARD),
      '3 files read, 1 error in 1 file',
    ]);
    expect(stdout).not.toContain(SECRET);
    // A named linked directory is not walked either.
    expect(await run(dir, 'validate', 'models/elsewhere')).toEqual({ code: 1, stdout: ['models/elsewhere: unknown', reason('models/elsewhere'), '1 file read, 1 error in 1 file'].join('\n'), stderr: '' });
  });
});

describe('readWorkingFile', () => {
  const dir = repository();

  it('refuses a path that would leave the directory before looking at anything', async () => {
    for (const path of ['../credentials', 'models/../../credentials', '/etc/passwd', 'models//churn/MODEL_CARD.md', './models/churn/MODEL_CARD.md']) {
      expect(await readWorkingFile(dir, path)).toEqual({ unreadable: `${path} is not a path inside the checked directory` });
    }
  });

  it('names a missing file without the absolute path', async () => {
    expect(await readWorkingFile(dir, 'models/churn/nope.md')).toEqual({ unreadable: 'models/churn/nope.md does not exist in the working tree' });
  });

  it.skipIf(process.platform === 'win32')('does not open a FIFO (which would block)', async () => {
    execFileSync('mkfifo', [join(dir, 'models/churn/pipe.md')]);
    expect(await readWorkingFile(dir, 'models/churn/pipe.md')).toEqual({ unreadable: 'models/churn/pipe.md is not a regular file' });
  });

  it('reads a regular file with its git blob SHA', async () => {
    const entry = await readWorkingFile(dir, 'models/churn/lineage.yaml');
    expect(Buffer.from(entry.content as Uint8Array).toString('utf8')).toBe(readFileSync(join(dir, 'models/churn/lineage.yaml'), 'utf8'));
    expect(entry.sha).toBe('dfe79a6643b4eb1063b37d5e3a6c48ba5a77f929');
  });
});
