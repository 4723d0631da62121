// model-card-no-placeholders on the real Hugging Face template, line by line. Kept apart from the
// rule's case table: scripts/check-rules.ts imports that file to count its cases, outside vitest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRule } from '../../helpers/rule-tester.ts';
import { DIR } from './model-case.ts';

describe('model-card-no-placeholders on the real Hugging Face template', () => {
  const template = readFileSync('test/fixtures/real-world/model-cards/hf-modelcard_template.md', 'utf8');
  const lines = template.split('\n');
  const findings = runRule('model-card-no-placeholders', { name: 'template', files: { [`${DIR}/README.md`]: template }, policy: 'models:\n  paths: ["models/**"]\n' });

  // One finding for the whole card (issue 11: it used to be 48), with every place in `locations`.
  const places = findings.flatMap((f) => f.locations ?? [{ file: f.file, line: f.line }]);

  it('is one finding that counts the placeholders and lists every place, the first at the finding itself', () => {
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.message).toMatch(new RegExp(`^${places.length} placeholders in \\d+ sections(?: and \\d+ empty sections?)?, first at line ${finding!.line}: `));
    expect(places.length).toBeGreaterThan(40);
    expect(places[0]).toMatchObject({ file: finding!.file, line: finding!.line });
    expect(places.map((p) => p.line)).toEqual([...places.map((p) => p.line)].sort((a, b) => a - b));
  });

  it('lists every line that still holds a template field, at that line', () => {
    for (const p of places.filter((p) => p.note?.startsWith('"'))) {
      expect(lines[p.line - 1], p.note).toMatch(/\{\{|\[optional\]|More information needed/i);
    }
    const templated = lines.flatMap((l, i) => (/\{\{/.test(l) && i > 5 && !l.startsWith('#') ? [i + 1] : []));
    const reported = new Set(places.map((p) => p.line));
    expect(templated.filter((line) => !reported.has(line))).toEqual([]);
  });

  it('lists the headings with a Jinja field or [optional], and nothing in HTML comments', () => {
    const headings = places.filter((p) => p.note?.startsWith('heading ')).map((p) => p.line);
    expect(headings).toEqual(lines.flatMap((l, i) => (l.startsWith('#') && /\{\{|\[optional\]/.test(l) ? [i + 1] : [])));
    expect(headings[0]).toBe(7);
    expect(places.some((p) => lines[p.line - 1]!.trimStart().startsWith('<!--'))).toBe(false);
  });
});
