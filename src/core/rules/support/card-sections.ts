// The sections a model card must have, and the headings that count as each. People write the
// Hugging Face template's headings ("Uses", "Bias, Risks, and Limitations", "Training Details"),
// Mitchell et al.'s ("Intended Use", "Quantitative Analyses", "Caveats and Recommendations")
// or their own; a rule that only knew one spelling would fail every card written from another.
import type { CardSection } from '../../artifacts/types.ts';

export type RequiredSectionId = 'intended-use' | 'limitations' | 'training-data' | 'evaluation' | 'ethical-considerations';

export interface RequiredSection {
  id: RequiredSectionId;
  /** How a message names it. */
  label: string;
  /** Headings accepted (compared after `normalizeHeading`); also listed in messages, in this order. */
  headings: string[];
  /** Wider net for headings the list does not spell out (`Known limitations`, `Evaluation results`). */
  pattern: RegExp;
}

export const REQUIRED_SECTIONS: readonly RequiredSection[] = [
  {
    id: 'intended-use',
    label: 'intended use',
    headings: ['Intended Use', 'Uses', 'Direct Use', 'Intended uses & limitations', 'Use Cases'],
    pattern: /\bintended (use|uses|purpose)\b|\buse cases?\b/,
  },
  {
    id: 'limitations',
    label: 'limitations',
    headings: ['Limitations', 'Bias, Risks, and Limitations', 'Intended uses & limitations', 'Caveats and Recommendations', 'Out-of-Scope Use'],
    // "Recommendations" alone: the template's sub-section of its limitations, used as a section of its own.
    pattern: /\blimitations?\b|\bcaveats?\b|\bout of scope\b|^recommendations$/,
  },
  {
    id: 'training-data',
    label: 'training data',
    headings: ['Training Data', 'Training Details', 'Training and evaluation data', 'Training Procedure', 'Datasets'],
    // "Training", "Training (with the RL Zoo)", "Architecture & Training": how real cards title it.
    pattern: /\btraining (data|dataset|datasets|details|procedure|set)\b|^data(sets?)?$|^training\b|\btraining$/,
  },
  {
    id: 'evaluation',
    label: 'evaluation',
    headings: ['Evaluation', 'Testing Data, Factors & Metrics', 'Results', 'Evaluation Results', 'Quantitative Analyses', 'Performance'],
    pattern: /\bevaluations?\b|\beval\b|\bresults\b|\bquantitative analys[ie]s\b|\bperformance\b|\bbenchmarks?\b|\baccuracy\b|\bcomparisons?\b/,
  },
  {
    id: 'ethical-considerations',
    label: 'ethical considerations',
    headings: ['Ethical Considerations', 'Bias, Risks, and Limitations', 'Ethics', 'Fairness', 'Risks'],
    pattern: /\bethic(s|al)?\b|\bbias(es)?\b|\bfairness\b|\brisks?\b/,
  },
];

/** `**Bias, Risks, and Limitations** [optional]:` -> `bias risks and limitations`. */
export function normalizeHeading(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[[(]\s*optional\s*[\])]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A citation section ("Citation", "BibTeX entry and citation info", "Citing & Authors"): its braces are BibTeX. */
export function isCitationHeading(heading: string): boolean {
  return /\b(?:citations?|cite|citing|bibtex|references?)\b/.test(normalizeHeading(heading));
}

/** True when a heading counts as this required section. */
export function headingMatches(section: RequiredSection, heading: string): boolean {
  const normalized = normalizeHeading(heading);
  if (normalized === '') return false;
  return section.headings.some((h) => normalizeHeading(h) === normalized) || section.pattern.test(normalized);
}

/** The first card section that counts as `section`, if any. */
export function findSection(sections: readonly CardSection[], section: RequiredSection): CardSection | undefined {
  return sections.find((s) => headingMatches(section, s.heading));
}

/** The accepted headings as a message lists them: `"Intended Use", "Uses", ...`. */
export function acceptedHeadings(section: RequiredSection): string {
  return section.headings.map((h) => `"${h}"`).join(', ');
}
