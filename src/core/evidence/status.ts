// A control's status from the outcomes of the rules mapped to it. Strictest first: one open
// finding makes the control missing whatever else passed, since an examiner reads "evidenced"
// as "nothing outstanding". A waiver or exemption is not evidence, so a waived control never
// counts as evidenced; and a rule that passed with nothing to check (no tuning log for a tuning
// rule) or that the policy turned off evidences nothing.
import type { ControlStatus, RuleOutcome } from './types.ts';

export function controlStatus(outcomes: readonly RuleOutcome[]): { status: ControlStatus; reason: string } {
  const ids = (result: RuleOutcome['result']) => outcomes.filter((o) => o.result === result).map((o) => o.ruleId);
  const failed = ids('failed');
  if (failed.length > 0) {
    const open = outcomes.flatMap((o) => (o.result === 'failed' ? o.findings.filter((f) => !f.grant) : []));
    return { status: 'missing', reason: `${open.length} open finding${open.length === 1 ? '' : 's'} of ${failed.join(', ')}` };
  }
  const waived = ids('waived');
  if (waived.length > 0) return { status: 'waived', reason: `findings of ${waived.join(', ')} are waived or exempted; nothing else is open` };
  const passed = outcomes.filter((o) => o.result === 'passed');
  if (passed.length === 0) {
    const off = ids('off');
    if (off.length === outcomes.length) return { status: 'missing', reason: `every rule mapped to it is turned off by the policy (${off.join(', ')})` };
    return { status: 'missing', reason: `no rule mapped to it had anything to check (${outcomes.map((o) => `${o.ruleId}: ${o.result}`).join(', ')})` };
  }
  const silent = outcomes.filter((o) => o.result !== 'passed').map((o) => `${o.ruleId} (${o.result})`);
  const part = passed.filter((o) => o.extent === 'partly').map((o) => o.ruleId);
  if (silent.length === 0 && part.length === 0) return { status: 'evidenced', reason: `${passed.map((o) => o.ruleId).join(', ')} passed and evidence the whole control` };
  const why = [part.length > 0 ? `${part.join(', ')} evidence${part.length === 1 ? 's' : ''} only part of it` : undefined, silent.length > 0 ? `not checked: ${silent.join(', ')}` : undefined].filter(Boolean);
  return { status: 'partly', reason: `passed; ${why.join('; ')}` };
}

/** How both renderers word a status: a symbol that survives black-and-white printing, and the word. */
export const STATUS_LABEL: Record<ControlStatus, string> = { evidenced: '✔ evidenced', partly: '◐ partly', missing: '✘ missing', waived: '⊘ waived' };

/** Controls per status, in CONTROL_STATUSES order, for a summary line. */
export function statusCounts(statuses: readonly ControlStatus[]): Record<ControlStatus, number> {
  const counts: Record<ControlStatus, number> = { evidenced: 0, partly: 0, missing: 0, waived: 0 };
  for (const s of statuses) counts[s]++;
  return counts;
}
