import { readFileSync } from 'node:fs';
import { defaultTuningRecords } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { DIR, error, invalidModel, TUNING, validModel } from './model-case.ts';

const sweep = (name: string) => readFileSync(new URL(`../../fixtures/real-world/tuning-logs/wandb-sweeps/${name}`, import.meta.url), 'utf8');
/** A model whose tuning log is the real W&B sweep config `name`, committed as sweep.yaml. */
const withSweep = (name: string) => ({ card: { governance: { tuning_log: 'sweep.yaml' } }, tuning: null, files: { 'sweep.yaml': sweep(name) } });
const SWEEP = `${DIR}/sweep.yaml`;

const NO_METHOD = 'tuning/trials.jsonl does not record the search method: add `method` (random, grid, tpe, bayes, ...) so the search can be repeated.';
const NO_SPACE =
  'tuning/trials.jsonl does not record the search space: add the range or choices of every tuned parameter so the search can be repeated and its breadth judged.';
const noSeed = (method: string) => `tuning/trials.jsonl records no seed: add \`seed\` to the study record so the same ${method}trials are drawn again.`;

/** The default log with its study record changed (`undefined` drops a key). */
function withStudy(change: Record<string, unknown>) {
  const [study, ...rest] = defaultTuningRecords();
  return [{ ...study, ...change }, ...rest];
}

/** Records without per-trial seeds (the default trials carry one each). */
const unseeded = (records: Record<string, unknown>[]) => records.map(({ seed, ...r }) => (r.type === 'trial' ? r : { ...r, seed }));

testRule('tuning-log-reproducible', {
  valid: [
    validModel('random search with space and seed'),
    validModel('grid search needs no seed', { tuning: withStudy({ method: 'grid', seed: undefined }) }),
    validModel('no study seed, but every trial records its seed', { tuning: withStudy({ seed: undefined }) }),
    validModel('W&B sweep with a constant seed parameter', {
      ...withSweep('sweep-local-bayes.yaml'),
      files: { 'sweep.yaml': sweep('sweep-local-bayes.yaml').replace('parameters:\n', 'parameters:\n  seed:\n    value: 42\n') },
    }),
    validModel('W&B grid sweep', withSweep('sweep-grid.yaml')),
    validModel('no tuning log at all is tuning-log-present’s concern', { card: { governance: { tuning_log: null } }, tuning: null }),
  ],
  invalid: [
    invalidModel('random search without a seed', { tuning: unseeded(withStudy({ seed: undefined })) }, (at) => [error(noSeed('random '), TUNING, at(TUNING, '"type":"study"'))]),
    invalidModel('no method and no seed', { tuning: unseeded(withStudy({ method: undefined, seed: undefined })) }, (at) => [
      error(NO_METHOD, TUNING, at(TUNING, '"type":"study"')),
      error(noSeed(''), TUNING, at(TUNING, '"type":"study"')),
    ]),
    invalidModel('no search space', { tuning: withStudy({ search_space: undefined }) }, (at) => [error(NO_SPACE, TUNING, at(TUNING, '"type":"study"'))]),
    invalidModel('nothing recorded about the study', { tuning: unseeded(withStudy({ method: undefined, seed: undefined, search_space: undefined })) }, (at) => [
      error(NO_METHOD, TUNING, at(TUNING, '"type":"study"')),
      error(NO_SPACE, TUNING, at(TUNING, '"type":"study"')),
      error(noSeed(''), TUNING, at(TUNING, '"type":"study"')),
    ]),
    invalidModel('W&B Bayesian sweep (W&B records no seed)', withSweep('sweep-local-bayes.yaml'), () => [
      error('sweep.yaml records no seed: add a constant `seed` parameter (`seed: {value: 42}`) so the same bayes trials are drawn again.', SWEEP, 1),
    ]),
  ],
});
