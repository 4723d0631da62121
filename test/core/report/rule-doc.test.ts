// `modelgate explain` renders a rule's doc at run time from src/core/report/rule-doc.ts; the
// committed docs/rules/*.md come from scripts/generate-rule-docs.ts. They must say the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderIndex, renderRuleDoc } from '../../../src/core/report/rule-doc.ts';
import { rules } from '../../../src/core/rules/index.ts';

const docs = join(import.meta.dirname, '../../../docs/rules');

describe('rule docs rendered at run time equal docs/rules', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    expect(renderRuleDoc(rule)).toBe(readFileSync(join(docs, `${id}.md`), 'utf8'));
  });

  it('README.md (the index)', () => {
    expect(renderIndex(rules)).toBe(readFileSync(join(docs, 'README.md'), 'utf8'));
  });
});
