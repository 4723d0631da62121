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

const noSweepSeed = (method: string) =>
  `sweep.yaml records no seed for its ${method}search, and a W&B sweep config has no key for one (a \`seed\` parameter seeds each run's ` +
  "training, not the trials the controller draws): run the sweep with the local controller (`controller: {type: local}`) seeded in its " +
  'script and record that seed in `tuning.jsonl` beside the sweep (`{"type":"study","seed":42}`), or search with `method: grid`.';

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
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    validModel('a study line that does not parse records nothing the rule could judge', { card: { governance: { tuning_log: null } }, tuning: null, files: { 'tuning.jsonl': '{"type":"study",\n' } }),
    validModel('a sweep whose YAML does not parse', { ...withSweep('sweep-grid.yaml'), files: { 'sweep.yaml': 'method: [\n' } }),
    validModel('grid search needs no seed', { tuning: withStudy({ method: 'grid', seed: undefined }) }),
    validModel('no study seed, but every trial records its seed', { tuning: withStudy({ seed: undefined }) }),
    validModel('W&B sweep whose search seed is recorded in a tuning.jsonl beside it (real sweep)', {
      ...withSweep('sweep-local-bayes.yaml'),
      files: { 'sweep.yaml': sweep('sweep-local-bayes.yaml'), 'tuning.jsonl': '{"type":"study","seed":42}\n' },
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
    invalidModel('W&B Bayesian sweep (W&B records no seed)', withSweep('sweep-local-bayes.yaml'), () => [error(noSweepSeed('bayes '), SWEEP, 1)]),
    // `seed: {value: 42}` reaches every run as a training parameter; the controller's draws stay unseeded.
    invalidModel(
      'W&B sweep with a constant seed parameter: it seeds training, not the search',
      { ...withSweep('sweep-local-bayes.yaml'), files: { 'sweep.yaml': sweep('sweep-local-bayes.yaml').replace('parameters:\n', 'parameters:\n  seed:\n    value: 42\n') } },
      () => [error(noSweepSeed('bayes '), SWEEP, 1)],
    ),
  ],
});
