// The policy's `exempt:` list: findings a team has decided not to fail on yet (a rule adopted
// for new models before old ones comply), each exemption with its reason. An exempted finding is
// not counted and not in any model's findings, so nothing downstream (the gate, the formats)
// treats it as a failure; it is kept under its exemption so reports show it and the audit records
// it. modelgate's own findings (an invalid policy, content not provided) are never exempted: the
// gate fails closed on them whatever the policy says.
import picomatch from 'picomatch';
import type { Exemption } from '../policy/types.ts';
import type { Finding } from '../rules/define.ts';
import { ENGINE_RULE_ID } from './run-rules.ts';

/** The findings one exemption took, in the order `keep` saw them (the pipeline passes each model's, then those outside any model). */
export interface ExemptedFindings {
  exemption: Exemption;
  findings: Finding[];
}

type Matcher = (path: string) => boolean;

export class Exemptions {
  private readonly matchers: { exemption: Exemption; rules: Matcher; models?: Matcher; paths?: Matcher; taken: Finding[] }[];

  constructor(exemptions: readonly Exemption[]) {
    this.matchers = exemptions.map((exemption) => ({
      exemption,
      rules: picomatch(exemption.rules),
      ...(exemption.models.length > 0 ? { models: picomatch(exemption.models, { dot: true }) } : {}),
      ...(exemption.paths.length > 0 ? { paths: picomatch(exemption.paths, { dot: true }) } : {}),
      taken: [],
    }));
  }

  /** The findings no exemption takes; the others are kept under the first exemption that matches. */
  keep(findings: readonly Finding[]): Finding[] {
    return findings.filter((finding) => {
      const match = this.matchers.find((m) => matches(m, finding));
      if (match) match.taken.push(finding);
      return !match;
    });
  }

  /** Exemptions that took at least one finding, in policy order. */
  exempted(): ExemptedFindings[] {
    return this.matchers.filter((m) => m.taken.length > 0).map((m) => ({ exemption: m.exemption, findings: [...m.taken] }));
  }
}

function matches(m: { rules: Matcher; models?: Matcher; paths?: Matcher }, f: Finding): boolean {
  if (f.ruleId === ENGINE_RULE_ID || !m.rules(f.ruleId)) return false;
  // A finding that belongs to no model is outside every `models` glob: only `paths` can reach it.
  if (m.models && (f.model === undefined || !m.models(f.model))) return false;
  return !m.paths || m.paths(f.file);
}
