// HARKing and test-set leakage through tuning: when trials are compared on the test split, or
// the test score is looked at trial after trial, the configuration is chosen *because* it did
// well on test, and the reported test metric is no longer an unbiased estimate.
import { z } from 'zod';
import type { TuningLog } from '../artifacts/types.ts';
import { splitOfMetric } from '../artifacts/tuning-log/common.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { isTestSplit, splitOfMetricKey, studyLine } from './support/tuning.ts';
import { listOf } from './support/wording.ts';

function objectiveOnTest(log: TuningLog): boolean {
  const objective = log.study.objective;
  if (!objective) return false;
  // W&B and Ray Tune only name a metric (`test_loss`); its name then says which split it is on.
  return isTestSplit(objective.split) || (objective.split === undefined && objective.metric !== undefined && isTestSplit(splitOfMetric(objective.metric)));
}

export default defineRule({
  meta: {
    id: 'tuning-log-no-test-leakage',
    title: 'Tuning never looks at the test set',
    antipattern: 'HARKing / data leakage',
    area: 'tuning',
    risk: 'leakage',
    rationale:
      'HARKing and data leakage: a search that ranks trials by their test score, or records the test score of many trials, ' +
      'selects the configuration that happened to fit the test set. The test metric then measures the selection, not generalisation.',
    howToFix:
      'Rank trials on a validation split (or cross-validation on training data). Evaluate only the chosen trial on test, ' +
      'once, and record it as the `final` record of the tuning log.',
    defaultSeverity: 'error',
    appliesTo: 'tuning',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.measure2_5)],
    options: z.object({}),
    messages: {
      objectiveOnTest:
        'The tuning objective `{{metric}}` is measured on the `{{split}}` split: trials were picked by their test score (HARKing), ' +
        'so test metrics are optimistic; select on validation and evaluate the chosen trial on test once.',
      repeatedTestPeeking:
        'Test metrics are recorded on {{count}} trials ({{ids}}): the test set was consulted while tuning; ' +
        'evaluate only the chosen trial on test, once, in the `final` record.',
    },
    examples: {
      valid: [
        '{"type":"study","method":"random","seed":1,"objective":{"metric":"auc","split":"validation","direction":"maximize"}}\n' +
          '{"type":"final","trial":37,"split":"test","metrics":{"test/auc":0.861}}',
      ],
      invalid: [
        '{"type":"study","method":"random","seed":1,"objective":{"metric":"auc","split":"test","direction":"maximize"}}',
        '{"type":"trial","id":0,"params":{"lr":0.01},"metrics":{"validation/auc":0.84,"test/auc":0.85}}\n' +
          '{"type":"trial","id":1,"params":{"lr":0.05},"metrics":{"validation/auc":0.86,"test/auc":0.86}}',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const reports: RuleReport[] = [];
    for (const log of model.head.tuningLogs) {
      if (objectiveOnTest(log)) {
        const objective = log.study.objective!;
        const split = objective.split ?? 'test';
        // Point at the objective itself where the format puts it on its own line (W&B `metric:`).
        const line = log.locations['study.objective'] ?? studyLine(log);
        reports.push({ messageId: 'objectiveOnTest', data: { metric: objective.metric ?? 'value', split }, file: log.file, line });
        // Every trial of such a study carries a test score; that is the same finding, not a second one.
        continue;
      }
      const peeked = log.trials.filter((t) => Object.keys(t.metrics).some((k) => isTestSplit(splitOfMetricKey(k))));
      if (peeked.length > 1) {
        reports.push({
          messageId: 'repeatedTestPeeking',
          data: { count: peeked.length, ids: listOf(peeked.map((t) => `#${t.id}`)) },
          file: log.file,
          line: peeked[1]!.line,
        });
      }
    }
    return reports;
  },
});
