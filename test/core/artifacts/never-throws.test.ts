// Property: whatever bytes arrive under whatever artifact name, parseArtifact returns a result
// (value and/or located errors) and never throws. Inputs mix random text with mutations of
// real files, which reach much deeper into each parser than random text alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArtifact } from '../../../src/core/artifacts/index.ts';

const fixture = (p: string) => readFileSync(join(import.meta.dirname, '../../fixtures/real-world', p), 'utf8');

const seeds: [string, string][] = [
  ['models/a/MODEL_CARD.md', fixture('model-cards/hf-sample_simple_model_index.md')],
  ['models/a/model_card.json', fixture('model-cards/mct-full.json')],
  ['models/a/lineage.yaml', 'version: 1\ndatasets:\n  - {name: tx, version: "sha256:1", time_column: t}\nsplits: {method: temporal, train: {range: ["2023-01-01", "2023-06-30"]}}\nsteps:\n  - {name: split, kind: split}\n'],
  ['models/a/dvc.yaml', fixture('lineage/dvc-demo-bank-customer-churn/dvc.yaml')],
  ['models/a/dvc.lock', fixture('lineage/dvc-demo-bank-customer-churn/dvc.lock')],
  ['models/a/run.openlineage.json', fixture('lineage/openlineage-example_full_event.json')],
  ['models/a/tuning.jsonl', '{"type":"study","method":"random","seed":1}\n{"type":"trial","id":0,"state":"complete","params":{"a":1},"metrics":{"validation/auc":0.8}}\n'],
  ['models/a/journal.log', fixture('tuning-logs/optuna/journal-4.0.0.dev.log')],
  ['models/a/trials.csv', 'number,value,params_x,state\n0,0.5,1.0,COMPLETE\n'],
  ['models/a/sweep.yaml', fixture('tuning-logs/wandb-sweeps/sweep-nested-cli.yaml')],
  ['models/a/config.yml', fixture('tuning-logs/nni/mnist-pytorch/config_detailed.yml')],
  ['models/a/search_space.json', fixture('tuning-logs/nni/mnist-pytorch/search_space.json')],
  ['models/a/experiment_state-1.json', fixture('tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json')],
];

/** Cuts, duplicates or splices a piece of the text: truncation, repeated keys, broken nesting. */
const mutation = (text: string) =>
  fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b))),
    fc.tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 20 })).map(([at, junk]) => text.slice(0, at) + junk + text.slice(at)),
    fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('\t', '\r\n', '\u0000', '\ufeff', '---\n', '&a ', '*a', '{', ']', '"', 'NaN', ':')).map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  );

describe('parseArtifact never throws', () => {
  it.each(seeds)('%s', (file, text) => {
    fc.assert(
      fc.property(fc.oneof(mutation(text), fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 200 })), (input) => {
        const result = parseArtifact(file, input);
        expect(Array.isArray(result.errors)).toBe(true);
        for (const e of result.errors) {
          expect(e.file).toBe(file);
          expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
          expect(typeof e.message).toBe('string');
        }
        expect(result.value !== undefined || result.errors.length > 0).toBe(true);
      }),
      { numRuns: 150, seed: 20261123 },
    );
  });
});
