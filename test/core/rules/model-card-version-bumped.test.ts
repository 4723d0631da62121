import { readFileSync } from 'node:fs';
import { cardText, cleanModelFiles, DEFAULT_CARD_BODY, lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, DIR, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const MODEL = `${DIR}/model.txt`;
const base = { ...cleanModelFiles(DIR), [MODEL]: 'weights v1' };
const retrained = { files: { 'model.txt': 'weights v2' } };
const sameWeights = { files: { 'model.txt': 'weights v1' } };
const andCard = `\`${MODEL}\` and 1 more file`;
const changed = (files: string) => `The model changed (${files})`;
const MCT = 'models/pets/model_card.json';
const mctFull = readFileSync('test/fixtures/real-world/model-cards/mct-full.json', 'utf8');
const NOT_BUMPED = (what: string) => `${changed(what)} but its version is still 2.3.0, as on the base branch: raise \`governance.version\`, e.g. to 2.3.1.`;

testRule('model-card-version-bumped', {
  valid: [
    validModel('version raised with the retrained model', { card: { governance: { version: '2.4.0' } }, ...retrained }, { base }),
    validModel('a patch bump is enough', { card: { governance: { version: '2.3.1' } }, ...retrained }, { base }),
    validModel('a release after its release candidate', { card: { governance: { version: '2.4.0' } }, ...retrained }, {
      base: { ...base, [CARD]: cardText({ governance: { version: '2.4.0-rc.1' } }) },
    }),
    validModel('a new model (no card on the base branch) needs no bump', retrained, { base: { 'README.md': '# repo' } }),
    validModel('an edit to the prose of the card alone is not a model change', { card: { body: DEFAULT_CARD_BODY.replace('retail customer', 'retail banking customer') }, ...sameWeights }, { base }),
    validModel('the base card had no version: any valid version is an increase', retrained, { base: { ...base, [CARD]: cardText({ governance: { version: null } }) } }),
    validModel('no base to compare with (every model touched)', retrained),
    // One finding per root cause (issue 11): a card with no governance block has no version because
    // it has no block (model-card-governance's finding); one whose front matter cannot be read may have one.
    validModel('plain card without a governance block, retrained', { card: { governance: null }, ...retrained }, { base: { ...base, [CARD]: cardText({ governance: null }) } }),
    validModel('front matter that does not parse, retrained', { ...UNREADABLE_FRONT_MATTER, files: { ...UNREADABLE_FRONT_MATTER.files, ...retrained.files } }, { base }),
  ],
  invalid: [
    invalidModel('retrained model, same version', retrained, (at) => [error(NOT_BUMPED(`\`${MODEL}\``), CARD, at(CARD, 'version: 2.3.0'))], { base }),
    invalidModel('version lowered', { card: { governance: { version: '2.2.9' } }, ...retrained }, (at) => [
      error(
        `${changed(andCard)} but its version 2.2.9 is lower than 2.3.0 on the base branch: raise \`governance.version\` above it, e.g. to 2.3.1.`,
        CARD,
        at(CARD, 'version: 2.2.9'),
      ),
    ], { base }),
    invalidModel('version removed', { card: { governance: { version: null } }, ...retrained }, (at) => [
      error(`${changed(andCard)} but the card has no \`governance.version\`: add \`version: "2.3.1"\`.`, CARD, at(CARD, 'governance:')),
    ], { base }),
    invalidModel('version not semver (the parser drops it; the rule still shows it)', { card: { governance: { version: '2.4' } }, ...retrained }, (at) => [
      error('Model version `2.4` is not a semantic version (MAJOR.MINOR.PATCH): write it as `"2.4.0"` (quoted: YAML reads an unquoted 2.4 as a number).', CARD, at(CARD, 'version: "2.4"')),
    ], { base }),
    invalidModel('card metadata changed (new metric value) without a bump', {
      card: { governance: { evaluation: { metrics: [{ name: 'auc', value: 0.866, ci95: [0.857, 0.875], n: 12000 }] } } },
      ...sameWeights,
    }, (at) => [error(NOT_BUMPED(`\`${CARD}\``), CARD, at(CARD, 'version: 2.3.0'))], { base }),
    invalidModel('several files changed: the first non-card file is named', { lineage: { splits: { seed: 7 } }, ...retrained }, (at) => [
      error(NOT_BUMPED(`\`${DIR}/lineage.yaml\` and 1 more file`), CARD, at(CARD, 'version: 2.3.0')),
    ], { base }),
    {
      name: 'Model Card Toolkit version "v1.0" (real-world) on a changed model',
      base: { [MCT]: mctFull, 'models/pets/model.txt': 'v1' },
      files: { [MCT]: mctFull, 'models/pets/model.txt': 'v2' },
      findings: [
        error('Model version `v1.0` is not a semantic version (MAJOR.MINOR.PATCH): write it as `"1.0.0"` (quoted: YAML reads an unquoted 2.4 as a number).', MCT, lineOf(mctFull, '"name": "v1.0"')),
      ],
    },
    // Issue 11: raised where the card keeps it, `model_details.version.name`, not a `governance` key MCT refuses.
    {
      name: 'Model Card Toolkit version not raised on a changed model: the advice names model_details.version.name (real-world card)',
      base: { [MCT]: mctFull.replace('"name": "v1.0"', '"name": "1.0.0"'), 'models/pets/model.txt': 'v1' },
      files: { [MCT]: mctFull.replace('"name": "v1.0"', '"name": "1.0.0"'), 'models/pets/model.txt': 'v2' },
      findings: [
        error(
          `${changed('`models/pets/model.txt`')} but its version is still 1.0.0, as on the base branch: raise \`model_details.version.name\`, e.g. to 1.0.1.`,
          MCT,
          lineOf(mctFull, '"name": "v1.0"'),
        ),
      ],
    },
  ],
});
