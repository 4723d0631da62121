// Property: mangled artifacts of a real model never crash a rule. Each run mutates one file
// of examples/models/fraud-planted (cut, spliced, junk inserted) and evaluates the model with
// every rule; a rule that throws would surface as a "rule crashed" finding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import { repoState } from '../helpers/rule-tester.ts';

const dir = join(import.meta.dirname, '../../examples/models/fraud-planted');
const files: Record<string, string> = {
  'models/fraud-planted/MODEL_CARD.md': readFileSync(join(dir, 'MODEL_CARD.md'), 'utf8'),
  'models/fraud-planted/lineage.yaml': readFileSync(join(dir, 'lineage.yaml'), 'utf8'),
  'models/fraud-planted/tuning/trials.jsonl': readFileSync(join(dir, 'tuning/trials.jsonl'), 'utf8'),
};

const mutated = fc.constantFrom(...Object.keys(files)).chain((path) => {
  const text = files[path]!;
  return fc
    .oneof(
      fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
      fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([a, b]) => text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b))),
      fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('null', '[]', '{}', '-1', '1e308', '"x"', '\n  - ', ': ', 'NaN', '~')).map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    )
    .map((content) => ({ ...files, [path]: content }));
});

describe('the engine never crashes on mangled artifacts', () => {
  it('no "rule crashed" finding for any mutation', () => {
    fc.assert(
      fc.property(mutated, (repo) => {
        const evaluation = evaluate({ head: repoState('HEAD', repo), changedFiles: 'all' }, loadPolicy());
        const all = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
        expect(all.filter((f) => /crashed/i.test(f.message)).map((f) => f.message)).toEqual([]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
