// Issue 14: every rule names the framework controls it evidences, each cited by its source, or
// says why it evidences none.
import { describe, expect, it } from 'vitest';
import { CONTROLS, controlTag, FRAMEWORK_IDS, FRAMEWORKS } from '../../../src/core/rules/frameworks.ts';
import { rules } from '../../../src/core/rules/index.ts';

describe('rule controls', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))('%s maps to at least one control or says why not', (_id, rule) => {
    const controls = rule.meta.controls ?? [];
    const reason = rule.meta.controlsNone?.trim() ?? '';
    // Exactly one of the two: a rule with controls needs no excuse, and an excuse beside controls would contradict them.
    expect(controls.length > 0 !== reason.length > 0).toBe(true);
  });

  it.each(rules.map((r) => [r.meta.id, r] as const))('%s cites known frameworks, with a source, once each', (_id, rule) => {
    const controls = rule.meta.controls ?? [];
    for (const ref of controls) {
      expect(FRAMEWORK_IDS).toContain(ref.framework);
      expect(ref.control.trim()).not.toBe('');
      expect(ref.title.trim()).not.toBe('');
      expect(ref.source.trim()).not.toBe('');
      expect(ref.source.startsWith(FRAMEWORKS[ref.framework].document)).toBe(true);
      expect(['evidences', 'partly']).toContain(ref.extent);
    }
    const tags = controls.map(controlTag);
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('cites every catalog control by its framework identifier, never an invented number', () => {
    const shapes: Record<string, RegExp> = {
      // An article (paragraph, point) or an Annex IV point.
      'eu-ai-act': /^(Art\. \d+(\(\d+\))?(\([a-z]\))?(\([ivx]+\))?|Annex IV\(\d+\)(\([a-z]\))?)$/,
      // SR 11-7 numbers no controls: a section title and the sub-section.
      'sr-11-7': /^(IV|V|VI)\. [A-Z][\w ,]+ — [a-z][\w ,]+$/,
      'nist-ai-rmf': /^(GOVERN|MAP|MEASURE|MANAGE) \d\.\d{1,2}$/,
      'iso-42001': /^A\.\d+(\.\d+)+$/,
    };
    for (const control of Object.values(CONTROLS)) expect(control.control).toMatch(shapes[control.framework]!);
  });

  it('gives each control one wording: rules citing the same control cite the same text', () => {
    const seen = new Map<string, string>();
    for (const rule of rules)
      for (const ref of rule.meta.controls ?? []) {
        const text = `${ref.title} | ${ref.source}`;
        const key = controlTag(ref);
        expect(seen.get(key) ?? text).toBe(text);
        seen.set(key, text);
      }
  });

  it('cites only what a rule can show: a rule evidences a control partly unless it checks all of it', () => {
    // Today every rule checks that an artifact states something, not that what it states is
    // adequate, so no reference claims the whole control. Claiming one is a deliberate change here.
    const full = rules.flatMap((r) => (r.meta.controls ?? []).filter((c) => c.extent === 'evidences').map((c) => `${r.meta.id} ${controlTag(c)}`));
    expect(full).toEqual([]);
  });
});
