import { readFileSync } from 'node:fs';
import { lineOf } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { CARD, error, invalidModel, UNREADABLE_FRONT_MATTER, validModel } from './model-case.ts';

const invalid = (owner: string, example: string) =>
  `Owner \`${owner}\` is not a GitHub \`@user\` or \`@org/team\` handle, so it cannot be asked to approve: write it as ${example}.`;
const NO_OWNERS = '`governance.owners` is missing or empty: name the accountable owners as GitHub handles, e.g. `owners: ["@org/team"]`.';
const NO_OWNERS_MCT = 'No owners: add `model_details.owners` with each `name` a GitHub `@user` or `@org/team` handle.';

const MCT_PATH = 'models/cats/model_card.json';
const mct = readFileSync('test/fixtures/real-world/model-cards/mct-considerations.json', 'utf8');
const mctWithHandle = mct.replace('"name": "bar"', '"name": "@acme/vision"');
const mctNoOwners = JSON.stringify({ schema_version: '0.0.2', model_details: { name: 'cats', version: { name: '1.0.0' } } }, null, 2);

testRule('model-card-owners', {
  valid: [
    validModel('a team handle'),
    validModel('users and teams, dots and underscores in team slugs', { card: { governance: { owners: ['@alice', '@acme/risk.ml_team', '@Bob-9'] } } }),
    validModel('a handle followed by a contact', { card: { governance: { owners: ['@alice <alice@acme.com>'] } } }),
    { name: 'Model Card Toolkit owner named by handle', files: { [MCT_PATH]: mctWithHandle } },
    // One finding per root cause (issue 11): model-card-governance reports a card without the block,
    // artifact-parseable one whose front matter or block cannot be read.
    validModel('plain card without a governance block', { card: { governance: null } }),
    validModel('front matter that does not parse', UNREADABLE_FRONT_MATTER),
    validModel('`owners` written as text, not a list (artifact-parseable reports it)', { card: { governance: { owners: 'TBD' } } }),
  ],
  invalid: [
    invalidModel('governance without owners', { card: { governance: { owners: null } } }, (at) => [error(NO_OWNERS, CARD, at(CARD, 'governance:'))]),
    invalidModel('an empty owners list', { card: { governance: { owners: [] } } }, (at) => [error(NO_OWNERS, CARD, at(CARD, 'owners:'))]),
    invalidModel('a handle without @, an email and a display name, each at its line', { card: { governance: { owners: ['@acme/risk-ml', 'alice', 'bob@acme.com', 'Risk ML team'] } } }, (at) => [
      error(invalid('alice', '`@alice`'), CARD, at(CARD, '- alice')),
      error(invalid('bob@acme.com', '`@user` or `@org/team`'), CARD, at(CARD, '- bob@acme.com')),
      error(invalid('Risk ML team', '`@user` or `@org/team`'), CARD, at(CARD, '- Risk ML team')),
    ]),
    invalidModel('a team without its org, a double @ and a trailing hyphen', { card: { governance: { owners: ['acme/risk-ml', '@@carol', '@dave-'] } } }, (at) => [
      error(invalid('acme/risk-ml', '`@acme/risk-ml`'), CARD, at(CARD, '- acme/risk-ml')),
      error(invalid('@@carol', '`@carol`'), CARD, at(CARD, '- "@@carol"')),
      error(invalid('@dave-', '`@user` or `@org/team`'), CARD, at(CARD, '- "@dave-"')),
    ]),
    {
      name: 'Model Card Toolkit owner given as a name and an email',
      files: { [MCT_PATH]: mct },
      findings: [error(invalid('bar <bar@xyz.com>', '`@bar`'), MCT_PATH, lineOf(mct, '"name": "bar"'))],
    },
    {
      name: 'Model Card Toolkit card with no owners',
      files: { [MCT_PATH]: mctNoOwners },
      findings: [error(NO_OWNERS_MCT, MCT_PATH, lineOf(mctNoOwners, '"model_details"'))],
    },
  ],
});
