// Selection on the test split, as a card shows it. A checkpoint, epoch, run or variant picked by
// its test score makes that score the maximum of several noisy estimates: optimistic by
// construction, however cleanly the test rows were held out of training. The Hub's own card
// generator makes this visible: the Trainer scores its evaluation set after every epoch (the
// "Training results" table) and writes that set's split into `model-index`, so a card whose
// model-index says `split: test` was early-stopped or epoch-picked on test.
import { z } from 'zod';
import type { EvalResult, ModelCard, TuningLog } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { markdownTables, sentences, type MarkdownTable } from './support/card-prose.ts';
import { governanceState } from './support/governance.ts';
import { lineAt, relativeToDir } from './support/locate.ts';
import { claimedMetrics, formatValue, normalizeMetricName } from './support/metrics.ts';
import { rawResults, resultSplitRole, splitRole } from './support/splits.ts';
import { studyLine } from './support/tuning.ts';

// "the best checkpoint on the test set", "early stopping on test", "hyperparameters tuned on the held-out
// set", "the test set was used for model selection": choosing, linked to the test split by what it was
// chosen on. "Test results of the best checkpoint" names what was scored, not what it was chosen on.
const TEST = '(?:the\\s+)?(?:test|testing|held[- ]?out|holdout)\\b';
const ON = '(?:on|by|using|against|over|according\\s+to|based\\s+on|w\\.r\\.t\\.)';
const CHOSEN = '(?:checkpoint|model|epoch|step|run|trial|configuration|config|hyper-?parameters?|seed|variant)s?';
const CHOSEN_ON_TEST = [
  new RegExp(`\\b(?:best|selected|chosen|picked|final)\\s+${CHOSEN}\\s+(?:[\\w-]+\\s+){0,3}?${ON}\\s+${TEST}`, 'i'),
  new RegExp(`\\bearly[- ]?stop\\w*\\s+(?:[\\w-]+\\s+){0,3}?${ON}\\s+${TEST}`, 'i'),
  new RegExp(`\\b(?:select(?:ed|ing|s)?|chose|chosen|choos(?:e|es|ing)|pick(?:ed|ing|s)?|(?<!fine[- ])tun(?:ed|ing))\\b.{0,40}?\\b${ON}\\s+${TEST}`, 'i'),
];
// "The test set was used as the validation set": says it outright, whatever else the sentence names.
const TEST_USED_TO_CHOOSE =
  /\b(?:test|held[- ]?out|holdout)\s+(?:set|split|data)\s+(?:was|were|is)\s+(?:also\s+)?used\s+(?:for|to|as)\s+(?:[\w-]+\s+){0,2}?(?:select\w*|choos\w*|early[- ]?stop\w*|tun\w*|pick\w*|validation)/i;
// A sentence that names a validation split chose on that; one that negates chose on nothing.
const NOT_ON_TEST = /\b(?:validation|valid|val|dev|development|not|never|no|without)\b/i;

/** A body sentence saying the model was chosen on the test split. */
function selectionClaim(card: ModelCard): { text: string; line: number } | undefined {
  return sentences(card).find((s) => TEST_USED_TO_CHOOSE.test(s.text) || (CHOSEN_ON_TEST.some((p) => p.test(s.text)) && !NOT_ON_TEST.test(s.text)));
}

// The Trainer's card: "It achieves the following results on the evaluation set:".
const TRAINER_EVAL_SET = /\bresults on the evaluation set\b/i;

/** The Trainer's "Training results" table: one row per evaluation, a `Validation Loss` column. */
function evaluationTable(card: ModelCard): { table: MarkdownTable; column: number; rows: MarkdownTable['rows'] } | undefined {
  for (const table of markdownTables(card)) {
    const header = table.header.map((h) => h.toLowerCase());
    const column = header.findIndex((h) => /\bvalidation\b|\beval\b/.test(h));
    if (column < 0 || !header.some((h) => h === 'epoch' || h === 'step')) continue;
    const rows = table.rows.filter((r) => Number.isFinite(Number(r.cells[column])));
    if (rows.length > 0) return { table, column, rows };
  }
  return undefined;
}

const ROUNDING = 5e-5 + 1e-9;

type EvaluationTable = NonNullable<ReturnType<typeof evaluationTable>>;

/** Index of the table row whose cells equal every metric of `result` the table has a column for (4 decimals). */
function rowOf(result: EvalResult, found: EvaluationTable, from = 0): number {
  const header = found.table.header.map(normalizeMetricName);
  const columns = result.metrics.map((m) => ({ metric: m, column: header.indexOf(normalizeMetricName(m.name)) })).filter((c) => c.column >= 0);
  if (columns.length === 0) return -1;
  const matches = (cells: string[]) => columns.every(({ metric, column }) => Math.abs(Number(cells[column]) - metric.value) <= ROUNDING);
  for (let i = from; i < found.rows.length; i++) if (matches(found.rows[i]!.cells)) return i;
  return -1;
}

