// Fuzzing every format modelgate reads, and the policy loader, with malformed inputs built from
// real files: cut short, spliced with random bytes (NUL, broken UTF-8, a BOM), lines dropped or
// repeated, values swapped for another JSON/YAML type, structural tokens inserted. Each parser
// gets at least 200 such inputs. Properties: nothing throws, no parser bug surfaces as an
// 'unreadable' error, and every error names the file and a line. The streaming reader must give
// parseArtifact's result for the same bytes whatever the pieces, and parseJson's quick scan the
// full scan's lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArtifact, parseArtifactStream } from '../../../src/core/artifacts/index.ts';
import { parseJson } from '../../../src/core/artifacts/source.ts';
import { LineSplitter } from '../../../src/core/artifacts/tuning-log/lines.ts';
import type { ParseError } from '../../../src/core/artifacts/types.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';

const RUNS = 200;
const root = join(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const realWorld = (p: string) => read(join('test/fixtures/real-world', p));

/** Each format modelgate reads (detect.ts), with real files to mutate; the name decides the format. */
const FORMATS: { format: string; file: string; seeds: string[] }[] = [
  { format: 'hf-model-card', file: 'models/a/MODEL_CARD.md', seeds: [realWorld('model-cards/hf-sample_simple_model_index.md'), realWorld('model-cards/hf-sample_invalid_model_index.md'), realWorld('hub-cards/Helsinki-NLP_opus-mt-war-en_README.md')] },
  { format: 'mct-model-card', file: 'models/a/model_card.json', seeds: [realWorld('model-cards/mct-full.json'), realWorld('model-cards/mct-cats_vs_dogs_v0_0_2.json')] },
  { format: 'modelgate-lineage', file: 'models/a/lineage.yaml', seeds: [read('examples/models/churn-clean/lineage.yaml'), read('examples/models/fraud-planted/lineage.yaml'), read('test/fixtures/lineage/bank-churn-random-split.lineage.yaml')] },
  { format: 'openlineage-event', file: 'models/a/run.openlineage.json', seeds: [realWorld('lineage/openlineage-example_full_event.json'), realWorld('lineage/openlineage-serde_example_run_event.json')] },
  { format: 'dvc-pipeline', file: 'models/a/dvc.yaml', seeds: [realWorld('lineage/dvc-demo-bank-customer-churn/dvc.yaml'), realWorld('lineage/dvcyaml-schema/valid/foreach.dvc.yaml'), realWorld('lineage/dvcyaml-schema/valid/vars.dvc.yaml')] },
  { format: 'dvc-lock', file: 'models/a/dvc.lock', seeds: [realWorld('lineage/dvc-demo-bank-customer-churn/dvc.lock')] },
  { format: 'dvc-pointer', file: 'models/a/data.csv.dvc', seeds: [realWorld('lineage/dvc-demo-bank-customer-churn/data/Churn_Modelling.csv.dvc')] },
  { format: 'modelgate-tuning-jsonl', file: 'models/a/tuning/trials.jsonl', seeds: [read('examples/models/churn-clean/tuning/trials.jsonl'), read('examples/models/fraud-planted/tuning/trials.jsonl')] },
  { format: 'optuna-journal', file: 'models/a/journal.log', seeds: [realWorld('tuning-logs/optuna/journal-4.0.0.dev.log')] },
  {
    format: 'optuna-trials-csv',
    file: 'models/a/trials.csv',
    seeds: [
      ',number,value,datetime_start,params_booster,params_lr,user_attrs_seed,state\n0,0,0.83,2024-06-07 17:27:27,gbdt,0.01,7,COMPLETE\n1,1,,2024-06-07 17:27:28,"da,rt",0.05,8,PRUNED\n2,2,0.91,2024-06-07 17:27:29,"gb""dt",1e-05,9,TrialState.COMPLETE\n',
      'number,values_0,values_1,params_x,state\r\n0,0.5,0.1,True,COMPLETE\r\n1,0.6,0.2,"multi\nline",FAIL\r\n',
    ],
  },
  { format: 'wandb-sweep', file: 'models/a/sweep.yaml', seeds: [realWorld('tuning-logs/wandb-sweeps/sweep-nested-cli.yaml'), realWorld('tuning-logs/wandb-sweeps/sweep-local-hyperband.yaml'), realWorld('tuning-logs/wandb-sweeps/sweep-grid.yaml')] },
  { format: 'nni-config', file: 'models/a/config.yml', seeds: [realWorld('tuning-logs/nni/mnist-pytorch/config_detailed.yml'), realWorld('tuning-logs/nni/mnist-pytorch/config.yml')] },
  { format: 'nni-search-space', file: 'models/a/search_space.json', seeds: [realWorld('tuning-logs/nni/mnist-pytorch/search_space.json')] },
  { format: 'nni-trials', file: 'models/a/nni-trials.json', seeds: [realWorld('tuning-logs/nni/nnictl-import-trials.json')] },
  { format: 'ray-tune-experiment-state', file: 'models/a/experiment_state-2022-03-17_18-22-31.json', seeds: [realWorld('tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json')] },
];

const encode = (text: string) => new TextEncoder().encode(text);

function splice(bytes: Uint8Array, at: number, cut: number, insert: Uint8Array): Uint8Array {
  const start = Math.min(at, bytes.length);
  const end = Math.min(start + cut, bytes.length);
  const out = new Uint8Array(bytes.length - (end - start) + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(end), start + insert.length);
  return out;
}

/** A JSON value of another type than the one it replaces. */
const otherValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}), fc.jsonValue({ maxDepth: 2 }));

