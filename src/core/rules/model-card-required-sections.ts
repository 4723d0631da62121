// The five questions every model card must answer (Mitchell et al., "Model Cards for Model
// Reporting"; the Hugging Face template): what is it for, where does it fail, what was it
// trained on, how was it evaluated, what are the ethical risks.
import { z } from 'zod';
import { defineRule, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { acceptedHeadings, findSection, REQUIRED_SECTIONS, type RequiredSection, type RequiredSectionId } from './support/card-sections.ts';
import { claimedMetrics } from './support/metrics.ts';
import { listOf } from './support/wording.ts';

/** The same, as the one finding for several missing sections words it. */
const SUMMARY_ALTERNATIVES: Partial<Record<RequiredSectionId, string>> = {
  'intended-use': '`governance.intended_use` answers intended use',
  'training-data': '`datasets:` in the front matter answers training data',
  evaluation: 'metrics in `governance.evaluation` or `model-index` answer evaluation',
};

/** Structured metadata that answers the same question as a section. */
const ALTERNATIVES: Partial<Record<RequiredSectionId, string>> = {
  'intended-use': '`governance.intended_use`',
  'training-data': '`datasets:` in the front matter',
  evaluation: '`governance.evaluation.metrics` (or `model-index` results)',
};

/**
 * A labelled line that names the training data where a section would (timm's
 * "- **Pretrain Dataset:** ImageNet-21k", Helsinki-NLP's "* dataset: opus"): answered, not missing.
 * A label whose value is still the template's "[More Information Needed]" names nothing.
 */
const DATASET_LABEL = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:pre-?train(?:ing)?[ \t]+|fine-?tun(?:e|ing)[ \t]+|training[ \t]+)?(?:data(?:sets?)?|corpus)(?:\*\*|__)?[ \t]*:(.*)$/gim;

function namesTrainingData(body: string): boolean {
  for (const match of body.matchAll(DATASET_LABEL)) {
    const value = (match[1] ?? '').replace(/[*_\s]/g, '');
    if (value !== '' && !/^\[?moreinformation/i.test(value)) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'model-card-required-sections',
    title: 'Model card has the required sections',
    antipattern: 'governance',
    area: 'card',
    risk: 'documentation',
    rationale:
      'A card that does not say what the model is for, where it fails, what it learned from, how it was evaluated and what ' +
      'its ethical risks are leaves reviewers and users to guess. Headings of the Hugging Face template, Mitchell et al. and ' +
      'the Model Card Toolkit are accepted; `governance.intended_use` counts as intended use, `datasets:` in the front matter ' +
      'or a labelled line ("**Dataset:** ImageNet-1k") as training data, and metrics in ' +
      '`governance.evaluation` or `model-index` count as evaluation. Several missing sections are one finding (a card not written ' +
      'from a template), naming each with the template\'s heading; a card whose front matter cannot be read is not asked for what ' +
      'that front matter may answer.',
    howToFix: 'Add each missing section under one of the accepted headings, with real content (see the Hugging Face model card template).',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt13_3bi), partly(C.euArt13_3biii), partly(C.euAnnexIV_1a), partly(C.srDocumentation), partly(C.map1_1), partly(C.map2_2)],
    options: z.object({}),
    messages: {
      missingSection: 'No {{section}} section: add one under a heading such as {{headings}}.',
      missingSectionOr: 'No {{section}} section: add one under a heading such as {{headings}}, or set {{alternative}}.',
      missingSections: 'No {{sections}} section ({{count}} of the 5 a card needs): add them under headings such as {{headings}}{{alternatives}}.',
    },
    examples: {
      valid: ['## Uses\n...\n## Bias, Risks, and Limitations\n...\n## Training Details\n...\n## Evaluation\n...\n## Ethical considerations\n...'],
      invalid: ['## Training data\n...\n## Evaluation\n...   # no intended use, limitations or ethical considerations'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card, cardPath: file } = head;
    const answered: Partial<Record<RequiredSectionId, boolean>> = {
      'intended-use': (card.governance?.intendedUse ?? '').trim() !== '',
      'training-data': card.datasets.length > 0 || card.sections.some((section) => namesTrainingData(section.body)),
      evaluation: claimedMetrics(card).length > 0,
    };
    const reports: RuleReport[] = [];
    const missing: RequiredSection[] = [];
    for (const section of REQUIRED_SECTIONS) {
      if (answered[section.id] || findSection(card.sections, section)) continue;
      // Front matter that could not be read may hold the answer (artifact-parseable reports it).
      if (card.metadataUnreadable && ALTERNATIVES[section.id]) continue;
      missing.push(section);
      const alternative = ALTERNATIVES[section.id];
      const data = { section: section.label, headings: acceptedHeadings(section), ...(alternative ? { alternative } : {}) };
      reports.push({ messageId: alternative ? 'missingSectionOr' : 'missingSection', data, file, line: card.bodyLine });
    }
    // Several sections missing, all at the body line, are one defect (issue 11): a card not written
    // from a template. One finding names them all; a single one keeps its full list of headings.
    if (missing.length > 1) {
      const alternatives = missing.flatMap((s) => (SUMMARY_ALTERNATIVES[s.id] ? [SUMMARY_ALTERNATIVES[s.id]!] : []));
      const data = {
        sections: listOf(missing.map((s) => s.label), 10, 'or'),
        count: missing.length,
        headings: listOf(missing.map((s) => `"${s.headings[0]}"`)),
        alternatives: alternatives.length > 0 ? `; ${listOf(alternatives)} too` : '',
      };
      return [{ messageId: 'missingSections', data, file, line: card.bodyLine }];
    }
    return reports;
  },
});
