// A card generated from a template and never filled in reads as documentation but says nothing:
// "[More Information Needed]" under "Limitations" is worse than no section, because a reviewer
// skimming headings believes limitations were considered.
import { z } from 'zod';
import { isRecord, lineOf } from '../artifacts/source.ts';
import { defineRule, type RuleReport } from './define.ts';
import { sectionTexts } from './support/card-text.ts';
import { findPlaceholder, isBlankMarkdown, markdownPlaceholders } from './support/placeholders.ts';

/** Every string in the metadata with its dotted path. */
function strings(value: unknown, path: string[] = []): { path: string[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

export default defineRule({
  meta: {
    id: 'model-card-no-placeholders',
    title: 'Model card has no template placeholders or empty sections',
    antipattern: 'governance',
    area: 'card',
    rationale:
      'Template text ("[More Information Needed]", "TODO", "{{ field }}", "{license}") and empty sections look like documentation ' +
      'without being any: reviewers skim headings and assume the question was answered. Code blocks and HTML comments are not searched; ' +
      'a heading whose text is all in its sub-sections is not empty. In a Model Card Toolkit card the JSON strings are searched (its sections are synthesized from them).',
    howToFix: 'Replace each placeholder with the real information, or delete the line or section when it does not apply to this model.',
    defaultSeverity: 'error',
    appliesTo: 'card',
    options: z.object({}),
    messages: {
      placeholder: 'Placeholder "{{placeholder}}" left in section "{{section}}": replace it with the real information, or delete the line if it does not apply.',
      placeholderInHeading: 'Heading "{{section}}" still carries the template marker "{{placeholder}}": fill the section in and drop the marker, or delete the section.',
      placeholderInMetadata: '`{{key}}` contains the placeholder "{{placeholder}}": set the real value, or remove the key.',
      emptySection: 'Section "{{section}}" is empty: write what it should say, or remove the heading if it does not apply.',
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
    for (const { path, text } of strings(card.metadata)) {
      const placeholder = findPlaceholder(text);
      if (placeholder === undefined) continue;
      reports.push({ messageId: 'placeholderInMetadata', data: { key: path.join('.'), placeholder }, file, line: lineOf(card.locations, path) });
    }
    // Model Card Toolkit sections are synthesized from the JSON just searched, not written Markdown.
    if (card.format !== 'hf-model-card') return reports;
    for (const { section, lines, hasSubsections } of sectionTexts(card.sections)) {
      const heading = findPlaceholder(section.heading);
      if (heading !== undefined) {
        reports.push({ messageId: 'placeholderInHeading', data: { section: section.heading, placeholder: heading }, file, line: section.line });
      }
      for (const { item, placeholder } of markdownPlaceholders(lines)) {
        reports.push({ messageId: 'placeholder', data: { section: section.heading, placeholder }, file, line: item.line });
      }
      // A section whose sub-sections carry its text is not empty; empty sub-sections are reported themselves.
      if (!hasSubsections && section.heading !== '' && isBlankMarkdown(section.body)) {
        reports.push({ messageId: 'emptySection', data: { section: section.heading }, file, line: section.line });
      }
    }
    return reports;
  },
});
