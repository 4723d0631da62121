// The "Model inventory" issue (issue 14, item 2): the App rebuilds it on every push to the
// default branch of a repository, from the branch as pushed; created on the first push that has a
// model, then updated in place (never a second one, on later pushes or redeliveries); overdue
// retirement reviews listed on top; nobody pinged. With `inventory: {org: true}` in the owner's
// `.github` policy, an organisation-wide issue there aggregates every repository's.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { modelgateApp } from '../../../src/adapters/probot/app.ts';
import { startServer, stopServer, type AppServer } from '../../../src/adapters/probot/server.ts';
import { inventoryDataOf } from '../../../src/core/inventory/issue.ts';
import { useFakeNetwork } from '../github/fake-github.ts';
import { APP_ID, INSTALLATION_ID, edit, exampleFiles, replaceOnce, without } from '../github/repo-fixture.ts';
import { PRIVATE_KEY, TestOctokit } from './harness.ts';
import { InventoryHub } from './inventory-hub.ts';
import { deliver, testServerConfig } from './test-server.ts';

const require = createRequire(import.meta.url);
const pushExample = (require('@octokit/webhooks-examples') as { name: string; examples: any[] }[]).find((e) => e.name === 'push')!.examples[0];

useFakeNetwork('127.0.0.1');

const FRAUD_CARD = 'models/fraud-planted/MODEL_CARD.md';
const ORG_POLICY = 'inventory: {org: true}\n';

/** The push GitHub sends for the hub's newest commit of `full` (on `ref`, default the default branch). */
function pushEvent(hub: InventoryHub, full: string, options: { ref?: string; id?: string } = {}) {
  const repo = hub.repo(full);
  const payload = structuredClone(pushExample);
  payload.ref = options.ref ?? 'refs/heads/main';
  payload.before = repo.commits.at(-2)?.sha ?? '0'.repeat(40);
  payload.after = repo.commits.at(-1)!.sha;
  payload.deleted = false;
  Object.assign(payload.repository, { name: repo.name, full_name: `${repo.owner}/${repo.name}`, private: repo.private, default_branch: 'main', master_branch: 'main' });
  Object.assign(payload.repository.owner, { login: repo.owner, name: repo.owner });
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return { id: options.id ?? `push-${payload.after.slice(0, 8)}`, name: 'push' as const, payload };
}

async function app(today = '2026-12-06'): Promise<Probot> {
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, logLevel: 'fatal' });
  await probot.load(modelgateApp({ appId: APP_ID, stateSecret: 'secret', today: () => today }));
  return probot;
}

/** The repository's files without its models (a repository before its first model). */
const noModels = () => without(exampleFiles(), 'models/');

const issuesOf = (hub: InventoryHub, full: string) => hub.repo(full).issues;

/** The table rows of an inventory issue body (`| ...` lines after the header and its rule). */
const tableRows = (body: string) => body.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Model') && !l.startsWith('| Repository') && !l.startsWith('| ---'));

