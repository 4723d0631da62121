// A fake GitHub of several repositories for the inventory issue tests: each repository is a chain
// of commits (file maps) with its issues; the App's installation sees a list of them. Served by
// nock on https://api.github.com like fake-github.ts (which holds one repository and one pull
// request): trees, GraphQL (every document first checked as GitHub checks it, then executed
// against GitHub's real schema), the issues REST API (list with `labels`/`creator`/`state`,
// create, update), the installation's repositories, the App itself and its tokens. Every
// request is recorded; a route it does not know is answered 404 and recorded as unexpected.
import { graphqlSync } from 'graphql';
import nock from 'nock';
import { githubRefuses, githubSchema } from '../../helpers/github-graphql.ts';
import { API, blobSha, type Files } from '../github/fake-github.ts';
import { APP_ID, INSTALLATION_ID } from '../github/repo-fixture.ts';

export const APP_SLUG = 'modelgate';

export interface HubIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  /** Who opened it: our App's bot (appId set), or a person. */
  author: { login: string; bot: boolean; appId?: number };
  /** Who last edited the body (null: nobody since it was opened). */
  editor: { login: string; bot: boolean } | null;
}

export interface HubRepo {
  owner: string;
  name: string;
  private: boolean;
  /** Commits, oldest first, each the full file map (the default branch's history). */
  commits: { sha: string; files: Files; date: string; author: string }[];
  issues: HubIssue[];
}

export interface HubRequest {
  method: string;
  path: string;
  body: any;
  /** The operation name of a GraphQL document. */
  operation?: string;
  unexpected?: true;
}

export class InventoryHub {
  readonly repos = new Map<string, HubRepo>();
  readonly requests: HubRequest[] = [];
  /** Repositories the installation may see (owner/name), in GitHub's order; default every repository. */
  installed?: string[];
  /** Answer 422 to `creator=` (as GitHub may for a bot's login). */
  refuseCreator = false;
  /** Whose token writes: our App's bot (default), or a workflow's `github-actions[bot]` (no App id of ours). */
  writer: { login: string; appId?: number } = { login: `${APP_SLUG}[bot]`, appId: APP_ID };
  private nextIssue = 1;

  addRepo(full: string, files: Files, options: { private?: boolean; sha?: string } = {}): HubRepo {
    const [owner, name] = full.split('/') as [string, string];
    const repo: HubRepo = { owner, name, private: options.private ?? true, commits: [], issues: [] };
    this.repos.set(full.toLowerCase(), repo);
    this.push(full, files, 'alice', options.sha);
    return repo;
  }

  /** A new commit on the default branch (`sha`: a real checkout's); returns its SHA. */
  push(full: string, files: Files, author = 'alice', sha = blobSha(`${full} commit ${this.repo(full).commits.length} ${JSON.stringify(files)}`)): string {
    const repo = this.repo(full);
    repo.commits.push({ sha, files: structuredClone(files), date: `2026-11-${String(10 + repo.commits.length).padStart(2, '0')}T09:00:00Z`, author });
    return sha;
  }

  repo(full: string): HubRepo {
    const repo = this.repos.get(full.toLowerCase());
    if (!repo) throw new Error(`no repository ${full} in the hub`);
    return repo;
  }

  head(full: string): string {
    return this.repo(full).commits.at(-1)!.sha;
  }

  /** A person's copy or edit, as someone with triage access could make. */
  addIssue(full: string, issue: Omit<HubIssue, 'number'>): HubIssue {
    const created = { ...issue, number: this.nextIssue++ };
    this.repo(full).issues.push(created);
    return created;
  }

  get unexpected(): HubRequest[] {
    return this.requests.filter((r) => r.unexpected);
  }

  /** `METHOD path` of the writes, in order. */
  writes(): string[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql' && !r.path.endsWith('/access_tokens')).map((r) => `${r.method} ${r.path}`);
  }

  serve(): this {
    const scope = nock(API).persist();
    scope
      .intercept(() => true, 'GET')
      .reply((uri) => this.answer('GET', uri, undefined))
      .intercept(() => true, 'POST')
      .reply((uri, body) => this.answer('POST', uri, body))
      .intercept(() => true, 'PATCH')
      .reply((uri, body) => this.answer('PATCH', uri, body));
    return this;
  }

