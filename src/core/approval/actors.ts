// Who may act on the gate. Each predicate is a tiny pure check that explains a "no" in words a
// reviewer understands (after policy-bot's Actors / banned-user filtering). Logins and team
// slugs are case-insensitive on GitHub, so every comparison is on lower-cased keys.
import { inertCodeSpan } from '../report/escape.ts';
import type { Eligibility, GateUser, PublicIdentity, PullRequestFacts, UnlinkedCommitIdentity } from './types.ts';

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
  private readonly identities = new Map<string, PublicIdentity>();

  constructor(eligibility: Eligibility) {
    for (const [team, members] of Object.entries(eligibility.teamMembers)) {
      this.teams.set(loginKey(actorName(team)), new Set(members.map(loginKey)));
    }
    for (const login of eligibility.writers ?? []) this.writers.add(loginKey(login));
    for (const [login, permission] of Object.entries(eligibility.permissions ?? {})) {
      if (WRITE_PERMISSIONS.has(permission.toLowerCase())) this.writers.add(loginKey(login));
    }
    for (const [login, identity] of Object.entries(eligibility.identities ?? {})) this.identities.set(loginKey(login), identity);
  }

  /** The public name and e-mail GitHub shows of `login` (empty when not read or hidden). */
  identity(login: string): PublicIdentity {
    return this.identities.get(loginKey(login)) ?? {};
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
  private readonly unlinked: readonly UnlinkedCommitIdentity[];

  constructor(
    private readonly directory: Directory,
    pr: PullRequestFacts,
  ) {
    this.author = loginKey(pr.author);
    this.contributors = new Set(pr.commitAuthors.map(loginKey));
    this.unlinked = pr.unlinkedCommitIdentities ?? [];
  }

  judge(user: GateUser, rules: ActorRules): Verdict {
    return (
      firstRefusal([
        () => notBot(user),
        () => notAuthor(user, this.author, rules.allowAuthor),
        () => notContributor(user, this.author, this.contributors, rules.allowContributors),
        () => notUnlinkedContributor(user, this.author, this.unlinkedMatch(user.login), rules.allowContributors),
        () => qualifies(user, rules.allowed, this.directory),
      ]) ?? OK
    );
  }

  /** The PR author, a linked commit author or committer, or someone an unlinked identity may be. */
  isPossibleAuthor(login: string): boolean {
    const key = loginKey(login);
    return key === this.author || this.contributors.has(key) || this.unlinkedMatch(login) !== undefined;
  }

  /**
   * The first unlinked commit identity `login` may be: its public e-mail equals the identity's
   * e-mail, or its profile name or the login itself equals the identity's name. A name alone
   * decides even when it is short or common ("Alex", "dev"): a false match only waits for
   * someone else's approval, a missed one lets an author approve their own change (fail closed).
   */
  private unlinkedMatch(login: string): UnlinkedCommitIdentity | undefined {
    if (this.unlinked.length === 0) return undefined;
    const { name, email } = this.directory.identity(login);
    const emails = new Set([identityKey(email)].filter(Boolean));
    const names = new Set([identityKey(name), identityKey(login)].filter(Boolean));
    return this.unlinked.find((id) => emails.has(identityKey(id.email)) || names.has(identityKey(id.name)));
  }
}

/** Names and e-mails as Git and profiles write them: spaces around and case do not matter. */
const identityKey = (text: string | undefined): string => (text ?? '').trim().toLowerCase();

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

// Like a linked contributor, and with the same exceptions. The identity is commit metadata
// (untrusted): it is shown only in an inert code span.
function notUnlinkedContributor(user: GateUser, author: string, match: UnlinkedCommitIdentity | undefined, allowContributors: boolean): Verdict {
  if (allowContributors || loginKey(user.login) === author || !match) return OK;
  const shown = [match.name.trim(), match.email.trim() && `<${match.email.trim()}>`].filter(Boolean).join(' ');
  return { ok: false, why: `possible commit author: the unlinked identity ${inertCodeSpan(shown)} of commit ${inertCodeSpan(match.sha.slice(0, 7))}` };
}

function qualifies(user: GateUser, allowed: readonly string[], directory: Directory): Verdict {
  if (allowed.length === 0) {
    return directory.canWrite(user.login) ? OK : { ok: false, why: 'no write access' };
  }
  if (directory.isListed(user.login, allowed)) return OK;
  return { ok: false, why: `not in ${allowed.map((name) => `\`${name}\``).join(', ')}` };
}
