// Turns "whom the gate wants to ask" (core `reviewersToRequest`: users and `org/team` names)
// into the body GitHub's "request reviewers" endpoint accepts. Pure, so the rules are tested
// without HTTP:
// - GitHub takes team *slugs* and only teams of the repository's own organisation; a team of
//   another organisation cannot be requested (it still appears in the comment as who can approve);
// - whoever is already requested is left out, so a push does not re-notify the same people;
// - so is whoever already reviewed (see `alreadyAsked`): GitHub drops a request once it is answered.

export interface ReviewRequest {
  users: string[];
  /** Team slugs of the repository owner's organisation. */
  teams: string[];
}

const key = (s: string) => s.toLowerCase();

export function reviewRequestFor(
  wanted: { users: readonly string[]; teams: readonly string[] },
  owner: string,
  alreadyRequested: { users: readonly string[]; teams: readonly string[] } = { users: [], teams: [] },
): ReviewRequest | undefined {
  const requestedUsers = new Set(alreadyRequested.users.map(key));
  const requestedTeams = new Set(alreadyRequested.teams.map(key));
  const users = [...new Set(wanted.users.map((u) => u.replace(/^@/, '')))].filter((u) => u !== '' && !requestedUsers.has(key(u)));
  const teams: string[] = [];
  for (const name of wanted.teams) {
    const [org, slug, ...rest] = name.replace(/^@/, '').split('/');
    if (!org || !slug || rest.length > 0 || key(org) !== key(owner)) continue;
    if (!requestedTeams.has(key(slug)) && !teams.some((t) => key(t) === key(slug))) teams.push(slug);
  }
  return users.length + teams.length > 0 ? { users, teams } : undefined;
}

/** Reviews GitHub still shows beside their author (a dismissed one no longer does, a pending one not yet). */
const STANDING = new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED']);

/**
 * Who is not asked again: whom GitHub lists as requested now, and whoever has a review on the
 * pull request that still stands (GitHub lists them as reviewers; their request was dropped when
 * they answered it). `askAgain`, approvers whose approval the gate judged stale, are the
 * exception: the gate needs them again, so they are asked once more (then they are listed as
 * requested until they review).
 */
export function alreadyAsked(
  requested: { users: readonly string[]; teams: readonly string[] },
  reviews: readonly { user: { login: string } | null; state: string }[],
  askAgain: readonly string[] = [],
): { users: string[]; teams: string[] } {
  const again = new Set(askAgain.map(key));
  const reviewed = reviews.filter((r) => r.user && STANDING.has(r.state) && !again.has(key(r.user.login))).map((r) => r.user!.login);
  return { users: [...requested.users, ...reviewed], teams: [...requested.teams] };
}
