// One approval check for every open pull request with the same head. Check runs belong to a
// commit, not to a pull request, and branch protection reads the latest `modelgate / approval`
// of the commit: a PR that passes (say, into a branch that already has the model change) would
// otherwise overwrite the pending gate of another PR with the same head, which could then merge
// unapproved. So the check published for a head passes only when every open PR with that head
// passes; otherwise it carries the strictest decision (failure > action_required > success) and
// says which PR holds it back.
//
// Each PR's own decision is recorded in the check itself, as a hidden HTML comment that is the
// whole of its `output.text` (only modelgate's App can write its check runs, and nothing taken
// from a PR goes into that field; the summary, which quotes the PR, is never read). A review
// reads the latest record of its head, replaces its own entry, drops PRs no longer open on the
// head, and publishes the combination. A PR that is open on the head but has no recorded
// decision (its review has not run, or failed) counts as not passed, and the caller reviews it. The read-combine-publish must not interleave with another PR's on
// the same head (a lost update could bring back a pass already taken back): the caller
// serializes it per head (`HeadQueue`). A review reads the open PRs in its first round of reads
// and the record in its second (`readHeadState`, review.ts), so it holds the head's queue from
// before those reads until its approval check is written.
//
// Fail closed where the record cannot be had: without the App's own id (the Action, or an App
// started without APP_ID) no record is trusted, since anyone who can write a check run of the
// same name could forge one; then every other open PR on the head counts as not passed ("not
// confirmed"), so a head shared by several open PRs never passes there. A listing of open PRs
// that fails fails the review (the approval check becomes `failure`); one that stops short
// (over 1,000 open PRs) keeps the recorded PRs it did not see, as they might still be open.
import type { CheckConclusion } from '../../core/approval/types.ts';
import type { GitHubClient, RepoRef } from './client.ts';
import { publishCheckRun } from './publish.ts';

export const HEAD_RECORD_MARKER = '<!-- modelgate:shared-head ';

/** PR number -> its own approval decision on the head. */
export type HeadRecord = Record<number, CheckConclusion>;

const CONCLUSIONS: readonly CheckConclusion[] = ['success', 'action_required', 'failure'];
const STRICTNESS: Record<CheckConclusion, number> = { success: 0, action_required: 1, failure: 2 };

/** Runs tasks one after another per key (the App's PerKeyQueue); the key names the head. */
export interface HeadQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export const headKey = (ref: RepoRef, sha: string): string => `${ref.owner}/${ref.repo}@${sha}`.toLowerCase();

/** The record an approval check's `output.text` holds; none (an empty record) when absent or malformed. */
export function readHeadRecord(text: string | undefined): HeadRecord {
  if (!text?.startsWith(HEAD_RECORD_MARKER) || !text.endsWith(' -->')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(HEAD_RECORD_MARKER.length, -' -->'.length));
  } catch {
    return {};
  }
  const pulls = (parsed as { v?: unknown; pulls?: unknown } | null)?.pulls;
  if ((parsed as { v?: unknown }).v !== 1 || typeof pulls !== 'object' || pulls === null) return {};
  const record: HeadRecord = {};
  for (const [key, value] of Object.entries(pulls)) {
    if (/^[1-9]\d{0,9}$/.test(key) && CONCLUSIONS.includes(value as CheckConclusion)) record[Number(key)] = value as CheckConclusion;
  }
  return record;
}

/** The check's `output.text`: numbers and fixed words only, so it cannot close the HTML comment early. */
export function writeHeadRecord(record: HeadRecord): string {
  return `${HEAD_RECORD_MARKER}${JSON.stringify({ v: 1, pulls: record })} -->`;
}

/** Why another PR on the head counts as it does. */
type Standing = 'recorded' | 'unreviewed' | 'unconfirmed';

export interface HeadCheckInput {
  headSha: string;
  /** The pull request being reviewed, and the check it would publish on its own. */
  self: { number: number; conclusion: CheckConclusion; title: string; summary: string };
  /** Open PRs whose head is this commit; `complete` false when GitHub had more open PRs than were scanned. */
  open: { numbers: readonly number[]; complete: boolean };
  /** Decisions recorded on the head's latest approval check; undefined when no record can be trusted (no App id). */
  recorded: HeadRecord | undefined;
}

export interface HeadCheck {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  /** The record of every decision known on the head (see `readHeadRecord`), for `output.text`. */
  text: string;
  /** Open PRs on the head with no recorded decision: each needs a review of its own. */
  unreviewed: number[];
}

const WORDS: Record<CheckConclusion, string> = { success: 'passes', action_required: 'waits for approval', failure: 'fails' };

/**
 * The approval check for a head: the PR's own when no other open PR has that head, else the
 * strictest of them all, saying which PR holds it back. PRs no longer open on the head are
 * dropped from the record, unless the scan of open PRs was incomplete (then they might be open).
 */
