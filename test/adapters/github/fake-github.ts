// A fake GitHub for adapter and App tests: it serves one repository's state (commits as file
// maps, one pull request, its reviews and comments, team members, permissions) through nock
// handlers on https://api.github.com, and records every request it receives (method, path,
// body) so a test can assert the exact requests made and that nothing unexpected was asked.
// Writes change the state (a created comment is listed afterwards), so a second event sees
// what the first one wrote. Anything no route knows is answered 404 and recorded as unexpected.
import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { DEFAULT_TIME, answerGraphql, blobSha, graphqlKind } from './fake-graphql.ts';

export { DEFAULT_TIME, blobSha };

/**
 * The pull request's default `updated_at`: a minute before comments are written by default
 * (DEFAULT_TIME), so the head the App reads was in place before such a comment. modelgate ties a
 * command only to a head observed before the second it was written in (command-state.ts).
 */
export const DEFAULT_PULL_UPDATED = '2024-06-01T11:59:00Z';

export const API = 'https://api.github.com';

export type Files = Record<string, string>;

export interface FakeReview {
  id: number;
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was submitted on. */
  commit: string;
  submittedAt?: string;
  bot?: boolean;
}

export interface FakeComment {
  id: number;
  login: string;
  body: string;
  createdAt?: string;
  edited?: boolean;
  bot?: boolean;
  /** `performed_via_github_app.id`: the App that wrote it. */
  appId?: number;
}

export interface FakeState {
  owner: string;
  repo: string;
  installationId: number;
  /** Our App: comments it creates carry this id and login, and GraphQL calls them the viewer's. */
  appId: number;
  botLogin: string;
  /** commit SHA -> path -> text. */
  commits: Record<string, Files>;
  pull: {
    number: number;
    author: string;
    base: string;
    head: string;
    /** GitHub bumps it on every push and comment; the default is the time of the fake's comments. */
    updatedAt?: string;
    files?: { path: string; status: string }[];
    mergeSha?: string;
    /** `owner/repo` of the head branch when the PR comes from a fork (default: this repository). */
    headRepo?: string;
    /** Default true; a closed PR is not listed by `GET /pulls?state=open`. */
    open?: boolean;
    /** The head GraphQL reports (`headRefOid`) when it differs from `head` (GitHub's API lagging behind a push). */
    graphqlHead?: string;
    /** How many commits GraphQL lists (default all of them; fewer simulates a GitHub that stops listing). */
    commitsListed?: number;
  };
  reviews: FakeReview[];
  comments: FakeComment[];
  /** Logins of the PR's commit authors. */
  commitAuthors: string[];
  /** Commits listed after those of `commitAuthors`, identities as written in them (committer: web-flow unless given). */
  commitIdentities?: FakeCommit[];
  /** login -> GraphQL's `User.name` and public `User.email` (absent: no name, e-mail hidden, i.e. ""). */
  users?: Record<string, { name?: string; email?: string }>;
  /** `org/slug` -> member logins (a team absent here does not exist). */
  teams: Record<string, string[]>;
  /** login -> repository role `ADMIN|MAINTAIN|WRITE|TRIAGE|READ`; absent = not a collaborator (404). */
  permissions: Record<string, string>;
  /** Route kind -> HTTP status to fail with (e.g. `{ tree: 500 }`). */
  fail: Partial<Record<RouteKind, number>>;
  /** GraphQL query kind -> message of an `errors` entry GitHub adds to the (still present) `data`. */
  graphqlErrors?: Partial<Record<GraphqlKind, string>>;
  /**
   * Paths that are symbolic links in every commit holding them: trees list them with mode 120000
   * and their text is the link's target path, which GraphQL serves as the blob's text, as GitHub does.
   */
  symlinks?: string[];
  /**
   * Paths that are git submodules: their text is the submodule's commit, which trees list with
   * mode 160000 and type `commit`; GraphQL finds no object there (the commit is another repository's).
   */
  submodules?: string[];
  /** Paths whose blob GraphQL answers as null although the tree lists them (GitHub hiccup, lost object). */
  nullBlobs?: string[];
  /** Check runs on commits: the App's own (created through the API) and any a test adds (another App's). */
  checkRuns?: FakeCheckRun[];
  /** Other repositories GraphQL can read (`owner/repo` -> files of the default branch), e.g. `acme/.github`. */
  repos?: Record<string, Files>;
  /** Who GitHub lists as requested reviewers (GraphQL `reviewRequests`); `POST requested_reviewers` adds to it. */
  reviewRequests?: { users: string[]; teams: string[] };
  /** More pull requests of the repository (e.g. two with one head), each served under its own number; `pull` and the fields above are PR `pull.number`'s. */
  morePulls?: FakePull[];
}

