import { tuningJsonl } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const MISSING =
  'The card ships hyperparameters but no tuning log was found: commit the search that chose them ' +
  '(e.g. `tuning/trials.jsonl`, an Optuna journal or a W&B sweep) and name it in `governance.tuning_log`.';
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
const declaredMissing = (path: string) => `\`governance.tuning_log\` names \`${path}\`, which is not in the repository: commit the tuning log or fix the path.`;

testRule('tuning-log-present', {
  valid: [
    validModel('hyperparameters with their declared tuning log'),
    validModel('no hyperparameters, no tuning log', { card: { governance: { hyperparameters: null, tuning_log: null } }, tuning: null }),
    validModel('tuning log found by its conventional name', {
      card: { governance: { tuning_log: null } },
      tuning: null,
      files: { 'tuning.jsonl': tuningJsonl() },
    }),
    // The log is there but broken: artifact-parseable reports it, this rule does not call it missing.
    validModel('declared log that does not parse', { tuning: null, files: { 'tuning/trials.jsonl': '{"type":"study",\n' } }),
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    validModel('a log by its conventional name committed as a Git LFS pointer', { card: { governance: { tuning_log: null } }, tuning: null, files: { 'tuning.jsonl': LFS_POINTER } }),
    validModel('an empty log by its conventional name', { card: { governance: { tuning_log: null } }, tuning: null, files: { 'sweep.yaml': '' } }),
  ],
  invalid: [
    invalidModel('hyperparameters, no log declared or found', { card: { governance: { tuning_log: null } }, tuning: null }, (at) => [
      error(MISSING, CARD, at(CARD, 'hyperparameters:')),
    ]),
    invalidModel('declared log missing from the tree', { tuning: null }, (at) => [
      error(declaredMissing('tuning/trials.jsonl'), CARD, at(CARD, 'tuning_log:')),
    ]),
    invalidModel('declared path does not match the committed file', { card: { governance: { tuning_log: 'tuning/sweep.jsonl' } } }, (at) => [
      error(declaredMissing('tuning/sweep.jsonl'), CARD, at(CARD, 'tuning_log:')),
    ]),
  ],
});