export function combineHeadCheck({ headSha, self, open, recorded }: HeadCheckInput): HeadCheck {
  const others = new Set(open.numbers.filter((n) => n !== self.number));
  if (!open.complete && recorded) for (const n of Object.keys(recorded).map(Number)) if (n !== self.number) others.add(n);

  const entries: { number: number; conclusion: CheckConclusion; standing: Standing | 'self' }[] = [{ number: self.number, conclusion: self.conclusion, standing: 'self' }];
  const record: HeadRecord = { [self.number]: self.conclusion };
  for (const number of others) {
    const known = recorded?.[number];
    if (known) record[number] = known;
    // A PR whose decision modelgate cannot read has not passed: it counts as waiting.
    entries.push({ number, conclusion: known ?? 'action_required', standing: known ? 'recorded' : recorded ? 'unreviewed' : 'unconfirmed' });
  }
  const unreviewed = entries.filter((e) => e.standing === 'unreviewed').map((e) => e.number);
  const text = writeHeadRecord(record);
  if (others.size === 0) return { conclusion: self.conclusion, title: self.title, summary: self.summary, text, unreviewed };

  entries.sort((a, b) => STRICTNESS[b.conclusion] - STRICTNESS[a.conclusion] || a.number - b.number);
  const conclusion = entries[0]!.conclusion;
  const word = (e: (typeof entries)[number]) => (e.standing === 'unreviewed' ? 'not reviewed yet' : e.standing === 'unconfirmed' ? 'not confirmed' : WORDS[e.conclusion]);
  const title = entries.map((e) => `#${e.number} ${word(e)}`).join('; ');
  const detail = (e: (typeof entries)[number]) =>
    e.standing === 'self'
      ? ' (this review)'
      : e.standing === 'unreviewed'
        ? ': modelgate has no decision of it on this commit, and reviews it now'
        : e.standing === 'unconfirmed'
          ? ': without its App id, modelgate cannot tell its own record of that decision from a check run anyone else wrote'
          : '';
  const lines = entries.map((e) => `- #${e.number}: ${word(e)}${detail(e)}`);
  const scanned = open.complete ? [] : ['', 'GitHub lists more open pull requests than modelgate scanned; those it did not see count as this check last recorded them.'];
  const summary = [
    `\`${headSha.slice(0, 7)}\` is the head of ${others.size + 1} open pull requests. GitHub keeps one \`modelgate / approval\` per commit, so it passes only when every one of them passes:`,
    '',
    ...lines,
    ...scanned,
    '',
    `**#${self.number}** (this review): ${self.summary}`,
  ].join('\n');
  return { conclusion, title, summary, text, unreviewed };
}

export interface HeadCheckWrite {
  /** The check's name (`modelgate / approval`). */
  name: string;
  number: number;
  headSha: string;
  conclusion: CheckConclusion;
  title: string;
  summary: string;
}

/** Who else heads the commit, and what they decided: what the approval check is combined from. */
export interface HeadState {
  open: { numbers: readonly number[]; complete: boolean };
  /** Undefined when no record can be trusted (no App id). */
  recorded: HeadRecord | undefined;
}

/**
 * Reads who else heads the commit and what they decided: the open PRs (`open`, when the caller
 * has listed them already, e.g. in the first round of a review's reads), then, only when the PR
 * is not alone on its head, the latest approval check its own App wrote there. `appId`: the App's
 * own id; without it no record is trusted (another App or a workflow can write a check of the same
 * name), so any other open PR on the head keeps the check from passing.
 */
export async function readHeadState(
  client: GitHubClient,
  ref: RepoRef,
  check: { name: string; number: number; headSha: string },
  appId: number | undefined,
  open?: HeadState['open'],
): Promise<HeadState> {
  const listed = open ?? (await client.findOpenPullsByHead(ref, check.headSha));
  const alone = listed.complete && listed.numbers.every((n) => n === check.number);
  if (appId === undefined) return { open: listed, recorded: undefined };
  if (alone) return { open: listed, recorded: {} };
  const ours = (await client.listCheckRuns(ref, check.headSha, appId)).filter((r) => r.name === check.name && r.appId === appId);
  const latest = ours.sort((a, b) => b.id - a.id)[0];
  return { open: listed, recorded: latest ? readHeadRecord(latest.text) : {} };
}

/**
 * Publishes the combined check. `state`: what `readHeadState` read, when the caller read it
 * ahead (it must then hold the head's queue from that read to this write); read here otherwise.
 */
export async function publishHeadCheck(client: GitHubClient, ref: RepoRef, check: HeadCheckWrite, appId: number | undefined, state?: HeadState): Promise<HeadCheck> {
  const { open, recorded } = state ?? (await readHeadState(client, ref, check, appId));
  const combined = combineHeadCheck({ headSha: check.headSha, self: { number: check.number, conclusion: check.conclusion, title: check.title, summary: check.summary }, open, recorded });
  await publishCheckRun(client, ref, { name: check.name, headSha: check.headSha, conclusion: combined.conclusion, output: { title: combined.title, summary: combined.summary, text: combined.text }, annotations: [] });
  return combined;
}

/** The PRs other than `number` whose decisions the head's latest approval check records (to review them again when `number` closes). */
export async function othersRecordedOnHead(client: GitHubClient, ref: RepoRef, name: string, headSha: string, number: number, appId: number): Promise<number[]> {
  const ours = (await client.listCheckRuns(ref, headSha, appId)).filter((r) => r.name === name && r.appId === appId);
  const latest = ours.sort((a, b) => b.id - a.id)[0];
  return latest ? Object.keys(readHeadRecord(latest.text)).map(Number).filter((n) => n !== number) : [];
}
