// Parsers never throw on bad input (DESIGN §2.3): random text, and every real tuning file cut
// at random points, go through every tuning parser.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseNniConfig,
  parseNniSearchSpace,
  parseNniTrials,
  parseOptunaJournal,
  parseOptunaTrialsCsv,
  parseRayTuneExperimentState,
  parseTuningJsonl,
  parseWandbSweep,
} from '../../../../src/core/artifacts/tuning-log/index.ts';

const PARSERS = [parseTuningJsonl, parseOptunaJournal, parseOptunaTrialsCsv, parseWandbSweep, parseNniConfig, parseNniSearchSpace, parseNniTrials, parseRayTuneExperimentState];
const DIR = join(import.meta.dirname, '../../../fixtures/real-world/tuning-logs');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const REAL = files(DIR).map((path) => readFileSync(path, 'utf8'));

function checkAll(text: string): void {
  for (const parse of PARSERS) {
    const result = parse('f', text);
    expect(Array.isArray(result.errors)).toBe(true);
    for (const e of result.errors) expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
  }
}

describe('tuning parsers never throw', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => checkAll(text)), { numRuns: 200 });
  });

  it('on random JSON values, one per line or whole', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 5 }), (values) => {
        checkAll(values.map((v) => JSON.stringify(v)).join('\n'));
        checkAll(JSON.stringify(values));
      }),
      { numRuns: 100 },
    );
  });

  it('on every real tuning file cut at a random point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: REAL.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
        const text = REAL[i]!;
        checkAll(text.slice(0, Math.floor(text.length * at)));
      }),
      { numRuns: 60 },
    );
  });
});