/**
 * The model-index result the Trainer wrote for its evaluation set: the one whose numbers are a row of
 * the training results (the last, or the best when the best checkpoint was loaded). A card whose
 * numbers match no row (re-evaluated after training) is read by its results: with no validation
 * result beside them, the test result is the evaluation set's.
 */
function evaluationSetResult(card: ModelCard, results: readonly EvalResult[], found: EvaluationTable | undefined): EvalResult | undefined {
  const tied = found ? results.find((r) => rowOf(r, found) >= 0) : undefined;
  if (tied) return tied;
  if (results.some((r) => resultSplitRole(card, r) === 'validation')) return undefined;
  return results.find((r) => resultSplitRole(card, r) === 'test');
}

/**
 * The row the reported metrics are, when it is not the last one and the last differs: the Trainer
 * reports the loaded checkpoint, which is the last one unless the best one (on the evaluation set) was kept.
 */
function keptRow(result: EvalResult, found: EvaluationTable): string | undefined {
  const last = found.rows.length - 1;
  const index = rowOf(result, found);
  // Equal to the last row as well (a plateau): nothing shows a checkpoint other than the last was kept.
  if (index < 0 || rowOf(result, found, last) === last) return undefined;
  const header = found.table.header.map((h) => h.toLowerCase());
  const step = header.indexOf('step');
  const epoch = header.indexOf('epoch');
  const cells = found.rows[index]!.cells;
  return step >= 0 ? `step ${cells[step]}${epoch >= 0 ? ` (epoch ${cells[epoch]})` : ''}` : `epoch ${cells[epoch]}`;
}

/** A tuning log whose objective is the Trainer's `eval_*` metric (its evaluation set). */
function tunedOnEvaluationSet(logs: readonly TuningLog[]): TuningLog | undefined {
  const named = (s: string | undefined) => s !== undefined && /(?:^|[^a-z])eval(?:uation)?(?:[^a-z]|$)/i.test(s);
  return logs.find((l) => named(l.study.objective?.split) || (l.study.objective?.split === undefined && named(l.study.objective?.metric)));
}

const datasetName = (r: EvalResult) => r.dataset?.type ?? r.dataset?.name ?? 'the dataset';

