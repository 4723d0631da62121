// Tuning-under-the-carpet: hyperparameters that appear in a card with no record of the search
// that chose them hide how many configurations were tried, and so how optimistic the result is.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile, governanceKeyLine, relativeToDir } from './support/locate.ts';
import { hasParseError } from './support/unread.ts';

export default defineRule({
  meta: {
    id: 'tuning-log-present',
    title: 'Shipped hyperparameters come with their tuning log',
    antipattern: 'tuning-under-the-carpet',
    area: 'tuning',
    risk: 'provenance',
    rationale:
      'Tuning-under-the-carpet: the card states hyperparameters, but without the log of the search nobody can see how many ' +
      'configurations were tried, on which split they were compared, or whether the shipped one was the winner or a lucky pick.',
    howToFix:
      'Commit the tuning log (modelgate JSONL, an Optuna journal or trials CSV, a W&B sweep, NNI or Ray Tune state) ' +
      'next to the card and name it in `governance.tuning_log`.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_2b), partly(C.srDevelopment), partly(C.map2_3)],
    options: z.object({}),
    messages: {
      missing:
        'The card ships hyperparameters but no tuning log was found: commit the search that chose them ' +
        '(e.g. `tuning/trials.jsonl`, an Optuna journal or a W&B sweep) and name it in `governance.tuning_log`.',
      declaredMissing: '`governance.tuning_log` names `{{path}}`, which is not in the repository: commit the tuning log or fix the path.',
    },
    examples: {
      valid: ['governance:\n  tuning_log: tuning/trials.jsonl   # committed\n  hyperparameters: {learning_rate: 0.05, max_depth: 6}'],
      invalid: ['governance:\n  hyperparameters: {learning_rate: 0.05, max_depth: 6}   # no tuning log anywhere'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, tuningLogs, declaredTuningLog, unreadTuningLogs } = model.head;
    // The block's file: a Model Card Toolkit card's governance.yaml, else the card.
    const blockFile = governanceFile(model.head);
    if (tuningLogs.length > 0) return [];
    // A log that is there but could not be read (an LFS pointer, an empty file) is artifact-parseable's.
    if (unreadTuningLogs !== undefined && unreadTuningLogs.length > 0) return [];
    // A declared log that exists but failed to parse is artifact-parseable's finding, not "missing".
    if (declaredTuningLog && hasParseError(ctx.pr, declaredTuningLog)) return [];
    const reports: RuleReport[] = [];
    if (declaredTuningLog) {
      // The card claims a log: point at the claim, whether or not it states hyperparameters.
      reports.push({
        messageId: 'declaredMissing',
        data: { path: card.governance?.tuningLog ?? relativeToDir(model.dir, declaredTuningLog) },
        file: blockFile,
        line: governanceKeyLine(card, 'tuning_log'),
      });
    } else if (Object.keys(card.governance?.hyperparameters ?? {}).length > 0) {
      reports.push({ messageId: 'missing', file: blockFile, line: governanceKeyLine(card, 'hyperparameters') });
    }
    return reports;
  },
});
