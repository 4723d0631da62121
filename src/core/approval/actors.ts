// Who may act on the gate. Each predicate is a tiny pure check that explains a "no" in words a
// reviewer understands (after policy-bot's Actors / banned-user filtering). Logins and team
// slugs are case-insensitive on GitHub, so every comparison is on lower-cased keys.
import type { Eligibility, GateUser, PullRequestFacts } from './types.ts';

export type Verdict = { ok: true } | { ok: false; why: string };

const OK: Verdict = { ok: true };
const WRITE_PERMISSIONS = new Set(['admin', 'maintain', 'write']);

export const loginKey = (login: string): string => login.toLowerCase();

/** `@acme/model-risk` -> `acme/model-risk`, `@alice` -> `alice`: the form shown to people. */
export const actorName = (spec: string): string => spec.trim().replace(/^@/, '');

export const isTeam = (name: string): boolean => name.includes('/');

/** A GitHub App's login (`name[bot]`): all a policy's reviewer list shows of a bot. */
export const isBotLogin = (login: string): boolean => /\[bot\]$/i.test(login);

/** GitHub Apps act as `type: Bot` and `name[bot]`; either marks a bot, whatever the other says. */
export function isBot(user: GateUser): boolean {
  return user.type.toLowerCase() === 'bot' || isBotLogin(user.login);
}

/** Membership facts, indexed once per decision. */
export class Directory {
  private readonly teams = new Map<string, Set<string>>();
  private readonly writers = new Set<string>();

  constructor(eligibility: Eligibility) {
    for (const [team, members] of Object.entries(eligibility.teamMembers)) {
      this.teams.set(loginKey(actorName(team)), new Set(members.map(loginKey)));
    }
    for (const login of eligibility.writers ?? []) this.writers.add(loginKey(login));
    for (const [login, permission] of Object.entries(eligibility.permissions ?? {})) {
      if (WRITE_PERMISSIONS.has(permission.toLowerCase())) this.writers.add(loginKey(login));
    }
  }

  /** Teams named in `names` whose members the adapter did not provide. */
  unknownTeams(names: readonly string[]): string[] {
    return names.filter((name) => isTeam(name) && !this.teams.has(loginKey(name)));
  }

  isListed(login: string, names: readonly string[]): boolean {
    const key = loginKey(login);
    return names.some((name) => (isTeam(name) ? this.teams.get(loginKey(name))?.has(key) === true : loginKey(name) === key));
  }

  canWrite(login: string): boolean {
    return this.writers.has(loginKey(login));
  }
}

/** Who may act, and why not. The same exclusions apply to approving, acknowledging and waiving. */
export interface ActorRules {
  /** Names (no `@`) that qualify; empty = anyone with write access. */
  allowed: readonly string[];
  allowAuthor: boolean;
  allowContributors: boolean;
}

export class ActorJudge {
  private readonly author: string;
  private readonly contributors: Set<string>;

  constructor(
    private readonly directory: Directory,
    pr: PullRequestFacts,
  ) {
    this.author = loginKey(pr.author);
    this.contributors = new Set(pr.commitAuthors.map(loginKey));
  }

  judge(user: GateUser, rules: ActorRules): Verdict {
    return (
      firstRefusal([
        () => notBot(user),
        () => notAuthor(user, this.author, rules.allowAuthor),
        () => notContributor(user, this.author, this.contributors, rules.allowContributors),
        () => qualifies(user, rules.allowed, this.directory),
      ]) ?? OK
    );
  }
}

function firstRefusal(checks: (() => Verdict)[]): Verdict | undefined {
  for (const check of checks) {
    const verdict = check();
    if (!verdict.ok) return verdict;
  }
  return undefined;
}

function notBot(user: GateUser): Verdict {
  return isBot(user) ? { ok: false, why: 'bot' } : OK;
}

function notAuthor(user: GateUser, author: string, allowAuthor: boolean): Verdict {
  return !allowAuthor && loginKey(user.login) === author ? { ok: false, why: 'pull request author' } : OK;
}

// The PR author is judged by `allowAuthor` only (unlike policy-bot, where allowing contributors
// also allows the author): two switches, two meanings, and the stricter reading of each.
function notContributor(user: GateUser, author: string, contributors: Set<string>, allowContributors: boolean): Verdict {
  const key = loginKey(user.login);
  if (allowContributors || key === author || !contributors.has(key)) return OK;
  return { ok: false, why: 'commit author in this pull request' };
}

function qualifies(user: GateUser, allowed: readonly string[], directory: Directory): Verdict {
  if (allowed.length === 0) {
    return directory.canWrite(user.login) ? OK : { ok: false, why: 'no write access' };
  }
  if (directory.isListed(user.login, allowed)) return OK;
  return { ok: false, why: `not in ${allowed.map((name) => `\`${name}\``).join(', ')}` };
}
