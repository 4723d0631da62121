// The App serves the rule docs itself (/docs/rules/<id>, rendered from the generated Markdown),
// and its reports link there when it knows its public URL: every rule link of a real comment
// and check run leads to a page that exists and names the rule.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { appRuleDocsUrl } from '../../../src/core/report/links.ts';
import { renderCheckSummary, renderComment } from '../../../src/core/report/render.ts';
import { rules } from '../../../src/core/rules/index.ts';
import { configFromEnv } from '../../../src/adapters/probot/server.ts';
import { runExample, viewOf } from '../../core/report/examples.ts';
import { useFakeNetwork } from '../github/fake-github.ts';
import { APP_ID } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, pullRequestEvent } from './harness.ts';
import { TEST_SECRET, deliver, useTestServer } from './test-server.ts';
import { checkRun, plantedPr, writtenComment } from './scenarios.ts';

const SECRET = TEST_SECRET;
/** Where the App is reachable from outside (a proxy in front of it): reports link there. */
const PUBLIC_URL = 'https://modelgate.acme.test';

useFakeNetwork('127.0.0.1');
const { start, processed } = useTestServer();

/** Every link to a rule page under `base` in a Markdown body, as [id, url]. */
function ruleLinks(body: string, base: string): Array<[string, string]> {
  const escaped = base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [...body.matchAll(new RegExp(`\\[([a-z0-9-]+)\\]\\((${escaped}/docs/rules/[^)\\s]+)\\)`, 'g'))].map((m) => [m[1]!, m[2]!]);
}

async function expectPagesExist(links: Array<[string, string]>, url: string, base: string) {
  for (const [id, link] of new Map(links.map(([i, l]) => [l, [i, l] as const])).values()) {
    expect(link).toBe(`${base}/docs/rules/${id}`);
    const page = await fetch(`${url}${link.slice(base.length)}`);
    expect([link, page.status, page.headers.get('content-type')]).toEqual([link, 200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain(`<h1>${id}</h1>`);
  }
}

/** A raw GET, so the path reaches the server as written (fetch would normalize `..`). */
function rawGet(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the rule docs the App serves', () => {
  it('every rule link of the planted example\'s comment and check summary is a page of the server naming the rule', async () => {
    const url = await start();
    const view = viewOf(runExample('models/fraud-planted'), { ruleDocsUrl: appRuleDocsUrl(url) });
    const links = [...ruleLinks(renderComment(view), url), ...ruleLinks(renderCheckSummary(view), url)];
    expect(new Set(links.map(([id]) => id)).size).toBeGreaterThanOrEqual(5);
    await expectPagesExist(links, url, url);
  });

  it('links the comment and check run of a real delivery to the pages under MODELGATE_PUBLIC_URL', async () => {
    const { ruleDocsUrl } = configFromEnv({ WEBHOOK_SECRET: SECRET, APP_ID: String(APP_ID), PRIVATE_KEY, MODELGATE_PUBLIC_URL: `${PUBLIC_URL}/` });
    expect(ruleDocsUrl).toBe(`${PUBLIC_URL}/docs/rules/{id}`);
    const gh = plantedPr().serve();
    const url = await start({ ruleDocsUrl: ruleDocsUrl! });
    const response = await deliver(url, pullRequestEvent('opened', gh));
    expect([response.status, await response.json()]).toEqual([202, { status: 'accepted' }]);
    await processed();
    const comment = writtenComment(gh);
    const summary = checkRun(gh, 'modelgate / rules').output.summary as string;
    const links = [...ruleLinks(comment, PUBLIC_URL), ...ruleLinks(summary, PUBLIC_URL)];
    expect(links.length).toBeGreaterThan(0);
    expect(`${comment}\n${summary}`).not.toContain('github.com/modelgate');
    await expectPagesExist(links, url, PUBLIC_URL);
  });

  it('serves an index linking every rule, answers 404 for anything else, and reads no file', async () => {
    const url = await start();
    const index = await fetch(`${url}/docs/rules/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    for (const rule of rules) expect(html).toContain(`<a href="./${rule.meta.id}">${rule.meta.id}</a>`);
    const folder = await fetch(`${url}/docs/rules`, { redirect: 'manual' });
    expect([folder.status, folder.headers.get('location')]).toEqual([308, 'rules/']);
    const page = await (await fetch(`${url}/docs/rules/lineage-present`)).text();
    expect(page).toContain('<a href="./">All rules</a>');
    expect((await fetch(`${url}/docs/rules/lineage-present.md`)).status).toBe(200);
    for (const path of ['/docs/rules/no-such-rule', '/docs/rules/Lineage-Present', '/docs/rules/lineage-present/x', '/docs/rules/__proto__', '/docs/rules/constructor']) {
      expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 404]);
    }
    for (const path of ['/docs/rules/../../package.json', '/docs/rules/..%2f..%2fpackage.json', '/docs/rules/%2e%2e/%2e%2e/package.json', '/docs/rules/README.md/../../../package.json']) {
      expect([path, await rawGet(url, path)]).toEqual([path, 404]);
    }
    expect((await fetch(`${url}/docs/rules/lineage-present`, { method: 'POST' })).status).toBe(404);
  });

  it('escapes what a rule\'s text could carry: no HTML but the page\'s own', async () => {
    const url = await start();
    for (const rule of rules) {
      const html = await (await fetch(`${url}/docs/rules/${rule.meta.id}`)).text();
      const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
      for (const tag of tags) expect(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'br', 'hr', 'blockquote']).toContain(tag);
      expect(html).not.toMatch(/<script|href="javascript:|<[^>]*\son[a-z]+=/i);
    }
  });
});

describe('configFromEnv: where rule links point', () => {
  const env = { WEBHOOK_SECRET: SECRET, APP_ID: String(APP_ID), PRIVATE_KEY };
  it('MODELGATE_DOCS_URL wins over the App\'s own pages; neither set: no setting (no links); not http(s): refused', () => {
    expect(configFromEnv({ ...env, MODELGATE_PUBLIC_URL: PUBLIC_URL, MODELGATE_DOCS_URL: 'https://docs.acme.test/{id}' }).ruleDocsUrl).toBe('https://docs.acme.test/{id}');
    expect(configFromEnv(env).ruleDocsUrl).toBeUndefined();
    expect(() => configFromEnv({ ...env, MODELGATE_PUBLIC_URL: 'modelgate.acme.test' })).toThrow('MODELGATE_PUBLIC_URL must be an http(s) URL');
    expect(() => configFromEnv({ ...env, MODELGATE_DOCS_URL: 'javascript:alert(1)' })).toThrow('MODELGATE_DOCS_URL must be an http(s) URL');
  });
});
