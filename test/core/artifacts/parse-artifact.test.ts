import { describe, expect, it, vi } from 'vitest';
import { kindOf, parseArtifact } from '../../../src/core/artifacts/index.ts';
import type { ArtifactFormat, Lineage, ParseError, TuningLog } from '../../../src/core/artifacts/types.ts';

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

describe('parseArtifact size caps: 2 MB for most artifacts, 100 MB for tuning logs that grow with every trial', () => {
  const MB = 1024 * 1024;
  const study = '{"type":"study","method":"random","seed":1}';
  const trial = (id: number) => `{"type":"trial","id":${id},"state":"complete","params":{"lr":0.01},"metrics":{"validation/auc":0.8}}`;
  /** A JSON Lines log of about `bytes`. */
  const jsonl = (bytes: number) => {
    const lines = [study];
    for (let id = 0, size = study.length; size < bytes; id++) size += lines[lines.push(trial(id)) - 1]!.length + 1;
    return `${lines.join('\n')}\n`;
  };
  const journal = (bytes: number) => {
    const create = '{"op_code": 0, "worker_id": "w", "study_name": "s", "directions": [2]}';
    const op = (id: number) => `{"op_code": 4, "worker_id": "w", "study_id": 0, "datetime_start": "2024-06-07T17:27:27.${String(id).padStart(6, '0')}"}`;
    const lines = [create];
    for (let id = 0, size = create.length; size < bytes; id++) size += lines[lines.push(op(id)) - 1]!.length + 1;
    return `${lines.join('\n')}\n`;
  };

  it('parses a 3 MB JSON Lines tuning log and a 3 MB Optuna journal, recognised by content', () => {
    const log = parseArtifact('models/x/tuning/trials.jsonl', jsonl(3 * MB));
    expect(log.errors).toEqual([]);
    expect(log.format).toBe('modelgate-tuning-jsonl');
    expect((log.value as TuningLog).trials.length).toBeGreaterThan(20_000);
    const optuna = parseArtifact('models/x/journal.log', journal(3 * MB));
    expect(optuna.errors).toEqual([]);
    expect(optuna.format).toBe('optuna-journal');
  });

  it('refuses a 3 MB model card, lineage manifest, W&B sweep or unrecognised file, as before', () => {
    const big = jsonl(3 * MB);
    const size = new TextEncoder().encode(big).length;
    const refusal = (file: string) => error(file, 'too-large', `file is ${size} bytes, over the 2097152-byte limit for governance artifacts; it was not parsed`);
    expect(parseArtifact('models/x/model_card.json', big)).toEqual({ format: 'mct-model-card', kind: 'model-card', errors: [refusal('models/x/model_card.json')] });
    expect(parseArtifact('models/x/sweep.yaml', big)).toEqual({ format: 'wandb-sweep', kind: 'tuning-log', errors: [refusal('models/x/sweep.yaml')] });
    // Content that is no growing log: a YAML document, or JSON Lines of no known shape.
    expect(parseArtifact('models/x/notes.yaml', big)).toEqual({ format: 'unknown', errors: [refusal('models/x/notes.yaml')] });
    const other = big.replaceAll('"type"', '"kind"');
    expect(parseArtifact('models/x/events.jsonl', other).errors).toEqual([error('models/x/events.jsonl', 'too-large', `file is ${new TextEncoder().encode(other).length} bytes, over the 2097152-byte limit for governance artifacts; it was not parsed`)]);
  });

  it('refuses a tuning log over 100 MB with its own limit, and a binary one as binary', () => {
    const huge = new Uint8Array(100 * MB + 1).fill(0x61);
    expect(parseArtifact('models/x/experiment_state-2024.json', huge)).toEqual({
      format: 'ray-tune-experiment-state',
      kind: 'tuning-log',
      errors: [error('models/x/experiment_state-2024.json', 'too-large', 'file is 104857601 bytes, over the 104857600-byte limit for tuning logs; it was not parsed')],
    });
    const binary = new Uint8Array(3 * MB).fill(0x61);
    binary[10] = 0;
    expect(parseArtifact('models/x/experiment_state-2024.json', binary).errors).toEqual([error('models/x/experiment_state-2024.json', 'binary', 'file is binary (contains NUL bytes); governance artifacts must be text')]);
    // Unnamed, a binary file over 2 MB is refused for its size, as before.
    expect(parseArtifact('models/x/trials.jsonl', binary).errors).toEqual([error('models/x/trials.jsonl', 'too-large', `file is ${3 * MB} bytes, over the 2097152-byte limit for governance artifacts; it was not parsed`)]);
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
