// One line per exemption of the policy that took findings (`exempt:`): which rules where, how
// many findings, and the reason, so a reader sees what is not failing and why. The same words
// in the comment and the terminal; `code` and `text` format the pieces for each.
import type { ExemptedFindings } from '../engine/exemptions.ts';
import { plural } from '../rules/support/wording.ts';

export function exemptionLine(group: ExemptedFindings, code: (text: string) => string, text: (text: string) => string): string {
  const { exemption, findings } = group;
  const list = (items: string[]) => items.map(code).join(', ');
  const where =
    exemption.models.length > 0 && exemption.paths.length > 0
      ? `in ${list(exemption.models)} (only ${list(exemption.paths)})`
      : exemption.models.length > 0 || exemption.paths.length > 0
        ? `in ${list([...exemption.models, ...exemption.paths])}`
        : 'everywhere';
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const counts = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
  return `${list(exemption.rules)} ${where}: ${plural(findings.length, 'finding')} (${counts}) — ${text(exemption.reason)}`;
}
