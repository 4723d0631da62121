import { lineOf } from '../../helpers/fixtures.ts';
import { testRule, type InvalidRuleCase } from '../../helpers/rule-tester.ts';
import { HUB_DIR, HUB_README, MODELS_POLICY, trainerCard, type HubResult, type TrainerCardParts } from './hub-card.ts';
import { CARD, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

// The Whisper fine-tuning event's cards (Dec 2022), written by the Trainer. The event's recipe passed
// `common_voice["test"]` as `eval_dataset` with `load_best_model_at_end=True, metric_for_best_model="wer"`,
// so model-index says the evaluation set is `split: test` and the training results score it at every
// evaluation. "Whisper Medium Portuguese":
//     dataset: {name: mozilla-foundation/common_voice_11_0 pt, type: mozilla-foundation/common_voice_11_0, config: pt, split: test}
//     metrics: [{name: Wer, type: wer, value: 6.598745817992301}]
//   It achieves the following results on the evaluation set: - Loss: 0.2628 - Wer: 6.5987
//   | Training Loss | Epoch | Step | Validation Loss | Wer    |
//   | 0.0333        | 2.07  | 1500 | 0.2073          | 6.9770 |
//   | 0.0061        | 5.05  | 3000 | 0.2628          | 6.5987 |   <- the reported checkpoint: the best on test
//   | 0.0007        | 8.03  | 4500 | 0.2960          | 6.6979 |
//   | 0.0004        | 11.0  | 6000 | 0.3212          | 6.6794 |   <- the last one
const HEADER = ['Training Loss', 'Epoch', 'Step', 'Validation Loss', 'Wer'];
const PORTUGUESE_ROWS = [
  [0.0333, 2.07, 1500, 0.2073, '6.9770'],
  [0.0061, 5.05, 3000, 0.2628, '6.5987'],
  [0.0007, 8.03, 4500, 0.296, '6.6979'],
  [0.0004, 11.0, 6000, 0.3212, '6.6794'],
];
const commonVoice = (split: string | undefined, wer: number, config = 'pt'): HubResult => ({
  dataset: { name: `mozilla-foundation/common_voice_11_0 ${config}`, type: 'mozilla-foundation/common_voice_11_0', config, ...(split ? { split } : {}) },
  metrics: [{ name: 'Wer', type: 'wer', value: wer }],
});

function hubCase(name: string, parts: TrainerCardParts, extra: Record<string, string> = {}) {
  return { name, files: { [HUB_README]: trainerCard(parts), ...extra }, policy: MODELS_POLICY };
}
function hubInvalid(name: string, parts: TrainerCardParts, findings: (text: string) => InvalidRuleCase['findings'], extra: Record<string, string> = {}): InvalidRuleCase {
  const c = hubCase(name, parts, extra);
  return { ...c, findings: findings(c.files[HUB_README]!) };
}

const DATASET = 'mozilla-foundation/common_voice_11_0';
const SCORED = (count: number, dataset = DATASET) =>
  `The training results score ${count} checkpoints on the evaluation set, which model-index says is split \`test\` of ` +
  `\`${dataset}\`: every choice made from these scores (when to stop, which checkpoint to keep) was made on test, so the test ` +
  'score is optimistic; pass a validation split as the evaluation set and score on test once at the end.';

// "Whisper Small PL": ten evaluations on the test split, the last one reported.
const PL_ROWS = [10.2804, 9.5597, 9.5681, 9.1534, 9.028, 9.0965, 8.9611, 8.8073, 8.8156, 8.8206].map((wer, i) => [0.1, i + 0.1, (i + 1) * 500, 0.3, wer.toFixed(4)]);

// A W&B sweep over the Trainer's own metric (`eval/wer` is what `report_to="wandb"` logs for the evaluation set).
const SWEEP = 'method: bayes\nmetric:\n  name: eval/wer\n  goal: minimize\nparameters:\n  learning_rate:\n    min: 0.000001\n    max: 0.0001\n';

testRule('evaluation-no-test-selection', {
  valid: [
    validModel('the clean model: test split, tuned on validation, nothing chosen on test'),
    // "Whisper Small Hindi": one evaluation on test, at the end of training; nothing was chosen by it.
    hubCase('one evaluation of the test split at the end (real: Whisper Small Hindi)', {
      results: [commonVoice('test', 17.1985166193572, 'hi')],
      table: { header: HEADER, rows: [[0.0598, 2.44, 2000, 0.2751, '17.1985']] },
    }),
    // "Whisper Small Belarusian": the evaluation set is `split: validation` (its numbers are the last
    // table row); test is scored once, in a second model-index result.
    hubCase('training scored on validation, test once (real: Whisper Small Belarusian)', {
      results: [commonVoice('validation', 6.3671568743912, 'be'), commonVoice('test', 6.79, 'be')],
      table: { header: HEADER, rows: [[0.1907, 0.08, 1000, 0.2546, '25.4639'], [0.0121, 2.01, 11000, 0.0696, '6.4638'], [0.0155, 2.1, 12000, 0.0706, '6.3672']] },
    }),
    hubCase('early stopping named on validation, test scored once', {
      results: [commonVoice('test', 6.6794)],
      description: 'We used early stopping on the validation split and scored the chosen checkpoint on the test split once.',
    }),
    // BramVanroy/bert-base-dutch-cased-hebban-reviews: "# Best checkedpoint based on validation" then
    // "# Test results of best checkpoint": the test split scores the checkpoint chosen on validation.
    hubCase('test results of the checkpoint chosen on validation (real: BramVanroy hebban-reviews)', {
      results: [commonVoice('test', 6.6794)],
      body: '# hebban-reviews\n\n# Best checkedpoint based on validation\n- best_metric: 0.7326\n\n# Test results of best checkpoint\n- accuracy: 0.8042\n',
    }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
  ],
  invalid: [
    hubInvalid('the best checkpoint on test was kept (real: Whisper Medium Portuguese)', { results: [commonVoice('test', 6.598745817992301)], table: { header: HEADER, rows: PORTUGUESE_ROWS } }, (text) => [
      error(
        'The reported wer 6.59875 on `mozilla-foundation/common_voice_11_0` split `test` is the step 3000 (epoch 5.05) row of the training ' +
          'results, not the last of its 4 evaluations: the best checkpoint on the test split was kept, so the test score is optimistic; ' +
          'select the checkpoint on a validation split and score it on test once.',
        HUB_README,
        lineOf(text, '  - task:'),
      ),
    ]),
    hubInvalid('every checkpoint scored on test, the last reported (real: Whisper Small PL)', { results: [commonVoice('test', 8.820627727705968, 'pl')], table: { header: HEADER, rows: PL_ROWS } }, (text) => [
      error(SCORED(10), HUB_README, lineOf(text, '  - task:')),
    ]),
    // "Whisper Medium Serbian": the reported WER 11.6147 is the step-500 row, and the last (step-800) row too.
    hubInvalid(
      'a plateau: the reported score is also the last row (real: Whisper Medium Serbian)',
      {
        results: [commonVoice('test', 11.614730878186968, 'sr')],
        table: { header: HEADER, rows: [13.5977, 12.7479, 12.2218, 12.2622, 11.6147, 11.5338, 11.6147, 11.6147].map((wer, i) => [0.1, i + 1, (i + 1) * 100, 0.3, wer.toFixed(4)]) },
      },
      (text) => [error(SCORED(8), HUB_README, lineOf(text, '  - task:'))],
    ),
    invalidModel(
      'the card says the best checkpoint on the test set was kept',
      { card: { body: '# churn-classifier\n\n## Evaluation\n\nWe kept the best checkpoint on the test set after 40 epochs.\n' } },
      (at) => [
        error(
          'The card says "We kept the best checkpoint on the test set after 40 epochs." and reports `churn-classifier` results: a model chosen ' +
            'on the test split makes its test score optimistic; choose on a validation split and score the chosen model on test once.',
          CARD,
          at(CARD, 'We kept the best'),
        ),
      ],
    ),
    hubInvalid(
      'a sweep ranked on the Trainer\'s eval metric while the evaluation set is test',
      { results: [commonVoice('test', 6.6794)], table: { header: HEADER, rows: [[0.0004, 11.0, 6000, 0.3212, '6.6794']] } },
      () => [
        error(
          'The tuning in sweep.yaml ranks trials by `eval/wer`, the Trainer\'s evaluation set, which model-index says is split `test` of ' +
            '`mozilla-foundation/common_voice_11_0`: the trials were picked on test, so the reported test score is optimistic; tune on a validation split.',
          `${HUB_DIR}/sweep.yaml`,
          lineOf(SWEEP, 'metric:'),
        ),
      ],
      { [`${HUB_DIR}/sweep.yaml`]: SWEEP },
    ),
    hubInvalid(
      'two checkpoints of one card both scored on test',
      {
        name: 'whisper-small-pt-checkpoint-3000',
        results: [commonVoice('test', 6.5987)],
        variants: [{ name: 'whisper-small-pt-checkpoint-6000', results: [commonVoice('test', 6.6794)] }],
        body: '# whisper-small-pt\n\nTwo checkpoints of one run.\n',
      },
      (text) => [
        error(
          'model-index scores 2 variants (`whisper-small-pt-checkpoint-3000`, `whisper-small-pt-checkpoint-6000`) on split `test` of ' +
            '`mozilla-foundation/common_voice_11_0`: choosing the one to ship by these scores is choosing on test; choose on a validation ' +
            'split and report the chosen variant\'s test score alone.',
          HUB_README,
          lineOf(text, '  - task:', 2),
        ),
      ],
    ),
  ],
});
