// Act now, reflect never: a model shipped without monitoring degrades silently. A plan only
// counts when it can fire: a drift check with a threshold, a performance metric with a
// threshold, and someone to alert.
import { z } from 'zod';
import type { Governance } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceDeclared, governanceKeyUnread } from './support/governance.ts';
import { governanceFile, governanceHome, governanceLine } from './support/locate.ts';
import { isBlank, listOf } from './support/wording.ts';

type Part = 'drift' | 'performance' | 'alert';

/** What a monitoring block lacks, in the words a message uses, for the parts the policy requires. */
function missingParts(monitoring: NonNullable<Governance['monitoring']>, required: readonly Part[]): string[] {
  const missing: string[] = [];
  if (required.includes('drift')) {
    if (!monitoring.drift) missing.push('a drift check');
    else if (monitoring.drift.threshold === undefined) missing.push('a drift threshold');
  }
  if (required.includes('performance')) {
    if (!monitoring.performance) missing.push('a performance check');
    else {
      if (isBlank(monitoring.performance.metric)) missing.push('a performance metric');
      if (monitoring.performance.threshold === undefined) missing.push('a performance threshold');
    }
  }
  if (required.includes('alert') && isBlank(monitoring.alert)) missing.push('an alert channel');
  return missing;
}

export default defineRule({
  meta: {
    id: 'operations-monitoring-planned',
    title: 'Monitoring is planned with thresholds and an alert',
    antipattern: 'act now, reflect never',
    area: 'operations',
    risk: 'operations',
    rationale:
      'Act now, reflect never: input drift and performance decay are the normal fate of a deployed model. Without a drift ' +
      'check, a performance threshold and an alert channel, nobody learns the model has degraded until its users do.',
    howToFix:
      'Add `governance.monitoring` with `drift` (method, features, threshold), `performance` (metric, threshold, window) ' +
      'and `alert` (the channel or rota that is paged).',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_9), partly(C.srOngoingMonitoring), partly(C.measure2_4), partly(C.manage4_1)],
    options: z.object({
      /** Parts a monitoring plan must have (an LLM without tabular features may drop `drift`). */
      require: z.array(z.enum(['drift', 'performance', 'alert'])).default(['drift', 'performance', 'alert']).describe('Parts a monitoring plan must declare: a drift check, a performance threshold, an alert channel.'),
    }),
    messages: {
      missing:
        'No monitoring plan: add `governance.monitoring`{{where}} with a drift check, a performance threshold and an alert channel, ' +
        'so a degrading model is noticed (act now, reflect never).',
      incomplete: 'Monitoring is missing {{missing}}, so a degrading model can go unnoticed: complete `governance.monitoring`.',
    },
    examples: {
      valid: [
        'governance:\n  monitoring:\n    drift: {method: psi, features: [tenure], threshold: 0.2}\n' +
          '    performance: {metric: auc, threshold: 0.82, window: 7d}\n    alert: "#risk-ml-oncall"',
      ],
      invalid: ['governance:\n  monitoring:\n    drift: {method: psi, features: [tenure]}   # no threshold, no performance, no alert'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card } = model.head;
    // A Model Card Toolkit card's block is in its governance.yaml: findings point there.
    const file = governanceFile(model.head);
    // No block, or one that cannot be read: model-card-governance or artifact-parseable says so, once.
    if (!governanceDeclared(card) || governanceKeyUnread(card, 'monitoring')) return [];
    const monitoring = card.governance?.monitoring;
    // One finding for an absent plan, not one per missing part.
    if (!monitoring) return [{ messageId: 'missing', data: { where: governanceHome(model.head) }, file, line: governanceLine(card) }];
    const missing = missingParts(monitoring, ctx.options.require);
    if (missing.length === 0) return [];
    return [{ messageId: 'incomplete', data: { missing: listOf(missing) }, file, line: monitoring.line }];
  },
});
