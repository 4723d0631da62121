// Rule links come from one setting (links.ts resolveRuleDocsUrl): an explicit docs URL, else the
// App's own pages under its public URL, else the package's repository; else no link at all,
// never a link to a page that does not exist.
import { describe, expect, it } from 'vitest';
import { appRuleDocsUrl, DEFAULT_RULE_DOCS_URL, makeLinks, packageRuleDocsUrl, resolveRuleDocsUrl, ruleDocUrl } from '../../../src/core/report/links.ts';
import { renderComment } from '../../../src/core/report/render.ts';
import { runExample, viewOf } from './examples.ts';

describe('the rule docs setting', () => {
  it('prefers the explicit URL, then the App\'s public URL, then the package\'s docs', () => {
    expect(resolveRuleDocsUrl({ explicit: 'https://docs.acme.test/rules/{id}.html', publicUrl: 'https://modelgate.acme.test' })).toBe('https://docs.acme.test/rules/{id}.html');
    expect(resolveRuleDocsUrl({ publicUrl: 'https://modelgate.acme.test/' })).toBe('https://modelgate.acme.test/docs/rules/{id}');
    expect(resolveRuleDocsUrl({ explicit: '', publicUrl: 'javascript:alert(1)', fallback: 'https://git.example/x/blob/v1/docs/rules/' })).toBe('https://git.example/x/blob/v1/docs/rules/');
    expect(resolveRuleDocsUrl({})).toBe(DEFAULT_RULE_DOCS_URL);
  });

  it('defaults to nothing while package.json names no repository, and to its docs at this version once it does', () => {
    expect(DEFAULT_RULE_DOCS_URL).toBeUndefined();
    expect(packageRuleDocsUrl('git+https://github.com/acme/modelgate.git', '1.2.3')).toBe('https://github.com/acme/modelgate/blob/v1.2.3/docs/rules/');
    expect(packageRuleDocsUrl('not a url', '1.2.3')).toBeUndefined();
  });

  it('makes one page address per rule: {id} filled in, or <id>.md after a folder; never for an id that is not a rule id', () => {
    expect(ruleDocUrl(appRuleDocsUrl('https://m.example'), 'lineage-present')).toBe('https://m.example/docs/rules/lineage-present');
    expect(ruleDocUrl('https://git.example/x/blob/v1/docs/rules/', 'lineage-present')).toBe('https://git.example/x/blob/v1/docs/rules/lineage-present.md');
    expect(ruleDocUrl('https://m.example/{id}', '../etc')).toBeUndefined();
    expect(ruleDocUrl(undefined, 'lineage-present')).toBeUndefined();
  });

  it('names a rule without a link when there is nowhere to link', () => {
    expect(makeLinks(undefined).rule('lineage-present')).toBe('`lineage-present`');
    expect(makeLinks(undefined, appRuleDocsUrl('https://m.example')).rule('lineage-present')).toBe('[lineage-present](https://m.example/docs/rules/lineage-present)');
    const comment = renderComment(viewOf(runExample('models/fraud-planted'), { ruleDocsUrl: undefined }));
    expect(comment).toContain('`lineage-split-before-fit`');
    expect(comment).not.toMatch(/docs\/rules/);
  });
});