  private answer(method: string, uri: string, rawBody: unknown): [number, unknown] {
    const url = new URL(uri, API);
    const path = decodeURIComponent(url.pathname);
    const body = typeof rawBody === 'string' ? (rawBody ? JSON.parse(rawBody) : undefined) : rawBody;
    const entry: HubRequest = { method, path, body };
    this.requests.push(entry);
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === `/app/installations/${INSTALLATION_ID}/access_tokens`) return [201, { token: 'ghs_inventory', expires_at: '2099-01-01T00:00:00Z', permissions: {} }];
    if (method === 'GET' && path === '/app') return [200, { id: APP_ID, slug: APP_SLUG, name: 'modelgate' }];
    if (method === 'GET' && path === '/installation/repositories') {
      const names = this.installed ?? [...this.repos.values()].map((r) => `${r.owner}/${r.name}`);
      const repositories = names.map((full) => this.repo(full)).map((r) => ({ name: r.name, full_name: `${r.owner}/${r.name}`, owner: { login: r.owner }, private: r.private, archived: false }));
      return [200, { total_count: repositories.length, repositories }];
    }
    if (method === 'POST' && path === '/graphql') {
      entry.operation = /^\s*query\s+(\w+)/.exec(body.query)?.[1];
      return [200, this.graphql(body)];
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([0-9a-f]{40})$/.exec(path))) {
      const commit = this.repo(`${m[1]}/${m[2]}`).commits.find((c) => c.sha === m![3]);
      if (!commit) return [404, { message: 'Not Found' }];
      const tree = Object.entries(commit.files).map(([p, text]) => ({ path: p, mode: '100644', type: 'blob', sha: blobSha(text), size: Buffer.byteLength(text) }));
      return [200, { sha: m[3], tree, truncated: false }];
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
      const repo = this.repo(`${m[1]}/${m[2]}`);
      return [200, { name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: { login: repo.owner }, private: repo.private, default_branch: 'main' }];
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/heads\/(.+)$/.exec(path))) {
      const repo = this.repo(`${m[1]}/${m[2]}`);
      if (m[3] !== 'main') return [404, { message: 'Not Found' }];
      return [200, { ref: 'refs/heads/main', object: { type: 'commit', sha: repo.commits.at(-1)!.sha } }];
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(path))) {
      const repo = this.repo(`${m[1]}/${m[2]}`);
      if (method === 'GET') {
        // One page is enough here; GitHub's default state is open.
        const state = q.get('state') ?? 'open';
        const labels = q.get('labels')?.split(',');
        const creator = q.get('creator');
        if (creator !== null && this.refuseCreator) return [422, { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'creator', code: 'invalid' }] }];
        const listed = repo.issues
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => !labels || labels.every((l) => i.labels.includes(l)))
          .filter((i) => !creator || creator.toLowerCase() === i.author.login.toLowerCase())
          .sort((a, b) => b.number - a.number);
        return [200, listed.map((i) => restIssue(i))];
      }
      if (method === 'POST') {
        const issue = this.addIssue(`${repo.owner}/${repo.name}`, {
          title: body.title,
          body: body.body,
          labels: body.labels ?? [],
          state: 'open',
          author: { login: this.writer.login, bot: true, ...(this.writer.appId !== undefined ? { appId: this.writer.appId } : {}) },
          editor: null,
        });
        return [201, restIssue(issue)];
      }
    }
    if (method === 'PATCH' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path))) {
      const issue = this.repo(`${m[1]}/${m[2]}`).issues.find((i) => i.number === Number(m![3]));
      if (!issue) return [404, { message: 'Not Found' }];
      if (body.body !== undefined) {
        issue.body = body.body;
        issue.editor = { login: this.writer.login, bot: true };
      }
      if (body.state) issue.state = body.state;
      return [200, restIssue(issue)];
    }
    entry.unexpected = true;
    return [404, { message: 'Not Found (inventory hub has no such route)' }];
  }

  private graphql(body: { query: string; variables?: Record<string, unknown> }) {
    const refused = githubRefuses(body.query, body.variables ?? {});
    if (refused.length > 0) return { errors: refused };
    const result = graphqlSync({ schema: githubSchema(), source: body.query, rootValue: this.rootValue(), variableValues: body.variables ?? {} });
    const errors = (result.errors ?? []).map((e) => {
      const type = (e.originalError as { type?: string } | undefined)?.type;
      return { message: e.message, ...(type ? { type } : {}) };
    });
    return { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) };
  }

  private rootValue() {
    return {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
        if (!repo) throw Object.assign(new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`), { type: 'NOT_FOUND' });
        const commitOf = (rev: string) => (rev === 'HEAD' || rev === 'main' ? repo.commits.at(-1) : repo.commits.find((c) => c.sha === rev));
        return {
          nameWithOwner: `${repo.owner}/${repo.name}`,
          isPrivate: repo.private,
          defaultBranchRef: { target: { __typename: 'Commit', oid: repo.commits.at(-1)!.sha } },
          object: ({ expression, oid }: { expression?: string; oid?: string }) => {
            if (oid !== undefined) {
              const index = repo.commits.findIndex((c) => c.sha === oid);
              return index < 0 ? null : { __typename: 'Commit', oid, history: (args: { path?: string; first: number }) => ({ nodes: history(repo, index, args.path).slice(0, args.first) }) };
            }
            const colon = expression!.indexOf(':');
            const files = commitOf(expression!.slice(0, colon))?.files;
            const text = files?.[expression!.slice(colon + 1)];
            return text === undefined ? null : { __typename: 'Blob', oid: blobSha(text), byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
          },
          issues: (args: { first: number; labels?: string[] }) => ({
            nodes: repo.issues
              .filter((i) => !args.labels || args.labels.every((l) => i.labels.includes(l)))
              .sort((a, b) => a.number - b.number)
              .slice(0, args.first)
              .map((i) => ({
                number: i.number,
                body: i.body,
                // The installation token's viewer is our bot: it authored what our App opened.
                viewerDidAuthor: i.author.appId === APP_ID,
                // GraphQL names a bot without REST's `[bot]`.
                editor: i.editor ? { __typename: i.editor.bot ? 'Bot' : 'User', login: i.editor.login.replace(/\[bot\]$/, '') } : null,
              })),
          }),
        };
      },
    };
  }
}

/** The commits (newest first) that changed anything under `path`, from commit `index` back. */
function history(repo: HubRepo, index: number, path?: string) {
  const under = (files: Files) => JSON.stringify(Object.entries(files).filter(([p]) => !path || p === path || p.startsWith(`${path}/`)).sort());
  const nodes = [];
  for (let i = index; i >= 0; i--) {
    const commit = repo.commits[i]!;
    const before = i > 0 ? under(repo.commits[i - 1]!.files) : '[]';
    if (under(commit.files) !== before) nodes.push({ oid: commit.sha, committedDate: commit.date, author: { name: commit.author } });
  }
  return nodes;
}

function restIssue(i: HubIssue) {
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    user: { login: i.author.login, type: i.author.bot ? 'Bot' : 'User' },
    performed_via_github_app: i.author.appId !== undefined ? { id: i.author.appId, slug: APP_SLUG } : null,
  };
}