describe('the repository inventory issue', () => {
  it('is created on the first push to the default branch that has a model, not before', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', noModels());
    hub.serve();
    const probot = await app();

    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(issuesOf(hub, 'acme/models')).toEqual([]);
    expect(hub.writes()).toEqual([]);

    hub.push('acme/models', exampleFiles());
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
    const [issue] = issuesOf(hub, 'acme/models');
    expect(issue).toMatchObject({ number: 1, title: 'Model inventory', labels: ['model-inventory'], state: 'open', author: { login: 'modelgate[bot]', bot: true, appId: APP_ID } });
    const head = hub.head('acme/models');
    // The commit that brought the models in (the hub dates its n-th commit 2026-11-1n).
    const firstModels = hub.repo('acme/models').commits[1]!.sha.slice(0, 7);
    const lines = issue!.body.split('\n');
    expect(lines.slice(0, 3)).toEqual(['<!-- modelgate:inventory -->', '## Model inventory', '']);
    expect(tableRows(issue!.body)).toEqual([
      `| card\\-fraud\\-detector<br>\`models/fraud-planted\` | 1\\.3\\.0 | high | acme\\/fraud\\-ml | Score card\\-not\\-present transactions for fraud so that high\\-risk payments are held for manual review\\. | 9 errors | 2026\\-12\\-31 | \`${firstModels}\` 2026\\-11\\-11 alice |`,
      `| churn\\-classifier<br>\`models/churn-clean\` | 2\\.4\\.0 | medium | acme\\/risk\\-ml | Rank retail customers by the risk of closing their account within 90 days\\, so the retention team can prioritise outreac… | none | 2027\\-06\\-01 | \`${firstModels}\` 2026\\-11\\-11 alice |`,
      `| distilbert\\-imdb\\-sentiment<br>\`models/sentiment-hf\` | — | unknown | — | — | 3 errors | — | \`${firstModels}\` 2026\\-11\\-11 alice |`,
    ]);
    expect(lines).toContain('3 models (1 high, 1 medium, 1 unknown); no retirement review overdue on 2026-12-06');
    expect(lines).toContain(`<sub>Kept by modelgate from \`main\` at \`${head.slice(0, 7)}\` on 2026-12-06, on every push to that branch. Edits to this issue are overwritten.</sub>`);
    // No overdue review: no warning above the table.
    expect(issue!.body).not.toContain('[!WARNING]');
    expect(inventoryDataOf(issue!.body)).toMatchObject({ commit: head, today: '2026-12-06', omitted: 0, models: [{ name: 'card-fraud-detector', tier: 'high', owners: ['@acme/fraud-ml'], reviewBy: '2026-12-31' }, { name: 'churn-classifier' }, { name: 'distilbert-imdb-sentiment' }] });
    expect(hub.unexpected).toEqual([]);
  });

  it('is updated in place on a later push, and left alone when nothing it shows changed', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', exampleFiles());
    hub.serve();
    const probot = await app();
    await probot.receive(pushEvent(hub, 'acme/models') as any);

    hub.push('acme/models', edit(exampleFiles(), FRAUD_CARD, (t) => replaceOnce(t, 'version: 1.3.0', 'version: 1.4.0')));
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(issuesOf(hub, 'acme/models')).toHaveLength(1);
    expect(tableRows(issuesOf(hub, 'acme/models')[0]!.body)[0]).toMatch(/^\| card\\-fraud\\-detector<br>`models\/fraud-planted` \| 1\\\.4\\\.0 \| high \|/);

    // A push that changes no model: the body names the new commit, so it is written again, once.
    const before = hub.writes().length;
    hub.push('acme/models', { ...edit(exampleFiles(), FRAUD_CARD, (t) => replaceOnce(t, 'version: 1.3.0', 'version: 1.4.0')), 'docs/notes.md': 'notes\n' });
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes().slice(before)).toEqual(['PATCH /repos/acme/models/issues/1']);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues', 'PATCH /repos/acme/models/issues/1', 'PATCH /repos/acme/models/issues/1']);
    expect(issuesOf(hub, 'acme/models')).toHaveLength(1);
  });

  it('two pushes reviewed side by side: one issue, holding the newer push, whichever finishes first', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', noModels());
    hub.push('acme/models', exampleFiles());
    const older = pushEvent(hub, 'acme/models');
    hub.push('acme/models', edit(exampleFiles(), FRAUD_CARD, (t) => replaceOnce(t, 'version: 1.3.0', 'version: 2.0.0')));
    const newer = pushEvent(hub, 'acme/models');
    hub.serve();
    const probot = await app();
    await Promise.all([probot.receive(newer as any), probot.receive(older as any)]);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
    const [issue] = issuesOf(hub, 'acme/models');
    expect(inventoryDataOf(issue!.body)?.commit).toBe(hub.head('acme/models'));
    expect(tableRows(issue!.body)[0]).toContain('| 2\\.0\\.0 | high |');
  });

  it('ignores pushes to other branches', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', exampleFiles());
    hub.serve();
    await (await app()).receive(pushEvent(hub, 'acme/models', { ref: 'refs/heads/feature' }) as any);
    expect(hub.requests).toEqual([]);
  });

  it('lists overdue retirement reviews above the table', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', exampleFiles());
    hub.serve();
    await (await app('2027-01-15')).receive(pushEvent(hub, 'acme/models') as any);
    const lines = issuesOf(hub, 'acme/models')[0]!.body.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '<!-- modelgate:inventory -->',
      '## Model inventory',
      '',
      '> [!WARNING]',
      '> **1 retirement review overdue** on 2027-01-15:',
      '',
      '- **card\\-fraud\\-detector** `models/fraud-planted` (high): review by 2026\\-12\\-31, owners acme\\/fraud\\-ml',
    ]);
    expect(lines.indexOf('- **card\\-fraud\\-detector** `models/fraud-planted` (high): review by 2026\\-12\\-31, owners acme\\/fraud\\-ml')).toBeLessThan(lines.findIndex((l) => l.startsWith('| Model')));
    expect(tableRows(lines.join('\n'))[0]).toContain('| 2026\\-12\\-31 **overdue** |');
  });

  it('pings nobody: owners without @, any @name in card text broken', async () => {
    const hub = new InventoryHub();
    hub.addRepo(
      'acme/models',
      edit(exampleFiles(), FRAUD_CARD, (t) =>
        replaceOnce(t, 'owners: ["@acme/fraud-ml"]', 'owners: ["@acme/fraud-ml", "@mona"]').replace(/intended_use: .*/, 'intended_use: "Ask @octocat or @acme/everyone, see #1"'),
      ),
    );
    hub.serve();
    await (await app()).receive(pushEvent(hub, 'acme/models') as any);
    const body = issuesOf(hub, 'acme/models')[0]!.body;
    expect(body).toContain('| acme\\/fraud\\-ml, mona |');
    expect(body).toContain('| Ask @\u200doctocat or @\u200dacme\\/everyone\\, see \\#\u200d1 |');
    // GitHub links `@name` and `@org/team` only with nothing between `@` and the name.
    expect(body.match(/@[A-Za-z0-9]/g)).toBeNull();
  });

  it('never takes a person\'s copy for its own, and finds its own when the label was removed', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', exampleFiles());
    // Someone pastes an inventory with the marker and the label: not modelgate's.
    hub.addIssue('acme/models', { title: 'Model inventory', body: '<!-- modelgate:inventory -->\nall fine', labels: ['model-inventory'], state: 'open', author: { login: 'mallory', bot: false }, editor: null });
    hub.serve();
    const probot = await app();
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
    expect(issuesOf(hub, 'acme/models').map((i) => [i.number, i.author.login, i.body.slice(0, 40)])).toEqual([
      [1, 'mallory', '<!-- modelgate:inventory -->\nall fine'],
      [2, 'modelgate[bot]', '<!-- modelgate:inventory -->\n## Model in'],
    ]);

    // Someone removes modelgate's label: found by its author all the same, not opened again.
    issuesOf(hub, 'acme/models')[1]!.labels = [];
    hub.push('acme/models', edit(exampleFiles(), FRAUD_CARD, (t) => replaceOnce(t, 'version: 1.3.0', 'version: 1.3.1')));
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues', 'PATCH /repos/acme/models/issues/2']);
    expect(issuesOf(hub, 'acme/models')[0]!.body).toBe('<!-- modelgate:inventory -->\nall fine');
  });

  it('finds its issue by label alone when GitHub refuses the bot as `creator`', async () => {
    const hub = new InventoryHub();
    hub.addRepo('acme/models', exampleFiles());
    hub.refuseCreator = true;
    hub.serve();
    const probot = await app();
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    hub.push('acme/models', edit(exampleFiles(), FRAUD_CARD, (t) => replaceOnce(t, 'version: 1.3.0', 'version: 1.3.1')));
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues', 'PATCH /repos/acme/models/issues/1']);
  });

  describe('through the real server', () => {
    let server: AppServer | undefined;
    afterEach(async () => {
      if (server) await stopServer(server);
      server = undefined;
    });

    it('a redelivered push (same delivery id, or the same push again) writes nothing more', async () => {
      const hub = new InventoryHub();
      hub.addRepo('acme/models', exampleFiles());
      hub.serve();
      server = await startServer(testServerConfig(), { appId: APP_ID, today: () => '2026-12-06' }, { Octokit: TestOctokit });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const event = pushEvent(hub, 'acme/models', { id: 'push-delivery-1' });

      const answers = await Promise.all([deliver(url, event), deliver(url, event), deliver(url, event)]);
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      await server.deliveries.idle();
      // GitHub's "Redeliver" gives the same payload a new delivery id: reviewed again, nothing to change.
      expect((await deliver(url, { ...event, id: 'push-delivery-2' })).status).toBe(202);
      await server.deliveries.idle();

      expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
      expect(issuesOf(hub, 'acme/models')).toHaveLength(1);
      expect(hub.unexpected).toEqual([]);
    });
  });
});

