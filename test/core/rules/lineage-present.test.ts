import { readFileSync } from 'node:fs';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, validModel } from './model-case.ts';

const MISSING =
  'No lineage manifest for this model: add `lineage.yaml` (or `dvc.yaml` + `dvc.lock`, or an OpenLineage event) recording the input ' +
  'datasets and their versions, the split and the steps, and name it in `governance.lineage`.';
const declaredMissing = (path: string) =>
  `\`governance.lineage\` names \`${path}\`, which is not in the repository: commit the lineage manifest or fix the path.`;

testRule('lineage-present', {
  valid: [
    validModel('lineage.yaml named by the card'),
    validModel('lineage.yaml found by its conventional name', { card: { governance: { lineage: null } } }),
    // The plain Hugging Face card claims no artifacts, so it gets no finding about them.
    validModel('plain card without a governance block and no lineage', { card: { governance: null }, lineage: null, tuning: null }),
    validModel('Model Card Toolkit card (owners mapped, no governance block)', {
      card: { governance: null },
      lineage: null,
      tuning: null,
      files: { 'MODEL_CARD.md': null, 'model_card.json': readFileSync(new URL('../../fixtures/real-world/model-cards/mct-considerations.json', import.meta.url), 'utf8') },
    }),
    // A manifest that exists but does not parse is reported by artifact-parseable only.
    validModel('declared manifest that does not parse', { files: { 'lineage.yaml': 'version: 1\ndatasets: [\n' } }),
    // One finding per root cause (issue 11): what could not be parsed is artifact-parseable's finding.
    validModel('conventionally named manifest that does not parse', { card: { governance: { lineage: null } }, files: { 'lineage.yaml': 'version: 1\ndatasets: [\n' } }),
    validModel('a DVC pipeline that does not parse', { card: { governance: { lineage: null } }, lineage: null, files: { 'dvc.yaml': 'stages: [\n' } }),
    validModel('an OpenLineage event that does not parse', { card: { governance: { lineage: null } }, lineage: null, files: { 'run.openlineage.json': '{"eventTime": \n' } }),
  ],
  invalid: [
    invalidModel('governance block, no manifest declared or found', { card: { governance: { lineage: null } }, lineage: null }, (at) => [
      error(MISSING, CARD, at(CARD, 'governance:')),
    ]),
    // A Model Card Toolkit card's own block lives in governance.yaml beside it (issue 11): that is a claim.
    invalidModel(
      'Model Card Toolkit card with a governance.yaml and no manifest: the finding points into governance.yaml',
      {
        card: { governance: null },
        lineage: null,
        tuning: null,
        files: {
          'MODEL_CARD.md': null,
          'model_card.json': readFileSync(new URL('../../fixtures/real-world/model-cards/mct-considerations.json', import.meta.url), 'utf8'),
          'governance.yaml': 'governance:\n  owners: ["@acme/vision"]\n',
        },
      },
      () => [error(MISSING, 'models/churn/governance.yaml', 1)],
    ),
    invalidModel('declared manifest missing from the tree', { lineage: null }, (at) => [error(declaredMissing('lineage.yaml'), CARD, at(CARD, '  lineage: lineage.yaml'))]),
    invalidModel('declared path does not match the committed file', { card: { governance: { lineage: 'data/lineage.yaml' } } }, (at) => [
      error(declaredMissing('data/lineage.yaml'), CARD, at(CARD, '  lineage: data/lineage.yaml')),
    ]),
  ],
});

