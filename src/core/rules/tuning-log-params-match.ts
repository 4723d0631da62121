// Tuning-under-the-carpet, the last step: the log shows a search, but the card ships something
// else. Then the log documents a model nobody deployed, and the shipped configuration was chosen
// by a process nobody recorded.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile, governanceKeyLine, lineAt } from './support/locate.ts';
import { bestTrials, combinedStudy, flattenParams, objectiveKey, sameParamValue } from './support/tuning.ts';
import { partlyUnread } from './support/unread.ts';
import { shown } from './support/wording.ts';

/** `["pruned", "fail", "pruned"]` -> `2 pruned, 1 fail`. */
function countsOf(states: string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

export default defineRule({
  meta: {
    id: 'tuning-log-params-match',
    title: 'Shipped hyperparameters are the best trial’s',
    antipattern: 'tuning-under-the-carpet',
    area: 'tuning',
    risk: 'provenance',
    rationale:
      'Tuning-under-the-carpet: when the hyperparameters in the card are not those of the best trial in the tuning log, the log ' +
      'does not describe the shipped model, and the configuration that did ship was chosen by a process nobody can review. ' +
      'The best trial is chosen under the study\'s direction among finished trials: pruned, failed and running ones never count, ' +
      'and a log whose trials are all unfinished has no trial the card could ship.',
    howToFix:
      'Ship the best trial’s parameters, or add the run that produced the shipped configuration to the tuning log so the ' +
      'log and the card agree. Every tuned parameter must be recorded on every trial.',
    defaultSeverity: 'error',
    appliesTo: 'tuning',
    controls: [partly(C.euAnnexIV_2b), partly(C.srDevelopment)],
    options: z.object({
      /** Numbers closer than this, relative to the larger, are the same value (float printing noise). */
      relativeTolerance: z.number().nonnegative().default(1e-9),
    }),
    messages: {
      differs:
        '`{{param}}` is {{cardValue}} in the card but {{trialValue}} in the best trial #{{trial}} ({{objective}} = {{value}}, {{direction}}): ' +
        'ship {{trialValue}} or add the run that produced {{cardValue}} to the tuning log.',
      noFinishedTrial:
        'The card ships hyperparameters but none of the {{count}} trials in the tuning log finished ({{states}}): no completed trial ' +
        'chose them; add the completed run that produced the shipped configuration to the tuning log.',
      notInTrial:
        '`{{param}}` is tuned (it is in the search space) but the best trial #{{trial}} does not record it: ' +
        'log every tuned parameter on every trial so the shipped value {{cardValue}} can be traced.',
    },
    examples: {
      valid: ['governance:\n  hyperparameters: {learning_rate: 0.05, max_depth: 6}   # = best trial #3 by validation/auc'],
      invalid: ['governance:\n  hyperparameters: {learning_rate: 0.1, max_depth: 6}   # best trial #3 has learning_rate 0.05'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, tuningLogs, declaredTuningLog } = model.head;
    // The block's file: a Model Card Toolkit card's governance.yaml, else the card.
    const blockFile = governanceFile(model.head);
    const shipped = flattenParams(card.governance?.hyperparameters ?? {});
    if (Object.keys(shipped).length === 0) return [];
    const study = combinedStudy(tuningLogs, declaredTuningLog);
    if (!study) return [];
    // With a trial line that did not parse the best trial is unknown: comparing with the best of the
    // rest would be a guess, and the parse error is the finding (artifact-parseable), once.
    if (tuningLogs.some((l) => partlyUnread(ctx.pr, l.file))) return [];
    const trials = tuningLogs.flatMap((l) => l.trials);
    const best = bestTrials(trials, study.objective);
    if (!best) {
      // Trials, none finished: whatever ships, no completed trial of this search chose it.
      const unfinished = trials.filter((t) => t.state !== 'complete' && t.state !== 'unknown');
      if (trials.length === 0 || unfinished.length < trials.length) return [];
      const states = countsOf(unfinished.map((t) => t.state));
      return [{ messageId: 'noFinishedTrial', data: { count: trials.length, states }, file: blockFile, line: governanceKeyLine(card, 'hyperparameters') }];
    }
    const context = {
      trial: String(best.trials[0]!.id),
      objective: objectiveKey(study.objective) ?? 'value',
      value: best.value,
      direction: best.direction,
    };
    // On a tie, the card may ship any of the equally good trials. Flattened once, not per parameter.
    const tied = best.trials.map((t) => ({ id: String(t.id), params: flattenParams(t.params) }));
    const reports: RuleReport[] = [];
    for (const [param, cardValue] of Object.entries(shipped)) {
      const line = lineAt(card.locations, `governance.hyperparameters.${param}`, governanceKeyLine(card, 'hyperparameters'));
      const recorded = tied.filter((t) => Object.hasOwn(t.params, param));
      if (recorded.length === 0) {
        // A parameter the search never varied (`n_jobs`, W&B `value:`, a single choice) is not the log's business.
        const dimension = Object.hasOwn(study.searchSpace, param) ? study.searchSpace[param] : undefined;
        if (dimension && dimension.value === undefined && dimension.choices?.length !== 1) {
          reports.push({ messageId: 'notInTrial', data: { ...context, param, cardValue: shown(cardValue) }, file: blockFile, line });
        }
        continue;
      }
      if (recorded.some((t) => sameParamValue(cardValue, t.params[param], ctx.options.relativeTolerance))) continue;
      reports.push({
        messageId: 'differs',
        data: { ...context, trial: recorded[0]!.id, param, cardValue: shown(cardValue), trialValue: shown(recorded[0]!.params[param]) },
        file: blockFile,
        line,
      });
    }
    return reports;
  },
});
