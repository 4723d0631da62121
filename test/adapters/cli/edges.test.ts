// DESIGN §7 edge cases, in-process through runCli (the same dispatch as the binary): a directory
// without models in every format, --base refs that name no commit, --output that cannot be
// written, and the usage errors of explain and rules. Exit 0/1/2, never a stack trace.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../../src/version.ts';
import { git, root, runInProcess as run } from './harness.ts';

const sandbox = mkdtempSync(join(tmpdir(), 'modelgate-edges-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function directory(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(sandbox, 'dir-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('check on a directory without models', () => {
  const dir = directory({ 'data/train.csv': 'a,b\n1,2\n', 'README.md': '# not a model\n' });

  it('text: nothing to check, pass, exit 0', async () => {
    expect(await run(dir, 'check')).toEqual({ code: 0, stdout: 'No model to check.\n\n✔ no problems\nmodelgate: pass — no model changes', stderr: '' });
  });

  it('json: one document, decision pass, no models, no findings', async () => {
    const { code, stdout, stderr } = await run(dir, 'check', '--format', 'json');
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({ tool: 'modelgate', version: TOOL_VERSION, decision: 'pass', models: [], findings: [] });
  });

  it('sarif: a run with no results; markdown: says there is nothing to gate', async () => {
    const sarif = await run(dir, 'check', '--format', 'sarif');
    expect(sarif.code).toBe(0);
    expect(JSON.parse(sarif.stdout).runs[0].results).toEqual([]);
    const markdown = await run(dir, 'check', '--format', 'markdown');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.split('\n').slice(0, 4)).toEqual(['<!-- modelgate:checklist -->', '### ✅ modelgate: pass — no model changes', '', 'No model changes in this pull request: nothing for modelgate to gate.']);
  });
});

it('check on a file: exit 2, pointing at validate', async () => {
  const dir = directory({ 'MODEL_CARD.md': '# card\n' });
  expect(await run(dir, 'check', 'MODEL_CARD.md')).toEqual({
    code: 2,
    stdout: '',
    stderr: 'modelgate check: MODEL_CARD.md: not a directory (check takes the repository directory; modelgate validate reads single files)',
  });
});

describe('--base that names no commit: exit 2 with one clear line', () => {
  const repo = directory({ 'README.md': '# r\n' });
  git(repo, 'init', '-q', '-b', 'main');
  const empty = directory();
  git(empty, 'init', '-q', '-b', 'main');

  it.each([
    ['an unknown ref', repo, 'no-such-branch', 'modelgate check: --base no-such-branch: no such commit in this repository'],
    ['a repository without commits', empty, 'HEAD', 'modelgate check: --base HEAD: no such commit in this repository'],
    ['a ref that would be read as an option', repo, '--output=/tmp/x', "modelgate check: '--output=/tmp/x' is not a git ref"],
  ])('%s', async (_name, cwd, ref, message) => {
    expect(await run(cwd, 'check', `--base=${ref}`)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('an empty ref is a usage error', async () => {
    expect(await run(repo, 'check', '--base=')).toEqual({ code: 2, stdout: '', stderr: "modelgate check: --base needs a git ref\nRun 'modelgate check --help' for usage." });
  });
});

describe('--output', () => {
  const dir = directory();

  it('writes exactly the report to the file and nothing to stdout', async () => {
    const file = join(dir, 'report.json');
    expect(await run(dir, 'check', '--format', 'json', '--output', 'report.json')).toEqual({ code: 0, stdout: '', stderr: '' });
    const written = readFileSync(file, 'utf8');
    expect(written.endsWith('}\n')).toBe(true);
    expect(JSON.parse(written).decision).toBe('pass');
  });

  it('a file that cannot be written is exit 2, said on stderr', async () => {
    const { code, stdout, stderr } = await run(dir, 'check', '--output', 'no/such/dir/report.txt');
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^modelgate check: --output no\/such\/dir\/report\.txt: ENOENT: no such file or directory/);
    expect(stderr).not.toContain('\n    at ');
  });
});

describe('usage errors of explain and rules', () => {
  it.each([
    [['explain'], "modelgate explain: expected a rule id (modelgate rules lists them)\nRun 'modelgate explain --help' for usage."],
    [['explain', 'a', 'b'], "modelgate explain: expected one rule id, got 2\nRun 'modelgate explain --help' for usage."],
    // No suggestion from a shared two-letter word ("no" is in evaluation-no-regression).
    [['explain', 'no-such-rule'], "modelgate explain: unknown rule 'no-such-rule'; modelgate rules lists them\nRun 'modelgate explain --help' for usage."],
    [['explain', 'lineage-split-befor-fit'], "modelgate explain: unknown rule 'lineage-split-befor-fit' (did you mean 'lineage-split-before-fit'?); modelgate rules lists them\nRun 'modelgate explain --help' for usage."],
    [['rules', 'lineage-present'], "modelgate rules: unexpected argument 'lineage-present' (to read one rule: modelgate explain lineage-present)\nRun 'modelgate rules --help' for usage."],
  ])('%j: exit 2', async (argv, stderr) => {
    expect(await run(sandbox, ...argv)).toEqual({ code: 2, stdout: '', stderr });
  });
});

it('bin/modelgate.js without its bundle: one line and exit 2, not a stack trace and exit 1', () => {
  const install = directory();
  mkdirSync(join(install, 'bin'));
  copyFileSync(join(root, 'bin/modelgate.js'), join(install, 'bin/modelgate.js'));
  const run = spawnSync(process.execPath, [join(install, 'bin/modelgate.js'), '--version'], { encoding: 'utf8' });
  expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
    code: 2,
    stdout: '',
    stderr: 'modelgate: the CLI is not built (dist/cli.js is missing): run `npm run build` first\n',
  });
});
