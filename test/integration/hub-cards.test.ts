// Issue 11: what modelgate says about 40 real Hugging Face cards, each checked as
// models/<name>/README.md under `models: {paths: ["models/**"]}`, the way their authors would meet
// it. A team switches a linter off when every card gets the same pile of sentences; these bounds
// keep the findings per card few and specific (before issue 11: median 11, max 35, and 87 % of
// all findings a sentence repeated word for word on five or more cards).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import type { Snapshot } from '../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import { REAL_WORLD_ROOT } from '../helpers/real-world.ts';

const DIR = join(REAL_WORLD_ROOT, 'hub-cards');
const POLICY = 'models: {paths: ["models/**"]}\n';

function hubCardsEvaluation() {
  const files: Snapshot['head']['files'] = {};
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('_README.md'))) {
    files[`models/${name.replace(/_README\.md$/, '')}/README.md`] = { content: readFileSync(join(DIR, name), 'utf8') };
  }
  return evaluate({ head: { sha: 'HEAD', files }, changedFiles: 'all' }, loadPolicy({ path: '.github/modelgate.yml', text: POLICY }));
}

describe('the 40 real Hugging Face cards', () => {
  const evaluation = hubCardsEvaluation();
  const perCard = evaluation.models.map((m) => m.findings.length).sort((a, b) => a - b);
  const all = evaluation.models.flatMap((m) => m.findings.map((f) => ({ ...f, model: m.dir })));

  it('are read as 40 models, with no PR-wide finding', () => {
    expect([evaluation.models.length, evaluation.findings]).toEqual([40, []]);
  });

  it('get at most 4 findings on the median card and 10 on any', () => {
    expect(perCard[Math.floor(perCard.length / 2)]).toBeLessThanOrEqual(4);
    expect(perCard.at(-1)).toBeLessThanOrEqual(10);
  });

  it('get no one-size-fits-all pile: at most half of all findings are a sentence repeated on five or more cards', () => {
    const cards = new Map<string, Set<string>>();
    for (const f of all) cards.set(f.message, (cards.get(f.message) ?? new Set()).add(f.model));
    const repeated = all.filter((f) => cards.get(f.message)!.size >= 5).length;
    expect(repeated / all.length).toBeLessThanOrEqual(0.5);
  });
});