/** Replaces the value at a random place of a JSON document (or of one JSON Lines line). */
function swapJsonValue(text: string, pick: number, value: unknown): string {
  const lines = text.split('\n');
  const whole = (() => {
    try {
      return { data: JSON.parse(text) as unknown, lineIndex: -1 };
    } catch {
      const index = pick % lines.length;
      try {
        return { data: JSON.parse(lines[index]!) as unknown, lineIndex: index };
      } catch {
        return undefined;
      }
    }
  })();
  if (!whole) return text;
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((c, i) => (nodes.push({ parent: v, key: i }), walk(c)));
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) (nodes.push({ parent: v as Record<string, unknown>, key: k }), walk(c));
  };
  walk(whole.data);
  if (nodes.length === 0) return text;
  const node = nodes[pick % nodes.length]!;
  (node.parent as Record<string | number, unknown>)[node.key] = value;
  if (whole.lineIndex === -1) return JSON.stringify(whole.data, null, text.includes('\n  ') ? 2 : undefined);
  lines[whole.lineIndex] = JSON.stringify(whole.data);
  return lines.join('\n');
}

/** Rewrites the value of a random `key: value` line of YAML (or front matter) as another type. */
function swapYamlValue(text: string, pick: number, replacement: string): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, i) => (/^\s*(- )?[\w"'.-]+:\s*\S/.test(line) ? [i] : []));
  if (candidates.length === 0) return text;
  const i = candidates[pick % candidates.length]!;
  lines[i] = lines[i]!.replace(/^(\s*(?:- )?[\w"'.-]+:\s*).*$/, `$1${replacement}`);
  return lines.join('\n');
}

const TOKENS = ['{', '}', '[', ']', '"', ':', ',', '\n', '\r', '\t', '---\n', '- ', '&a ', '*a', '<<: *a', '!!binary ', 'NaN', '-Infinity', '\\', '#', '\u0000', '\ufeff', '\u2028', '  ', 'null', '1e400'];
const YAML_VALUES = ['[1, 2]', '{a: 1}', 'null', '"text"', '- x', '-1', '1.5', 'true', '~', "'", '[', '*a', '&a {}', '!!int x', '2024-01-01'];

/** One mutation of a real file, as bytes. */
function mutation(text: string): fc.Arbitrary<Uint8Array> {
  const bytes = encode(text);
  const at = fc.nat({ max: bytes.length });
  return fc.oneof(
    at.map((n) => bytes.subarray(0, n)), // truncated
    fc.tuple(at, fc.nat({ max: 200 })).map(([a, n]) => splice(bytes, a, n, new Uint8Array())), // a range deleted
    fc.tuple(at, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([a, junk]) => splice(bytes, a, 0, junk)), // random bytes inserted
    fc.tuple(at, fc.constantFrom(...TOKENS)).map(([a, token]) => splice(bytes, a, 0, encode(token))), // a structural token inserted
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
      // a line repeated elsewhere, or one dropped
      const lines = text.split('\n');
      const line = lines[a % lines.length]!;
      if (b % 2 === 0) lines.splice(b % (lines.length + 1), 0, line);
      else lines.splice(a % lines.length, 1);
      return encode(lines.join('\n'));
    }),
    fc.tuple(fc.nat(), otherValue).map(([pick, value]) => encode(swapJsonValue(text, pick, value))), // a JSON value of another type
    fc.tuple(fc.nat(), fc.constantFrom(...YAML_VALUES)).map(([pick, value]) => encode(swapYamlValue(text, pick, value))), // a YAML value of another type
  );
}

/** One to three mutations in a row, of one of the seeds. */
function malformed(seeds: string[]): fc.Arbitrary<Uint8Array> {
  return fc.constantFrom(...seeds).chain((seed) =>
    fc.integer({ min: 1, max: 3 }).chain((times) => {
      let arbitrary = mutation(seed);
      for (let i = 1; i < times; i++) arbitrary = arbitrary.chain((bytes) => mutation(new TextDecoder().decode(bytes)));
      return arbitrary;
    }),
  );
}

function expectLocated(errors: ParseError[], file: string): void {
  for (const error of errors) {
    expect(error.file).toBe(file);
    expect(Number.isInteger(error.line) && error.line >= 1, `line of ${JSON.stringify(error)}`).toBe(true);
    expect(error.code, error.message).not.toBe('unreadable'); // a parser that threw
  }
}

describe('parsers on malformed inputs', () => {
  it('covers every format detection knows', () => {
    // The formats of detect.ts's ArtifactFormat, 'unknown' aside.
    expect(FORMATS.map((f) => f.format).sort()).toEqual(
      ['dvc-lock', 'dvc-pipeline', 'dvc-pointer', 'hf-model-card', 'mct-model-card', 'modelgate-lineage', 'modelgate-tuning-jsonl', 'nni-config', 'nni-search-space', 'nni-trials', 'openlineage-event', 'optuna-journal', 'optuna-trials-csv', 'ray-tune-experiment-state', 'wandb-sweep'].sort(),
    );
    for (const { format, file, seeds } of FORMATS) {
      for (const seed of seeds) expect(parseArtifact(file, seed, { format: format as never }).format).toBe(format);
    }
  });

  it.each(FORMATS)('$format: never throws, every error has file and line', ({ format, file, seeds }) => {
    fc.assert(
      fc.property(malformed(seeds), (bytes) => {
        // As named (detection by content first) and as the format forced, the way a card names a log.
        for (const options of [{}, { format: format as never }]) {
          const result = parseArtifact(file, bytes, options);
          expectLocated(result.errors, file);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the policy loader: never throws, every error has file and line', () => {
    const file = '.github/modelgate.yml';
    fc.assert(
      fc.property(malformed([read('examples/.github/modelgate.yml')]), (bytes) => {
        const text = new TextDecoder().decode(bytes);
        const loaded = loadPolicy({ path: file, text });
        expectLocated(loaded.errors, file);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseArtifactStream', () => {
  const lineFormats = FORMATS.filter((f) => f.format === 'modelgate-tuning-jsonl' || f.format === 'optuna-journal');
  /** Bytes cut into pieces of the sizes given (cycled), so a line, a UTF-8 sequence or a CRLF can be split. */
  const pieces = (bytes: Uint8Array, sizes: number[]) => {
    const out: Uint8Array[] = [];
    for (let i = 0, k = 0; i < bytes.length; k++) {
      const size = sizes[k % sizes.length]!;
      out.push(bytes.subarray(i, i + size));
      i += size;
    }
    return out;
  };
  // Some seeds are repeated past the 8000 bytes the reader keeps before it decides, so the line
  // parsers (not only the whole-file fallback) are reached.
  const inputs = fc.oneof(
    ...lineFormats.map(({ file, seeds }) => fc.tuple(fc.constant(file), malformed(seeds.map((s) => s.repeat(1 + Math.ceil(9000 / s.length)))))),
    ...FORMATS.map(({ file, seeds }) => fc.tuple(fc.constant(file), malformed(seeds))),
  );

  it("gives parseArtifact's result for the same bytes, in any pieces", async () => {
    await fc.assert(
      fc.asyncProperty(inputs, fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }), async ([file, bytes], sizes) => {
        expect(await parseArtifactStream(file, pieces(bytes, sizes))).toEqual(parseArtifact(file, bytes));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('LineSplitter', () => {
  it('gives the lines of the whole text (LF, CRLF, no empty line after a final line end), whatever the pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '{}', ' ', '\n', '\r', '\r\n', 'é'), { maxLength: 30 }).map((parts) => parts.join('')), fc.array(fc.nat({ max: 40 }), { maxLength: 8 }), (text, cuts) => {
        const expected = text.split('\n');
        if (expected.length > 1 && expected[expected.length - 1] === '') expected.pop();
        if (text === '') expected.pop();
        const lines: [string, number][] = [];
        const splitter = new LineSplitter((line, number) => lines.push([line, number]));
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          splitter.push(text.slice(at, Math.max(at, cut)));
          at = Math.max(at, cut);
        }
        splitter.push(text.slice(at));
        splitter.end();
        expect(lines).toEqual(expected.map((line, i) => [line.endsWith('\r') ? line.slice(0, -1) : line, i + 1]));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("parseJson's quick scan", () => {
  // A duplicate key sends parseJson to the full jsonc-parser scan; one at the end of the root
  // object changes no line before it, so the two scans can be compared on everything else.
  const fullScan = (text: string) => {
    const forced = text.replace(/\}\s*$/, (end) => `${text.trimEnd().endsWith('{}') ? '' : ','}"__dup":0,"__dup":0${end}`);
    const locations = { ...parseJson('f.json', forced).locations };
    delete locations['__dup'];
    return locations;
  };

  it('answers each lookup as the full scan recorded it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), fc.string({ maxLength: 4 }), (data, pretty, junk) => {
        const text = JSON.stringify({ root: data, list: [data, { [junk]: data }] }, null, pretty ? 2 : undefined);
        const full = fullScan(text);
        const quick = parseJson('f.json', text).locations;
        for (const path of [...Object.keys(full), `${junk}`, `list.01`, `list.1.${junk}`, 'root.x.y', 'toString', 'list.-1']) {
          expect(quick[path], path).toBe(Object.hasOwn(full, path) ? full[path] : ({} as Record<string, unknown>)[path]);
          expect(Object.hasOwn(quick, path), path).toBe(Object.hasOwn(full, path));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('records the lines the full scan records', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== '__dup'), fc.jsonValue({ maxDepth: 4 })), fc.boolean(), (data, pretty) => {
        const text = JSON.stringify(data, null, pretty ? 2 : undefined);
        expect(parseJson('f.json', text).locations).toEqual(fullScan(text));
      }),
      { numRuns: RUNS },
    );
  });
});
