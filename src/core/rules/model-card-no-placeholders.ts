// A card generated from a template and never filled in reads as documentation but says nothing:
// "[More Information Needed]" under "Limitations" is worse than no section, because a reviewer
// skimming headings believes limitations were considered.
import { z } from 'zod';
import { isRecord, lineOf } from '../artifacts/source.ts';
import { defineRule, type FindingLocation, type RuleReport } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { isCitationHeading } from './support/card-sections.ts';
import { sectionTexts } from './support/card-text.ts';
import { findPlaceholder, isBlankMarkdown, markdownPlaceholders } from './support/placeholders.ts';
import { plural } from './support/wording.ts';

/** What is at one reported place, as a location note and as the message shows the first. */
function noteOf(report: RuleReport): string {
  const d = report.data ?? {};
  if (report.messageId === 'placeholderInMetadata') return `"${d.placeholder}" in \`${d.key}\``;
  if (report.messageId === 'placeholderInHeading') return `heading "${d.section}" carries "${d.placeholder}"`;
  if (report.messageId === 'emptySection') return `section "${d.section}" is empty`;
  return `"${d.placeholder}" in section "${d.section}"`;
}

/**
 * A card left from a template is one defect, however many fields it left (issue 11: the Hugging
 * Face template drew 48 findings): one finding counts them and names the first, and `locations`
 * holds every place with what is there. A single leftover keeps its own, more specific message.
 */
function oneFindingPerCard(reports: RuleReport[], metadataName = 'the front matter'): RuleReport[] {
  if (reports.length <= 1) return reports;
  const sorted = [...reports].sort((a, b) => a.line - b.line);
  const first = sorted[0]!;
  const empty = sorted.filter((r) => r.messageId === 'emptySection').length;
  const placeholders = sorted.length - empty;
  const sections = new Set(sorted.filter((r) => r.messageId === 'placeholder' || r.messageId === 'placeholderInHeading').map((r) => String(r.data?.section)));
  const places = [...(sorted.some((r) => r.messageId === 'placeholderInMetadata') ? [metadataName] : []), ...(sections.size > 0 ? [plural(sections.size, 'section')] : [])];
  const parts = [...(placeholders > 0 ? [`${plural(placeholders, 'placeholder')} in ${places.join(' and ')}`] : []), ...(empty > 0 ? [plural(empty, 'empty section')] : [])];
  const locations: FindingLocation[] = sorted.map((r) => ({ file: r.file, line: r.line, note: noteOf(r) }));
  return [{ messageId: 'several', data: { what: parts.join(' and '), line: first.line, first: noteOf(first) }, file: first.file, line: first.line, locations }];
}

/**
 * The placeholders in the metadata's strings, in document order, each with its dotted path. One
 * path is kept up to date on the way down and copied only for a hit: a copy per string was most
 * of this rule's time on a large front matter.
 */
function metadataPlaceholders(value: unknown, path: string[] = [], found: { path: string[]; placeholder: string }[] = []): { path: string[]; placeholder: string }[] {
  if (typeof value === 'string') {
    const placeholder = findPlaceholder(value);
    if (placeholder !== undefined) found.push({ path: [...path], placeholder });
  } else if (Array.isArray(value) || isRecord(value)) {
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, v] of entries) {
      path.push(key);
      metadataPlaceholders(v, path, found);
      path.pop();
    }
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'model-card-no-placeholders',
    title: 'Model card has no template placeholders or empty sections',
    antipattern: 'governance',
    area: 'card',
    risk: 'documentation',
    rationale:
      'Template text ("[More Information Needed]", "TODO", "{{ field }}", "{license}") and empty sections look like documentation ' +
      'without being any: reviewers skim headings and assume the question was answered. Code blocks and HTML comments are not searched; ' +
      'a heading whose text is all in its sub-sections is not empty, and the title (the first `#` heading) may stand alone. ' +
      'Not template text either: BibTeX braces (`month = {June}`) in citations, a filled line under a template label ' +
      '(`Shared by [Optional]: Acme`), table-of-contents links. In a Model Card Toolkit card the JSON strings are searched (its sections are synthesized from them). ' +
      'Several leftovers in one card are one finding: it counts them, names the first and lists every place (in SARIF and JSON).',
    howToFix: 'Replace each placeholder with the real information, or delete the line or section when it does not apply to this model.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euArt11_1), partly(C.srDocumentation)],
    options: z.object({}),
    messages: {
      placeholder: 'Placeholder "{{placeholder}}" left in section "{{section}}": replace it with the real information, or delete the line if it does not apply.',
      placeholderInHeading: 'Heading "{{section}}" still carries the template marker "{{placeholder}}": fill the section in and drop the marker, or delete the section.',
      placeholderInMetadata: '`{{key}}` contains the placeholder "{{placeholder}}": set the real value, or remove the key.',
      emptySection: 'Section "{{section}}" is empty: write what it should say, or remove the heading if it does not apply.',
      several: '{{what}}, first at line {{line}}: {{first}}. Replace each with the real information, or delete what does not apply.',
    },
    examples: {
      valid: ['## Limitations\n\nScores for customers with under three months of history are less reliable.'],
      invalid: ['## Limitations\n\n[More Information Needed]', '## Training data\n\nTODO: describe the training window\n\n## Evaluation\n'],
    },
  },
  check(ctx) {
    const head = ctx.model?.head;
    if (!head) return [];
    const { card, cardPath: file } = head;
    const reports: RuleReport[] = [];
    for (const { path, placeholder } of metadataPlaceholders(card.metadata)) {
      reports.push({ messageId: 'placeholderInMetadata', data: { key: path.join('.'), placeholder }, file, line: lineOf(card.locations, path) });
    }
    // Model Card Toolkit sections are synthesized from the JSON just searched, not written Markdown.
    if (card.format !== 'hf-model-card') return oneFindingPerCard(reports, 'the JSON card');
    for (const { section, lines, hasSubsections, isTitle } of sectionTexts(card.sections)) {
      const heading = findPlaceholder(section.heading);
      if (heading !== undefined) {
        reports.push({ messageId: 'placeholderInHeading', data: { section: section.heading, placeholder: heading }, file, line: section.line });
      }
      for (const { item, placeholder } of markdownPlaceholders(lines, { citation: isCitationHeading(section.heading) })) {
        reports.push({ messageId: 'placeholder', data: { section: section.heading, placeholder }, file, line: item.line });
      }
      // A section whose sub-sections carry its text is not empty; empty sub-sections are reported themselves.
      // The title names the card: text under it is welcome, not required.
      if (!hasSubsections && !isTitle && section.heading !== '' && isBlankMarkdown(section.body)) {
        reports.push({ messageId: 'emptySection', data: { section: section.heading }, file, line: section.line });
      }
    }
    return oneFindingPerCard(reports);
  },
});