export default defineRule({
  meta: {
    id: 'evaluation-no-test-selection',
    title: 'No checkpoint, run or variant is chosen on the test split',
    antipattern: 'grade-your-own-exam / HARKing',
    area: 'evaluation',
    risk: 'leakage',
    rationale:
      'A test score is an unbiased estimate only for a model chosen without it. When the card shows the test split was used to ' +
      'choose (the best checkpoint or early stopping on test, the Trainer scoring its evaluation set every epoch while model-index ' +
      'says that set is `test`, a hyperparameter search ranked on it, or several variants scored on test in one card), the ' +
      'reported number is the best of several noisy draws and overstates what the shipped model will do. ' +
      'tuning-log-no-test-leakage covers a tuning log whose own objective names `test`; this rule covers what the card shows.',
    howToFix:
      'Hold out a validation split for early stopping, checkpoint and variant choice (with the Trainer: pass the validation split ' +
      'as `eval_dataset`), then evaluate the one chosen model on `test` once and report that; or, if test was used for choosing, ' +
      'say so and report the number as a validation result.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_2g), partly(C.srConceptualSoundness), partly(C.map2_3), partly(C.isoA6_2_4)],
    options: z.object({}),
    messages: {
      checkpointSelectedOnTest:
        'The reported {{metric}} {{value}} on `{{dataset}}` split `test` is the {{epoch}} row of the training results, not the last of ' +
        'its {{count}} evaluations: the best checkpoint on the test split was kept, so the test score is optimistic; select the ' +
        'checkpoint on a validation split and score it on test once.',
      checkpointsScoredOnTest:
        'The training results score {{count}} checkpoints on the evaluation set, which model-index says is split `test` of ' +
        '`{{dataset}}`: every choice made from these scores (when to stop, which checkpoint to keep) was made on test, so the test ' +
        'score is optimistic; pass a validation split as the evaluation set and score on test once at the end.',
      selectionClaimOnTest:
        'The card says "{{quote}}" and reports `{{dataset}}` results: a model chosen on the test split makes its test ' +
        'score optimistic; choose on a validation split and score the chosen model on test once.',
      tunedOnTestEvaluationSet:
        'The tuning in {{tuningLog}} ranks trials by `{{metric}}`, the Trainer\'s evaluation set, which model-index says is split ' +
        '`test` of `{{dataset}}`: the trials were picked on test, so the reported test score is optimistic; tune on a validation split.',
      variantsScoredOnTest:
        'model-index scores {{count}} variants ({{variants}}) on split `test` of `{{dataset}}`: choosing the one to ship by these ' +
        'scores is choosing on test; choose on a validation split and report the chosen variant\'s test score alone.',
    },
    examples: {
      valid: [
        '# model-index: dataset {name: imdb, type: imdb, split: test}\n' +
          'We stopped early on the validation split and scored the final checkpoint on the test split once.',
      ],
      invalid: [
        '# model-index: dataset {name: imdb, type: imdb, split: test}, metrics [{type: accuracy, value: 0.9317}]\n' +
          'It achieves the following results on the evaluation set:\n' +
          '| Training Loss | Epoch | Step | Validation Loss | Accuracy |\n|---|---|---|---|---|\n' +
          '| 0.2234 | 1.0 | 1563 | 0.2011 | 0.9317 |\n| 0.1467 | 2.0 | 3126 | 0.2326 | 0.9298 |',
        '# governance.evaluation.split: test\nThe best checkpoint on the test set was kept.',
      ],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, cardPath: file } = model.head;
    if (governanceState(card) === 'unreadable') return [];
    const testResults = card.results.filter((r) => resultSplitRole(card, r) === 'test');
    const governedOnTest = splitRole(card.governance?.evaluation?.split) === 'test';
    // A card that names no split but says it chose on test still reports test-chosen numbers.
    if (testResults.length === 0 && !governedOnTest && claimedMetrics(card).length === 0) return [];
    const shown = testResults[0] ?? card.results[0];
    const dataset = shown ? datasetName(shown) : (card.name ?? 'the evaluation data');

    // The Trainer scores its evaluation set after every epoch and writes that set's split into model-index.
    const table = evaluationTable(card);
    const trainerCard = table !== undefined || sentences(card).some((s) => TRAINER_EVAL_SET.test(s.text));
    const evaluationSet = trainerCard ? evaluationSetResult(card, card.results, table) : undefined;
    const testSet = evaluationSet && resultSplitRole(card, evaluationSet) === 'test' ? evaluationSet : undefined;
    if (testSet && table && table.rows.length > 1) {
      const kept = keptRow(testSet, table);
      if (kept) {
        const metric = testSet.metrics.find((m) => normalizeMetricName(m.name) !== 'loss') ?? testSet.metrics[0]!;
        const data = { metric: metric.name, value: formatValue(metric.value), dataset: datasetName(testSet), epoch: kept, count: table.rows.length };
        return [{ messageId: 'checkpointSelectedOnTest', data, file, line: testSet.line }];
      }
    }

    const claim = selectionClaim(card);
    if (claim) {
      const quote = claim.text.length > 120 ? `${claim.text.slice(0, 117)}...` : claim.text;
      return [{ messageId: 'selectionClaimOnTest', data: { quote, dataset }, file, line: claim.line }];
    }
    if (testResults.length === 0 && !governedOnTest) return [];
    if (testSet && table && table.rows.length > 1) {
      return [{ messageId: 'checkpointsScoredOnTest', data: { count: table.rows.length, dataset: datasetName(testSet) }, file, line: testSet.line }];
    }
    const tuned = testSet ? tunedOnEvaluationSet(model.head.tuningLogs) : undefined;
    if (testSet && tuned) {
      const metric = tuned.study.objective?.metric ?? tuned.study.objective?.split ?? 'eval';
      const line = tuned.locations['study.objective'] ?? studyLine(tuned);
      return [{ messageId: 'tunedOnTestEvaluationSet', data: { tuningLog: relativeToDir(model.dir, tuned.file), metric, dataset: datasetName(testSet) }, file: tuned.file, line }];
    }
    return variantsOnTest(card, file);
  },
});

/** Several model-index entries (variants of the card's model) scored on the same test split. */
function variantsOnTest(card: ModelCard, file: string): RuleReport[] {
  const byDataset = new Map<string, { model: number; name: string; line: number }[]>();
  for (const raw of rawResults(card)) {
    const result = card.results.find((r) => r.line === lineAt(card.locations, raw.path, -1));
    if (!result || result.metrics.length === 0 || resultSplitRole(card, result) !== 'test') continue;
    const key = `${datasetName(result)}|${result.dataset?.config ?? ''}`;
    const entries = byDataset.get(key) ?? [];
    if (!entries.some((e) => e.model === raw.model)) entries.push({ model: raw.model, name: raw.modelName ?? `#${raw.model + 1}`, line: result.line });
    byDataset.set(key, entries);
  }
  for (const [key, entries] of byDataset) {
    if (entries.length < 2) continue;
    const variants = entries.map((e) => `\`${e.name}\``).join(', ');
    return [{ messageId: 'variantsScoredOnTest', data: { count: entries.length, variants, dataset: key.split('|')[0]! }, file, line: entries[1]!.line }];
  }
  return [];
}