describe("the organisation's inventory issue", () => {
  /** acme/models (the examples) and acme/forecasts (one model of its own), and acme/.github opting in. */
  function org(options: { settingsPrivate?: boolean; forecastsPrivate?: boolean } = {}): InventoryHub {
    const hub = new InventoryHub();
    hub.addRepo('acme/.github', { '.github/modelgate.yml': ORG_POLICY, 'README.md': 'org settings\n' }, { private: options.settingsPrivate ?? true });
    hub.addRepo('acme/models', exampleFiles());
    const churn = Object.fromEntries(Object.entries(exampleFiles()).filter(([p]) => p.startsWith('models/churn-clean/')).map(([p, t]) => [p.replace('models/churn-clean/', 'models/demand/'), t]));
    hub.addRepo('acme/forecasts', edit(churn, 'models/demand/MODEL_CARD.md', (t) => t.replace(/^(\s*)model: .*/m, '$1model: demand-forecast').replace('review_by: "2027-06-01"', 'review_by: "2026-10-01"')), { private: options.forecastsPrivate ?? true });
    return hub.serve();
  }

  it('aggregates every repository of the installation, overdue reviews of any of them on top', async () => {
    const hub = org();
    const probot = await app();
    await probot.receive(pushEvent(hub, 'acme/models') as any);
    await probot.receive(pushEvent(hub, 'acme/forecasts') as any);

    expect(hub.writes()).toEqual([
      'POST /repos/acme/models/issues',
      'POST /repos/acme/.github/issues',
      'POST /repos/acme/forecasts/issues',
      'PATCH /repos/acme/.github/issues/2',
    ]);
    const [orgIssue] = issuesOf(hub, 'acme/.github');
    expect(orgIssue).toMatchObject({ number: 2, title: 'Model inventory', labels: ['model-inventory'], author: { login: 'modelgate[bot]' } });
    const lines = orgIssue!.body.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '<!-- modelgate:org-inventory -->',
      '## Model inventory: acme',
      '',
      '> [!WARNING]',
      '> **1 retirement review overdue** on 2026-12-06:',
      '',
      '- **demand\\-forecast** `acme/forecasts` `models/demand` (medium): review by 2026\\-10\\-01, owners acme\\/risk\\-ml',
    ]);
    expect(tableRows(orgIssue!.body)).toEqual([
      '| `acme/models` | card\\-fraud\\-detector<br>`models/fraud-planted` | 1\\.3\\.0 | high | acme\\/fraud\\-ml | 9 errors | 2026\\-12\\-31 |',
      '| `acme/forecasts` | demand\\-forecast<br>`models/demand` | 2\\.4\\.0 | medium | acme\\/risk\\-ml | none | 2026\\-10\\-01 **overdue** |',
      '| `acme/models` | churn\\-classifier<br>`models/churn-clean` | 2\\.4\\.0 | medium | acme\\/risk\\-ml | none | 2027\\-06\\-01 |',
      '| `acme/models` | distilbert\\-imdb\\-sentiment<br>`models/sentiment-hf` | — | unknown | — | 3 errors | — |',
    ]);
    expect(lines).toContain('4 models in 2 repositories; 1 retirement review overdue on 2026-12-06.');
    expect(lines).toContain('No inventory issue (no models, or no push to the default branch since modelgate was installed): `acme/.github`.');
    expect(orgIssue!.body.match(/@[A-Za-z0-9]/g)).toBeNull();
    expect(hub.requests.filter((r) => r.operation === 'InventoryIssues')).toHaveLength(2);
    expect(hub.unexpected).toEqual([]);
  });

  it('counts no repository whose issue someone else edited, and lists no private repository in a public .github', async () => {
    const hub = org({ settingsPrivate: false, forecastsPrivate: false });
    hub.repo('acme/models').private = true;
    const probot = await app();
    await probot.receive(pushEvent(hub, 'acme/forecasts') as any);
    // Someone edits forecasts' issue to hide a model; then a push to another repository rebuilds the org's issue.
    const forecastsIssue = issuesOf(hub, 'acme/forecasts')[0]!;
    forecastsIssue.body = forecastsIssue.body.replace('demand-forecast', 'nothing-to-see');
    forecastsIssue.editor = { login: 'mallory', bot: false };
    hub.addRepo('acme/vision', exampleFiles(), { private: false });
    await probot.receive(pushEvent(hub, 'acme/vision') as any);

    const body = issuesOf(hub, 'acme/.github')[0]!.body;
    expect(body).not.toContain('nothing-to-see');
    expect(body).not.toContain('`acme/models` |');
    expect(body).toContain('- `acme/forecasts`: its inventory issue #');
    expect(body).toContain('was last edited by someone other than modelgate; the next push to its default branch rewrites it');
    expect(body).toContain('- `acme/models`: private; .github is public, so its models are not listed here');
    expect(tableRows(body).map((r) => r.split(' | ')[0])).toEqual(['| `acme/vision`', '| `acme/vision`', '| `acme/vision`']);
  });

  it('is not kept, and says why, when the App is not installed on .github', async () => {
    const hub = org();
    hub.installed = ['acme/models', 'acme/forecasts'];
    await (await app()).receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /installation/repositories');
  });

  it('is not kept without `inventory: {org: true}` in the .github policy', async () => {
    const hub = org();
    hub.push('acme/.github', { '.github/modelgate.yml': 'inventory: {org: "yes"}\n' });
    await (await app()).receive(pushEvent(hub, 'acme/models') as any);
    expect(hub.writes()).toEqual(['POST /repos/acme/models/issues']);
  });
});
