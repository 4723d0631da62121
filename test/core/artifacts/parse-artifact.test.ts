import { describe, expect, it, vi } from 'vitest';
import { kindOf, parseArtifact } from '../../../src/core/artifacts/index.ts';
import type { ArtifactFormat, Lineage, ParseError } from '../../../src/core/artifacts/types.ts';

const lineage = ['version: 1', 'datasets:', '  - name: transactions', '    version: sha256:9f2c', ''].join('\n');
const lfsPointer = ['version https://git-lfs.github.com/spec/v1', 'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393', 'size 12345', ''].join('\n');

const error = (file: string, code: ParseError['code'], message: string): ParseError => ({ file, line: 1, code, message });

describe('parseArtifact guards', () => {
  const cases: Array<[name: string, file: string, content: string | Uint8Array, format: ArtifactFormat, expected: ParseError]> = [
    [
      '10 MB file',
      'models/x/lineage.yaml',
      new Uint8Array(10 * 1024 * 1024).fill(0x61),
      'modelgate-lineage',
      error('models/x/lineage.yaml', 'too-large', 'file is 10485760 bytes, over the 2097152-byte limit for governance artifacts; it was not parsed'),
    ],
    [
      'binary with NUL',
      'models/x/model_card.json',
      new Uint8Array([0x7b, 0x00, 0x7d]),
      'mct-model-card',
      error('models/x/model_card.json', 'binary', 'file is binary (contains NUL bytes); governance artifacts must be text'),
    ],
    [
      'invalid UTF-8',
      'models/x/MODEL_CARD.md',
      new Uint8Array([0x23, 0x20, 0xc3, 0x28, 0x0a]),
      'hf-model-card',
      error('models/x/MODEL_CARD.md', 'binary', 'file is not valid UTF-8 text'),
    ],
    [
      'Git LFS pointer',
      'models/x/tuning/trials.jsonl',
      lfsPointer,
      'unknown',
      error('models/x/tuning/trials.jsonl', 'lfs-pointer', 'file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS)'),
    ],
    [
      'committed mlruns/',
      'models/x/mlruns/0/meta.yaml',
      'artifact_location: file:///tmp/mlruns/0\nexperiment_id: "0"\n',
      'unknown',
      error(
        'models/x/mlruns/0/meta.yaml',
        'mlruns',
        'committed MLflow tracking data (mlruns/) is not a governance artifact: log runs to a tracking server and reference them from the model card',
      ),
    ],
    ['empty file', 'models/x/lineage.yaml', '', 'modelgate-lineage', error('models/x/lineage.yaml', 'empty-file', 'file is empty')],
    ['whitespace only', 'dvc.yaml', ' \n\t\r\n  \n', 'dvc-pipeline', error('dvc.yaml', 'empty-file', 'file is empty')],
    [
      'unknown format',
      'notes/todo.txt',
      'buy milk\n',
      'unknown',
      error('notes/todo.txt', 'unknown-format', 'not a format modelgate reads: expected a model card, lineage manifest or tuning log'),
    ],
    [
      'unknown YAML',
      'params.yaml',
      'train:\n  max_depth: 6\n',
      'unknown',
      error('params.yaml', 'unknown-format', 'not a format modelgate reads: expected a model card, lineage manifest or tuning log'),
    ],
  ];

  it.each(cases)('%s', (_name, file, content, format, expected) => {
    const result = parseArtifact(file, content);
    expect(result.errors).toEqual([expected]);
    expect(result.format).toBe(format);
    expect(result.value).toBeUndefined();
  });

  it('honours a smaller size cap', () => {
    const result = parseArtifact('models/x/lineage.yaml', lineage, { maxBytes: 10 });
    expect(result.errors).toEqual([
      error('models/x/lineage.yaml', 'too-large', `file is ${lineage.length} bytes, over the 10-byte limit for governance artifacts; it was not parsed`),
    ]);
  });
});

describe('parseArtifact dispatch', () => {
  it('parses BOM-prefixed YAML with the lines of the file as written', () => {
    const result = parseArtifact('models/x/lineage.yaml', `\uFEFF${lineage}`);
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('modelgate-lineage');
    expect(result.kind).toBe('lineage');
    const value = result.value as Lineage;
    expect(value.datasets.map((d) => ({ name: d.name, version: d.version, line: d.line }))).toEqual([{ name: 'transactions', version: 'sha256:9f2c', line: 3 }]);
  });

  it('parses bytes as well as strings', () => {
    const result = parseArtifact('models/x/lineage.yaml', new TextEncoder().encode(lineage));
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('modelgate-lineage');
  });

  it('uses a format given by the caller instead of detecting one', () => {
    const result = parseArtifact('models/x/data-lineage.txt', lineage, { format: 'modelgate-lineage' });
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('modelgate-lineage');
  });

  it('turns a parser that throws into an unreadable error, never a throw', async () => {
    const manifest = '../../../src/core/artifacts/lineage/manifest.ts';
    vi.resetModules();
    vi.doMock(manifest, async (importOriginal) => ({
      ...(await importOriginal<object>()),
      parseLineageManifest: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'line')");
      },
    }));
    try {
      const fresh = await import('../../../src/core/artifacts/index.ts');
      const result = fresh.parseArtifact('models/x/lineage.yaml', lineage);
      expect(result).toEqual({
        format: 'modelgate-lineage',
        kind: 'lineage',
        errors: [
          error(
            'models/x/lineage.yaml',
            'unreadable',
            "could not parse as modelgate-lineage (Cannot read properties of undefined (reading 'line')); this is a modelgate bug, please report it",
          ),
        ],
      });
    } finally {
      vi.doUnmock(manifest);
      vi.resetModules();
    }
  });

  it.each([
    ['hf-model-card', 'model-card'],
    ['mct-model-card', 'model-card'],
    ['modelgate-lineage', 'lineage'],
    ['dvc-pipeline', 'lineage'],
    ['dvc-lock', 'lineage'],
    ['dvc-pointer', 'lineage'],
    ['openlineage-event', 'lineage'],
    ['modelgate-tuning-jsonl', 'tuning-log'],
    ['optuna-journal', 'tuning-log'],
    ['optuna-trials-csv', 'tuning-log'],
    ['wandb-sweep', 'tuning-log'],
    ['nni-config', 'tuning-log'],
    ['nni-search-space', 'tuning-log'],
    ['nni-trials', 'tuning-log'],
    ['ray-tune-experiment-state', 'tuning-log'],
    ['unknown', undefined],
  ] as const)('kindOf(%s) = %s', (format, kind) => {
    expect(kindOf(format)).toBe(kind);
  });
});
