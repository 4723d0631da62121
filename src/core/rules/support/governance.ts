// Whether a card's governance block can be judged, in one place, so each defect is reported once
// (issue 11). A Hugging Face card without the block gets one finding that says so
// (model-card-governance), not one per rule that would read a field of it; a card whose front
// matter or block could not be read gets its parse error (artifact-parseable) and nothing that
// guesses at what the unread text said.
import { isRecord } from '../../artifacts/source.ts';
import type { CardSection, ModelCard } from '../../artifacts/types.ts';
import { isBlank } from './wording.ts';

/**
 * `declared`: the rules read the block (a Model Card Toolkit card counts: its owners, version and
 * intended use are mapped onto it, and its rules keep their own messages). `absent`: a Hugging
 * Face card whose readable front matter has no `governance`. `unreadable`: the front matter, or
 * `governance` itself (not a mapping), could not be read.
 */
export type GovernanceState = 'declared' | 'absent' | 'unreadable';

export function governanceState(card: ModelCard): GovernanceState {
  if (card.format !== 'hf-model-card') return 'declared';
  if (card.metadataUnreadable) return 'unreadable';
  if (!Object.hasOwn(card.metadata, 'governance')) return 'absent';
  return card.governance ? 'declared' : 'unreadable';
}

/** True when the rules that read governance fields may report on this card at all. */
export function governanceDeclared(card: ModelCard): boolean {
  return governanceState(card) === 'declared';
}

/**
 * `governance.<key>` is written but was not read: its value did not fit (`monitoring: TBD`,
 * `owners: "@a, @b"`), and the parser left it out with a parse error (artifact-parseable reports
 * it). A rule that finds the field missing stays silent then: "add `governance.monitoring`" to
 * someone who wrote one is a second finding for the same defect, and a wrong one.
 */
export function governanceKeyUnread(card: ModelCard, key: string): boolean {
  const raw = card.metadata.governance;
  if (!isRecord(raw) || !Object.hasOwn(raw, key)) return false;
  const field = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const read = (card.governance as unknown as Record<string, unknown> | undefined)?.[field];
  if (Array.isArray(read) ? read.length > 0 : read !== undefined) return false;
  // An explicitly empty list (`owners: []`) is read, as empty: that is the rule's finding.
  const written = raw[key];
  return !(Array.isArray(written) && written.length === 0);
}

/**
 * A card section such as "## Interpretability" or "## Explainability" with something written in
 * it: plain Hugging Face cards document explainability in prose, and that counts for the field.
 */
export function explainabilitySection(sections: readonly CardSection[]): CardSection | undefined {
  return sections.find((s) => /\b(explainab|interpretab)/i.test(s.heading) && !isBlank(s.body.replace(/<!--[\s\S]*?-->/g, '')));
}
