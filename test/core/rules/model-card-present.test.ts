import { cleanModelFiles } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { error } from './model-case.ts';

const POLICY = 'models:\n  paths: ["models/**"]\n';
const message = (file: string) =>
  `\`${file}\` is under a gated model path (policy \`models.paths\`) but no model card is in its directory or above it: ` +
  'add `MODEL_CARD.md` next to the model (`modelgate init` writes a template).';
const churn = cleanModelFiles('models/churn');

testRule('model-card-present', {
  valid: [
    { name: 'changed file next to its card', files: { ...churn, 'models/churn/model.txt': 'weights' }, policy: POLICY },
    {
      name: 'a card in a directory above covers nested files',
      files: { ...cleanModelFiles('models/fraud'), 'models/fraud/v2/model.txt': 'weights' },
      policy: POLICY,
    },
    { name: 'files outside the gated paths need no card', files: { ...churn, 'src/app.py': 'print(1)', 'docs/guide.md': '# Guide' }, policy: POLICY },
    {
      name: 'an uncovered file the PR does not change is not reported',
      base: { ...churn, 'models/fraud/model.txt': 'weights' },
      files: { ...churn, 'models/fraud/model.txt': 'weights', 'models/churn/model.txt': 'new weights' },
      policy: POLICY,
    },
    { name: 'no policy: nothing is gated by path', files: { ...churn, 'models/fraud/model.txt': 'weights' } },
  ],
  invalid: [
    {
      name: 'a changed model file with no card anywhere above it',
      files: { ...churn, 'models/fraud/model.txt': 'weights' },
      policy: POLICY,
      findings: [error(message('models/fraud/model.txt'), 'models/fraud/model.txt', 1)],
    },
    {
      name: 'one finding per uncovered file, sorted by path',
      files: { ...churn, 'models/fraud/model.txt': 'weights', 'models/fraud/features.yaml': 'a: 1\n', 'models/ranker/model.onnx': 'onnx' },
      policy: POLICY,
      findings: [
        error(message('models/fraud/features.yaml'), 'models/fraud/features.yaml', 1),
        error(message('models/fraud/model.txt'), 'models/fraud/model.txt', 1),
        error(message('models/ranker/model.onnx'), 'models/ranker/model.onnx', 1),
      ],
    },
    {
      name: 'only the files the PR adds are reported',
      base: { ...churn, 'models/fraud/old.txt': 'weights' },
      files: { ...churn, 'models/fraud/old.txt': 'weights', 'models/fraud/new.txt': 'weights' },
      policy: POLICY,
      findings: [error(message('models/fraud/new.txt'), 'models/fraud/new.txt', 1)],
    },
    {
      name: 'a card in a sibling directory does not cover',
      files: { ...churn, 'models/churn-v2/model.txt': 'weights' },
      policy: POLICY,
      findings: [error(message('models/churn-v2/model.txt'), 'models/churn-v2/model.txt', 1)],
    },
    {
      name: 'severity follows the policy',
      files: { ...churn, 'models/fraud/model.txt': 'weights' },
      policy: `${POLICY}rules:\n  model-card-present: warn\n`,
      findings: [{ severity: 'warn', message: message('models/fraud/model.txt'), file: 'models/fraud/model.txt', line: 1 }],
    },
  ],
});