/** Another pull request of the fake's repository, with its own reviews, comments and commit authors. */
export interface FakePull {
  pull: FakeState['pull'];
  reviews: FakeReview[];
  comments: FakeComment[];
  commitAuthors: string[];
}

/** The state as pull request `number` sees it: the fake's own for `pull.number`, else one of `morePulls` over the shared repository (undefined: no such PR). */
export function stateOfPull(state: FakeState, number: number): FakeState | undefined {
  if (number === state.pull.number) return state;
  const other = state.morePulls?.find((p) => p.pull.number === number);
  return other && { ...state, ...other };
}

/** A commit's author or committer: without `login`, an e-mail GitHub links to no account. */
export interface FakeGitActor {
  login?: string;
  name: string;
  email: string;
}

export interface FakeCommit {
  oid: string;
  author: FakeGitActor;
  committer?: FakeGitActor;
}

export interface FakeCheckRun {
  id: number;
  headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  summary: string;
  /** `output.text` (GitHub answers null when a run has none). */
  text?: string;
  appId: number;
}

export type GraphqlKind = 'context' | 'context-page' | 'blobs' | 'eligibility' | 'team-page' | 'policy' | 'unknown';

export type RouteKind =
  | 'token'
  | 'files'
  | 'tree'
  | 'blob'
  | 'graphql'
  | 'permission'
  | 'pull'
  | 'pulls:list'
  | 'check-runs:create'
  | 'check-runs:update'
  | 'check-runs:list'
  | 'comments:list'
  | 'comments:create'
  | 'comments:update'
  | 'comments:delete'
  | 'requested-reviewers'
  | 'statuses';

export interface Recorded {
  kind: RouteKind | 'unexpected';
  method: string;
  path: string;
  body?: any;
  /** For GraphQL: which of our queries it was (`context`, `blobs`, `eligibility`). */
  query?: string;
}

const PER_PAGE_DEFAULT = 30;

/** The routes every review loads through; `serve()` requires them unless told otherwise. */
export const LOAD_ROUTES: readonly RouteKind[] = ['token', 'files', 'tree', 'graphql'];

/**
 * Registers the hooks every fake-GitHub test file needs: no real network while a test runs
 * (`allow`: hosts that stay reachable, e.g. a local server), and no route left for the next test.
 */
