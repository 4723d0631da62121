// The built CLI, as a user runs it: `node bin/modelgate.js validate …`. It is built once into a
// temporary directory (bin/ copied beside dist/), so parallel test files never race on dist/.
import { describe, expect, it } from 'vitest';
import { useBuiltCli } from './built-cli.ts';
import { lines } from './harness.ts';

const cli = useBuiltCli();
const modelgate = (args: string[], cwd?: string) => cli.run(args, cwd);
const repo = (files: Record<string, string>) => cli.scratch(files);

const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';


describe('modelgate validate (built CLI)', () => {
  it('reads a valid file, says its format, exits 0', () => {
    expect(modelgate(['validate', 'examples/models/churn-clean/lineage.yaml'])).toEqual({
      code: 0,
      stdout: lines('examples/models/churn-clean/lineage.yaml: modelgate-lineage', '1 file read, no errors'),
      stderr: '',
    });
  });

  it('reports a broken file with file:line:col, message and code, exits 1', () => {
    const dir = repo({ 'models/churn/lineage.yaml': 'version: 1\ndatasets:\n  - name: tx\n    version: sha256:9f2c\nversion: 1\n' });
    expect(modelgate(['validate', 'models/churn/lineage.yaml'], dir)).toEqual({
      code: 1,
      stdout: lines(
        'models/churn/lineage.yaml: modelgate-lineage',
        '  models/churn/lineage.yaml:5:1  error  duplicate key: map keys must be unique  (duplicate-key)',
        '1 file read, 1 error in 1 file',
      ),
      stderr: '',
    });
  });

  it('prints a warning (an OpenLineage event without schemaURL) without failing: exit 0', () => {
    const event = '{"eventTime": "2024-01-01T00:00:00Z", "producer": "https://example.com/p",\n "job": {"namespace": "n", "name": "train"}}\n';
    const dir = repo({ 'run.openlineage.json': event });
    expect(modelgate(['validate', 'run.openlineage.json'], dir)).toEqual({
      code: 0,
      stdout: lines(
        'run.openlineage.json: openlineage-event',
        '  run.openlineage.json:1  warning  the top level: missing key "schemaURL" (line 1), so the spec version the event follows is unknown; ' +
          'it was read as OpenLineage 2-0: add the spec URL the producer writes, e.g. "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent"  (schema)',
        '1 file read, no errors',
      ),
      stderr: '',
    });
  });

  it('reports a file in no known format as unknown, not a crash', () => {
    const dir = repo({ 'notes.txt': 'remember the milk\n' });
    expect(modelgate(['validate', 'notes.txt'], dir)).toEqual({
      code: 1,
      stdout: lines(
        'notes.txt: unknown',
        '  notes.txt:1  error  not a format modelgate reads: expected a model card, lineage manifest or tuning log  (unknown-format)',
        '1 file read, 1 error in 1 file',
      ),
      stderr: '',
    });
  });

  it('rejects an unknown flag with a clear message and exit 2', () => {
    expect(modelgate(['validate', '--frobnicate', 'examples'])).toEqual({
      code: 2,
      stdout: '',
      stderr: lines("modelgate validate: unknown option '--frobnicate'", "Run 'modelgate validate --help' for usage."),
    });
  });

  it('walks the examples and finds every artifact, and nothing else', () => {
    expect(modelgate(['validate', 'examples'])).toEqual({
      code: 0,
      stdout: lines(
        'examples/.github/modelgate.yml: modelgate-policy',
        'examples/models/churn-clean/MODEL_CARD.md: hf-model-card',
        'examples/models/churn-clean/lineage.yaml: modelgate-lineage',
        'examples/models/churn-clean/tuning/trials.jsonl: modelgate-tuning-jsonl',
        'examples/models/fraud-planted/MODEL_CARD.md: hf-model-card',
        'examples/models/fraud-planted/lineage.yaml: modelgate-lineage',
        'examples/models/fraud-planted/tuning/trials.jsonl: modelgate-tuning-jsonl',
        'examples/models/sentiment-hf/README.md: hf-model-card',
        '8 files read, no errors',
      ),
      stderr: '',
    });
  });

  it('in a walk, reports LFS pointers where an artifact is expected and mlruns/ but skips ordinary READMEs, data and node_modules', () => {
    const dir = repo({
      'README.md': '# A project\n',
      'node_modules/pkg/lineage.yaml': 'not: ours\n',
      'models/x/lineage.yaml': lfs,
      'models/x/mlruns/0/meta.yaml': 'experiment_id: "0"\n',
      'models/x/data.csv': 'id,balance\n1,2\n',
      'models/x/MODEL_CARD.md': lfs,
      'docs/README.md': lfs,
    });
    expect(modelgate(['validate', '.'], dir)).toEqual({
      code: 1,
      stdout: lines(
        'models/x/MODEL_CARD.md: hf-model-card',
        '  models/x/MODEL_CARD.md:1  error  file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS)  (lfs-pointer)',
        'models/x/lineage.yaml: modelgate-lineage',
        '  models/x/lineage.yaml:1  error  file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS)  (lfs-pointer)',
        'models/x/mlruns/: unknown',
        '  models/x/mlruns/:1  error  committed MLflow tracking data (mlruns/) is not a governance artifact: log runs to a tracking server and reference them from the model card  (mlruns)',
        '3 files read, 3 errors in 3 files',
      ),
      stderr: '',
    });
  });

  it('checks the policy file against its schema, with the line of each mistake', () => {
    const dir = repo({
      '.github/modelgate.yml': '_extends: acme/.github\nmodels: {paths: ["models/**"]}\ntiers:\n  high: {approvals: two}\napproval:\n  invalidate_on: model-change\n  allow_authors: true\n',
    });
    const run = modelgate(['validate', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const out = run.stdout.split('\n');
    expect(out[0]).toBe('.github/modelgate.yml: modelgate-policy');
    expect(out.slice(1, -2).map((line) => /^  \.github\/modelgate\.yml:(\d+)  error  .*\((\S+)\)$/.exec(line)?.slice(1))).toEqual([
      ['4', 'schema'],
      ['7', 'unknown-key'],
    ]);
    expect(out.slice(-2)).toEqual(['1 file read, 2 errors in 1 file', '']);
  });

  it.each([
    [['validate'], 'expected at least one FILE or DIR'],
    [['validate', 'no/such/dir'], 'no such file or directory: no/such/dir'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    expect(modelgate(args)).toEqual({ code: 2, stdout: '', stderr: lines(`modelgate validate: ${message}`, "Run 'modelgate validate --help' for usage.") });
  });

  it('prints its help with --help and exits 0', () => {
    const run = modelgate(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Usage: modelgate validate FILE|DIR…');
    expect(run.stderr).toBe('');
  });

  it('prints the JSON Schema with `schema`', () => {
    const run = modelgate(['schema', 'policy']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ $id: 'urn:modelgate:schema:policy.schema.json', type: 'object' });
  });
});
