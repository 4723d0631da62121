// Owners are who gets paged and who answers for the model. They must be GitHub handles, so
// the approval gate can request their review and check it: a name or an email cannot approve.
import { z } from 'zod';
import { lineOf } from '../artifacts/source.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile } from './support/locate.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';

/** `@user` (GitHub login rules) or `@org/team` (team slugs allow `.` and `_` too). */
const HANDLE = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

export default defineRule({
  meta: {
    id: 'model-card-owners',
    title: 'Model card names owners as GitHub handles',
    antipattern: 'governance',
    area: 'card',
    risk: 'documentation',
    rationale:
      'A model without an accountable owner is nobody\'s to monitor, fix or retire. Owners written as GitHub ' +
      '@user or @org/team handles can be asked for review and checked by the approval gate; names and emails cannot.',
    howToFix: 'Add `governance.owners: ["@org/team"]` to the card front matter, with GitHub user or team handles.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.srRoles), partly(C.govern2_1)],
    options: z.object({}),
    messages: {
      noOwners: '`governance.owners` is missing or empty: name the accountable owners as GitHub handles, e.g. `owners: ["@org/team"]`.',
      noOwnersMct: 'No owners: add `model_details.owners` with each `name` a GitHub `@user` or `@org/team` handle.',
      invalidOwner: 'Owner `{{owner}}` is not a GitHub `@user` or `@org/team` handle, so it cannot be asked to approve: write it as {{example}}.',
    },
    examples: {
      valid: ['governance:\n  owners: ["@acme/risk-ml", "@alice"]'],
      invalid: ['governance:\n  model: churn-classifier        # no owners', 'governance:\n  owners: ["Risk ML team", "alice@acme.com"]'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card } = head;
    const file = governanceFile(head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'owners')) return [];
    const governance = card.governance;
    // A Model Card Toolkit card's owners are its `model_details.owners`, unless a governance.yaml names them.
    const mct = card.format === 'mct-model-card' && head.governancePath === undefined;
    if (!governance || governance.owners.length === 0) {
      // A declared Hugging Face card always has its block here; an MCT card may map none.
      if (mct) return [{ messageId: 'noOwnersMct', file, line: lineOf(card.locations, 'model_details') }];
      return [{ messageId: 'noOwners', file, line: lineOf(card.locations, 'governance.owners') }];
    }
    return governance.owners.flatMap((owner, i) => {
      // A contact after the handle (`@alice <alice@acme.com>`, how MCT owners read) is allowed.
      const handle = owner.replace(/\s*<[^>]*>\s*$/, '').trim();
      if (HANDLE.test(handle)) return [];
      const bare = handle.replace(/^@+/, '');
      const example = HANDLE.test(`@${bare}`) ? `\`@${bare}\`` : '`@user` or `@org/team`';
      return [{ messageId: 'invalidOwner', data: { owner, example }, file, line: lineOf(card.locations, `governance.owners.${i}`) }];
    });
  },
});
