// Tuning-under-the-carpet, the second half: a log that exists but cannot be re-run. Without the
// method, the search space and the sampler seed nobody can repeat the search or judge how wide
// it was, so "we tuned it" is a claim, not evidence.
import { z } from 'zod';
import type { TuningLog } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { relativeToDir } from './support/locate.ts';
import { combinedStudy, studyLine } from './support/tuning.ts';
import { partlyUnread } from './support/unread.ts';
import { isBlank } from './support/wording.ts';

/** Where each format keeps a seed the parsers read, so the message says what to write where. */
const SEED_PLACE: Partial<Record<TuningLog['format'], string>> = {
  'modelgate-tuning-jsonl': '`seed` to the study record',
  'optuna-journal': 'a `seed` user attribute to the study (`study.set_user_attr("seed", …)`)',
  'optuna-trials-csv': 'a `seed` user attribute to every trial',
  'nni-config': '`seed` to the tuner\'s `classArgs`',
};

export default defineRule({
  meta: {
    id: 'tuning-log-reproducible',
    title: 'The tuning search can be reproduced',
    antipattern: 'tuning-under-the-carpet',
    area: 'tuning',
    risk: 'provenance',
    rationale:
      'Tuning-under-the-carpet: a search is only evidence when someone else can repeat it. That needs the search method, ' +
      'the space each parameter was drawn from, and the seed of any random sampling.',
    howToFix:
      'Record the study in the tuning log: `method` (random, grid, tpe, bayes, ...), `search_space` (range or choices of ' +
      'every tuned parameter) and the sampler `seed` (or a seed on every trial). A grid search needs no seed. A W&B sweep config ' +
      'has no key for the seed of its search (a `seed` parameter seeds training, not the draws): seed the local controller and ' +
      'record the seed in a `tuning.jsonl` study record beside the sweep, which is read with it.',
    defaultSeverity: 'error',
    appliesTo: 'tuning',
    controls: [partly(C.euAnnexIV_2b), partly(C.srDocumentation), partly(C.map2_3)],
    options: z.object({
      /** Search methods that draw nothing at random, so a seed changes nothing. */
      deterministicMethods: z.array(z.string()).default(['grid']).describe('Search methods that draw no random numbers and so need no seed.'),
    }),
    messages: {
      noMethod: '{{log}} does not record the search method: add `method` (random, grid, tpe, bayes, ...) so the search can be repeated.',
      noSearchSpace:
        '{{log}} does not record the search space: add the range or choices of every tuned parameter so the search can be repeated and its breadth judged.',
      // `{{method}}` is `random ` (with its space) or empty when the log names no method.
      noSeed: '{{log}} records no seed: add {{where}} so the same {{method}}trials are drawn again.',
      noSeedWandb:
        '{{log}} records no seed for its {{method}}search, and a W&B sweep config has no key for one (a `seed` parameter seeds each run\'s ' +
        'training, not the trials the controller draws): run the sweep with the local controller (`controller: {type: local}`) seeded in its ' +
        'script and record that seed in `{{companion}}` beside the sweep (`{"type":"study","seed":42}`), or search with `method: grid`.',
    },
    examples: {
      valid: ['{"type":"study","method":"random","seed":1234,"search_space":{"learning_rate":{"low":0.0001,"high":0.1,"log":true}}}'],
      invalid: ['{"type":"study","method":"random","objective":{"metric":"auc","split":"validation"}}   # no search space, no seed'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const study = combinedStudy(model.head.tuningLogs, model.head.declaredTuningLog);
    if (!study) return [];
    // What a log does not record can only be told from a log that was read in full: a study line
    // that failed to parse "records no method" only because it was not read (artifact-parseable's finding).
    if (model.head.tuningLogs.some((l) => partlyUnread(ctx.pr, l.file))) return [];
    const at = { file: study.primary.file, line: studyLine(study.primary) };
    const log = relativeToDir(model.dir, study.primary.file);
    const method = isBlank(study.method) ? undefined : study.method!.trim().toLowerCase();
    const reports: RuleReport[] = [];
    if (!method) reports.push({ messageId: 'noMethod', data: { log }, ...at });
    if (Object.keys(study.searchSpace).length === 0) reports.push({ messageId: 'noSearchSpace', data: { log }, ...at });
    const deterministic = method !== undefined && ctx.options.deterministicMethods.some((m) => m.toLowerCase() === method);
    // Seeds on every trial reproduce each result even without the sampler's seed.
    const trials = model.head.tuningLogs.flatMap((l) => l.trials);
    const seededTrials = trials.length > 0 && trials.every((t) => t.seed !== undefined);
    if (study.seed === undefined && !deterministic && !seededTrials) {
      const methodText = method ? `${method} ` : '';
      if (study.primary.format === 'wandb-sweep') {
        const companion = relativeToDir(model.dir, [...study.primary.file.split('/').slice(0, -1), 'tuning.jsonl'].join('/'));
        reports.push({ messageId: 'noSeedWandb', data: { log, method: methodText, companion }, ...at });
      } else {
        const where = SEED_PLACE[study.primary.format] ?? 'the sampler `seed`';
        reports.push({ messageId: 'noSeed', data: { log, where, method: methodText }, ...at });
      }
    }
    return reports;
  },
});