export function useFakeNetwork(allow?: string): void {
  beforeEach(() => {
    nock.disableNetConnect();
    if (allow) nock.enableNetConnect(allow);
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

type Reply = [number, unknown, Record<string, string>?];

export class FakeGitHub {
  readonly requests: Recorded[] = [];
  private nextId = 9000;

  constructor(readonly state: FakeState) {}

  get unexpected(): Recorded[] {
    return this.requests.filter((r) => r.kind === 'unexpected');
  }

  /** Requests of the given kinds (all when none given), as `METHOD path` lines. */
  lines(...kinds: Recorded['kind'][]): string[] {
    return this.requests.filter((r) => kinds.length === 0 || kinds.includes(r.kind)).map((r) => `${r.method} ${r.path}${r.query ? ` (${r.query})` : ''}`);
  }

  bodies(kind: RouteKind): any[] {
    return this.requests.filter((r) => r.kind === kind).map((r) => r.body);
  }

  /** Everything before the first write: what loading one pull request cost (token excluded). */
  loadRequests(): Recorded[] {
    const firstWrite = this.requests.findIndex((r) => r.method !== 'GET' && r.kind !== 'graphql' && r.kind !== 'token');
    return this.requests.slice(0, firstWrite < 0 ? undefined : firstWrite).filter((r) => r.kind !== 'token');
  }

  /**
   * Installs the routes. Routes in `required` must be hit for `nock.isDone()`; the others
   * (writes, mostly) are optional and the recorded list says whether they were used.
   */
  serve(required: readonly RouteKind[] = LOAD_ROUTES): this {
    const { owner, repo, pull } = this.state;
    const r = `/repos/${owner}/${repo}`;
    const routes: [RouteKind, string, RegExp, (m: RegExpExecArray, body: any, query: URLSearchParams, accept: string) => Reply][] = [
      ['token', 'POST', /^\/app\/installations\/(\d+)\/access_tokens$/, () => [201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' }]],
      ['files', 'GET', new RegExp(`^${r}/pulls/(\\d+)/files$`), (m, _b, q) => this.ofPull(m, (s) => this.page(`${r}/pulls/${s.pull.number}/files`, this.changedFiles(s.pull), q))],
      ['tree', 'GET', new RegExp(`^${r}/git/trees/([0-9a-f]+)$`), (m) => this.tree(m[1]!)],
      ['blob', 'GET', new RegExp(`^${r}/git/blobs/([0-9a-f]{40})$`), (m, _b, _q, accept) => this.blob(m[1]!, accept.includes('.raw'))],
      ['graphql', 'POST', /^\/graphql$/, (_m, body) => [200, answerGraphql(this.state, body)]],
      ['permission', 'GET', new RegExp(`^${r}/collaborators/([^/]+)/permission$`), (m) => this.permission(decodeURIComponent(m[1]!))],
      ['pull', 'GET', new RegExp(`^${r}/pulls/(\\d+)$`), (m) => this.ofPull(m, (s) => [200, this.pullObject(s.pull)])],
      ['pulls:list', 'GET', new RegExp(`^${r}/pulls$`), (_m, _b, q) => this.page(`${r}/pulls`, this.allPulls().filter((p) => q.get('state') !== 'open' || p.open !== false).map((p) => this.pullObject(p)), q)],
      ['check-runs:create', 'POST', new RegExp(`^${r}/check-runs$`), (_m, body) => this.createCheckRun(body)],
      ['check-runs:list', 'GET', new RegExp(`^${r}/commits/([0-9a-f]+)/check-runs$`), (m, _b, q) => this.listCheckRuns(m[1]!, q)],
      ['check-runs:update', 'PATCH', new RegExp(`^${r}/check-runs/(\\d+)$`), (m) => [200, { id: Number(m[1]) }]],
      ['comments:list', 'GET', new RegExp(`^${r}/issues/(\\d+)/comments$`), (m, _b, q) => this.ofPull(m, (s) => this.page(`${r}/issues/${s.pull.number}/comments`, s.comments.map(restComment), q))],
      ['comments:create', 'POST', new RegExp(`^${r}/issues/(\\d+)/comments$`), (m, body) => this.ofPull(m, (s) => this.createComment(body.body, s))],
      ['comments:update', 'PATCH', new RegExp(`^${r}/issues/comments/(\\d+)$`), (m, body) => this.updateComment(Number(m[1]), body.body)],
      ['comments:delete', 'DELETE', new RegExp(`^${r}/issues/comments/(\\d+)$`), (m) => this.deleteComment(Number(m[1]))],
      ['requested-reviewers', 'POST', new RegExp(`^${r}/pulls/${pull.number}/requested_reviewers$`), (_m, body) => this.requestReviewers(body)],
      ['statuses', 'POST', new RegExp(`^${r}/statuses/([0-9a-f]+)$`), () => [201, {}]],
    ];
    const scope = nock(API).persist();
    const record = this.requests;
    const state = this.state;
    for (const [kind, method, pattern, handler] of routes) {
      const interceptor = scope.intercept((uri: string) => pattern.test(new URL(uri, API).pathname), method);
      if (!required.includes(kind)) interceptor.optionally();
      interceptor.reply(function (uri, body) {
        const url = new URL(uri, API);
        const parsed = typeof body === 'string' && body !== '' ? JSON.parse(body) : body || undefined;
        const entry: Recorded = { kind, method, path: url.pathname + url.search, ...(parsed !== undefined ? { body: parsed } : {}) };
        if (kind === 'graphql') entry.query = graphqlKind(parsed.query);
        record.push(entry);
        const failure = state.fail[kind];
        if (failure) return [failure, { message: `fake GitHub: ${kind} fails with ${failure}` }];
        return handler(pattern.exec(url.pathname)!, parsed, url.searchParams, String(this.req.headers.accept ?? '')) as any;
      });
    }
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
      scope
        .intercept(() => true, method)
        .optionally()
        .reply(function (uri, body) {
          record.push({ kind: 'unexpected', method, path: uri, ...(body ? { body } : {}) });
          return [404, { message: 'Not Found (fake GitHub has no such route)' }];
        });
    }
    return this;
  }

  /** The PR's changed files as `pulls.listFiles` returns them (given, or the diff of base and head). */
  changedFiles(pull = this.state.pull): { filename: string; status: string }[] {
    const { commits } = this.state;
    if (pull.files) return pull.files.map((f) => ({ filename: f.path, status: f.status }));
    const base = commits[pull.base] ?? {};
    const head = commits[pull.head] ?? {};
    const out: { filename: string; status: string }[] = [];
    for (const path of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
      if (base[path] === undefined) out.push({ filename: path, status: 'added' });
      else if (head[path] === undefined) out.push({ filename: path, status: 'removed' });
      else if (base[path] !== head[path]) out.push({ filename: path, status: 'modified' });
    }
    return out;
  }

  private page<T>(path: string, items: T[], query: URLSearchParams): Reply {
    // GitHub serves at most 100 items a page, whatever per_page asks for.
    const perPage = Math.min(100, Number(query.get('per_page') ?? PER_PAGE_DEFAULT));
    const page = Number(query.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) headers.link = `<${API}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${API}${path}?per_page=${perPage}&page=${last}>; rel="last"`;
    return [200, slice, headers];
  }

  private tree(sha: string): Reply {
    const files = this.state.commits[sha];
    if (!files) return [404, { message: 'Not Found' }];
    const links = new Set(this.state.symlinks ?? []);
    const submodules = new Set(this.state.submodules ?? []);
    const tree = Object.entries(files).map(([path, text]) =>
      submodules.has(path) ? { path, mode: '160000', type: 'commit', sha: text } : { path, mode: links.has(path) ? '120000' : '100644', type: 'blob', sha: blobSha(text), size: Buffer.byteLength(text) },
    );
    return [200, { sha, truncated: false, tree }];
  }

  /** `GET /git/blobs/{sha}` as GitHub answers it, any size up to 100 MB: raw bytes for the raw media type, else base64 in JSON. */
  private blob(sha: string, raw: boolean): Reply {
    for (const files of Object.values(this.state.commits)) {
      for (const text of Object.values(files)) {
        if (blobSha(text) !== sha) continue;
        if (raw) return [200, Buffer.from(text), { 'content-type': 'application/vnd.github.raw' }];
        return [200, { sha, size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') }];
      }
    }
    return [404, { message: 'Not Found' }];
  }

  /**
   * `GET /repos/{owner}/{repo}/collaborators/{username}/permission` as GitHub answers it:
   * `permission` is the legacy level (maintain reads as write, triage as read), `role_name`
   * the role itself; someone who is not a collaborator gets a 404.
   */
  private permission(login: string): Reply {
    const role = this.state.permissions[login]?.toLowerCase();
    if (!role) return [404, { message: 'Not Found' }];
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return [200, { permission, role_name: role, user: { login, type: 'User' } }];
  }

  /** Every pull request of the fake, open or not. */
  private allPulls(): FakeState['pull'][] {
    return [this.state.pull, ...(this.state.morePulls ?? []).map((p) => p.pull)];
  }

  /** Answers for the pull request numbered by the route's first group, 404 when the fake has none. */
  private ofPull(m: RegExpExecArray, answer: (state: FakeState) => Reply): Reply {
    const state = stateOfPull(this.state, Number(m[1]));
    return state ? answer(state) : [404, { message: 'Not Found' }];
  }

  private pullObject(pull = this.state.pull): unknown {
    const { owner, repo } = this.state;
    return {
      number: pull.number,
      state: 'open',
      user: { login: pull.author, type: 'User' },
      head: { sha: pull.head, ref: 'feature', repo: { full_name: pull.headRepo ?? `${owner}/${repo}` } },
      base: { sha: pull.base, ref: 'main', repo: { full_name: `${owner}/${repo}` } },
      draft: false,
      merged: false,
      updated_at: pull.updatedAt ?? DEFAULT_PULL_UPDATED,
      changed_files: this.changedFiles(pull).length,
    };
  }

  private createCheckRun(body: any): Reply {
    const run: FakeCheckRun = { id: this.nextId++, headSha: body.head_sha, name: body.name, status: body.status, conclusion: body.conclusion ?? null, summary: body.output?.summary ?? '', ...(body.output?.text ? { text: body.output.text } : {}), appId: this.state.appId };
    (this.state.checkRuns ??= []).push(run);
    return [201, { id: run.id }];
  }

  /** `GET /commits/{sha}/check-runs?filter=latest&app_id=`: the newest run of each name. */
  private listCheckRuns(sha: string, query: URLSearchParams): Reply {
    const app = query.get('app_id');
    const runs = (this.state.checkRuns ?? []).filter((c) => c.headSha === sha && (app === null || String(c.appId) === app));
    const latest = [...new Map(runs.map((c) => [c.name, c])).values()].sort((a, b) => b.id - a.id);
    const rows = latest.map((c) => ({ id: c.id, name: c.name, head_sha: c.headSha, status: c.status, conclusion: c.conclusion, output: { title: '', summary: c.summary, text: c.text ?? null }, app: { id: c.appId, slug: c.appId === this.state.appId ? 'modelgate' : 'other' } }));
    return [200, { total_count: rows.length, check_runs: rows }];
  }

  /** GitHub lists whoever was asked (once, whatever the case) until they review. */
  private requestReviewers(body: any): Reply {
    const requested = (this.state.reviewRequests ??= { users: [], teams: [] });
    const add = (list: string[], names: unknown) => {
      for (const name of Array.isArray(names) ? (names as string[]) : []) if (!list.some((n) => n.toLowerCase() === name.toLowerCase())) list.push(name);
    };
    add(requested.users, body?.reviewers);
    add(requested.teams, body?.team_reviewers);
    return [201, this.pullObject()];
  }

  private createComment(body: string, on: FakeState = this.state): Reply {
    const comment: FakeComment = { id: this.nextId++, login: this.state.botLogin, bot: true, appId: this.state.appId, body, createdAt: DEFAULT_TIME };
    on.comments.push(comment);
    return [201, restComment(comment)];
  }

  private updateComment(id: number, body: string): Reply {
    const comment = [...this.state.comments, ...(this.state.morePulls ?? []).flatMap((p) => p.comments)].find((c) => c.id === id);
    if (!comment) return [404, { message: 'Not Found' }];
    comment.body = body;
    return [200, restComment(comment)];
  }

  private deleteComment(id: number): Reply {
    this.state.comments = this.state.comments.filter((c) => c.id !== id);
    for (const other of this.state.morePulls ?? []) other.comments = other.comments.filter((c) => c.id !== id);
    return [204, ''];
  }
}

export function restComment(c: FakeComment): unknown {
  return {
    id: c.id,
    body: c.body,
    user: { login: c.login, type: c.bot ? 'Bot' : 'User' },
    created_at: c.createdAt ?? DEFAULT_TIME,
    performed_via_github_app: c.appId !== undefined ? { id: c.appId, slug: 'modelgate' } : null,
  };
}
