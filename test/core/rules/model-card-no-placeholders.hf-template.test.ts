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

  it('reports every line that still holds a template field, at that line', () => {
    for (const f of findings.filter((f) => f.message.startsWith('Placeholder'))) {
      expect(lines[f.line - 1], f.message).toMatch(/\{\{|\[optional\]|More information needed/i);
    }
    const templated = lines.flatMap((l, i) => (/\{\{/.test(l) && i > 5 && !l.startsWith('#') ? [i + 1] : []));
    const reported = new Set(findings.map((f) => f.line));
    expect(templated.filter((line) => !reported.has(line))).toEqual([]);
  });

  it('reports the headings with a Jinja field or [optional], and nothing in HTML comments', () => {
    const headings = findings.filter((f) => f.message.startsWith('Heading')).map((f) => f.line);
    expect(headings).toEqual(lines.flatMap((l, i) => (l.startsWith('#') && /\{\{|\[optional\]/.test(l) ? [i + 1] : [])));
    expect(headings[0]).toBe(7);
    expect(findings.some((f) => lines[f.line - 1]!.trimStart().startsWith('<!--'))).toBe(false);
  });
});
