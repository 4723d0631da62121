// Where a policy lives, in one definition for the CLI and the App: the file names a repository
// may use, and the repository an `_extends` value names. `_extends` takes the forms Probot's
// config plugin (and so probot/settings, policy-bot's users) accept:
//   .github                      the same owner's `.github` repository
//   repo                         another repository of the same owner
//   owner/repo                   any repository the App can read
//   owner/repo:path/file.yml     a file other than `.github/modelgate.yml` in it
// An extended repository is read on its default branch.

/** The policy's file names, in the order they are looked for. */
export const POLICY_PATHS = ['.github/modelgate.yml', '.github/modelgate.yaml'] as const;

export const DEFAULT_POLICY_PATH = POLICY_PATHS[0];

/** An owner's organisation-wide settings repository (Probot's convention). */
export const ORG_SETTINGS_REPO = '.github';

/** Probot's `_extends` grammar: `[owner/]repo[:path.yml]`. */
export const EXTENDS_PATTERN = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.a-z\d]+)(?::([-_./a-z\d]+\.ya?ml))?$/i;

export interface RepoName {
  owner: string;
  repo: string;
}

export interface PolicyTarget extends RepoName {
  /** A file other than the usual policy paths; absent = look for POLICY_PATHS. */
  path?: string;
}

/**
 * The one policy file among the candidates found. Both names present is refused rather than
 * guessed: a team that edits one and leaves the other would otherwise get the policy it did not write.
 */
export function choosePolicyFile<T extends { path: string }>(found: readonly T[], where: string): { file?: T; error?: string } {
  if (found.length <= 1) return found.length === 1 ? { file: found[0]! } : {};
  return { error: `both ${found.map((f) => f.path).join(' and ')} exist ${where}; modelgate will not guess which one is the policy: keep one` };
}

/** What an `_extends` value names, seen from the repository `home` its file is in; undefined when it is not one of the forms. */
export function extendsTarget(value: string, home?: RepoName): PolicyTarget | undefined {
  const match = EXTENDS_PATTERN.exec(value);
  if (!match) return undefined;
  const [, owner, repo, path] = match;
  if (path !== undefined && path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return undefined;
  const resolvedOwner = owner ?? home?.owner;
  if (resolvedOwner === undefined) return undefined;
  return { owner: resolvedOwner, repo: repo!, ...(path !== undefined && !(POLICY_PATHS as readonly string[]).includes(path) ? { path } : {}) };
}

/** One name for one document, whichever way `_extends` spelt it: `owner/repo` or `owner/repo:path`. */
export function targetKey(target: PolicyTarget): string {
  return `${target.owner}/${target.repo}${target.path ? `:${target.path}` : ''}`;
}

/**
 * The key of the document an `_extends` value names (the key of `extended` in loadPolicy). A
 * relative value whose owner is unknown (a local run outside a GitHub checkout) keeps its spelling.
 */
export function extendsKey(value: string, home?: RepoName): string {
  const target = extendsTarget(value, home);
  return target ? targetKey(target) : value;
}

/** The repository a key names (the `home` of `_extends` values inside that document). */
export function keyTarget(key: string): PolicyTarget | undefined {
  const [full = '', path] = key.split(':');
  const [owner, repo, ...rest] = full.split('/');
  if (!owner || !repo || rest.length > 0) return undefined;
  return { owner, repo, ...(path ? { path } : {}) };
}

/** `acme/.github:.github/modelgate.yml`: where a keyed document is, for messages. */
export function describeKey(key: string): string {
  const target = keyTarget(key);
  return target ? `${target.owner}/${target.repo}:${target.path ?? DEFAULT_POLICY_PATH}` : key;
}
